# add_migrations(LAYOUT): a consumer keeps another tool's folder as it is.
#   drizzle  (LAYOUT drizzle, with VERIFY): the journal and the statement
#            breakpoints read at build time; a migration added through the
#            journal is picked up by the next build. With ADOPT drizzle the
#            program adopts a database drizzle migrated (its table built here
#            with the sqlite3 CLI and CMake's own SHA-256), then applies the rest.
#   diesel   (LAYOUT auto): a folder per migration, detected; a new folder
#            re-globs and the bundle grows.
#   A LAYOUT migbundle does not know stops configure, listing the ones it does,
#   and that list equals the generator's.
#   -DPREFIX=<install prefix>  -DGENERATOR_EXE=<the migbundle command>
include("${CMAKE_CURRENT_LIST_DIR}/consumer_steps.cmake")

set(source "${WORK_DIR}/source")
file(REMOVE_RECURSE "${source}")
file(COPY "${CONSUMER_SOURCE_DIR}/" DESTINATION "${source}")

message(STATUS "-- drizzle: meta/_journal.json orders the files; breakpoints split nothing that runs")
set(drizzle "${source}/drizzle")
file(WRITE "${drizzle}/0000_first_users.sql"
  "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n--> statement-breakpoint\n"
  "CREATE INDEX users_by_name ON users (name);\n")
file(WRITE "${drizzle}/0001_second_notes.sql"
  "CREATE TABLE notes (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id));\n")
function(write_journal)
  set(entries "")
  foreach(tag IN LISTS ARGN)
    string(REGEX MATCH "^[0-9]+" idx "${tag}")
    math(EXPR idx "${idx}")
    if(entries)
      string(APPEND entries ",\n")
    endif()
    string(APPEND entries "    {\"idx\": ${idx}, \"version\": \"6\", \"when\": 170000000000${idx}, \"tag\": \"${tag}\", \"breakpoints\": true}")
  endforeach()
  file(WRITE "${drizzle}/meta/_journal.json"
    "{\n  \"version\": \"7\",\n  \"dialect\": \"sqlite\",\n  \"entries\": [\n${entries}\n  ]\n}\n")
endfunction()
write_journal(0000_first_users 0001_second_notes)

set(build "${WORK_DIR}/drizzle-build")
consumer_configure("${build}" "${source}" -DCONSUMER_MIGBUNDLE=package "-DCMAKE_PREFIX_PATH=${PREFIX}"
  -DCONSUMER_MIGRATIONS_DIR=drizzle -DCONSUMER_LAYOUT=drizzle -DCONSUMER_VERIFY=ON)
consumer_build("${build}")
expect_output("Verifying migrations" "VERIFY with a layout")
consumer_run("${build}" 2)

message(STATUS "-- drizzle: a third migration, listed in the journal, is built in")
file(WRITE "${drizzle}/0002_third_titles.sql" "ALTER TABLE notes ADD COLUMN title TEXT;\n")
write_journal(0000_first_users 0001_second_notes 0002_third_titles)
consumer_build("${build}")
expect_output("Embedding migrations" "a journal entry added")
consumer_run("${build}" 3)

message(STATUS "-- drizzle, ADOPT drizzle: the program adopts a database drizzle migrated, then applies the rest")
# As drizzle's migrator leaves it after the first two: their SQL run, and a row each
# with the file's SHA-256 and its journal `when` (docs/peer-tracking-tables.md).
find_program(sqlite3_cli sqlite3 REQUIRED)
set(adopt_db "${WORK_DIR}/adopt.db")
file(REMOVE "${adopt_db}")
file(SHA256 "${drizzle}/0000_first_users.sql" hash_0)
file(SHA256 "${drizzle}/0001_second_notes.sql" hash_1)
file(READ "${drizzle}/0000_first_users.sql" sql_0)
file(READ "${drizzle}/0001_second_notes.sql" sql_1)
consumer_execute("${sqlite3_cli}" "${adopt_db}" "${sql_0}${sql_1}
CREATE TABLE IF NOT EXISTS \"__drizzle_migrations\" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric);
INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('${hash_0}', 1700000000000), ('${hash_1}', 1700000000001);")
if(NOT consumer_result EQUAL 0)
  message(FATAL_ERROR "could not build the drizzle database:\n${consumer_output}")
endif()
set(build "${WORK_DIR}/drizzle-adopt-build")
consumer_configure("${build}" "${source}" -DCONSUMER_MIGBUNDLE=package "-DCMAKE_PREFIX_PATH=${PREFIX}"
  -DCONSUMER_MIGRATIONS_DIR=drizzle -DCONSUMER_LAYOUT=drizzle -DCONSUMER_ADOPT=drizzle)
consumer_build("${build}")
consumer_run("${build}" 1 "${adopt_db}")
expect_output("consumer: adopted 2 from drizzle\n" "the two migrations drizzle applied are adopted")
consumer_run("${build}" 0 "${adopt_db}")
expect_output("consumer: adopted 0 from drizzle\n" "a second start adopts nothing")
set(build "${WORK_DIR}/drizzle-build")

message(STATUS "-- drizzle: a piece before a breakpoint without its `;` fails the build at file:line")
file(WRITE "${drizzle}/0002_third_titles.sql"
  "ALTER TABLE notes ADD COLUMN title TEXT\n--> statement-breakpoint\nALTER TABLE notes ADD COLUMN body TEXT;\n")
consumer_build_fails("${build}"
  "0002_third_titles\\.sql:2:1: error: has a `--> statement-breakpoint` after a statement without its closing `;`"
  "a breakpoint after an unfinished statement")

message(STATUS "-- diesel, detected: a folder per migration")
set(diesel "${source}/diesel")
file(WRITE "${diesel}/2024-01-01-000000_create_users/up.sql" "CREATE TABLE users (id INTEGER PRIMARY KEY);\n")
file(WRITE "${diesel}/2024-01-01-000000_create_users/down.sql" "DROP TABLE users;\n")
file(WRITE "${diesel}/2024-02-01-000000_create_notes/up.sql" "CREATE TABLE notes (id INTEGER PRIMARY KEY);\n")
set(build "${WORK_DIR}/diesel-build")
consumer_configure("${build}" "${source}" -DCONSUMER_MIGBUNDLE=package "-DCMAKE_PREFIX_PATH=${PREFIX}"
  -DCONSUMER_MIGRATIONS_DIR=diesel -DCONSUMER_LAYOUT=auto)
consumer_build("${build}")
expect_output("read as the `diesel` layout" "auto says what it detected")
consumer_run("${build}" 2)
file(WRITE "${diesel}/2024-03-01-000000_add_title/up.sql" "ALTER TABLE notes ADD COLUMN title TEXT;\n")
consumer_build("${build}")
expect_output("Embedding migrations" "a migration folder added")
consumer_run("${build}" 3)
# The name is the folder's, not a slice of `…/up.sql` (bundle format 3 keeps its length).
expect_output("consumer: migration 20240301000000 add_title\n" "the bundle names a diesel migration by its folder")

message(STATUS "-- an unknown LAYOUT stops configure, naming the ones there are")
set(cmake_layouts "auto, migbundle, drizzle, wrangler, sqlx, goose, dbmate, golang-migrate, diesel, flyway, prisma, maragudk, popx, sql-migrate")
consumer_configure_fails("${WORK_DIR}/bad-build" "${source}" "LAYOUT 'flyaway' is not a layout migbundle reads; it reads ${cmake_layouts}\\."
  -DCONSUMER_MIGBUNDLE=package "-DCMAKE_PREFIX_PATH=${PREFIX}" -DCONSUMER_LAYOUT=flyaway)
consumer_execute("${GENERATOR_EXE}" list --help)
string(REGEX REPLACE "[ \t\r\n]+" " " help "${consumer_output}")
string(REGEX MATCH "how the directory is laid out: ([a-z, -]+) \\(auto" generator_list "${help}")
if(NOT CMAKE_MATCH_1 STREQUAL cmake_layouts)
  message(FATAL_ERROR "the generator's layouts ('${CMAKE_MATCH_1}') are not add_migrations()'s ('${cmake_layouts}')")
endif()
