# Generates one golden case with the real command and compares the outputs
# with tests/golden/<case>/expected_* byte for byte.
#
#   cmake -DMIGBUNDLE=<migbundle> -DCASE_DIR=<tests/golden/case> -DWORK_DIR=<scratch> -P golden_check.cmake
#
# The namespace is golden::<case>; the inputs are <case>/migrations/. A case
# may add arguments of `generate` (e.g. `--layout goose --adopt goose`) in
# <case>/arguments.txt, separated by blanks, without quotes;
# scripts/refresh_golden.sh reads that file the same way.
cmake_minimum_required(VERSION 3.16)

foreach(var MIGBUNDLE CASE_DIR WORK_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "golden_check.cmake: ${var} is required")
  endif()
endforeach()
get_filename_component(case_name "${CASE_DIR}" NAME)
set(namespace "golden::${case_name}")

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

set(case_arguments "")
if(EXISTS "${CASE_DIR}/arguments.txt")
  file(READ "${CASE_DIR}/arguments.txt" case_arguments)
  string(STRIP "${case_arguments}" case_arguments)
  string(REGEX REPLACE "[ \t\r\n]+" ";" case_arguments "${case_arguments}")
endif()

function(generate)
  execute_process(COMMAND "${MIGBUNDLE}" generate --dir "${CASE_DIR}/migrations" --namespace "${namespace}"
      ${case_arguments} ${ARGN}
    RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "migbundle generate failed (exit ${code}):\n${out}${err}")
  endif()
endfunction()
generate(--out "${WORK_DIR}/expected_inline.hpp")
generate(--out "${WORK_DIR}/expected_split.hpp" --source "${WORK_DIR}/expected_split.cpp")

find_program(diff_tool diff)
set(mismatches)
foreach(output expected_inline.hpp expected_split.hpp expected_split.cpp)
  set(expected "${CASE_DIR}/${output}")
  set(actual "${WORK_DIR}/${output}")
  if(NOT EXISTS "${expected}")
    list(APPEND mismatches "${output} (no golden file yet)")
    continue()
  endif()
  # compare_files compares bytes; --ignore-eol would hide exactly what this test guards.
  execute_process(COMMAND "${CMAKE_COMMAND}" -E compare_files "${expected}" "${actual}" RESULT_VARIABLE different)
  if(different)
    list(APPEND mismatches "${output}")
    if(diff_tool)
      execute_process(COMMAND "${diff_tool}" -u "${expected}" "${actual}" OUTPUT_VARIABLE diff_text)
      message("--- ${output}: golden (-) vs generated (+)\n${diff_text}")
    endif()
  else()
    message(STATUS "${case_name}/${output}: identical")
  endif()
endforeach()

if(mismatches)
  list(JOIN mismatches ", " text)
  message(FATAL_ERROR
    "golden case `${case_name}`: generated output differs from the golden files: ${text}\n"
    "If the change is intended, regenerate them and review the diff before committing:\n"
    "    scripts/refresh_golden.sh <build-dir or path to migbundle>\n")
endif()
