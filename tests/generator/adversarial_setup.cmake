# Fixture of the adversarial compile tests: writes hostile migrations with
# migbundle_adversarial_fixture, then runs the real `migbundle generate` on
# them, inline and split. The compile tests build what this leaves in
# <WORK_DIR>/gen/{inline,split} and <WORK_DIR>/raw/{inline,split}.
#
#   cmake -DFIXTURE=<migbundle_adversarial_fixture> -DMIGBUNDLE=<migbundle> -DWORK_DIR=<scratch> -P adversarial_setup.cmake
cmake_minimum_required(VERSION 3.16)

foreach(var FIXTURE MIGBUNDLE WORK_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "adversarial_setup.cmake: ${var} is required")
  endif()
endforeach()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

function(run what)
  execute_process(COMMAND ${ARGN} WORKING_DIRECTORY "${WORK_DIR}"
    RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "${what} failed (exit ${code}):\n${out}${err}")
  endif()
  message(STATUS "${what}: ok ${out}${err}")
endfunction()

run("fixture" "${FIXTURE}" "${WORK_DIR}")
run("generate inline" "${MIGBUNDLE}" generate --dir "${WORK_DIR}/migrations" --namespace adv::db
    --out "${WORK_DIR}/gen/inline/adversarial.hpp")
run("generate split" "${MIGBUNDLE}" generate --dir "${WORK_DIR}/migrations" --namespace adv::db
    --out "${WORK_DIR}/gen/split/adversarial.hpp" --source "${WORK_DIR}/gen/split/adversarial_data.cpp")

# Nothing in a file name reached a shell.
foreach(file pwned pwned2)
  if(EXISTS "${WORK_DIR}/${file}" OR EXISTS "${WORK_DIR}/migrations/${file}")
    message(FATAL_ERROR "a file name was executed as a command: ${file} exists")
  endif()
endforeach()
