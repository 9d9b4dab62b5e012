# `migbundle generate` writes a file only when its content changes (so an
# unchanged header triggers no rebuild), and `--check` tells stale from current
# without writing.
#
#   cmake -DMIGBUNDLE=<migbundle> -DINPUT=<migrations dir> -DWORK_DIR=<scratch> -P write_once.cmake
cmake_minimum_required(VERSION 3.16)

foreach(var MIGBUNDLE INPUT WORK_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "write_once.cmake: ${var} is required")
  endif()
endforeach()

file(REMOVE_RECURSE "${WORK_DIR}")
file(COPY "${INPUT}/" DESTINATION "${WORK_DIR}/migrations")
set(header "${WORK_DIR}/out/migrations.hpp")
set(source "${WORK_DIR}/out/migrations_data.cpp")
set(base_args generate --dir "${WORK_DIR}/migrations" --namespace app::db --out "${header}" --source "${source}")

set(failures)
# check(<what> <if() condition...>)
macro(check text)
  if(${ARGN})
    message(STATUS "ok: ${text}")
  else()
    message(STATUS "FAILED: ${text}")
    list(APPEND failures "${text}")
  endif()
endmacro()

function(run_migbundle expected_exit out_var)
  execute_process(COMMAND "${MIGBUNDLE}" ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code STREQUAL "${expected_exit}")
    string(REPLACE ";" " " shown "${ARGN}")
    message(FATAL_ERROR "migbundle ${shown}\nexited ${code}, expected ${expected_exit}\n${out}${err}")
  endif()
  set(${out_var} "${out}${err}" PARENT_SCOPE)
endfunction()

# Second resolution is what file(TIMESTAMP) offers, so every comparison below waits past a second.
function(stamp file out_var)
  file(TIMESTAMP "${file}" value "%Y-%m-%dT%H:%M:%S" UTC)
  file(SHA256 "${file}" hash)
  set(${out_var} "${value} ${hash}" PARENT_SCOPE)
endfunction()
function(wait_a_second)
  execute_process(COMMAND "${CMAKE_COMMAND}" -E sleep 1.1)
endfunction()

# --check before anything was generated: stale, nothing written.
run_migbundle(1 out ${base_args} --check)
check("--check on missing outputs writes nothing" NOT EXISTS "${header}")
check("--check names the stale header" out MATCHES "migrations.hpp: error: out of date")

run_migbundle(0 out ${base_args})
check("generate writes header and source" EXISTS "${header}" AND EXISTS "${source}")
stamp("${header}" header_1)
stamp("${source}" source_1)
run_migbundle(0 out ${base_args} --check)

wait_a_second()
run_migbundle(0 out ${base_args})
stamp("${header}" header_2)
stamp("${source}" source_2)
check("an unchanged header keeps its timestamp (${header_1} / ${header_2})" header_1 STREQUAL header_2)
check("an unchanged source keeps its timestamp (${source_1} / ${source_2})" source_1 STREQUAL source_2)
file(GLOB leftovers "${WORK_DIR}/out/*.tmp*")
check("no temporary files are left behind" NOT leftovers)

# Edit a migration: --check says stale and still writes nothing; generate rewrites the data only.
file(GLOB sql_files "${WORK_DIR}/migrations/*.sql")
list(SORT sql_files)
list(GET sql_files 0 first_sql)
file(APPEND "${first_sql}" "\n-- edited\n")
wait_a_second()
run_migbundle(1 out ${base_args} --check)
check("--check after an edit exits 1" out MATCHES "error: out of date")
stamp("${source}" source_3)
check("--check does not write" source_2 STREQUAL source_3)

run_migbundle(0 out ${base_args})
stamp("${header}" header_4)
stamp("${source}" source_4)
check("an edited migration rewrites the data source" NOT source_3 STREQUAL source_4)
check("split: the declarations header is untouched by an SQL edit" header_2 STREQUAL header_4)
run_migbundle(0 out ${base_args} --check)

# Inline mode: the same guarantees for the single header.
set(inline_header "${WORK_DIR}/out/inline.hpp")
set(inline_args generate --dir "${WORK_DIR}/migrations" --namespace app::db --out "${inline_header}")
run_migbundle(0 out ${inline_args})
stamp("${inline_header}" inline_1)
wait_a_second()
run_migbundle(0 out ${inline_args})
stamp("${inline_header}" inline_2)
check("inline: an unchanged header keeps its timestamp" inline_1 STREQUAL inline_2)
file(APPEND "${first_sql}" "-- edited again\n")
run_migbundle(1 out ${inline_args} --check)
run_migbundle(0 out ${inline_args})
stamp("${inline_header}" inline_3)
check("inline: an edit rewrites the header" NOT inline_2 STREQUAL inline_3)

if(failures)
  list(JOIN failures "\n  " text)
  message(FATAL_ERROR "write-once checks failed:\n  ${text}")
endif()
