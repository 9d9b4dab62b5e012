# `migbundle schema`: the schema a folder of migrations gives, as a text file
# kept beside them. --out writes it (only when it changed), --check compares
# it (exit 1 with a diff at the file's first differing line); the text is the
# same on every run and for every order the files were written in, and a
# migration that moves only data leaves it as it was.
include("${CMAKE_CURRENT_LIST_DIR}/cli_steps.cmake")

# The three tables of inputs/history, in the form the file must take, exactly.
string(CONCAT history_schema
  "-- The schema these migrations give, written by `migbundle schema`: regenerate it, do not edit it.\n"
  "-- Tables, indexes, views and triggers, each sorted by name, with their SQL as SQLite keeps it.\n"
  "\n"
  "CREATE TABLE a (id INTEGER PRIMARY KEY);\n"
  "\n"
  "CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a (id));\n"
  "\n"
  "CREATE TABLE c (id INTEGER PRIMARY KEY);\n")

function(case_out_writes_canonical_file)
  copy_migrations("${INPUTS}/history" migrations)
  migbundle(0 schema --dir migrations --out schema.sql)
  expect("${out}" "^schema\\.sql: 3 schema object\\(s\\) from 3 migration\\(s\\)\n$" "the file, objects and migrations counted")
  file(READ "${WORK_DIR}/schema.sql" written)
  expect_equal("${written}" "${history_schema}" "the file holds each table's SQL, by name, after the header")
  migbundle(0 schema --dir migrations)
  expect_equal("${out}" "${history_schema}" "without --out or --check the same text goes to stdout")
endfunction()

function(case_deterministic)
  copy_migrations("${INPUTS}/history" migrations)
  # A view and an index whose names sort against their kinds' order: kinds first, then names.
  write_file(migrations/0004_more.sql "CREATE VIEW a_view AS SELECT id FROM a;\nCREATE INDEX b_idx ON b (a_id);\n")
  migbundle(0 schema --dir migrations --out first.sql)
  migbundle(0 schema --dir migrations --out second.sql)
  file(SHA256 "${WORK_DIR}/first.sql" first)
  file(SHA256 "${WORK_DIR}/second.sql" second)
  expect_equal("${second}" "${first}" "two runs write byte-identical files")
  file(READ "${WORK_DIR}/first.sql" text)
  expect("${text}" "\nCREATE TABLE c \\(id INTEGER PRIMARY KEY\\);\n\nCREATE INDEX b_idx ON b \\(a_id\\);\n\nCREATE VIEW a_view AS SELECT id FROM a;\n$"
    "tables, then indexes, then views, whatever the names' order")
  # The same migrations written newest first: the ids order them, not the directory.
  file(MAKE_DIRECTORY "${WORK_DIR}/reversed")
  foreach(name 0004_more 0003_c 0002_b 0001_a)
    file(READ "${WORK_DIR}/migrations/${name}.sql" sql)
    write_file("reversed/${name}.sql" "${sql}")
  endforeach()
  migbundle(0 schema --dir reversed --out third.sql)
  file(SHA256 "${WORK_DIR}/third.sql" third)
  expect_equal("${third}" "${first}" "the files written in another order give the same bytes")
  regex_quote("${WORK_DIR}" work_dir)
  expect_not("${text}" "${work_dir}|reversed|0004_more|[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
    "no path, folder or file name, or date in the file")
endfunction()

function(case_check_fresh)
  copy_migrations("${INPUTS}/history" migrations)
  migbundle(0 schema --dir migrations --out schema.sql)
  migbundle(0 schema --dir migrations --check schema.sql)
  expect("${out}" "^schema\\.sql: up to date \\(3 schema object\\(s\\) from 3 migration\\(s\\)\\)\n$" "a fresh file passes")
  expect_equal("${err}" "" "and nothing on stderr")
  # --out again over the same text: nothing to write.
  migbundle(0 schema --dir migrations --out schema.sql)
  expect("${out}" ", unchanged\n$" "--out says when the file was already right")
endfunction()

function(case_check_stale)
  copy_migrations("${INPUTS}/history" migrations)
  migbundle(0 schema --dir migrations --out schema.sql)
  sha256_of(schema.sql before)
  write_file(migrations/0004_index.sql "CREATE INDEX b_by_a ON b (a_id);\n")
  migbundle(1 schema --dir migrations --check schema.sql)
  # The file has 8 lines: what the migrations add starts after its end.
  expect("${err}" "^schema\\.sql:9:1: error: stale: the schema the migrations in migrations give differs from this file"
    "the file and its first differing line, compiler style")
  expect("${err}" "regenerate it with `migbundle schema --dir migrations --out schema\\.sql`" "how to regenerate it")
  expect("${err}" "\n@@ line 7 @@\n \n CREATE TABLE c \\(id INTEGER PRIMARY KEY\\);\n\\+\n\\+CREATE INDEX b_by_a ON b \\(a_id\\);\n$"
    "a hunk with two lines of context and the added index")
  sha256_of(schema.sql after)
  expect_equal("${after}" "${before}" "--check writes nothing")

  # A change in the middle: the line named is that line.
  write_file(migrations/0004_index.sql "ALTER TABLE a ADD COLUMN label TEXT;\n")
  migbundle(1 schema --dir migrations --check schema.sql)
  expect("${err}" "^schema\\.sql:4:1: error: stale" "an altered table is named at its line")
  expect("${err}" "\n-CREATE TABLE a \\(id INTEGER PRIMARY KEY\\);\n\\+CREATE TABLE a \\(id INTEGER PRIMARY KEY, label TEXT\\);\n"
    "- in the file, + from the migrations")

  file(REMOVE "${WORK_DIR}/schema.sql")
  migbundle(1 schema --dir migrations --check schema.sql)
  expect("${err}" "^schema\\.sql: error: the schema file does not exist; write it with `migbundle schema --dir migrations --out schema\\.sql`"
    "a missing file is a failing check, with the command that writes it")
endfunction()

function(case_data_only_unchanged)
  copy_migrations("${INPUTS}/history" migrations)
  migbundle(0 schema --dir migrations --out schema.sql)
  sha256_of(schema.sql before)
  write_file(migrations/0004_rows.sql "INSERT INTO a (id) VALUES (10);\nUPDATE c SET id = id + 100;\nDELETE FROM c WHERE id = 101;\n")
  migbundle(0 schema --dir migrations --check schema.sql)
  expect("${out}" "up to date \\(3 schema object\\(s\\) from 4 migration\\(s\\)\\)" "a data-only migration leaves the file right")
  migbundle(0 schema --dir migrations --out schema.sql)
  expect("${out}" "from 4 migration\\(s\\), unchanged\n$" "--out has nothing to write")
  sha256_of(schema.sql after)
  expect_equal("${after}" "${before}" "the file's bytes are the same")
endfunction()

function(case_bad_migration)
  copy_migrations("${INPUTS}/failing" migrations)
  migbundle(1 schema --dir migrations --out schema.sql)
  expect("${err}" "(^|\n)migrations/0002_fails\\.sql:4:3: error: UNIQUE constraint failed: b\\.id" "the failing statement's file, line and column")
  if(EXISTS "${WORK_DIR}/schema.sql")
    message(FATAL_ERROR "schema wrote a file although a migration failed")
  endif()
  copy_migrations("${INPUTS}/syntax_error" syntax)
  migbundle(1 schema --dir syntax --check schema.sql)
  expect("${err}" "(^|\n)syntax/0002_x\\.sql:6:43: error: " "a syntax error at its column, counted in characters")
endfunction()

function(case_crlf_schema_file)
  copy_migrations("${INPUTS}/history" migrations)
  migbundle(0 schema --dir migrations --out schema.sql)
  file(READ "${WORK_DIR}/schema.sql" text)
  string(REPLACE "\n" "\r\n" crlf "${text}")
  write_file(schema.sql "${crlf}")
  migbundle(0 schema --dir migrations --check schema.sql)
  expect("${out}" "up to date" "a CRLF checkout of the file holds the same schema")
  string(ASCII 239 187 191 bom)
  write_file(schema.sql "${bom}${text}")
  migbundle(0 schema --dir migrations --check schema.sql)
  expect("${out}" "up to date" "so does one an editor gave a byte-order mark")
  write_file(schema.sql "${crlf}")
  write_file(migrations/0004_index.sql "ALTER TABLE a ADD COLUMN label TEXT;\n")
  migbundle(1 schema --dir migrations --check schema.sql)
  expect("${err}" "^schema\\.sql:4:1: error: stale" "a stale CRLF file is named at the same line")
  expect_not("${err}" "\r" "and its diff has no carriage returns")
  migbundle(0 schema --dir migrations --out schema.sql)
  file(READ "${WORK_DIR}/schema.sql" rewritten)
  expect_not("${rewritten}" "\r" "--out writes LF line endings")
  expect("${rewritten}" "\nCREATE TABLE a \\(id INTEGER PRIMARY KEY, label TEXT\\);\n" "with the new column")
endfunction()

function(case_usage)
  copy_migrations("${INPUTS}/history" migrations)
  migbundle(2 schema --dir migrations --out a.sql --check b.sql)
  expect("${err}" "--out writes the schema file and --check compares it: give one of them" "--out with --check")
  if(EXISTS "${WORK_DIR}/a.sql")
    message(FATAL_ERROR "schema wrote --out although the usage was wrong")
  endif()
  migbundle(2 schema --out a.sql)
  expect("${err}" "'--dir' is required" "a missing --dir")
  migbundle(2 schema --dir missing --out a.sql)
  expect("${err}" "migrations directory `missing` does not exist" "a missing directory")
  migbundle(2 schema --dir migrations --out)
  expect("${err}" "--out" "--out without its file")
  migbundle(2 schema --dir migrations stray)
  expect("${err}" "unexpected argument `stray`" "a stray word")
  migbundle(0 schema --help)
  expect("${out}" "^usage: migbundle schema --dir DIR \\[--layout NAME\\] \\[--out FILE \\| --check FILE\\]" "the synopsis")
endfunction()

run_case()
