# sim_version: version(), git_revision() and build_type() for --version (sim/version.h).
# The source is rewritten at every build by cmake/write_version.cmake, but only when its content
# changes (a new commit, edits to tracked files), so an unchanged tree relinks nothing.
set(salesim_version_cpp ${CMAKE_BINARY_DIR}/generated/sim/version.cpp)
add_custom_target(salesim_version_info
  COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${PROJECT_SOURCE_DIR} -DINPUT=${PROJECT_SOURCE_DIR}/sim/version.cpp.in
          -DOUTPUT=${salesim_version_cpp} -DVERSION=${PROJECT_VERSION} -DBUILD_TYPE=${CMAKE_BUILD_TYPE}
          -P ${PROJECT_SOURCE_DIR}/cmake/write_version.cmake
  BYPRODUCTS ${salesim_version_cpp}
  COMMENT "Version: git revision and build type"
  VERBATIM)
add_library(sim_version STATIC ${salesim_version_cpp} ${PROJECT_SOURCE_DIR}/sim/version.h)
add_dependencies(sim_version salesim_version_info)
target_include_directories(sim_version PUBLIC ${PROJECT_SOURCE_DIR})
target_compile_options(sim_version PRIVATE ${SALESIM_WARNINGS})
set_target_properties(sim_version PROPERTIES POSITION_INDEPENDENT_CODE ON)
