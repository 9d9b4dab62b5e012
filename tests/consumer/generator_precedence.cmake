# Which generator add_migrations() runs, seen from a build: two wrapper scripts
# log their calls and run the real generator.
#   -DPREFIX=<install prefix, whose package also has migbundle::generator>
#   -DHOST_GENERATOR=<the real migbundle>
include("${CMAKE_CURRENT_LIST_DIR}/consumer_steps.cmake")

# write_wrapper(<name>): ${WORK_DIR}/<name>.sh, logging to ${WORK_DIR}/<name>.log.
function(write_wrapper name)
  file(WRITE "${WORK_DIR}/scratch/${name}.sh"
    "#!/bin/sh\necho \"$*\" >> \"${WORK_DIR}/${name}.log\"\nexec \"${HOST_GENERATOR}\" \"$@\"\n")
  file(COPY "${WORK_DIR}/scratch/${name}.sh" DESTINATION "${WORK_DIR}"
    FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
endfunction()
write_wrapper(cache_variable)
write_wrapper(argument)
set(build "${WORK_DIR}/build")

message(STATUS "-- MIGBUNDLE_GENERATOR wins over the package's migbundle::generator")
consumer_configure("${build}" "${CONSUMER_SOURCE_DIR}" -DCONSUMER_MIGBUNDLE=package "-DCMAKE_PREFIX_PATH=${PREFIX}"
  "-DMIGBUNDLE_GENERATOR=${WORK_DIR}/cache_variable.sh")
consumer_build("${build}")
consumer_run("${build}" 3)
if(NOT EXISTS "${WORK_DIR}/cache_variable.log" OR EXISTS "${WORK_DIR}/argument.log")
  message(FATAL_ERROR "the build did not run the MIGBUNDLE_GENERATOR wrapper (alone)")
endif()
file(READ "${WORK_DIR}/cache_variable.log" log)
if(NOT log MATCHES "^generate --dir ")
  message(FATAL_ERROR "unexpected generator call: ${log}")
endif()

message(STATUS "-- GENERATOR wins over MIGBUNDLE_GENERATOR")
file(REMOVE "${WORK_DIR}/cache_variable.log")
consumer_configure("${build}" "${CONSUMER_SOURCE_DIR}" "-DCONSUMER_GENERATOR=${WORK_DIR}/argument.sh")
consumer_build("${build}")
consumer_run("${build}" 3)
if(NOT EXISTS "${WORK_DIR}/argument.log" OR EXISTS "${WORK_DIR}/cache_variable.log")
  message(FATAL_ERROR "the build did not run the GENERATOR wrapper (alone)")
endif()
