# Downs in a consumer build: add_migrations(... VERIFY) proves each down (up,
# down, up again) and a down that does not undo its up fails the build at the
# down's file; the program links rollback() and uses the generated `downs`.
#   -DPREFIX=<install prefix>
include("${CMAKE_CURRENT_LIST_DIR}/consumer_steps.cmake")

set(source "${WORK_DIR}/source")
set(migrations "${source}/migrations")
file(REMOVE_RECURSE "${source}")
file(COPY "${CONSUMER_SOURCE_DIR}/" DESTINATION "${source}")
file(WRITE "${migrations}/0001_create_users.down.sql" "DROP TABLE users;\n")
file(WRITE "${migrations}/0002_create_notes.down.sql" "-- notes first: they reference users\nDROP TABLE notes;\n")
file(WRITE "${migrations}/0003_seed_users.down.sql"
  "DELETE FROM users WHERE email IN ('ada@example.com', 'semi;colon@example.com');\n")
set(package_args -DCONSUMER_MIGBUNDLE=package "-DCMAKE_PREFIX_PATH=${PREFIX}" -DCONSUMER_VERIFY=ON -DCONSUMER_DOWNS=ON)

message(STATUS "-- downs that undo their ups: verified at build time; the program rolls back and forward")
set(binary "${WORK_DIR}/build")
consumer_configure("${binary}" "${source}" ${package_args})
consumer_build("${binary}")
expect_output("verified 3 down\\(s\\): each gives back the schema before its up" "the build proves the downs")
file(REMOVE "${WORK_DIR}/app.db")
consumer_run("${binary}" 2 "${WORK_DIR}/app.db")  # 3 applied, 2 reverted, the same 2 applied again
expect_output("consumer: reverted 2, now at 1" "rollback() to the first migration, with the embedded downs")

message(STATUS "-- a down that leaves something behind: the build fails at the down's file")
file(WRITE "${migrations}/0002_create_notes.down.sql" "-- forgot the table\nSELECT 1;\n")
string(REGEX REPLACE "([][.*+?^$(){}|\\\\])" "\\\\\\1" down_re "${migrations}/0002_create_notes.down.sql")
consumer_build_fails("${binary}"
  "(^|\n)${down_re}:1:1: error: reverting migration 2 with this down does not give back the schema before it: table `notes` is left over"
  "a down that leaves its table behind, named with what it left")

message(STATUS "-- fixed: the build succeeds again")
file(WRITE "${migrations}/0002_create_notes.down.sql" "DROP TABLE notes;\n")
consumer_build("${binary}")
file(REMOVE "${WORK_DIR}/app.db")
consumer_run("${binary}" 2 "${WORK_DIR}/app.db")
