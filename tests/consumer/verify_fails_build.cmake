# add_migrations(... VERIFY) turns bad SQL into a failed build with a line an
# IDE or CI can click: `<absolute path>/0004_add_tags.sql:3:54: error: ...`.
# Works on a copy of the consumer project, since it adds a migration.
#   -DPREFIX=<install prefix> -DEXTENSION_SOURCE=<C source of an extension registering normalize()>
# Steps: VERIFY with good migrations builds and runs; a migration with a syntax
# error then fails the build (and the next build too: a failed check leaves no
# stamp behind); without VERIFY the same SQL builds, which is why VERIFY exists.
include("${CMAKE_CURRENT_LIST_DIR}/consumer_steps.cmake")

set(source "${WORK_DIR}/source")
set(migrations "${source}/migrations")
file(COPY "${CONSUMER_SOURCE_DIR}/" DESTINATION "${source}")
set(package_args -DCONSUMER_MIGBUNDLE=package "-DCMAKE_PREFIX_PATH=${PREFIX}")

message(STATUS "-- VERIFY with good migrations: the check runs and the build succeeds")
set(verified "${WORK_DIR}/verified")
consumer_configure("${verified}" "${source}" ${package_args} -DCONSUMER_VERIFY=ON)
consumer_build("${verified}")
expect_output("Verifying migrations of " "the verify step runs as part of the build")
consumer_run("${verified}" 3)

message(STATUS "-- a migration with bad SQL: the build fails at its file, line and column")
file(WRITE "${migrations}/0004_add_tags.sql"
  "-- Added on a branch: a comma is missing between the rows.\n"
  "CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n"
  "INSERT INTO tags (name) VALUES ('urgent'), ('later') ('someday');\n")
string(REGEX REPLACE "([][.*+?^$(){}|\\\\])" "\\\\\\1" bad_file_re "${migrations}/0004_add_tags.sql")
set(diagnostic "(^|\n)${bad_file_re}:3:54: error: near \"\\(\": syntax error")
foreach(attempt first second)
  consumer_build_fails("${verified}" "${diagnostic}" "the ${attempt} build with bad SQL, naming the file, line and column")
endforeach()

message(STATUS "-- the same SQL without VERIFY: the generator alone does not run it, so it builds")
consumer_configure("${WORK_DIR}/unverified" "${source}" ${package_args} -DCONSUMER_VERIFY=OFF)
consumer_build("${WORK_DIR}/unverified")
expect_no_output("Verifying migrations" "no verify step without VERIFY")

message(STATUS "-- the SQL fixed: the verified build succeeds again")
file(WRITE "${migrations}/0004_add_tags.sql"
  "CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n"
  "INSERT INTO tags (name) VALUES ('urgent'), ('later'), ('someday');\n")
consumer_build("${verified}")
expect_output("Verifying migrations of " "the fixed migration is verified")
consumer_run("${verified}" 4)

message(STATUS "-- a migration that calls the application's own SQL function: VERIFY needs LOAD_EXTENSION")
file(WRITE "${migrations}/0005_tag_names.sql"
  "UPDATE tags SET name = normalize('  ' || upper(name) || '  ');\n")
consumer_build_fails("${verified}" "0005_tag_names.sql:1:[0-9]+: error: no such function: normalize"
  "VERIFY of a migration calling normalize(), which nothing registered")
set(extended "${WORK_DIR}/extended")
consumer_configure("${extended}" "${source}" ${package_args} -DCONSUMER_VERIFY=ON
  "-DCONSUMER_EXTENSION_SOURCE=${EXTENSION_SOURCE}")
consumer_build("${extended}")
expect_output("Verifying migrations of " "with LOAD_EXTENSION the extension is built and verify passes")
