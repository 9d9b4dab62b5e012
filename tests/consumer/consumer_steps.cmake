# Steps shared by the consumer-project drivers (run with cmake -P). Every
# driver is given, by tests/consumer/CMakeLists.txt:
#   CONSUMER_SOURCE_DIR  the consumer project (tests/consumer/project)
#   WORK_DIR             a folder of its own in the build tree, emptied first
#   BUILD_GENERATOR, MAKE_PROGRAM, CXX_COMPILER, BUILD_TYPE, EXE_SUFFIX
# Each step stops the driver with FATAL_ERROR, so a failing test says which step failed.
foreach(var CONSUMER_SOURCE_DIR WORK_DIR BUILD_GENERATOR MAKE_PROGRAM CXX_COMPILER)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "driver needs -D${var}=...")
  endif()
endforeach()

set(consumer_build_args
  -G "${BUILD_GENERATOR}"
  "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}"
  "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
  "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}")

# A fresh WORK_DIR: a stale cache or build from an earlier run must not make a test pass.
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

# Runs a command; sets consumer_output (stdout and stderr) and consumer_result in the caller.
function(consumer_execute)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
  set(consumer_output "${output}" PARENT_SCOPE)
  set(consumer_result "${result}" PARENT_SCOPE)
endfunction()

# consumer_configure(<binary-dir> <source-dir> [-D...]...): configure, or stop.
function(consumer_configure binary_dir source_dir)
  consumer_execute("${CMAKE_COMMAND}" -S "${source_dir}" -B "${binary_dir}" ${consumer_build_args} ${ARGN})
  if(NOT consumer_result EQUAL 0)
    message(FATAL_ERROR "configuring ${source_dir} failed (${consumer_result}):\n${consumer_output}")
  endif()
  message(STATUS "configured ${binary_dir}")
  set(consumer_output "${consumer_output}" PARENT_SCOPE)
endfunction()

# consumer_configure_fails(<binary-dir> <source-dir> <regex> [-D...]...): configuring
# must fail and say <regex> (write spaces as single spaces).
function(consumer_configure_fails binary_dir source_dir regex)
  consumer_execute("${CMAKE_COMMAND}" -S "${source_dir}" -B "${binary_dir}" ${consumer_build_args} ${ARGN})
  if(consumer_result EQUAL 0)
    message(FATAL_ERROR "configuring ${source_dir} succeeded; expected it to fail with '${regex}':\n${consumer_output}")
  endif()
  # CMake wraps long messages: match against the text with each run of blanks made one space.
  string(REGEX REPLACE "[ \t\r\n]+" " " flat_output "${consumer_output}")
  if(NOT flat_output MATCHES "${regex}")
    message(FATAL_ERROR "configuring ${source_dir} failed without saying '${regex}':\n${consumer_output}")
  endif()
  message(STATUS "configuring ${binary_dir} failed as expected, saying '${regex}'")
endfunction()

# consumer_build(<binary-dir>): build, or stop; the build tool's output is in consumer_output.
function(consumer_build binary_dir)
  consumer_execute("${CMAKE_COMMAND}" --build "${binary_dir}" --parallel 2)
  if(NOT consumer_result EQUAL 0)
    message(FATAL_ERROR "building ${binary_dir} failed (${consumer_result}):\n${consumer_output}")
  endif()
  message(STATUS "built ${binary_dir}:\n${consumer_output}")
  set(consumer_output "${consumer_output}" PARENT_SCOPE)
endfunction()

# consumer_build_fails(<binary-dir> <regex> <why> [TIMEOUT <seconds>]): building must
# fail, within the time given (default 600 s: a build that loops never ends), and
# say <regex>, matched as printed and with each run of blanks made one space (build
# tools wrap long lines). The build tool's output is in consumer_output.
function(consumer_build_fails binary_dir regex why)
  cmake_parse_arguments(PARSE_ARGV 3 arg "" "TIMEOUT" "")
  if(NOT arg_TIMEOUT)
    set(arg_TIMEOUT 600)
  endif()
  execute_process(COMMAND "${CMAKE_COMMAND}" --build "${binary_dir}" --parallel 2 TIMEOUT ${arg_TIMEOUT}
    RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
  if(result EQUAL 0 OR result MATCHES "timeout")
    message(FATAL_ERROR "${why}: the build should fail, saying '${regex}'; it ended with '${result}':\n${output}")
  endif()
  string(REGEX REPLACE "[ \t\r\n]+" " " flat_output "${output}")
  if(NOT output MATCHES "${regex}" AND NOT flat_output MATCHES "${regex}")
    message(FATAL_ERROR "${why}: the build failed without saying '${regex}':\n${output}")
  endif()
  message(STATUS "${why}: the build failed as expected, saying '${regex}'")
  set(consumer_output "${output}" PARENT_SCOPE)
endfunction()

# consumer_run(<binary-dir> <expected-count>): the consumer must apply exactly that many migrations.
function(consumer_run binary_dir expected)
  # consumer_run(<dir> <n> [<database file>]): in memory all n are applied; a file may hold some already.
  set(total "${expected}")
  if(ARGN)
    set(total "[0-9]+")
  endif()
  consumer_execute("${binary_dir}/consumer${EXE_SUFFIX}" ${expected} ${ARGN})
  if(NOT consumer_result EQUAL 0 OR NOT consumer_output MATCHES "applied ${expected} of ${total} migrations")
    message(FATAL_ERROR "the consumer failed or did not apply ${expected} migrations (${consumer_result}):\n${consumer_output}")
  endif()
  message(STATUS "ran: ${consumer_output}")
  set(consumer_output "${consumer_output}" PARENT_SCOPE)
endfunction()

# expect_output(<regex> <why>) / expect_no_output(<regex> <why>): about the
# consumer_output of the caller (functions, not macros, so <regex> is not re-parsed).
function(expect_output regex why)
  if(NOT consumer_output MATCHES "${regex}")
    message(FATAL_ERROR "${why}: expected '${regex}' in:\n${consumer_output}")
  endif()
endfunction()
function(expect_no_output regex why)
  if(consumer_output MATCHES "${regex}")
    message(FATAL_ERROR "${why}: did not expect '${regex}' in:\n${consumer_output}")
  endif()
endfunction()
