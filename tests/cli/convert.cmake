# `migbundle convert --from LAYOUT --dir SRC --out DIR`: another tool's folder
# written out in migbundle's layout. The converted folder must list, with
# migbundle's own layout, the same ids, names and checksums as the source read
# with its layout (only a migration given a no-transaction directive changes
# its checksum, and then its file is that line plus exactly the SQL that ran
# before), and the same downs, each written as `<id>_<name>.down.sql`;
# refusals write nothing.
include("${CMAKE_CURRENT_LIST_DIR}/cli_steps.cmake")

# expect_same_migrations(<layout> <src> <out> <ids given a directive>...): `list --json` of both agree.
function(expect_same_migrations layout src_dir out_dir)
  set(changed_ids ${ARGN})
  migbundle(0 list --json --layout ${layout} --dir ${src_dir})
  set(before "${out}")
  migbundle(0 list --json --dir ${out_dir})
  set(after "${out}")
  json_get(read_as "${after}" layout)
  expect_equal("${read_as}" migbundle "${out_dir} reads as migbundle's own layout")
  json_length(count "${before}" migrations)
  json_length(converted "${after}" migrations)
  expect_equal("${converted}" "${count}" "${out_dir} holds every migration of ${src_dir}")
  math(EXPR last "${count} - 1")
  foreach(i RANGE ${last})
    foreach(field id name down down_checksum)
      json_get(was "${before}" migrations ${i} ${field})
      json_get(now "${after}" migrations ${i} ${field})
      expect_equal("${now}" "${was}" "migration ${i}: the same ${field}")
    endforeach()
    json_get(id "${after}" migrations ${i} id)
    json_get(file "${after}" migrations ${i} file)
    json_get(was "${before}" migrations ${i} checksum)
    json_get(now "${after}" migrations ${i} checksum)
    sha256_of("${out_dir}/${file}" on_disk)
    expect_equal("${now}" "${on_disk}" "${file}: written LF without a byte-order mark, so listed as its bytes")
    if(id IN_LIST changed_ids)
      # The directive line, then exactly the text that ran before.
      file(READ "${WORK_DIR}/${out_dir}/${file}" text)
      set(directive "-- migbundle: no-transaction\n")
      string(LENGTH "${directive}" directive_length)
      string(SUBSTRING "${text}" 0 ${directive_length} first_line)
      expect_equal("${first_line}" "${directive}" "${file}: starts with the no-transaction directive")
      string(SUBSTRING "${text}" ${directive_length} -1 rest)
      string(SHA256 rest_checksum "${rest}")
      expect_equal("${rest_checksum}" "${was}" "${file}: after the directive, the SQL that ran before, byte for byte")
      expect_not("${now}" "^${was}$" "${file}: so its checksum changed")
      json_get(directives "${after}" migrations ${i} directives 0)
      expect_equal("${directives}" no-transaction "${file}: and migbundle reads the directive")
    else()
      expect_equal("${now}" "${was}" "${file}: the same checksum")
    endif()
  endforeach()
endfunction()

function(make_goose_folder)
  write_file(goose/00001_create_users.sql [=[
-- +goose Up
CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);

-- +goose Down
DROP TABLE users;
]=])
  write_file(goose/00002_users_trigger.sql [=[
-- +goose Up
-- +goose StatementBegin
CREATE TRIGGER users_named AFTER INSERT ON users BEGIN
  UPDATE users SET name = trim(name) WHERE id = new.id;
END;
-- +goose StatementEnd
]=])
  with_crlf_and_bom(goose/00002_users_trigger.sql)
  write_file(goose/00010_vacuum.sql [=[
-- +goose NO TRANSACTION
-- +goose Up
VACUUM;
]=])
endfunction()

function(case_goose)
  make_goose_folder()
  migbundle(0 convert --from goose --dir goose --out converted)
  expect("${out}" "(^|\n)goose/00001_create_users\\.sql -> converted/0001_create_users\\.sql: [^\n]*markers removed[^\n]*; down written to `0001_create_users\\.down\\.sql`\n"
    "one line a migration: the goose markers left out, the Down section written as the down")
  expect("${out}" "\ngoose/00002_users_trigger\\.sql -> converted/0002_users_trigger\\.sql: [^\n]*byte-order mark dropped; CRLF line endings became LF\n"
    "a CRLF file with a byte-order mark is written as the normalised text")
  expect("${out}" "\ngoose/00010_vacuum\\.sql -> converted/0010_vacuum\\.sql: [^\n]*no-transaction directive added, so the checksum changes\n"
    "NO TRANSACTION becomes the directive, and the report says the checksum changes")
  expect("${out}" "\n3 migration\\(s\\) converted from the goose layout into `converted`: 2 checksum\\(s\\) unchanged, 1 changed \\(no-transaction directive added\\), 1 down\\(s\\) written\n$"
    "a count at the end")
  expect_files(converted 0001_create_users.sql 0001_create_users.down.sql 0002_users_trigger.sql 0010_vacuum.sql)
  expect_files(. converted goose)
  expect_same_migrations(goose goose converted 10)
  file(READ "${WORK_DIR}/converted/0001_create_users.down.sql" down)
  expect_equal("${down}" "DROP TABLE users;\n" "the down file holds the Down section's SQL, markers left out")
  migbundle(0 verify --dir converted)
  expect("${out}" "verified 3" "the converted folder applies")
endfunction()

function(case_drizzle)
  write_file(drizzle/meta/_journal.json [=[
{
  "version": "7",
  "dialect": "sqlite",
  "entries": [
    { "idx": 0, "version": "6", "when": 1700000000000, "tag": "0000_init", "breakpoints": true },
    { "idx": 1, "version": "6", "when": 1700000000001, "tag": "0001_add_posts", "breakpoints": true }
  ]
}
]=])
  write_file(drizzle/0000_init.sql [=[
CREATE TABLE `users` (
	`id` integer PRIMARY KEY NOT NULL,
	`email` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);]=])
  write_file(drizzle/0001_add_posts.sql [=[
CREATE TABLE `posts` (`id` integer PRIMARY KEY NOT NULL, `user_id` integer REFERENCES `users`(`id`));
]=])
  migbundle(0 convert --from drizzle --dir drizzle --out converted)
  expect("${out}" "(^|\n)drizzle/0000_init\\.sql -> converted/0000_init\\.sql: `--> statement-breakpoint` markers removed"
    "the breakpoints are left out")
  expect("${out}" "\ndrizzle/0001_add_posts\\.sql -> converted/0001_add_posts\\.sql\n"
    "a file without breakpoints is written as it is, nothing to report")
  expect("${out}" "\n2 migration\\(s\\) converted from the drizzle layout into `converted`: every checksum unchanged, 0 down\\(s\\) written\n$"
    "a count at the end")
  expect_files(converted 0000_init.sql 0001_add_posts.sql)
  expect_same_migrations(drizzle drizzle converted)
  file(READ "${WORK_DIR}/converted/0000_init.sql" text)
  expect_not("${text}" "statement-breakpoint" "no marker in the converted file")
endfunction()

function(case_diesel)
  write_file(diesel/2020-01-01-000000_create_users/up.sql "CREATE TABLE users (id INTEGER PRIMARY KEY);\n")
  write_file(diesel/2020-01-01-000000_create_users/down.sql "DROP TABLE users;\n")
  write_file(diesel/2020-02-01-120000_vacuum/up.sql "VACUUM;\n")
  write_file(diesel/2020-02-01-120000_vacuum/metadata.toml "run_in_transaction = false\n")
  write_file(diesel/2020-03-01-000000_add_name/up.sql "ALTER TABLE users ADD COLUMN name TEXT;\n")
  write_file(diesel/2020-03-01-000000_add_name/down.sql "ALTER TABLE users DROP COLUMN name;\n")
  migbundle(0 convert --from diesel --dir diesel --out converted)
  expect("${out}" "(^|\n)diesel/2020-01-01-000000_create_users/up\\.sql -> converted/20200101000000_create_users\\.sql: down written to `20200101000000_create_users\\.down\\.sql`\n"
    "the id is the version's digits; the down.sql becomes the down file")
  expect("${out}" "\ndiesel/2020-02-01-120000_vacuum/up\\.sql -> converted/20200201120000_vacuum\\.sql: no-transaction directive added, so the checksum changes\n"
    "run_in_transaction = false becomes the directive")
  expect("${out}" "\n3 migration\\(s\\) converted from the diesel layout into `converted`: 2 checksum\\(s\\) unchanged, 1 changed \\(no-transaction directive added\\), 2 down\\(s\\) written\n$"
    "a count at the end")
  expect_files(converted 20200101000000_create_users.sql 20200101000000_create_users.down.sql
    20200201120000_vacuum.sql 20200301000000_add_name.sql 20200301000000_add_name.down.sql)
  expect_same_migrations(diesel diesel converted 20200201120000)
endfunction()

function(case_auto)
  make_goose_folder()
  migbundle(0 convert --from auto --dir goose --out converted)
  expect("${err}" "(^|\n)goose: note: read as the `goose` layout \\(detected from [^\n]*\\); name it with --from"
    "auto says which layout it detected, and the option that names it")
  expect("${out}" "converted from the goose layout" "and the report names it")
  expect_same_migrations(goose goose converted 10)
endfunction()

function(case_json)
  make_goose_folder()
  migbundle(0 convert --from goose --dir goose --out converted --json)
  foreach(field directory layout out converted checksums_changed downs_written)
    json_get(top_${field} "${out}" ${field})
  endforeach()
  expect_equal("${top_directory}|${top_layout}|${top_out}" "goose|goose|converted" "the folders and the layout")
  expect_equal("${top_converted}|${top_checksums_changed}|${top_downs_written}" "3|1|1" "the counts")
  json_get(from "${out}" migrations 2 from)
  json_get(to "${out}" migrations 2 to)
  json_get(changed "${out}" migrations 2 checksum_changed)
  json_get(was "${out}" migrations 2 source_checksum)
  json_get(now "${out}" migrations 2 checksum)
  expect_equal("${from}|${to}|${changed}" "00010_vacuum.sql|0010_vacuum.sql|ON" "the migration given a directive")
  expect_not("${now}" "^${was}$" "both checksums, different")
  sha256_of(converted/0010_vacuum.sql on_disk)
  expect_equal("${now}" "${on_disk}" "the new checksum is the file's")
  json_get(changes "${out}" migrations 2 changes)
  expect("${changes}" "no-transaction directive added" "the changes, as in the text report")
  json_get(down "${out}" migrations 0 down)
  expect_equal("${down}" 0001_create_users.down.sql "the first migration's Down section, written as its down file")
  json_get(down_checksum "${out}" migrations 0 down_checksum)
  sha256_of(converted/0001_create_users.down.sql on_disk)
  expect_equal("${down_checksum}" "${on_disk}" "with the down file's checksum")
  json_get(no_down "${out}" migrations 1 down)
  expect_equal("${no_down}" "" "a migration without a down: null")
endfunction()

function(case_names)
  # Names another tool accepts that migbundle's rule refuses: what does not fit becomes `_`.
  write_file([=[goose/00001_add:col?.sql]=] "-- +goose Up\nSELECT 1;\n")
  write_file(goose/00002_undo.down.sql "-- +goose Up\nSELECT 2;\n")
  migbundle(0 convert --from goose --dir goose --out converted)
  expect("${out}" "(^|\n)goose/00001_add:col\\?\\.sql -> converted/0001_add_col_\\.sql: name `add:col\\?` made fit for a file name"
    "`:` and `?` become `_`, and the report says so")
  expect("${out}" "\ngoose/00002_undo\\.down\\.sql -> converted/0002_undo_down\\.sql: name `undo\\.down`"
    "a name ending `.down` would read as a down migration: `_down`")
  expect_files(converted 0001_add_col_.sql 0002_undo_down.sql)
  migbundle(0 list --json --dir converted)
  json_get(checksum "${out}" migrations 0 checksum)
  string(SHA256 expected "SELECT 1;\n")
  expect_equal("${checksum}" "${expected}" "the SQL is unchanged")
endfunction()

function(case_non_empty_out)
  make_goose_folder()
  write_file(converted/README.md "keep me\n")
  migbundle(2 convert --from goose --dir goose --out converted)
  expect("${err}" "--out `converted` is not empty" "a folder with something in it is refused")
  expect_files(converted README.md)
  expect_files(. converted goose)
  write_file(a-file "not a folder\n")
  migbundle(2 convert --from goose --dir goose --out a-file)
  expect("${err}" "--out `a-file` exists and is not a folder" "a file is refused")
  file(READ "${WORK_DIR}/a-file" kept)
  expect_equal("${kept}" "not a folder\n" "and left as it was")
  file(MAKE_DIRECTORY "${WORK_DIR}/empty")
  migbundle(0 convert --from goose --dir goose --out empty/)
  expect_files(empty 0001_create_users.sql 0001_create_users.down.sql 0002_users_trigger.sql 0010_vacuum.sql)
  expect_files(. a-file converted empty goose)
endfunction()

function(case_source_error)
  make_goose_folder()
  write_file(goose/00004_commit.sql "-- +goose Up\nSELECT 1;\nCOMMIT;\n")
  migbundle(1 convert --from auto --dir goose --out converted)
  expect("${err}" "(^|\n)goose: note: read as the `goose` layout [^\n]*name it with --from"
    "auto names the layout it detected beside the errors")
  expect_files(. goose)
  write_file(goose/00003_no_up.sql "CREATE TABLE t (x);\n")
  migbundle(1 convert --from goose --dir goose --out converted)
  expect("${err}" "(^|\n)goose/00003_no_up\\.sql:1:1: error: has no `-- \\+goose Up` line" "the reader's error")
  expect("${err}" "\ngoose/00004_commit\\.sql:3:1: error: `COMMIT` inside a migration" "and the lint's, in one run")
  expect_files(. goose)
  file(MAKE_DIRECTORY "${WORK_DIR}/nothing")
  migbundle(1 convert --from goose --dir nothing --out converted)
  expect("${err}" "no migrations found in `nothing`" "an empty source is a problem, not an empty conversion")
  expect_files(. goose nothing)
endfunction()

function(case_usage)
  make_goose_folder()
  migbundle(2 convert --dir goose --out converted)
  expect("${err}" "'--from' is required" "--from is required")
  migbundle(2 convert --from gooze --dir goose --out converted)
  expect("${err}" "--from `gooze` is not a layout migbundle reads; it reads auto, migbundle" "an unknown layout")
  migbundle(2 convert --from goose --dir missing --out converted)
  expect("${err}" "`missing` does not exist" "a missing --dir")
  migbundle(2 convert --from goose --dir goose --out no/such/converted)
  expect("${err}" "`no/such` that --out `no/such/converted` goes in does not exist" "a missing parent")
  write_file(mixed/00001_a.sql "-- +goose Up\nSELECT 1;\n")
  write_file(mixed/b.up.sql "SELECT 2;\n")
  migbundle(2 convert --from auto --dir mixed --out converted)
  expect("${err}" "`mixed` looks like more than one layout: [^\n]*Name the one it is with --from"
    "a folder two layouts fit: name it with --from")
  file(REMOVE_RECURSE "${WORK_DIR}/mixed")
  migbundle(2 convert --from goose --dir goose --out .)
  expect("${err}" "must name the new folder" "`.` is no new folder")
  expect_files(. goose)
endfunction()

function(case_help)
  migbundle(0 help convert)
  expect("${out}" "^usage: migbundle convert --from LAYOUT --dir SRC --out DIR \\[--json\\]" "the synopsis")
  foreach(option --from --dir --out --json)
    expect("${out}" "${option}" "help names ${option}")
  endforeach()
  migbundle(0 --help)
  expect("${out}" "\n  convert +write a migbundle folder from another tool's" "the usage lists convert")
endfunction()

run_case()
