# `migbundle squash --dir DIR --upto ID`: migrations 1..ID become one baseline,
# `<ID>_baseline.sql` (first line `-- migbundle: baseline`), read from what they
# give and proven before any file moves; the squashed files move to
# DIR/.squashed (or --to). Checked the way a user meets it: the files left in
# each folder, the same bytes from two copies, every value's type and bytes in
# a database the squashed folder built against one the original files built
# (with the sqlite3 shell, as scripts/setup.sh installs it), a database that
# applied the original files going on (status: squashed) or refused below the
# baseline (exit 1, its bytes unchanged), refusals that leave the folder as it
# was (exit 2 for wrong usage, 1 for a problem in the migrations), the lock
# file, and --json read back.
include("${CMAKE_CURRENT_LIST_DIR}/cli_steps.cmake")

find_program(sqlite3 sqlite3 REQUIRED)

# folder_state(<var> <dir>...): every file and folder under the <dir>s (relative to WORK_DIR),
# hidden ones included, each with its SHA-256: compared before and after a refusal.
function(folder_state var)
  set(state "")
  foreach(dir IN LISTS ARGN)
    if(NOT EXISTS "${WORK_DIR}/${dir}")
      string(APPEND state "${dir}: missing\n")
      continue()
    endif()
    file(GLOB_RECURSE found LIST_DIRECTORIES true RELATIVE "${WORK_DIR}" "${WORK_DIR}/${dir}/*" "${WORK_DIR}/${dir}/.*")
    list(REMOVE_DUPLICATES found)
    list(SORT found)
    foreach(path IN LISTS found)
      if(IS_DIRECTORY "${WORK_DIR}/${path}")
        string(APPEND state "${path}/\n")
      else()
        file(SHA256 "${WORK_DIR}/${path}" checksum)
        string(APPEND state "${path} ${checksum}\n")
      endif()
    endforeach()
  endforeach()
  set(${var} "${state}" PARENT_SCOPE)
endfunction()

# refused(<exit> <regex> <why> <args>...): squash (or another command) exits with <exit>, says <regex>
# on stderr, and leaves the folders named in `watched` (set by the caller) exactly as they were.
function(refused expected_exit regex why)
  folder_state(before ${watched})
  migbundle(${expected_exit} ${ARGN})
  expect("${err}" "${regex}" "${why}")
  folder_state(after ${watched})
  expect_equal("${after}" "${before}" "${why}: ${watched} left as they were")
endfunction()

# query(<var> <db> <sql>): <sql>'s output from the sqlite3 shell (given on stdin: no list splitting at `;`).
function(query var db sql)
  string(MD5 name "${sql}")
  file(WRITE "${WORK_DIR}/query-${name}.sql" "${sql}")
  execute_process(COMMAND "${sqlite3}" -batch "${db}" WORKING_DIRECTORY "${WORK_DIR}"
    INPUT_FILE "${WORK_DIR}/query-${name}.sql" RESULT_VARIABLE code OUTPUT_VARIABLE result ERROR_VARIABLE problem)
  expect_equal("${code}" 0 "sqlite3 ${db}: ${problem}")
  set(${var} "${result}" PARENT_SCOPE)
endfunction()

# The repository's five, 0005 outside a transaction: squashed up to 4.
function(case_basic)
  copy_migrations("${REPO_MIGRATIONS}" migrations)
  set(squashed 0001_create_users.sql 0002_create_tasks.sql 0003_touch_tasks_trigger.sql 0004_tasks_priority.sql)
  set(bytes 0)
  foreach(file IN LISTS squashed)
    sha256_of("migrations/${file}" checksum_${file})
    file(SIZE "${WORK_DIR}/migrations/${file}" size)
    math(EXPR bytes "${bytes} + ${size}")
  endforeach()

  migbundle(0 squash --dir migrations --upto 4)
  expect_files(migrations .squashed 0004_baseline.sql 0005_write_ahead_log.sql)
  expect_files(migrations/.squashed ${squashed})
  foreach(file IN LISTS squashed)
    sha256_of("migrations/.squashed/${file}" moved)
    expect_equal("${moved}" "${checksum_${file}}" "${file} moved byte for byte")
  endforeach()
  file(SIZE "${WORK_DIR}/migrations/0004_baseline.sql" baseline_bytes)
  expect("${out}"
    "^squashed 4 migrations, 0001_create_users\\.sql to 0004_tasks_priority\\.sql \\(${bytes} B of SQL\\), into migrations/0004_baseline\\.sql \\(${baseline_bytes} B\\)\n  proven: applied to an empty database, it gives the schema, rows and header fields they give\n  moved 4 file\\(s\\) to migrations/\\.squashed\nA database that applied them keeps its history and goes on from 4; a new database applies the baseline\\.\nA database that stops below 4 is refused \\(below_baseline\\): migrate it first with a release built before this squash\\.\nKeeping a lock file\\? Run `migbundle lock` to record the baseline\\.\n$"
    "what it did, in these lines, the byte counts the files' sizes")
  expect_equal("${err}" "" "nothing on stderr (0005, outside a transaction, was not squashed)")

  file(STRINGS "${WORK_DIR}/migrations/0004_baseline.sql" lines)
  list(GET lines 0 first)
  expect_equal("${first}" "-- migbundle: baseline" "the baseline's first line is the directive")
  file(READ "${WORK_DIR}/migrations/0004_baseline.sql" baseline)
  expect("${baseline}" "\n-- Tables\nCREATE TABLE users \\(.*\n-- Indexes, views and triggers, after the rows so no trigger fires on them\nCREATE UNIQUE INDEX users_email .*CREATE TRIGGER tasks_touch AFTER UPDATE OF title, done, priority ON tasks\n"
    "tables, then indexes and triggers; 0004's trigger, not 0003's")
  expect_not("${baseline}" "tasks_new|INSERT INTO" "no trace of the rebuild, and no rows: the migrations insert none")
  expect_not("${baseline}" "${WORK_DIR}" "no absolute path in the baseline")

  migbundle(0 verify --dir migrations)
  expect("${out}" "^verified 2 migration\\(s\\) from migrations " "verify takes the squashed folder")
  migbundle(0 list --json --dir migrations)
  json_length(count "${out}" migrations)
  json_get(id "${out}" migrations 0 id)
  json_get(file "${out}" migrations 0 file)
  json_get(directive "${out}" migrations 0 directives 0)
  json_get(next "${out}" migrations 1 file)
  expect_equal("${count}|${id}|${file}|${directive}|${next}" "2|4|0004_baseline.sql|baseline|0005_write_ahead_log.sql"
    "list shows the baseline first, id 4, then 0005")

  # A new database built from it has the schema the five give.
  migbundle(0 apply --dir "${REPO_MIGRATIONS}" --db original.db)
  migbundle(0 apply --dir migrations --db squashed.db)
  set(schema "SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'migbundle%' ORDER BY type, name;\n")
  query(expected original.db "${schema}")
  query(actual squashed.db "${schema}")
  expect_equal("${actual}" "${expected}" "the same schema, object for object")
endfunction()

function(case_deterministic)
  copy_migrations("${REPO_MIGRATIONS}" one)
  copy_migrations("${REPO_MIGRATIONS}" sub/two)
  copy_migrations("${REPO_MIGRATIONS}" three)
  write_file(one/0006_rows.sql "INSERT INTO users (email, name, created_at) VALUES ('a@example.com', 'A', 'then');\n")
  file(COPY "${WORK_DIR}/one/0006_rows.sql" DESTINATION "${WORK_DIR}/sub/two")
  file(COPY "${WORK_DIR}/one/0006_rows.sql" DESTINATION "${WORK_DIR}/three")
  # 0005 outside a transaction is squashed too here: a warning, and the baseline still the same everywhere.
  migbundle(0 squash --dir one --upto 6)
  expect("${err}" "(^|\n)one/0005_write_ahead_log\\.sql:1:1: warning: runs outside a transaction" "the warning names 0005")
  migbundle(0 squash --dir "${WORK_DIR}/sub/two" --upto 6)
  migbundle(0 squash --dir ./sub/../three --upto 6)
  file(READ "${WORK_DIR}/one/0006_baseline.sql" first)
  file(READ "${WORK_DIR}/sub/two/0006_baseline.sql" second)
  file(READ "${WORK_DIR}/three/0006_baseline.sql" third)
  expect_equal("${second}" "${first}" "an absolute --dir gives the same bytes")
  expect_equal("${third}" "${first}" "a --dir through .. gives the same bytes")
  expect("${first}" "\n-- they are kept in \\.squashed\\. " "the default folder, as the folder sees it")

  # --to, relative or absolute: written relative to DIR, so no machine's path gets into the file.
  copy_migrations("${WORK_DIR}/one/.squashed" a/migrations)
  copy_migrations("${WORK_DIR}/one/.squashed" b/migrations)
  migbundle(0 squash --dir a/migrations --upto 6 --to a/old)
  migbundle(0 squash --dir b/migrations --upto 6 --to "${WORK_DIR}/b/old")
  file(READ "${WORK_DIR}/a/migrations/0006_baseline.sql" relative)
  file(READ "${WORK_DIR}/b/migrations/0006_baseline.sql" absolute)
  expect_equal("${absolute}" "${relative}" "an absolute --to gives the same bytes as a relative one")
  expect("${relative}" "\n-- they are kept in \\.\\./old\\. " "--to as the folder sees it")
  expect_not("${absolute}" "${WORK_DIR}" "no absolute path")
  string(REPLACE "kept in ../old." "kept in .squashed." relative "${relative}")
  expect_equal("${relative}" "${first}" "and otherwise the bytes of the others")
  expect("${first}" "\nINSERT INTO \"users\" \\(\"id\", \"email\", \"name\", \"created_at\"\\) VALUES \\(1, 'a@example\\.com', 'A', 'then'\\);\n"
    "the row, every column named")
endfunction()

# Values a naive dump gets wrong, each read back as its type and bytes (a REAL's eight bytes:
# hex() of a REAL goes through 15 digits of text, which would not tell 0.1 + 0.2 from 0.3).
set(tricky_values [=[
CREATE TABLE vals (id INTEGER PRIMARY KEY, v);
INSERT INTO vals (v) VALUES (NULL), (-9223372036854775807 - 1), (9223372036854775807), (0.1 + 0.2), (1e308),
  (9e999), (-9e999), (1.5), (3.0), (-0.0), ('it''s "quoted" \ back'), ('line one
line two'), ('a' || char(13) || 'b'), ('a' || char(13) || char(10) || 'b'), ('tab' || char(9) || 'end'),
  (CAST(X'C328FF' AS TEXT)), (char(0) || 'x'), ('日本'), (X'00FF10'), (X''), (''), ('-- not a comment; DROP TABLE vals;'),
  ('x' || char(10) || '  -- migbundle: no-transaction'), ('a' || char(10) || 'COMMIT;' || char(10) || 'BEGIN;');
CREATE TABLE plain (a TEXT, b INTEGER);
INSERT INTO plain VALUES ('x', 1), ('y', 2), ('z', 3);
DELETE FROM plain WHERE a = 'y';
CREATE TABLE kv (k TEXT PRIMARY KEY, v) WITHOUT ROWID;
INSERT INTO kv VALUES ('b', 2), ('a', NULL);
CREATE TABLE gen (id INTEGER PRIMARY KEY, a INTEGER,
  twice INTEGER GENERATED ALWAYS AS (a * 2) VIRTUAL, thrice INTEGER GENERATED ALWAYS AS (a * 3) STORED);
INSERT INTO gen (a) VALUES (5), (7);
CREATE TABLE counter (id INTEGER PRIMARY KEY AUTOINCREMENT, x);
INSERT INTO counter (x) VALUES (1), (2), (3);
DELETE FROM counter WHERE id >= 2;
CREATE TABLE descending (id INTEGER PRIMARY KEY DESC, x);
INSERT INTO descending (rowid, id, x) VALUES (10, 1, 'a'), (20, 2, 'b');
CREATE TABLE reals (r REAL);
INSERT INTO reals VALUES (3.0), (0.1), (-2.5);
PRAGMA user_version = 42;
]=])
set(tricky_dump [=[
SELECT 'vals', id, typeof(v), CASE typeof(v) WHEN 'real' THEN hex(ieee754_to_blob(v)) ELSE hex(v) END FROM vals ORDER BY id;
SELECT 'plain', rowid, typeof(a), hex(a), typeof(b), b FROM plain ORDER BY rowid;
SELECT 'kv', k, typeof(v), hex(v) FROM kv ORDER BY k;
SELECT 'gen', id, a, twice, thrice FROM gen ORDER BY id;
SELECT 'counter', id, x FROM counter ORDER BY id;
SELECT 'sequence', name, seq FROM sqlite_sequence ORDER BY name;
SELECT 'descending', rowid, id, x FROM descending ORDER BY rowid;
SELECT 'reals', rowid, typeof(r), hex(ieee754_to_blob(r)) FROM reals ORDER BY rowid;
SELECT 'user_version', user_version FROM pragma_user_version;
SELECT 'application_id', application_id FROM pragma_application_id;
SELECT 'schema', type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'migbundle%' ORDER BY type, name;
]=])

function(case_tricky_data)
  file(MAKE_DIRECTORY "${WORK_DIR}/migrations")
  write_file(migrations/0001_values.sql "${tricky_values}")
  write_file(migrations/0002_more.sql "INSERT INTO plain VALUES ('w', 4);\nPRAGMA application_id = 1234;\n")
  write_file(migrations/0003_after.sql "INSERT INTO counter (x) VALUES (4);\nINSERT INTO plain (a, b) VALUES ('v', 5);\n")
  copy_migrations("${WORK_DIR}/migrations" original)
  migbundle(0 apply --dir original --db original.db)

  migbundle(0 squash --dir migrations --upto 2)
  expect_files(migrations .squashed 0002_baseline.sql 0003_after.sql)
  file(READ "${WORK_DIR}/migrations/0002_baseline.sql" baseline)
  expect("${baseline}" "\nINSERT INTO \"vals\" \\(\"id\", \"v\"\\) VALUES \\(2, \\(-9223372036854775807 - 1\\)\\);\n" "INT64_MIN written so it stays an integer")
  expect("${baseline}" "\nINSERT INTO \"vals\" \\(\"id\", \"v\"\\) VALUES \\(4, 0\\.30000000000000004\\);\n" "0.1 + 0.2 in 17 digits")
  expect("${baseline}" "\nINSERT INTO \"vals\" \\(\"id\", \"v\"\\) VALUES \\(13, CAST\\(X'610D62' AS TEXT\\)\\);\n"
    "a CR as bytes: the file's line endings would lose it")
  expect("${baseline}" "\nINSERT INTO \"vals\" \\(\"id\", \"v\"\\) VALUES \\(23, CAST\\(X'780A20202D2D206D696762756E646C653A206E6F2D7472616E73616374696F6E' AS TEXT\\)\\);\n"
    "a line of text that reads as a directive, as bytes")
  expect("${baseline}" "\nINSERT INTO \"vals\" \\(\"id\", \"v\"\\) VALUES \\(24, 'a\nCOMMIT;\nBEGIN;'\\);\n"
    "COMMIT inside a string is text: the lint does not refuse it")
  expect("${baseline}" "\nINSERT INTO \"plain\" \\(rowid, \"a\", \"b\"\\) VALUES \\(3, 'z', 3\\);\n" "a table without INTEGER PRIMARY KEY keeps its rowids")
  expect("${baseline}" "\nINSERT INTO \"descending\" \\(rowid, \"id\", \"x\"\\) VALUES \\(10, 1, 'a'\\);\n"
    "INTEGER PRIMARY KEY DESC is no rowid alias: its rowids are kept")
  expect("${baseline}" "\nINSERT INTO \"gen\" \\(\"id\", \"a\"\\) VALUES \\(1, 5\\);\n" "generated columns are left to SQLite")
  expect("${baseline}" "\nDELETE FROM sqlite_sequence;\nINSERT INTO sqlite_sequence \\(name, seq\\) VALUES \\('counter', 3\\);\n"
    "the AUTOINCREMENT counter past the deleted rows")
  expect("${baseline}" "\n-- Header fields\nPRAGMA user_version = 42;\nPRAGMA application_id = 1234;\n$" "the header fields last")

  migbundle(0 apply --dir migrations --db squashed.db)
  expect("${out}" "^applied 0002_baseline\\.sql \\([0-9]+ ms\\)\napplied 0003_after\\.sql " "the baseline, then 0003")
  query(expected original.db "${tricky_dump}")
  query(actual squashed.db "${tricky_dump}")
  expect_equal("${actual}" "${expected}" "every value's type and bytes, rowids, counters and header fields as the original files give them")
  # Spot checks, so an empty dump on both sides cannot pass.
  expect("${actual}" "\nvals\\|2\\|integer\\|2D39323233333732303336383534373735383038\n" "INT64_MIN stays an integer")
  expect("${actual}" "\nvals\\|4\\|real\\|3FD3333333333334\n" "0.1 + 0.2, not 0.3")
  expect("${actual}" "\nvals\\|6\\|real\\|7FF0000000000000\n" "9e999 stays infinity")
  expect("${actual}" "\nvals\\|20\\|blob\\|\nvals\\|21\\|text\\|\n" "an empty blob and an empty string, not NULL")
  expect("${actual}" "\ncounter\\|4\\|4\nsequence\\|counter\\|4\n" "0003's row takes id 4: 2 and 3 stay used")
  expect("${actual}" "\nplain\\|5\\|text\\|76\\|integer\\|5\n" "0003's row takes rowid 5 after the kept rowid 4")
  expect("${actual}" "\nuser_version\\|42\napplication_id\\|1234\n" "the header fields")
endfunction()

# Rows are inserted before the triggers exist: an audit trigger does not log them twice.
function(case_trigger_not_refired)
  file(MAKE_DIRECTORY "${WORK_DIR}/migrations")
  write_file(migrations/0001_items.sql [=[
CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE audit (id INTEGER PRIMARY KEY, what TEXT);
CREATE TRIGGER item_audit AFTER INSERT ON item BEGIN INSERT INTO audit (what) VALUES ('added ' || NEW.name); END;
]=])
  write_file(migrations/0002_rows.sql "INSERT INTO item (name) VALUES ('x'), ('y');\n")
  write_file(migrations/0003_later.sql "INSERT INTO item (name) VALUES ('z');\n")
  migbundle(0 squash --dir migrations --upto 2)
  migbundle(0 apply --dir migrations --db app.db)
  query(audit app.db "SELECT id, what FROM audit ORDER BY id;\n")
  expect_equal("${audit}" "1|added x\n2|added y\n3|added z\n"
    "the squashed rows logged once, and the trigger still fires for 0003")
endfunction()

function(case_history)
  copy_migrations("${REPO_MIGRATIONS}" migrations)
  migbundle(0 apply --dir migrations --db old.db)
  migbundle(0 apply --dir migrations --db two.db --target 2)
  migbundle(0 squash --dir migrations --upto 4)
  write_file(migrations/0006_task_notes.sql "ALTER TABLE tasks ADD COLUMN notes TEXT;\n")

  migbundle(0 apply --dir migrations --db old.db)
  expect("${out}" "^applied 0006_task_notes\\.sql \\([0-9]+ ms\\)\nold\\.db: applied 1 migration\\(s\\); now at migration 6\n$"
    "a database that applied 1..5 applies only 6")
  migbundle(0 status --dir migrations --db old.db)
  foreach(id 1 2 3)
    expect("${out}" "\n${id} +\\(not in this directory\\) +squashed +[0-9-]+T[0-9:.]+Z " "${id} is squashed")
  endforeach()
  expect("${out}" "\n4 +0004_baseline\\.sql +squashed +[0-9-]+T" "4, recorded as 0004_tasks_priority, is squashed under the baseline")
  expect("${out}" "\n5 +0005_write_ahead_log\\.sql +applied +[0-9-]+T" "5 applied")
  expect("${out}" "\n6 +0006_task_notes\\.sql +applied +[0-9-]+T" "6 applied")
  expect("${out}" "\n2 applied, 0 pending, 0 modified, 0 unknown, 4 squashed \\(applied before the baseline replaced them\\)\nschema: no drift"
    "the summary counts the squashed ones apart; no drift")
  migbundle(0 status --dir migrations --db old.db --json)
  json_get(state "${out}" migrations 3 state)
  json_get(count "${out}" summary squashed)
  expect_equal("${state}|${count}" "squashed|4" "status --json: the baseline's row squashed, 4 squashed")

  # Stopped at 2: refused, the database untouched.
  file(SHA256 "${WORK_DIR}/two.db" before)
  migbundle(1 apply --dir migrations --db two.db)
  expect("${err}" "(^|\n)migrations/0004_baseline\\.sql:1:1: error: the database stops at migration 2, below the baseline of migrations up to 4: migrate it first with a release built before the squash\\."
    "below the baseline: refused, naming the baseline file and the release it needs")
  file(SHA256 "${WORK_DIR}/two.db" after)
  expect_equal("${after}" "${before}" "the refused database is byte for byte as it was")
  migbundle(1 apply --dir migrations --db two.db --json)
  json_get(kind "${out}" error kind)
  json_get(current "${out}" current_id)
  expect_equal("${kind}|${current}" "below_baseline|2" "--json: below_baseline, still at 2")

  # A new database: the baseline, then the rest.
  migbundle(0 apply --dir migrations --db fresh.db)
  expect("${out}" "^applied 0004_baseline\\.sql \\([0-9]+ ms\\)\napplied 0005_write_ahead_log\\.sql \\([0-9]+ ms\\)\napplied 0006_task_notes\\.sql \\([0-9]+ ms\\)\nfresh\\.db: applied 3 migration\\(s\\); now at migration 6\n$"
    "a fresh database applies the baseline, 5 and 6")
  set(schema "SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'migbundle%' ORDER BY type, name;\n")
  query(expected old.db "${schema}")
  query(actual fresh.db "${schema}")
  expect_equal("${actual}" "${expected}" "the fresh database and the old one have the same schema")
endfunction()

function(case_refusals)
  copy_migrations("${REPO_MIGRATIONS}" migrations)
  set(watched migrations aside)
  refused(2 "error: --upto 7: no migration in migrations has that id; its ids run from 1 to 5"
    "an --upto that is no migration's id" squash --dir migrations --upto 7)
  file(RENAME "${WORK_DIR}/migrations/0003_touch_tasks_trigger.sql" "${WORK_DIR}/migrations/0008_touch.sql")
  refused(2 "error: --upto 3: no migration in migrations has that id" "an --upto between two ids" squash --dir migrations --upto 3)
  file(RENAME "${WORK_DIR}/migrations/0008_touch.sql" "${WORK_DIR}/migrations/0003_touch_tasks_trigger.sql")
  refused(2 "error: --upto 1 takes in one migration only \\(`0001_create_users\\.sql`\\): a baseline would gain nothing"
    "--upto the first id" squash --dir migrations --upto 1)
  refused(2 "error: --name tasks_priority is the name of `0004_tasks_priority\\.sql`, which the baseline replaces"
    "--name of the migration the baseline replaces" squash --dir migrations --upto 4 --name tasks_priority)
  refused(2 "'--upto' is required" "no --upto" squash --dir migrations)

  # A collision in --to: an existing folder holding a file of that name.
  file(MAKE_DIRECTORY "${WORK_DIR}/aside")
  write_file(aside/0002_create_tasks.sql "-- someone else's\n")
  refused(2 "error: `aside/0002_create_tasks\\.sql` exists already; move it away, or name another folder with --to"
    "a file of that name in --to" squash --dir migrations --upto 4 --to aside)
  expect_files(migrations 0001_create_users.sql 0002_create_tasks.sql 0003_touch_tasks_trigger.sql 0004_tasks_priority.sql 0005_write_ahead_log.sql)
  # The same in the default folder, which then is not removed.
  file(MAKE_DIRECTORY "${WORK_DIR}/migrations/.squashed")
  write_file(migrations/.squashed/0003_touch_tasks_trigger.sql "-- an earlier squash's\n")
  refused(2 "error: `migrations/\\.squashed/0003_touch_tasks_trigger\\.sql` exists already"
    "a file of that name in .squashed" squash --dir migrations --upto 4)

  # A --to inside DIR that readers look into: refused before anything is made.
  refused(2 "error: --to migrations/kept is a visible folder inside migrations, whose \\.sql files the generator would refuse"
    "--to a subfolder that is not hidden" squash --dir migrations --upto 4 --to migrations/kept)
  if(EXISTS "${WORK_DIR}/migrations/kept")
    message(FATAL_ERROR "the folder squash created was left behind")
  endif()

  # An interrupted squash's temporary file: named, kept, and .squashed not created beside it.
  file(REMOVE_RECURSE "${WORK_DIR}/migrations/.squashed")
  write_file(migrations/.0004_baseline.sql.tmp "-- half written\n")
  refused(2 "error: `migrations/\\.0004_baseline\\.sql\\.tmp` exists: a squash was interrupted\\? Remove it and run again"
    "a leftover temporary file" squash --dir migrations --upto 4)
  expect_files(migrations .0004_baseline.sql.tmp 0001_create_users.sql 0002_create_tasks.sql 0003_touch_tasks_trigger.sql
    0004_tasks_priority.sql 0005_write_ahead_log.sql)

  # A virtual table: its rows are its module's.
  file(MAKE_DIRECTORY "${WORK_DIR}/virtual")
  write_file(virtual/0001_notes.sql "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);\n")
  write_file(virtual/0002_search.sql "CREATE VIRTUAL TABLE notes_search USING fts5(body);\nINSERT INTO notes_search (body) VALUES ('hello');\n")
  set(watched virtual)
  refused(1 "error: virtual table `notes_search` cannot go into a baseline: its rows live in its module's own tables\\. Squash below the migration that creates it"
    "a virtual table" squash --dir virtual --upto 2)

  # A squashed migration that fails: its file, line and column.
  file(MAKE_DIRECTORY "${WORK_DIR}/broken")
  write_file(broken/0001_a.sql "CREATE TABLE a (x);\n")
  write_file(broken/0002_b.sql "CREATE TABLE b (x);\n\nINSERT INTO missing VALUES (1);\n")
  write_file(broken/0003_c.sql "CREATE TABLE c (x);\n")
  set(watched broken)
  refused(1 "(^|\n)broken/0002_b\\.sql:3:1: error: no such table: missing" "an SQL error, at its file:line:col" squash --dir broken --upto 3)

  # A baseline directive anywhere but on the first migration, by hand: verify and generate refuse it there.
  file(MAKE_DIRECTORY "${WORK_DIR}/misplaced")
  write_file(misplaced/0001_a.sql "CREATE TABLE a (x);\n")
  write_file(misplaced/0002_b.sql "-- the second\n-- migbundle: baseline\nCREATE TABLE b (x);\n")
  set(watched misplaced)
  set(message "(^|\n)misplaced/0002_b\\.sql:2:1: error: a baseline stands for every migration up to its id, so it must be the first, and `0001_a\\.sql` comes before it")
  refused(1 "${message}" "verify: a baseline that is not first, at its directive's line" verify --dir misplaced)
  refused(1 "${message}" "generate: the same" generate --dir misplaced --out out/m.hpp --namespace app::db)
  if(EXISTS "${WORK_DIR}/out/m.hpp")
    message(FATAL_ERROR "generate wrote a header for a misplaced baseline")
  endif()
  # First, but outside a transaction, or with a down.
  file(REMOVE "${WORK_DIR}/misplaced/0001_a.sql")
  write_file(misplaced/0002_b.sql "-- migbundle: no-transaction\n-- migbundle: baseline\nCREATE TABLE b (x);\n")
  refused(1 "(^|\n)misplaced/0002_b\\.sql:2:1: error: a baseline runs in one transaction, all or nothing: remove `no-transaction`"
    "a no-transaction baseline" verify --dir misplaced)
  write_file(misplaced/0002_b.sql "-- migbundle: baseline\nCREATE TABLE b (x);\n")
  write_file(misplaced/0002_b.down.sql "DROP TABLE b;\n")
  refused(1 "(^|\n)misplaced/0002_b\\.sql:1:1: error: a baseline has no down" "a baseline with a down" verify --dir misplaced)
endfunction()

function(case_lock)
  copy_migrations("${REPO_MIGRATIONS}" migrations)
  migbundle(0 lock --dir migrations --lock migbundle.lock)
  migbundle(0 squash --dir migrations --upto 4)
  # The lock records 1..5; the baseline stands for 1..4.
  migbundle(0 verify --dir migrations --lock migbundle.lock)
  migbundle(0 generate --dir migrations --out out/m.hpp --namespace app::db --lock migbundle.lock)
  file(READ "${WORK_DIR}/out/m.hpp" header)
  expect("${header}" "0004_baseline\\.sql" "generate --lock embeds the baseline")

  migbundle(0 lock --dir migrations --lock migbundle.lock)
  expect("${out}" "^migbundle\\.lock: 2 migration\\(s\\) locked \\(1 new, 4 squashed replaced by the baseline\\)\n$"
    "lock says what it replaced (no wrapped-around count)")
  file(READ "${WORK_DIR}/migbundle.lock" text)
  sha256_of(migrations/0004_baseline.sql baseline)
  sha256_of(migrations/0005_write_ahead_log.sql fifth)
  json_length(count "${text}" migrations)
  json_get(id0 "${text}" migrations 0 id)
  json_get(file0 "${text}" migrations 0 file)
  json_get(checksum0 "${text}" migrations 0 checksum)
  json_get(id1 "${text}" migrations 1 id)
  json_get(checksum1 "${text}" migrations 1 checksum)
  expect_equal("${count}|${id0}|${file0}|${checksum0}|${id1}|${checksum1}" "2|4|0004_baseline.sql|${baseline}|5|${fifth}"
    "the lock holds the baseline and 0005, nothing squashed")
  expect_not("${text}" "0001_create_users|0004_tasks_priority" "no squashed file is named")
  migbundle(0 lock --dir migrations --lock migbundle.lock)
  expect("${out}" "locked \\(0 new\\)\n$" "a second run finds nothing new")
  migbundle(0 verify --dir migrations --lock migbundle.lock)

  # Edited after it was locked: refused, naming the baseline.
  file(APPEND "${WORK_DIR}/migrations/0004_baseline.sql" "-- edited\n")
  sha256_of(migrations/0004_baseline.sql edited)
  set(message "(^|\n)migrations/0004_baseline\\.sql:1:1: error: was changed after it was released: the lock file records checksum ${baseline}, the file now has ${edited}\\.")
  migbundle(1 verify --dir migrations --lock migbundle.lock)
  expect("${err}" "${message}" "verify --lock refuses the edited baseline")
  migbundle(1 generate --dir migrations --out out/m.hpp --namespace app::db --lock migbundle.lock)
  expect("${err}" "${message}" "generate --lock too")
  migbundle(1 lock --dir migrations --lock migbundle.lock)
  expect("${err}" "${message}" "and lock")
endfunction()

function(case_json)
  copy_migrations("${REPO_MIGRATIONS}" migrations)
  write_file(migrations/0002_create_tasks.down.sql "DROP TABLE tasks;\nDROP TABLE projects;\n")
  set(bytes 0)
  foreach(file 0001_create_users.sql 0002_create_tasks.sql 0003_touch_tasks_trigger.sql)
    file(SIZE "${WORK_DIR}/migrations/${file}" size)
    math(EXPR bytes "${bytes} + ${size}")
  endforeach()
  migbundle(0 squash --dir migrations --upto 3 --name initial_schema --to old --json)
  file(SIZE "${WORK_DIR}/migrations/0003_initial_schema.sql" after)
  json_get(baseline "${out}" baseline)
  json_get(id "${out}" id)
  json_get(squashed "${out}" squashed)
  json_get(before_bytes "${out}" sql_bytes_before)
  json_get(after_bytes "${out}" sql_bytes_after)
  json_get(moved_to "${out}" moved_to)
  expect_equal("${baseline}|${id}|${squashed}|${before_bytes}|${after_bytes}|${moved_to}"
    "migrations/0003_initial_schema.sql|3|3|${bytes}|${after}|old" "the result: --name, --to, byte counts")
  string(JSON id_type TYPE "${out}" id)
  expect_equal("${id_type}" NUMBER "id is a number")
  json_length(count "${out}" moved)
  set(moved "")
  foreach(index RANGE 0 3)
    json_get(file "${out}" moved ${index})
    list(APPEND moved "${file}")
  endforeach()
  expect_equal("${count}|${moved}"
    "4|0001_create_users.sql;0002_create_tasks.sql;0002_create_tasks.down.sql;0003_touch_tasks_trigger.sql"
    "moved: every file, the down beside its migration")
  expect_files(old 0001_create_users.sql 0002_create_tasks.sql 0002_create_tasks.down.sql 0003_touch_tasks_trigger.sql)
  expect_files(migrations 0003_initial_schema.sql 0004_tasks_priority.sql 0005_write_ahead_log.sql)
  expect_equal("${err}" "" "nothing on stderr")
endfunction()

# --load-extension: a generated column and a view call normalize() from a real extension.
function(case_load_extension)
  file(MAKE_DIRECTORY "${WORK_DIR}/migrations")
  write_file(migrations/0001_names.sql "CREATE TABLE names (raw TEXT, key TEXT GENERATED ALWAYS AS (normalize(raw)) STORED);\n")
  write_file(migrations/0002_rows.sql "INSERT INTO names (raw) VALUES ('  Hello World ');\nCREATE VIEW keys AS SELECT normalize(raw) AS k FROM names;\n")
  set(watched migrations)
  refused(1 "(^|\n)migrations/0001_names\\.sql:1:61: error: no such function: normalize"
    "without the extension: the migration that needs it, at its column" squash --dir migrations --upto 2)
  migbundle(0 squash --dir migrations --upto 2 --load-extension "${TEST_EXTENSION}")
  file(READ "${WORK_DIR}/migrations/0002_baseline.sql" baseline)
  expect("${baseline}" "\nINSERT INTO \"names\" \\(rowid, \"raw\"\\) VALUES \\(1, '  Hello World '\\);\n"
    "the stored generated column left to SQLite")
  migbundle(0 verify --dir migrations --load-extension "${TEST_EXTENSION}")
  migbundle(0 apply --dir migrations --db app.db --load-extension "${TEST_EXTENSION}")
  query(keys app.db "SELECT raw, key FROM names;\n")
  expect("${keys}" "^  Hello World \\|[^|\n]+\n$" "the key computed again by the extension")
endfunction()

function(case_help)
  migbundle(0 squash --help)
  expect("${out}" "^usage: migbundle squash --dir DIR --upto ID \\[--name NAME\\] \\[--to FOLDER\\] \\[--load-extension FILE\\]\\.\\.\\. \\[--json\\]\n"
    "the synopsis")
  foreach(option --dir --upto --name --to --load-extension --json)
    expect("${out}" "${option}" "help names ${option}")
  endforeach()
  migbundle(0 --help)
  expect("${out}" "\n  squash +replace the migrations up to an id by one proven baseline" "the usage lists squash")
endfunction()

# verify proves a baseline again while DIR/.squashed holds what it replaced: an
# edited baseline (or edited squashed files) fails at the baseline; without the
# folder, verify says it did not prove it, and passes.
function(case_verify_proof)
  copy_migrations("${REPO_MIGRATIONS}" migrations)
  migbundle(0 squash --dir migrations --upto 4)
  migbundle(0 verify --dir migrations)
  expect("${out}" "\nproved baseline 0004_baseline\\.sql: it gives the schema, rows and header fields of the 4 migrations in migrations/\\.squashed\n"
    "verify proves the baseline against .squashed")

  file(READ "${WORK_DIR}/migrations/0004_baseline.sql" baseline)
  string(REPLACE "BETWEEN 1 AND 3" "BETWEEN 1 AND 4" edited "${baseline}")
  if(edited STREQUAL baseline)
    message(FATAL_ERROR "the baseline has no `BETWEEN 1 AND 3` to edit:\n${baseline}")
  endif()
  file(WRITE "${WORK_DIR}/migrations/0004_baseline.sql" "${edited}")
  migbundle(1 verify --dir migrations)
  expect("${err}" "(^|\n)migrations/0004_baseline\\.sql:1:1: error: does not give what the 4 migrations in migrations/\\.squashed give \\(it was edited, or they were: squash again from the released files\\): the schema differs"
    "an edited baseline fails verify at the baseline")
  expect("${err}" "\n-  priority   INTEGER NOT NULL DEFAULT 2 CHECK \\(priority BETWEEN 1 AND 4\\),\n\\+  priority   INTEGER NOT NULL DEFAULT 2 CHECK \\(priority BETWEEN 1 AND 3\\),\n"
    "the diff shows the edited line")

  file(REMOVE_RECURSE "${WORK_DIR}/migrations/.squashed")
  migbundle(0 verify --dir migrations)
  expect("${out}" "\nbaseline 0004_baseline\\.sql not proven again: the migrations it squashed are not in migrations/\\.squashed \\(squash proved it when it wrote it\\)\n"
    "without .squashed, verify says so")
endfunction()

run_case()
