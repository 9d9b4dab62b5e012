# Compiles generated code with warnings as errors, links it, and runs it.
# Lists are separated by `|` (a `;` would be split by add_test).
#
#   cmake -DCXX=<compiler> -DOUTPUT=<executable>
#         -DSOURCES=<a.cpp|b.cpp> [-DINCLUDES=<dir|dir>] [-DDEFINES=<NAME=value|NAME>]
#         [-DGENERATE=<args of `migbundle generate`, |-separated> -DMIGBUNDLE=<migbundle>]   run first
#         [-DRUN=<args|...>]                                                              run the result
#         -P compile_check.cmake
cmake_minimum_required(VERSION 3.16)

foreach(var CXX OUTPUT SOURCES)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "compile_check.cmake: ${var} is required")
  endif()
endforeach()
foreach(var SOURCES INCLUDES DEFINES GENERATE RUN)
  string(REPLACE "|" ";" ${var} "${${var}}")
endforeach()

function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  string(REPLACE ";" " " shown "${ARGN}")
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "${what} failed (exit ${code}):\n${shown}\n${out}${err}")
  endif()
  message(STATUS "${what}: ok\n${out}${err}")
endfunction()

if(GENERATE)
  run("migbundle generate" "${MIGBUNDLE}" generate ${GENERATE})
endif()

set(flags -std=c++17 -Wall -Wextra -Wpedantic -Werror)
foreach(dir IN LISTS INCLUDES)
  list(APPEND flags "-I${dir}")
endforeach()
foreach(define IN LISTS DEFINES)
  list(APPEND flags "-D${define}")
endforeach()
get_filename_component(output_dir "${OUTPUT}" DIRECTORY)
file(MAKE_DIRECTORY "${output_dir}")
file(REMOVE "${OUTPUT}")
string(TIMESTAMP start "%s")
run("compile" "${CXX}" ${flags} ${SOURCES} -o "${OUTPUT}")
string(TIMESTAMP end "%s")
math(EXPR seconds "${end} - ${start}")
message(STATUS "compiled in about ${seconds} s")
if(DEFINED RUN)
  run("run" "${OUTPUT}" ${RUN})
endif()
