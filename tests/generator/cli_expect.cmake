# Runs one command and checks its exit code exactly (WILL_FAIL cannot tell 1
# from 2), what it prints, and which files it left.
#
#   cmake -DEXPECT_EXIT=<n>
#         [-DEXPECT_OUTPUT=<regex>] [-DREJECT_OUTPUT=<regex>]    matched against stdout + stderr
#         [-DEXPECT_FILES=<a|b>] [-DEXPECT_NO_FILES=<a|b>]        paths that must (not) exist afterwards
#         [-DCLEAN=<dir>]                                         removed before the run
#         -P cli_expect.cmake -- <command> [args...]
cmake_minimum_required(VERSION 3.16)

set(command)
set(collect OFF)
foreach(i RANGE 1 ${CMAKE_ARGC})
  if(i EQUAL CMAKE_ARGC)
    break()
  endif()
  if(collect)
    list(APPEND command "${CMAKE_ARGV${i}}")
  elseif(CMAKE_ARGV${i} STREQUAL "--")
    set(collect ON)
  endif()
endforeach()
if(NOT command)
  message(FATAL_ERROR "cli_expect.cmake: no command after `--`")
endif()
if(NOT DEFINED EXPECT_EXIT)
  message(FATAL_ERROR "cli_expect.cmake: EXPECT_EXIT is required")
endif()

if(CLEAN)
  file(REMOVE_RECURSE "${CLEAN}")
endif()

execute_process(COMMAND ${command}
  RESULT_VARIABLE exit_code
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err)
set(output "${out}${err}")
string(REPLACE ";" " " shown "${command}")
message("command: ${shown}\nexit code: ${exit_code}\n--- output ---\n${output}--------------")

set(problems)
if(NOT exit_code STREQUAL "${EXPECT_EXIT}")
  list(APPEND problems "exit code ${exit_code}, expected ${EXPECT_EXIT}")
endif()
if(DEFINED EXPECT_OUTPUT AND NOT output MATCHES "${EXPECT_OUTPUT}")
  list(APPEND problems "output does not match `${EXPECT_OUTPUT}`")
endif()
if(DEFINED REJECT_OUTPUT AND output MATCHES "${REJECT_OUTPUT}")
  list(APPEND problems "output matches `${REJECT_OUTPUT}`, which it must not")
endif()
string(REPLACE "|" ";" expect_files "${EXPECT_FILES}")
foreach(file IN LISTS expect_files)
  if(NOT EXISTS "${file}")
    list(APPEND problems "`${file}` was not written")
  endif()
endforeach()
string(REPLACE "|" ";" expect_no_files "${EXPECT_NO_FILES}")
foreach(file IN LISTS expect_no_files)
  if(EXISTS "${file}")
    list(APPEND problems "`${file}` exists, but must not")
  endif()
endforeach()

if(problems)
  list(JOIN problems "\n  " text)
  message(FATAL_ERROR "FAILED:\n  ${text}")
endif()
