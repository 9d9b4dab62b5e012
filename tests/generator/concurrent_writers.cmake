# Eight `migbundle generate` runs at once, all writing one header: four from
# one migrations directory, four from another. Every run must exit 0, and the
# header left behind must be exactly one of the two complete outputs, with no
# temporary file beside it. Before each run had a temporary file of its own,
# runs truncated and renamed each other's, failing or leaving a partial header.
#
#   cmake -DMIGBUNDLE=<migbundle> -DWORK_DIR=<scratch> -P concurrent_writers.cmake
cmake_minimum_required(VERSION 3.16)

foreach(var MIGBUNDLE WORK_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "concurrent_writers.cmake: ${var} is required")
  endif()
endforeach()

file(REMOVE_RECURSE "${WORK_DIR}")
# Two directories of 300 migrations, large enough that writing the header
# takes long enough for the runs to overlap.
string(REPEAT "INSERT INTO t (v) VALUES ('padding padding padding padding padding padding');\n" 40 body)
foreach(dir a b)
  foreach(i RANGE 1 300)
    string(LENGTH "${i}" digits)
    math(EXPR pad "4 - ${digits}")
    string(REPEAT "0" ${pad} zeros)
    file(WRITE "${WORK_DIR}/${dir}/${zeros}${i}_step_${dir}.sql" "-- ${dir} ${i}\n${body}")
  endforeach()
endforeach()

# The two complete outputs, each generated alone.
foreach(dir a b)
  execute_process(COMMAND "${MIGBUNDLE}" generate --dir "${WORK_DIR}/${dir}" --namespace app::db
                          --out "${WORK_DIR}/reference_${dir}/migrations.hpp"
                  RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "generating the reference from ${dir} failed: ${result}")
  endif()
  file(SHA256 "${WORK_DIR}/reference_${dir}/migrations.hpp" reference_${dir})
endforeach()
if(reference_a STREQUAL reference_b)
  message(FATAL_ERROR "the two references must differ for this test to see a mix")
endif()

set(out "${WORK_DIR}/out/migrations.hpp")
set(failures 0)
foreach(round RANGE 1 10)
  file(REMOVE_RECURSE "${WORK_DIR}/out")
  # execute_process runs the commands of one call at the same time (as a pipeline).
  set(commands)
  foreach(dir a b a b a b a b)
    list(APPEND commands COMMAND "${MIGBUNDLE}" generate --dir "${WORK_DIR}/${dir}" --namespace app::db --out "${out}")
  endforeach()
  execute_process(${commands} RESULTS_VARIABLE results ERROR_VARIABLE errors OUTPUT_QUIET)
  foreach(result IN LISTS results)
    if(NOT result EQUAL 0)
      message(STATUS "FAILED round ${round}: a run exited ${result}: ${errors}")
      math(EXPR failures "${failures} + 1")
      break()
    endif()
  endforeach()
  file(SHA256 "${out}" got)
  if(NOT got STREQUAL reference_a AND NOT got STREQUAL reference_b)
    message(STATUS "FAILED round ${round}: the header is neither run's complete output")
    math(EXPR failures "${failures} + 1")
  endif()
  file(GLOB leftovers "${WORK_DIR}/out/*")
  list(LENGTH leftovers count)
  if(NOT count EQUAL 1)
    message(STATUS "FAILED round ${round}: files left in out/: ${leftovers}")
    math(EXPR failures "${failures} + 1")
  endif()
endforeach()
if(failures GREATER 0)
  message(FATAL_ERROR "${failures} failure(s) in 10 rounds of 8 concurrent generators")
endif()
message(STATUS "ok: 10 rounds of 8 concurrent generators, every header whole")
