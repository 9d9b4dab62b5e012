# The schema file and the drift check in a consumer build:
# add_migrations(... SCHEMA_FILE schema.sql) fails the build while the file is
# missing or stale (with a diff naming its line), builds once it is what the
# migrations give, and embeds `schema`, which the program checks the database
# against: clean after migrating, and a hand-made index named as drift.
#   -DPREFIX=<install prefix>  -DGENERATOR_EXE=<the migbundle command>
include("${CMAKE_CURRENT_LIST_DIR}/consumer_steps.cmake")

set(source "${WORK_DIR}/source")
set(migrations "${source}/migrations")
file(REMOVE_RECURSE "${source}")
file(COPY "${CONSUMER_SOURCE_DIR}/" DESTINATION "${source}")
set(package_args -DCONSUMER_MIGBUNDLE=package "-DCMAKE_PREFIX_PATH=${PREFIX}" -DCONSUMER_SCHEMA_FILE=schema.sql)
set(binary "${WORK_DIR}/build")
string(REGEX REPLACE "([][.*+?^$(){}|\\\\])" "\\\\\\1" schema_re "${source}/schema.sql")

message(STATUS "-- no schema file yet: the build fails and says how to write it")
consumer_configure("${binary}" "${source}" ${package_args})
consumer_execute("${CMAKE_COMMAND}" --build "${binary}" --parallel 2)
if(consumer_result EQUAL 0)
  message(FATAL_ERROR "a build with a missing SCHEMA_FILE succeeded:\n${consumer_output}")
endif()
expect_output("${schema_re}: error: the schema file does not exist; write it with `migbundle schema --dir [^`]*migrations --out ${schema_re}`"
  "the failing build names the file and the command that writes it")

message(STATUS "-- written: the build succeeds and the program finds the database clean")
consumer_execute("${GENERATOR_EXE}" schema --dir "${migrations}" --out "${source}/schema.sql")
if(NOT consumer_result EQUAL 0)
  message(FATAL_ERROR "migbundle schema --out failed:\n${consumer_output}")
endif()
file(READ "${source}/schema.sql" schema_text)
if(NOT schema_text MATCHES "\nCREATE TABLE users [^;]*;\n" OR NOT schema_text MATCHES "\nCREATE TABLE notes ")
  message(FATAL_ERROR "the schema file does not hold the consumer's tables:\n${schema_text}")
endif()
consumer_build("${binary}")
expect_output("Checking [^\n]*schema.sql against the schema of" "the build checks the schema file")
file(REMOVE "${WORK_DIR}/app.db")
consumer_run("${binary}" 3 "${WORK_DIR}/app.db")
expect_output("consumer: schema clean \\(([2-9]|[1-9][0-9]+) objects\\)" "the embedded schema matches the migrated database")

message(STATUS "-- a hand-made index: the program names it as drift")
consumer_execute("${binary}/consumer${EXE_SUFFIX}" 0 "${WORK_DIR}/app.db" "CREATE INDEX hand_made ON notes (body)")
if(NOT consumer_result EQUAL 3)
  message(FATAL_ERROR "drift did not fail the check (exit ${consumer_result}):\n${consumer_output}")
endif()
expect_output("consumer: drift: extra index hand_made\n" "the hand-made index, by name")
expect_output("0 object\\(s\\) missing, 1 extra, 0 different" "and the report counts it")

message(STATUS "-- a new migration changes the schema: the stale file fails the build with a diff")
file(WRITE "${migrations}/0004_notes_index.sql" "CREATE INDEX notes_by_user ON notes (user_id);\n")
consumer_execute("${CMAKE_COMMAND}" --build "${binary}" --parallel 2)
if(consumer_result EQUAL 0)
  message(FATAL_ERROR "a build with a stale SCHEMA_FILE succeeded:\n${consumer_output}")
endif()
expect_output("${schema_re}:[0-9]+:1: error: stale: the schema the migrations in [^\n]* give differs from this file"
  "the failing build names the schema file and a line")
expect_output("\n\\+CREATE INDEX notes_by_user ON notes \\(user_id\\);\n" "the diff shows the new index")

message(STATUS "-- regenerated: the build succeeds again, and a migration that changes no schema leaves the file as it is")
consumer_execute("${GENERATOR_EXE}" schema --dir "${migrations}" --out "${source}/schema.sql")
file(WRITE "${migrations}/0005_more_users.sql" "INSERT INTO users (email) VALUES ('eve@example.com');\n")
consumer_build("${binary}")
file(REMOVE "${WORK_DIR}/app.db")
consumer_run("${binary}" 5 "${WORK_DIR}/app.db")
expect_output("consumer: schema clean" "clean after the five migrations")
