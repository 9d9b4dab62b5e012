# `migbundle verify`: applies a directory to an in-memory database. Good input
# passes; bad SQL and lint errors fail with exit 1 and `path:line:col: error:`
# at the exact place in the file as it is on disk (CRLF and a byte-order mark
# included); a lint warning alone passes and is printed; --lock catches an edit.
# --engine postgres lints for PostgreSQL (statements split as psql does) and applies nothing.
include("${CMAKE_CURRENT_LIST_DIR}/cli_steps.cmake")

function(case_good)
  migbundle(0 verify --dir "${REPO_MIGRATIONS}")
  expect("${out}" "^verified 5 migration\\(s\\) from " "the demo's five migrations verify")
  expect_not("${err}" "warning|error" "nothing on stderr")
endfunction()

function(case_syntax_error)
  copy_migrations("${INPUTS}/syntax_error" migrations)
  migbundle(1 verify --dir migrations)
  # 'Zoë' 'x' on line 6: the second literal starts at character 43 (byte 44, as ë is two bytes).
  expect("${err}" "(^|\n)migrations/0002_x\\.sql:6:43: error: near \"'x'\": syntax error"
    "the error is at line 6, column 43 of the file")
  expect("${err}" "migration 2\\. It was rolled back\\. The database is left at migration 1\\."
    "it says which statement failed and where the database stands")
  expect_not("${out}" "verified" "nothing is claimed verified")
endfunction()

function(case_syntax_error_crlf_bom)
  copy_migrations("${INPUTS}/syntax_error" migrations)
  with_crlf_and_bom(migrations/0002_x.sql)
  migbundle(1 verify --dir migrations)
  expect("${err}" "(^|\n)migrations/0002_x\\.sql:6:43: error: near \"'x'\": syntax error"
    "CRLF line endings and a byte-order mark do not move the position")
endfunction()

function(case_syntax_error_line_one_after_bom)
  copy_migrations("${INPUTS}/syntax_error_line_one" migrations)
  with_crlf_and_bom(migrations/0002_x.sql)
  migbundle(1 verify --dir migrations)
  # The byte-order mark is invisible in an editor: the second comma is column 19, as without it.
  expect("${err}" "(^|\n)migrations/0002_x\\.sql:1:19: error: near \",\": syntax error"
    "an error on line 1 after a byte-order mark is at the column an editor shows")
endfunction()

function(case_lint_error)
  copy_migrations("${INPUTS}/lint_error" migrations)
  migbundle(1 verify --dir migrations)
  expect("${err}" "(^|\n)migrations/0002_x\\.sql:3:3: error: `COMMIT` inside a migration"
    "transaction control is refused at its line and column")
  expect_not("${out}" "verified" "nothing is claimed verified")

  with_crlf_and_bom(migrations/0002_x.sql)
  migbundle(1 verify --dir migrations)
  expect("${err}" "(^|\n)migrations/0002_x\\.sql:3:3: error: `COMMIT`" "the same place in a CRLF file with a BOM")
endfunction()

function(case_lint_warning)
  copy_migrations("${INPUTS}/lint_warning" migrations)
  migbundle(0 verify --dir migrations)
  expect("${err}" "(^|\n)migrations/0002_x\\.sql:2:1: warning: `PRAGMA foreign_keys` is a no-op inside a transaction"
    "the warning is printed on stderr, at its line")
  expect_not("${err}" "error:" "a warning alone is no error")
  expect("${out}" "^verified 2 migration\\(s\\)" "a warning alone does not stop verify")
endfunction()

function(case_lock_edited)
  copy_migrations("${REPO_MIGRATIONS}" migrations)
  migbundle(0 lock --dir migrations --lock migbundle.lock)
  migbundle(0 verify --dir migrations --lock migbundle.lock)
  sha256_of(migrations/0002_create_tasks.sql before)
  file(APPEND "${WORK_DIR}/migrations/0002_create_tasks.sql" "CREATE INDEX tasks_by_title ON tasks (title);\n")
  sha256_of(migrations/0002_create_tasks.sql after)
  migbundle(1 verify --dir migrations --lock migbundle.lock)
  expect("${err}" "(^|\n)migrations/0002_create_tasks\\.sql:1:1: error: was changed after it was released: the lock file records checksum ${before}, the file now has ${after}\\."
    "an edited released migration fails verify, naming the file and both checksums")
  expect_not("${out}" "verified" "nothing is claimed verified")
  # Without --lock the edit is fine SQL.
  migbundle(0 verify --dir migrations)
endfunction()

function(case_lock_path)
  copy_migrations("${REPO_MIGRATIONS}" migrations)
  # A mistyped --lock path must not quietly turn the protection off.
  migbundle(2 verify --dir migrations --lock migbundel.lock)
  expect("${err}" "lock file `migbundel\\.lock` does not exist.*only `migbundle lock --dir <migrations> --lock migbundel\\.lock` creates"
    "a missing lock file is wrong usage, naming it and what creates one")
  expect_not("${out}" "verified" "nothing is claimed verified")
  migbundle(0 verify --dir migrations --lock migbundel.lock --allow-missing-lock)
  expect("${out}" "^verified 5 " "--allow-missing-lock takes it as empty")
  if(EXISTS "${WORK_DIR}/migbundel.lock")
    message(FATAL_ERROR "verify created the lock file")
  endif()
  file(MAKE_DIRECTORY "${WORK_DIR}/locks")
  migbundle(2 verify --dir migrations --lock locks)
  expect("${err}" "lock file `locks` is a directory; give the path of the lock file itself" "a directory says so")
  expect_not("${err}" "internal error" "no internal error")
  migbundle(2 lock --dir migrations --lock locks)
  expect("${err}" "is a directory" "lock says so too")
  migbundle(2 generate --dir migrations --out out/m.hpp --namespace app::db --lock migbundel.lock)
  expect("${err}" "migbundel\\.lock` does not exist" "generate --lock too")
endfunction()

function(case_other_tools)
  file(MAKE_DIRECTORY "${WORK_DIR}/goose")
  write_file(goose/0001_users.sql "-- +goose Up\nCREATE TABLE users (id INTEGER PRIMARY KEY);\n\n-- +goose Down\nDROP TABLE users;\n")
  migbundle(1 verify --dir goose)
  expect("${err}" "(^|\n)goose/0001_users\\.sql:4:1: error: looks like a goose migration: migbundle runs the whole file as one migration, including this Down section.*Keep only the up part"
    "goose: the Down marker's line, the tool, what to do")
  expect_not("${out}" "verified" "a goose file does not verify")

  file(MAKE_DIRECTORY "${WORK_DIR}/dbmate")
  write_file(dbmate/20240101000000_users.sql "-- migrate:up\nCREATE TABLE users (id INTEGER PRIMARY KEY);\n-- migrate:down\nDROP TABLE users;\n")
  migbundle(1 verify --dir dbmate)
  expect("${err}" "(^|\n)dbmate/20240101000000_users\\.sql:3:1: error: looks like a dbmate migration" "dbmate: at its down marker")

  # golang-migrate and sqlx pairs: a down without `<id>_<name>.sql` beside it is refused, pointing at the
  # layout that reads such pairs, not reported as a duplicate id; a lone one is refused too.
  file(MAKE_DIRECTORY "${WORK_DIR}/updown")
  write_file(updown/0001_users.up.sql "CREATE TABLE users (id INTEGER PRIMARY KEY);\n")
  write_file(updown/0001_users.down.sql "DROP TABLE users;\n")
  write_file(updown/0002_u.down.sql "DROP TABLE users;\n")
  migbundle(1 verify --dir updown)
  expect("${err}" "(^|\n)updown/0001_users\\.down\\.sql:1:1: error: is a down migration without its up `0001_users\\.sql` beside it.*--layout golang-migrate"
    "a down file names its missing up and the layout")
  expect("${err}" "(^|\n)updown/0002_u\\.down\\.sql:1:1: error: is a down migration" "a lone down file is refused")
  expect_not("${err}" "same id" "no duplicate-id report")

  # Prisma and diesel keep migrations in subfolders: named, not vanished.
  file(MAKE_DIRECTORY "${WORK_DIR}/prisma/20240101000000_init")
  write_file(prisma/20240101000000_init/migration.sql "CREATE TABLE users (id INTEGER PRIMARY KEY);\n")
  write_file(prisma/migration_lock.toml "provider = \"sqlite\"\n")
  migbundle(1 verify --dir prisma)
  expect("${err}" "(^|\n)prisma/20240101000000_init/migration\\.sql:1:1: error: looks like a Prisma migration.*e\\.g\\. as `20240101000000_init\\.sql`"
    "a Prisma folder: the file, the tool, where to move it")
  expect_not("${err}" "no migrations found" "the folder is reported, not an empty directory")
  file(MAKE_DIRECTORY "${WORK_DIR}/diesel/2024-01-01-000000_users")
  write_file(diesel/2024-01-01-000000_users/up.sql "CREATE TABLE users (id INTEGER PRIMARY KEY);\n")
  write_file(diesel/2024-01-01-000000_users/down.sql "DROP TABLE users;\n")
  migbundle(1 verify --dir diesel)
  expect("${err}" "diesel/2024-01-01-000000_users/up\\.sql:1:1: error: looks like a diesel migration.*`20240101000000_users\\.sql`"
    "a diesel folder: up.sql and where it goes")
  expect("${err}" "diesel/2024-01-01-000000_users/down\\.sql:1:1: error: looks like a diesel down migration" "and its down.sql")

  # Flyway: undo and repeatable scripts are never offered a migration's name; dotted versions keep their order.
  file(MAKE_DIRECTORY "${WORK_DIR}/flyway")
  write_file(flyway/V2__add.sql "SELECT 1;\n")
  write_file(flyway/V2.1__fix.sql "SELECT 1;\n")
  write_file(flyway/U2__undo.sql "SELECT 1;\n")
  write_file(flyway/R__view.sql "SELECT 1;\n")
  migbundle(1 verify --dir flyway)
  expect("${err}" "flyway/U2__undo\\.sql:1:1: error: is a Flyway undo script" "undo script")
  expect("${err}" "flyway/R__view\\.sql:1:1: error: is a Flyway repeatable script" "repeatable script")
  expect_not("${err}" "_U2__undo|_R__view" "no name proposed for them")
  expect("${err}" "flyway/V2\\.1__fix\\.sql:1:1: error: .*`2001_fix\\.sql`" "V2.1 becomes 2001")
  expect("${err}" "flyway/V2__add\\.sql:1:1: error: .*`2000_add\\.sql`" "V2 becomes 2000, before it")
endfunction()

function(case_empty_directory)
  file(MAKE_DIRECTORY "${WORK_DIR}/migrations")
  write_file(migrations/README.md "nothing yet\n")
  migbundle(1 verify --dir migrations)
  expect("${err}" "(^|\n)migrations: error: no migrations found in `migrations`" "verifying nothing is no success")
  expect_not("${out}" "verified" "nothing is claimed verified")
  # A project starting out still builds: generate writes an empty bundle, and warns.
  migbundle(0 generate --dir migrations --out out/m.hpp --namespace app::db)
  expect("${err}" "migrations: warning: no migrations found" "generate warns")
endfunction()

function(case_all_errors_at_once)
  file(MAKE_DIRECTORY "${WORK_DIR}/migrations")
  write_file(migrations/0001_a.sql "-- migbundle: no-transactoin\nSELECT 1;\n")
  write_file(migrations/0002_b.sql "CREATE TABLE b (x);\nCOMMIT;\n")
  write_file(migrations/0003-c.sql "SELECT 3;\n")
  migbundle(1 verify --dir migrations)
  expect("${err}" "migrations/0001_a\\.sql:1:1: error: unknown directive" "the directive error")
  expect("${err}" "migrations/0002_b\\.sql:2:1: error: `COMMIT` inside a migration" "the lint error of another file, in the same run")
  expect("${err}" "migrations/0003-c\\.sql:1:1: error: .*`0003_c\\.sql`" "and the name error")
endfunction()

function(case_load_extension)
  file(MAKE_DIRECTORY "${WORK_DIR}/migrations")
  write_file(migrations/0001_tags.sql "CREATE TABLE tags (name TEXT NOT NULL CHECK (name = normalize(name)));\nINSERT INTO tags VALUES (normalize('  Release   Notes '));\n")
  migbundle(1 verify --dir migrations)
  expect("${err}" "migrations/0001_tags\\.sql:1:[0-9]+: error: .*no such function: normalize" "without the extension the function is missing")
  migbundle(0 verify --dir migrations --load-extension "${TEST_EXTENSION}")
  expect("${out}" "^verified 1 migration" "with it, the migration verifies")
  migbundle(0 verify --load-extension "${TEST_EXTENSION}" --dir migrations --load-extension "${TEST_EXTENSION}")
  # A bare file name means the file in the current directory (dlopen() alone would search the library path).
  get_filename_component(extension_name "${TEST_EXTENSION}" NAME)
  file(COPY "${TEST_EXTENSION}" DESTINATION "${WORK_DIR}")
  migbundle(0 verify --dir migrations --load-extension "${extension_name}")
  migbundle(2 verify --dir migrations --load-extension no-such-extension.so)
  expect("${err}" "cannot load SQLite extension `no-such-extension\\.so`: .*no-such-extension" "a missing extension names the file and SQLite's message")
endfunction()

function(case_help)
  migbundle(0 help verify)
  expect("${out}" "^usage: migbundle verify --dir DIR.*--lock.*--load-extension" "`help verify` is verify's help")
  migbundle(0 verify -h)
  expect("${out}" "^usage: migbundle verify --dir DIR" "-h is --help")
  migbundle(2 help frobnicate)
  expect("${err}" "unknown command `frobnicate`" "help for an unknown command")
endfunction()

function(case_usage)
  migbundle(2 verify --dir "${REPO_MIGRATIONS}" extra)
  expect("${err}" "migbundle: error: unexpected argument `extra`" "a stray argument is wrong usage")
  expect_not("${out}" "verified" "and verifies nothing")
  migbundle(2 verify)
  expect("${err}" "'--dir' is required" "a missing --dir is wrong usage")
  migbundle(2 verify --dir does-not-exist)
  expect("${err}" "migbundle: error: migrations directory `does-not-exist` does not exist" "a missing directory is wrong usage")
  migbundle(2 verify --dir "${REPO_MIGRATIONS}" --bogus)
  expect("${err}" "--bogus" "an unknown option is wrong usage")
endfunction()

# --engine postgres: PostgreSQL's lint, statements split as psql splits them; nothing applied.
function(write_postgres_migrations dir)
  file(MAKE_DIRECTORY "${WORK_DIR}/${dir}")
  write_file(${dir}/0001_users.sql "CREATE TABLE users (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n  note text DEFAULT E'it\\'s; fine'\n);\nCREATE FUNCTION user_count() RETURNS bigint LANGUAGE sql\nBEGIN ATOMIC\n  SELECT count(*) FROM users;\nEND;\nCOMMENT ON TABLE users IS $c$BEGIN; COMMIT;$c$;\n")
  write_file(${dir}/0002_users_note.sql "-- migbundle: no-transaction\nCREATE INDEX CONCURRENTLY users_note ON users (note);\n")
endfunction()

function(case_postgres_good)
  write_postgres_migrations(migrations)
  migbundle(0 verify --engine postgres --dir migrations)
  expect("${out}" "^checked 2 migration\\(s\\) from migrations for PostgreSQL: names, directives, lint; none applied"
    "PostgreSQL's lint accepts the folder, and says nothing was applied")
  expect_not("${err}" "warning|error" "nothing on stderr")
  expect_not("${out}" "verified" "nothing is claimed applied")
  # With the lock file too.
  migbundle(0 lock --dir migrations --lock m.lock)
  migbundle(0 verify --dir migrations --engine postgres --lock m.lock)
  expect("${out}" "names, directives, lint and lock file" "the lock file is checked and said to be")
  # The same folder is no SQLite migration folder: the default engine applies it to SQLite, which refuses it.
  migbundle(1 verify --dir migrations)
  expect("${err}" "migrations/0001_users\\.sql:[0-9]+:[0-9]+: error: " "SQLite, the default, refuses PostgreSQL's SQL")
  # generate takes --engine too, and writes the same files as without it.
  migbundle(0 generate --engine postgres --dir migrations --out pg/m.hpp --source pg/m.cpp --namespace app::db)
  migbundle(0 generate --dir migrations --out sqlite/m.hpp --source sqlite/m.cpp --namespace app::db)
  file(READ "${WORK_DIR}/pg/m.cpp" pg_source)
  file(READ "${WORK_DIR}/sqlite/m.cpp" sqlite_source)
  expect_equal("${pg_source}" "${sqlite_source}" "the engine does not change the generated source")
  file(READ "${WORK_DIR}/pg/m.hpp" pg_header)
  file(READ "${WORK_DIR}/sqlite/m.hpp" sqlite_header)
  expect_equal("${pg_header}" "${sqlite_header}" "nor the header")
endfunction()

function(case_postgres_lint_error)
  file(MAKE_DIRECTORY "${WORK_DIR}/migrations")
  write_file(migrations/0001_a.sql "CREATE TABLE a (x int);\n  COMMIT;\n")
  write_file(migrations/0002_b.sql "CREATE TABLE b (x int);\nCREATE INDEX CONCURRENTLY b_x ON b (x);\n")
  write_file(migrations/0003_c.sql "-- migbundle: no-transaction\nCREATE INDEX CONCURRENTLY a_x ON a (x);\nCREATE INDEX CONCURRENTLY b_x2 ON b (x);\n")
  write_file(migrations/0004_d.sql "SELECT 1;\nINSERT INTO a VALUES (1), ('its);\nCOMMIT;\n")
  write_file(migrations/0005_e.sql "CREATE FUNCTION f() RETURNS int AS $body$\nSELECT 1;\n$BODY$ LANGUAGE sql;\n")
  write_file(migrations/0006_f.sql "SELECT 1;\n/* outer /* inner */\nSELECT 2;\n")
  migbundle(1 verify --engine postgres --dir migrations)
  expect("${err}" "(^|\n)migrations/0001_a\\.sql:2:3: error: `COMMIT` inside a migration.*Delete this statement"
    "transaction control at its line and column, saying what to do")
  expect("${err}" "(^|\n)migrations/0002_b\\.sql:2:1: error: `CREATE INDEX CONCURRENTLY` cannot run inside a transaction block.*Add `-- migbundle: no-transaction`"
    "a statement refused in a transaction: add no-transaction")
  expect("${err}" "(^|\n)migrations/0003_c\\.sql:3:1: error: a second statement in a no-transaction migration.*Split it into one migration per statement"
    "a no-transaction migration of two statements: split it")
  expect("${err}" "(^|\n)migrations/0004_d\\.sql:2:28: error: unterminated string"
    "an open string, where it begins (the COMMIT after it is inside it)")
  expect_not("${err}" "0004_d\\.sql:3:" "nothing reported inside the open string")
  expect("${err}" "(^|\n)migrations/0005_e\\.sql:1:36: error: unterminated dollar quote `\\$body\\$`"
    "an open dollar quote, naming its tag")
  expect("${err}" "(^|\n)migrations/0006_f\\.sql:2:1: error: unterminated comment.*nest"
    "an open comment (comments nest)")
  expect_not("${out}" "checked|verified" "nothing is claimed checked")

  # The same places in files with CRLF line endings and a byte-order mark.
  with_crlf_and_bom(migrations/0001_a.sql)
  with_crlf_and_bom(migrations/0004_d.sql)
  migbundle(1 verify --engine postgres --dir migrations)
  expect("${err}" "(^|\n)migrations/0001_a\\.sql:2:3: error: `COMMIT`" "CRLF and a BOM do not move the position")
  expect("${err}" "(^|\n)migrations/0004_d\\.sql:2:28: error: unterminated string" "nor an open string's")

  # generate --engine postgres refuses the same folder, writing nothing.
  migbundle(1 generate --engine postgres --dir migrations --out out/m.hpp --namespace app::db)
  expect("${err}" "migrations/0002_b\\.sql:2:1: error: `CREATE INDEX CONCURRENTLY`" "generate lints for PostgreSQL too")
  if(EXISTS "${WORK_DIR}/out/m.hpp")
    message(FATAL_ERROR "generate wrote a header for a folder it refused")
  endif()
endfunction()

function(case_engine_usage)
  migbundle(2 verify --engine mysql --dir "${REPO_MIGRATIONS}")
  expect("${err}" "migbundle: error: --engine `mysql` is not an engine migbundle knows; it knows sqlite, postgres"
    "an unknown engine is wrong usage, naming the known ones")
  expect_not("${out}" "verified|checked" "and verifies nothing")
  migbundle(2 generate --engine mysql --dir "${REPO_MIGRATIONS}" --out out/m.hpp --namespace app::db)
  expect("${err}" "--engine `mysql` is not an engine" "generate too")
  migbundle(2 verify --engine postgres --dir "${REPO_MIGRATIONS}" --load-extension "${TEST_EXTENSION}")
  expect("${err}" "--load-extension loads a SQLite extension, and `verify --engine postgres` runs no SQLite"
    "a SQLite extension with --engine postgres is wrong usage")
  migbundle(0 verify --engine sqlite --dir "${REPO_MIGRATIONS}")
  expect("${out}" "^verified 5 migration\\(s\\)" "--engine sqlite is the default's behaviour")
  migbundle(0 verify --help)
  expect("${out}" "--engine sqlite\\|postgres.*--engine arg \\(=sqlite\\)" "verify's help names --engine and its default")
  migbundle(0 generate --help)
  expect("${out}" "--engine sqlite\\|postgres" "generate's help names --engine")
endfunction()

# Downs: up, down, up again, each down compared with the schema its up found.
function(case_downs)
  write_file(d/0001_users.sql "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\n")
  write_file(d/0001_users.down.sql "DROP TABLE users;\n")
  write_file(d/0002_seed.sql "INSERT INTO users (name) VALUES ('ada');\n")
  write_file(d/0003_index.sql "CREATE INDEX users_name ON users(name);\nCREATE TABLE notes (body TEXT);\n")
  write_file(d/0003_index.down.sql "DROP TABLE notes;\n")
  migbundle(1 verify --dir d)
  expect("${err}" "(^|\n)d/0003_index\\.down\\.sql:1:1: error: reverting migration 3 with this down does not give back the schema before it: index `users_name` is left over"
    "the down file, and what it left behind")
  write_file(d/0003_index.down.sql "DROP TABLE notes;\n-- and the index\nDROP INDEX users_name;\nDROP TABLE no_such_table;\n")
  migbundle(1 verify --dir d)
  expect("${err}" "(^|\n)d/0003_index\\.down\\.sql:4:1: error: the down of migration 3 failed at line 4, column 1 of the down"
    "a failing down at its line")
  write_file(d/0003_index.down.sql "DROP TABLE notes;\nDROP INDEX users_name;\n")
  migbundle(0 verify --dir d)
  expect("${out}" "verified 1 down\\(s\\): each gives back the schema before its up, and the up applies again \\(not below 0002_seed\\.sql, which has no down\\)"
    "how far the downs were verified")
endfunction()

run_case()
