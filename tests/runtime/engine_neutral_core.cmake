# cmake -DCXX=<compiler> -DRUNTIME_DIR=<runtime/> -DPOISON_DIR=<engine_poison/> -DWORK_DIR=<dir>
#       -P engine_neutral_core.cmake
# runtime/core/ is the engine-neutral part of the runtime, which a PostgreSQL
# runtime is to share: every source and every header there must compile where
# the first sqlite3.h and libpq-fe.h on the include path are #error files
# (POISON_DIR, searched before the system's). Including either, directly or
# through a header of runtime/sqlite/, fails this check. The files are found
# when the test runs, so a new one in core/ is checked without a re-configure.
# A probe that includes <sqlite3.h> must fail with the poison's words, or the
# check would prove nothing.
cmake_minimum_required(VERSION 3.16)
foreach(var CXX RUNTIME_DIR POISON_DIR WORK_DIR)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "engine_neutral_core.cmake: ${var} is not set")
  endif()
endforeach()

set(flags -std=c++17 -fsyntax-only -fno-exceptions -fno-rtti -Wall -Wextra -Wpedantic -Werror
  "-I${POISON_DIR}" "-I${RUNTIME_DIR}" "-I${RUNTIME_DIR}/include")

file(GLOB files LIST_DIRECTORIES false RELATIVE "${RUNTIME_DIR}" "${RUNTIME_DIR}/core/*.cpp" "${RUNTIME_DIR}/core/*.hpp")
list(SORT files)
if(NOT files)
  message(FATAL_ERROR "no sources in ${RUNTIME_DIR}/core")
endif()

file(MAKE_DIRECTORY "${WORK_DIR}")
set(failures "")
set(checked 0)
foreach(file IN LISTS files)
  set(unit "${RUNTIME_DIR}/${file}")
  if(file MATCHES "\\.hpp$")
    # A header alone, in a translation unit of its own: it must also stand on its own.
    string(MAKE_C_IDENTIFIER "${file}" name)
    set(unit "${WORK_DIR}/${name}.cpp")
    file(WRITE "${unit}" "#include \"${file}\"\n")
  endif()
  foreach(messages 1 0)
    execute_process(COMMAND "${CXX}" ${flags} -DMIGBUNDLE_MESSAGES=${messages} "${unit}"
      RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
    math(EXPR checked "${checked} + 1")
    if(NOT result EQUAL 0)
      string(APPEND failures "\n${file} (MIGBUNDLE_MESSAGES=${messages}):\n${output}")
    endif()
  endforeach()
endforeach()
if(failures)
  message(FATAL_ERROR "runtime/core does not compile without an engine's headers:${failures}")
endif()

file(WRITE "${WORK_DIR}/probe.cpp" "#include <sqlite3.h>\n")
execute_process(COMMAND "${CXX}" ${flags} "${WORK_DIR}/probe.cpp"
  RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(result EQUAL 0 OR NOT output MATCHES "runtime/core must not include sqlite3.h")
  message(FATAL_ERROR "the probe including <sqlite3.h> was not stopped by ${POISON_DIR}/sqlite3.h "
    "(result ${result}): this check would prove nothing.\n${output}")
endif()
message(STATUS "runtime/core is engine-neutral: ${checked} compiles of ${RUNTIME_DIR}/core without sqlite3.h or libpq-fe.h")
