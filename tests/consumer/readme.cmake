# The README's Quickstart as it stands: its CMakeLists.txt and main.cpp blocks
# (each after a `<!-- tests/consumer/readme.cmake: <what> -->` line) become a
# project with the consumer test's migrations, built with -Wall -Wextra
# -Wpedantic -Werror and run; once against the installed package, once with
# the FetchContent block in place of the find_package(migbundle) line, fetching
# from this source tree (FETCHCONTENT_SOURCE_DIR_MIGBUNDLE: no network).
#   -DREADME=<README.md> -DMIGBUNDLE_SOURCE_DIR=<src> [-DPREFIX=<install prefix>] -DCASE=package|fetchcontent
include("${CMAKE_CURRENT_LIST_DIR}/consumer_steps.cmake")

file(READ "${README}" readme)
# readme_block(<what> <out-var>): the fenced block after the marker for <what>.
function(readme_block what out_var)
  set(marker "<!-- tests/consumer/readme.cmake: ${what} -->\n```")
  string(FIND "${readme}" "${marker}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "README.md has no block marked '<!-- tests/consumer/readme.cmake: ${what} -->'")
  endif()
  string(SUBSTRING "${readme}" ${at} -1 rest)
  string(FIND "${rest}" "\n" first_newline)           # end of the marker line
  math(EXPR after "${first_newline} + 1")
  string(SUBSTRING "${rest}" ${after} -1 rest)
  string(FIND "${rest}" "\n" fence_end)                # end of the opening fence line
  math(EXPR after "${fence_end} + 1")
  string(SUBSTRING "${rest}" ${after} -1 rest)
  string(FIND "${rest}" "\n```" close)
  if(close EQUAL -1)
    message(FATAL_ERROR "README.md: the block '${what}' is not closed")
  endif()
  math(EXPR close "${close} + 1")
  string(SUBSTRING "${rest}" 0 ${close} block)
  set(${out_var} "${block}" PARENT_SCOPE)
endfunction()

if(CASE STREQUAL "postgres")
  # The README's PostgreSQL blocks, with PostgreSQL migrations, run against the
  # tests' own server (tests/postgres: CONNINFO_FILE holds its connection string).
  readme_block("postgres CMakeLists.txt" cmake_lists)
  readme_block("postgres main.cpp" main_cpp)
  set(migrations_dir "${CMAKE_CURRENT_LIST_DIR}/postgres_migrations")
else()
  readme_block("CMakeLists.txt" cmake_lists)
  readme_block("main.cpp" main_cpp)
  readme_block("FetchContent" fetch_content)
  set(migrations_dir "${CONSUMER_SOURCE_DIR}/migrations")
endif()

set(source "${WORK_DIR}/source")
set(build "${WORK_DIR}/build")
file(MAKE_DIRECTORY "${source}/migrations")
file(GLOB migration_files "${migrations_dir}/*.sql")
file(COPY ${migration_files} DESTINATION "${source}/migrations")
file(WRITE "${source}/main.cpp" "${main_cpp}")
# The README's code held to the warnings the README promises.
set(warnings "\n# Added by the test: the README says its code compiles warning-free so.\n"
  "foreach(target app app_migrations)\n"
  "  target_compile_options(\${target} PRIVATE -Wall -Wextra -Wpedantic -Werror)\n"
  "endforeach()\n")
string(CONCAT warnings ${warnings})

if(CASE STREQUAL "package" OR CASE STREQUAL "postgres")
  file(WRITE "${source}/CMakeLists.txt" "${cmake_lists}${warnings}")
  consumer_configure("${build}" "${source}" "-DCMAKE_PREFIX_PATH=${PREFIX}")
elseif(CASE STREQUAL "fetchcontent")
  string(REGEX MATCH "find_package\\(migbundle[^\n]*\n" line "${cmake_lists}")
  if(line STREQUAL "")
    message(FATAL_ERROR "README.md's CMakeLists.txt has no find_package(migbundle ...) line to replace")
  endif()
  string(REPLACE "${line}" "${fetch_content}" fetched "${cmake_lists}")
  file(WRITE "${source}/CMakeLists.txt" "${fetched}${warnings}")
  consumer_configure("${build}" "${source}" "-DFETCHCONTENT_SOURCE_DIR_MIGBUNDLE=${MIGBUNDLE_SOURCE_DIR}"
    -DFETCHCONTENT_FULLY_DISCONNECTED=ON)
  expect_no_output("Performing download|Cloning" "FetchContent must use the local source tree")
else()
  message(FATAL_ERROR "readme.cmake: CASE must be package, fetchcontent or postgres")
endif()
consumer_build("${build}")

if(CASE STREQUAL "postgres")
  # A fresh database on the tests' server; the program gets its connection string.
  file(READ "${CONNINFO_FILE}" conninfo)
  string(STRIP "${conninfo}" conninfo)
  string(RANDOM LENGTH 8 ALPHABET "abcdefghijklmnopqrstuvwxyz" suffix)
  set(name "readme_${suffix}")
  consumer_execute("${PSQL}" -X -q -v ON_ERROR_STOP=1 -d "${conninfo}" -c "CREATE DATABASE ${name}")
  if(NOT consumer_result EQUAL 0)
    message(FATAL_ERROR "could not create database ${name}:\n${consumer_output}")
  endif()
  set(database "${conninfo} dbname=${name}")
  foreach(run "applied 3 migration\\(s\\)" "applied 0 migration\\(s\\)")
    consumer_execute("${build}/app${EXE_SUFFIX}" "${database}")
    if(NOT consumer_result EQUAL 0 OR NOT consumer_output MATCHES "${run}")
      message(FATAL_ERROR "the README's PostgreSQL program did not say '${run}' (${consumer_result}):\n${consumer_output}")
    endif()
    message(STATUS "ran: ${consumer_output}")
  endforeach()
  # What the migrations did, read back: the trigger lower-cased the email.
  consumer_execute("${PSQL}" -X -At -d "${database}" -c "SELECT string_agg(email, ',' ORDER BY id) FROM users")
  if(NOT consumer_output MATCHES "^ada@example.com,semi;colon@example.com")
    message(FATAL_ERROR "the users table holds '${consumer_output}', not the seeded, lower-cased emails")
  endif()
  consumer_execute("${PSQL}" -X -q -d "${conninfo}" -c "DROP DATABASE ${name}")
  return()
endif()

set(database "${WORK_DIR}/app.db")
file(REMOVE "${database}")
foreach(run "applied 3 migration\\(s\\)" "applied 0 migration\\(s\\)")
  consumer_execute("${build}/app${EXE_SUFFIX}" "${database}")
  if(NOT consumer_result EQUAL 0 OR NOT consumer_output MATCHES "${run}")
    message(FATAL_ERROR "the README's program did not say '${run}' (${consumer_result}):\n${consumer_output}")
  endif()
  message(STATUS "ran: ${consumer_output}")
endforeach()
