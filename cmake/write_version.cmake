# Writes the version source (sim/version.cpp.in -> OUTPUT) with the git revision of SOURCE_DIR.
# Run at every build by the salesim_version_info target; configure_file leaves OUTPUT untouched
# when nothing changed, so the binaries relink only after a new commit or a change of the tree.
#   cmake -DSOURCE_DIR=... -DINPUT=... -DOUTPUT=... -DVERSION=... -DBUILD_TYPE=... -P write_version.cmake
set(SALESIM_GIT_REVISION "unknown (not built from a git checkout)")
find_package(Git QUIET)
if(GIT_FOUND)
  execute_process(COMMAND ${GIT_EXECUTABLE} -C ${SOURCE_DIR} rev-parse --short=12 HEAD
    OUTPUT_VARIABLE revision OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE rc)
  if(rc EQUAL 0 AND revision)
    # Tracked files edited since that commit (untracked ones do not count).
    execute_process(COMMAND ${GIT_EXECUTABLE} -C ${SOURCE_DIR} status --porcelain --untracked-files=no
      OUTPUT_VARIABLE changes OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    set(SALESIM_GIT_REVISION "${revision}")
    if(changes)
      string(APPEND SALESIM_GIT_REVISION " (with uncommitted changes)")
    endif()
  endif()
endif()
set(SALESIM_VERSION "${VERSION}")
set(SALESIM_BUILD_TYPE "${BUILD_TYPE}")
if(NOT SALESIM_BUILD_TYPE)
  set(SALESIM_BUILD_TYPE "none")
endif()
configure_file(${INPUT} ${OUTPUT} @ONLY)
