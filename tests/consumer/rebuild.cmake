# What a rebuild does after each kind of change to the migrations. Works on a
# copy of the consumer project, since it edits migrations.
#   -DPREFIX=<install prefix>
# The build tool prints the custom command's COMMENT ("Embedding migrations")
# when the generator runs and "Building CXX object <file>.o" for each compile,
# with Ninja and Makefiles alike.
include("${CMAKE_CURRENT_LIST_DIR}/consumer_steps.cmake")

set(source "${WORK_DIR}/source")
set(build "${WORK_DIR}/build")
set(migrations "${source}/migrations")
file(COPY "${CONSUMER_SOURCE_DIR}/" DESTINATION "${source}")

consumer_configure("${build}" "${source}" -DCONSUMER_MIGBUNDLE=package "-DCMAKE_PREFIX_PATH=${PREFIX}")
consumer_build("${build}")
expect_output("Embedding migrations" "first build")
consumer_run("${build}" 3)

set(generator_ran "Embedding migrations")
set(data_compiled "consumer_migrations_data\\.cpp\\.o")
set(main_compiled "main\\.cpp\\.o")

message(STATUS "-- nothing changed: nothing runs")
consumer_build("${build}")
expect_no_output("${generator_ran}" "unchanged migrations")
expect_no_output("Building|Linking" "unchanged migrations")
if(BUILD_GENERATOR STREQUAL "Ninja")
  expect_output("no work to do" "unchanged migrations")
endif()

message(STATUS "-- a migration touched, text unchanged: the generator runs, nothing compiles")
file(TOUCH "${migrations}/0002_create_notes.sql")
consumer_build("${build}")
expect_output("${generator_ran}" "touched migration")
expect_no_output("Building|Linking" "touched migration: the generated files must keep their timestamps")

message(STATUS "-- a migration edited: the data file compiles, the files including the header do not")
file(APPEND "${migrations}/0002_create_notes.sql" "CREATE INDEX notes_by_user ON notes(user_id);\n")
consumer_build("${build}")
expect_output("${generator_ran}" "edited migration")
expect_output("${data_compiled}" "edited migration")
expect_no_output("${main_compiled}" "edited migration: the declarations-only header must not change")
consumer_run("${build}" 3)

message(STATUS "-- a migration added: CMake re-globs, the bundle grows")
file(WRITE "${migrations}/0004_add_notes_title.sql" "ALTER TABLE notes ADD COLUMN title TEXT;\n")
consumer_build("${build}")
expect_output("${generator_ran}" "added migration")
consumer_run("${build}" 4)

message(STATUS "-- a migration removed: the bundle shrinks again")
file(REMOVE "${migrations}/0004_add_notes_title.sql")
consumer_build("${build}")
expect_output("${generator_ran}" "removed migration")
consumer_run("${build}" 3)

message(STATUS "-- a file that is no migration: nothing runs (only *.sql, in any case, are dependencies)")
file(WRITE "${migrations}/README.md" "Migrations of the consumer test project.\n")
consumer_build("${build}")
expect_no_output("${generator_ran}" "added README")
expect_no_output("Building" "added README")
consumer_run("${build}" 3)

message(STATUS "-- a misnamed migration: the generator runs and refuses it, naming it")
file(WRITE "${migrations}/0004_typo.SQL" "CREATE TABLE typo (x);\n")
consumer_build_fails("${build}" "0004_typo\\.SQL:1:1: error: the extension must be lowercase"
  "a misnamed migration (not one that vanishes)")
file(REMOVE "${migrations}/0004_typo.SQL")
consumer_build("${build}")
consumer_run("${build}" 3)
