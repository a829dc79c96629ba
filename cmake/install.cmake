# `cmake --install build [--prefix DIR]`: what goes where (GNUInstallDirs; prefix /usr/local by
# default, /usr in the Debian package). The binaries find the scenarios relative to themselves
# (sim/scenario/search.h), so an installed tree works from any prefix and can be moved.
#
#   bin/salesim, bin/salesim-viz
#   share/salesim/scenarios/                 everything under scenarios/ (shipped, workshop/, ...)
#   share/salesim/proto/salesim/v1/*.proto   protoc --decode -I <prefix>/share/salesim/proto ...
#   share/salesim/translations/*.qm          the viewer's translations, when there are any
#   share/doc/salesim/                       README.md and docs/ (model, benchmarks, reference)
#   share/man/man1/salesim.1.gz, salesim-viz.1.gz   from the --help texts (help2man)
#   share/bash-completion/completions/salesim, salesim-viz
#
# Components: `cli` (salesim and its data: the Debian package salesim) and `viz` (salesim-viz).
set(SALESIM_INSTALL_DATADIR ${CMAKE_INSTALL_DATADIR}/salesim)
set(SALESIM_COMPLETIONS_DIR ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)

if(TARGET salesim)
  install(TARGETS salesim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT cli)
  install(FILES packaging/completion/salesim.bash DESTINATION ${SALESIM_COMPLETIONS_DIR}
          RENAME salesim COMPONENT cli)
endif()
if(TARGET salesim-viz)
  install(TARGETS salesim-viz RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT viz)
  install(FILES packaging/completion/salesim-viz.bash DESTINATION ${SALESIM_COMPLETIONS_DIR}
          RENAME salesim-viz COMPONENT viz)
  # The viewer's Qt translations, viz/translations/*.qm (none exist yet; .qm files generated at
  # build time, e.g. by qt_add_translations, need their own install rule to the same folder).
  file(GLOB viz_translations CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/viz/translations/*.qm)
  if(viz_translations)
    install(FILES ${viz_translations} DESTINATION ${SALESIM_INSTALL_DATADIR}/translations COMPONENT viz)
  endif()
endif()

install(DIRECTORY scenarios/ DESTINATION ${SALESIM_INSTALL_DATADIR}/scenarios COMPONENT cli)
install(DIRECTORY sim/proto/salesim DESTINATION ${SALESIM_INSTALL_DATADIR}/proto COMPONENT cli
        FILES_MATCHING PATTERN "*.proto")
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT cli)
install(DIRECTORY docs DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT cli)

# Man pages, generated at build time from the --help texts by help2man (packaging/man/).
find_program(SALESIM_HELP2MAN help2man)
find_package(Python3 COMPONENTS Interpreter QUIET)
option(SALESIM_MAN_PAGES "Generate and install the man pages (needs help2man and python3)" ON)
set(SALESIM_HAVE_MAN_PAGES OFF)
if(SALESIM_MAN_PAGES AND NOT SALESIM_HELP2MAN)
  message(STATUS "salesim: man pages off (help2man not found; apt-get install help2man)")
elseif(SALESIM_MAN_PAGES AND NOT Python3_Interpreter_FOUND)
  message(STATUS "salesim: man pages off (python3 not found)")
elseif(SALESIM_MAN_PAGES)
  set(SALESIM_HAVE_MAN_PAGES ON)
  # The pages carry the date of the last commit (help2man reads SOURCE_DATE_EPOCH), not today's.
  find_package(Git QUIET)
  set(man_epoch "")
  if(GIT_FOUND)
    execute_process(COMMAND ${GIT_EXECUTABLE} -C ${PROJECT_SOURCE_DIR} log -1 --format=%ct
      OUTPUT_VARIABLE man_epoch OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  endif()
  set(man_env "")
  if(man_epoch)
    set(man_env ${CMAKE_COMMAND} -E env SOURCE_DATE_EPOCH=${man_epoch})
  endif()
  set(man_pages "")
  # salesim_man(TARGET NAME_LINE COMPONENT [SUBCOMMANDS])
  function(salesim_man target name_line component)
    set(page ${CMAKE_BINARY_DIR}/man/${target}.1.gz)
    set(extra "")
    if("SUBCOMMANDS" IN_LIST ARGN)
      set(extra --subcommands)
    endif()
    add_custom_command(OUTPUT ${page}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/man
      COMMAND ${man_env} ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/packaging/man/make_man.py
              --help2man ${SALESIM_HELP2MAN} --program $<TARGET_FILE:${target}> --name ${name_line}
              --version ${PROJECT_VERSION} --include ${PROJECT_SOURCE_DIR}/packaging/man/${target}.h2m
              ${extra} --out ${page}
      DEPENDS ${target} ${PROJECT_SOURCE_DIR}/packaging/man/make_man.py ${PROJECT_SOURCE_DIR}/packaging/man/${target}.h2m
      COMMENT "Man page ${target}(1) from ${target} --help"
      VERBATIM)
    install(FILES ${page} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT ${component})
    set(man_pages ${man_pages} ${page} PARENT_SCOPE)
  endfunction()
  if(TARGET salesim)
    salesim_man(salesim "simulate key-account sales teams: replications, comparisons, sweeps" cli SUBCOMMANDS)
  endif()
  if(TARGET salesim-viz)
    # --help needs no display (the viewer prints it before starting Qt).
    salesim_man(salesim-viz "view and render salesim results as charts, with a what-if panel" viz)
  endif()
  add_custom_target(man-pages ALL DEPENDS ${man_pages})
endif()
