# Steps shared by the CLI drivers (run with cmake -P). Every driver is given,
# by tests/cli/CMakeLists.txt:
#   MIGBUNDLE        the command under test
#   WORK_DIR         a scratch folder of its own, emptied first; commands run in it,
#                    so paths in diagnostics are the relative ones the test passed
#   CASE             which of the driver's cases to run
#   INPUTS           tests/cli/inputs
#   REPO_MIGRATIONS  the repository's migrations/ (the demo's five)
# Each step stops the driver with FATAL_ERROR, so a failing test says which step failed.
cmake_minimum_required(VERSION 3.19)  # string(JSON)

foreach(var MIGBUNDLE WORK_DIR CASE INPUTS REPO_MIGRATIONS)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "driver needs -D${var}=...")
  endif()
endforeach()

# A fresh WORK_DIR: files from an earlier run must not make a test pass.
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

# migbundle(<exit-code> <args>...): runs the command in WORK_DIR and stops unless
# it exits with exactly <exit-code>. Sets in the caller: out (stdout), err
# (stderr), output (both).
function(migbundle expected_exit)
  execute_process(COMMAND "${MIGBUNDLE}" ${ARGN}
    WORKING_DIRECTORY "${WORK_DIR}"
    RESULT_VARIABLE code
    OUTPUT_VARIABLE stdout
    ERROR_VARIABLE stderr)
  string(REPLACE ";" " " shown "${ARGN}")
  message(STATUS "migbundle ${shown}\n-- exit ${code}\n--- stdout ---\n${stdout}--- stderr ---\n${stderr}--------------")
  if(NOT code STREQUAL "${expected_exit}")
    message(FATAL_ERROR "migbundle ${shown}: exit code ${code}, expected ${expected_exit}")
  endif()
  set(out "${stdout}" PARENT_SCOPE)
  set(err "${stderr}" PARENT_SCOPE)
  set(output "${stdout}${stderr}" PARENT_SCOPE)
endfunction()

# expect(<text> <regex> <why>) / expect_not(...): functions, not macros, so
# <regex> is not re-parsed.
function(expect text regex why)
  if(NOT text MATCHES "${regex}")
    message(FATAL_ERROR "${why}: expected '${regex}' in:\n${text}")
  endif()
  message(STATUS "ok: ${why}")
endfunction()
function(expect_not text regex why)
  if(text MATCHES "${regex}")
    message(FATAL_ERROR "${why}: did not expect '${regex}' in:\n${text}")
  endif()
  message(STATUS "ok: ${why}")
endfunction()
function(expect_equal actual expected why)
  if(NOT actual STREQUAL expected)
    message(FATAL_ERROR "${why}: expected '${expected}', got '${actual}'")
  endif()
  message(STATUS "ok: ${why}")
endfunction()

# regex_quote(<text> <var>): <text> with every regex special character escaped.
function(regex_quote text var)
  string(REGEX REPLACE "([][.*+?^$(){}|\\\\])" "\\\\\\1" quoted "${text}")
  set(${var} "${quoted}" PARENT_SCOPE)
endfunction()

# json_get(<var> <json> <member|index>...): the value at that path, or stop.
# expect_files(<dir> <file>...): <dir> (relative to WORK_DIR) holds exactly these files, hidden ones included.
function(expect_files dir)
  file(GLOB found LIST_DIRECTORIES true RELATIVE "${WORK_DIR}/${dir}" "${WORK_DIR}/${dir}/*" "${WORK_DIR}/${dir}/.*")
  list(SORT found)
  set(expected ${ARGN})
  list(SORT expected)
  expect_equal("${found}" "${expected}" "${dir} holds exactly: ${expected}")
endfunction()

function(json_get var json)
  string(JSON value ERROR_VARIABLE problem GET "${json}" ${ARGN})
  if(problem)
    message(FATAL_ERROR "JSON path '${ARGN}' not found (${problem}) in:\n${json}")
  endif()
  set(${var} "${value}" PARENT_SCOPE)
endfunction()
function(json_length var json)
  string(JSON value ERROR_VARIABLE problem LENGTH "${json}" ${ARGN})
  if(problem)
    message(FATAL_ERROR "JSON array '${ARGN}' not found (${problem}) in:\n${json}")
  endif()
  set(${var} "${value}" PARENT_SCOPE)
endfunction()

# copy_migrations(<from-dir> <to>): a scratch copy of a migrations directory, <to> relative to WORK_DIR.
function(copy_migrations from to)
  file(MAKE_DIRECTORY "${WORK_DIR}/${to}")
  file(GLOB files "${from}/*.sql")
  file(COPY ${files} DESTINATION "${WORK_DIR}/${to}")
endfunction()

# write_file(<path> <text>): <path> relative to WORK_DIR.
function(write_file path text)
  file(WRITE "${WORK_DIR}/${path}" "${text}")
endfunction()

# sha256_of(<path> <var>): of the file's bytes (a LF, BOM-free file's checksum as migbundle computes it).
function(sha256_of path var)
  file(SHA256 "${WORK_DIR}/${path}" value)
  set(${var} "${value}" PARENT_SCOPE)
endfunction()

# with_crlf_and_bom(<path>): rewrites the file with CRLF line endings and a UTF-8 byte-order mark,
# as a Windows checkout or editor may leave it. Done here, not in git, so no checkout setting undoes it.
function(with_crlf_and_bom path)
  file(READ "${WORK_DIR}/${path}" text)
  string(REPLACE "\n" "\r\n" text "${text}")
  string(ASCII 239 187 191 bom)
  file(WRITE "${WORK_DIR}/${path}" "${bom}${text}")
endfunction()

# Runs the function named by CASE (every driver defines its cases as case_<name>).
macro(run_case)
  if(NOT COMMAND case_${CASE})
    message(FATAL_ERROR "no case '${CASE}' in ${CMAKE_CURRENT_LIST_FILE}")
  endif()
  cmake_language(CALL case_${CASE})
  message(STATUS "case ${CASE}: passed")
endmacro()
