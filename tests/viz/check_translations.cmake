# cmake -DLRELEASE=... -DLUPDATE=... -DSOURCE_DIR=viz -DTS_DIR=viz/translations -DWORK_DIR=... -P
# Fails when a .ts file has an unfinished entry (lrelease's count) or when viz/ has a tr() string
# the .ts file lacks (lupdate on a copy reports new source texts).
file(GLOB ts_files ${TS_DIR}/*.ts)
if(NOT ts_files)
  message(FATAL_ERROR "no .ts files in ${TS_DIR}")
endif()
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
foreach(ts ${ts_files})
  get_filename_component(name ${ts} NAME_WE)
  execute_process(COMMAND ${LRELEASE} ${ts} -qm ${WORK_DIR}/${name}.qm
                  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  message(STATUS "${name}: ${out}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${name}: lrelease failed: ${err}")
  endif()
  if(NOT out MATCHES "\\(([0-9]+) finished and 0 unfinished\\)")
    message(FATAL_ERROR "${name}: untranslated entries: ${out}\nRun the viz-lupdate target and translate them.")
  endif()
  if(CMAKE_MATCH_1 EQUAL 0)
    message(FATAL_ERROR "${name}: no translations at all")
  endif()
  # Strings in the sources that the .ts file does not have yet.
  configure_file(${ts} ${WORK_DIR}/${name}.ts COPYONLY)
  execute_process(COMMAND ${LUPDATE} -no-obsolete ${SOURCE_DIR} -ts ${WORK_DIR}/${name}.ts
                  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${name}: lupdate failed: ${err}")
  endif()
  if(NOT out MATCHES "\\(0 new and")
    message(FATAL_ERROR "${name}: the sources have tr() strings the .ts file lacks: ${out}\nRun the viz-lupdate target and translate them.")
  endif()
endforeach()
