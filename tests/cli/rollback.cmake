# `migbundle rollback` and the downs around it: `apply` stores each down with
# its tracking row, `status` says which applied migrations a rollback can
# revert (with the folder's down, or the one stored), `rollback --to ID`
# reverts newest first, and `apply --revert-unknown` lets a folder that lacks
# the newest migrations take them back with the stored downs (the A/B case).
include("${CMAKE_CURRENT_LIST_DIR}/cli_steps.cmake")

# v2/: three migrations with downs; v1/: the first two only, without downs.
function(write_history)
  write_file(v2/0001_users.sql "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\n")
  write_file(v2/0001_users.down.sql "DROP TABLE users;\n")
  write_file(v2/0002_seed.sql "INSERT INTO users (name) VALUES ('ada');\n")
  write_file(v2/0002_seed.down.sql "DELETE FROM users WHERE name = 'ada';\n")
  write_file(v2/0003_notes.sql "CREATE TABLE notes (body TEXT);\n")
  write_file(v2/0003_notes.down.sql "-- the notes go with it\nDROP TABLE notes;\n")
  write_file(v1/0001_users.sql "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\n")
  write_file(v1/0002_seed.sql "INSERT INTO users (name) VALUES ('ada');\n")
endfunction()

function(case_to_id)
  write_history()
  migbundle(0 apply --dir v2 --db app.db)
  migbundle(0 status --dir v2 --db app.db)
  expect("${out}" "^id +file +state +applied at +took +down\n" "a down column once a rollback could use one")
  expect("${out}" "\n3 +0003_notes\\.sql +applied +[0-9T:.Z-]+ +[0-9]+ ms +directory\n" "0003: the folder's down")
  migbundle(0 status --dir v2 --db app.db --json)
  json_get(down "${out}" migrations 2 down)
  expect_equal("${down}" "directory" "JSON: the down of 0003")

  migbundle(0 rollback --dir v2 --db app.db --to 1)
  expect("${out}" "app\\.db: reverted 2 migration\\(s\\); now at migration 1\n" "what was reverted, where it stands")
  migbundle(0 status --dir v2 --db app.db --json)
  json_get(current "${out}" current_id)
  json_get(pending "${out}" summary pending)
  expect_equal("${current} ${pending}" "1 2" "at 1, two pending again")
  migbundle(0 rollback --dir v2 --db app.db --to 1)
  expect("${out}" "nothing to revert above 1" "a second rollback does nothing")
  migbundle(0 apply --dir v2 --db app.db)
  expect("${out}" "applied 2 migration\\(s\\); now at migration 3" "and forward again")
  migbundle(0 rollback --dir v2 --db app.db --all --json)
  json_get(reverted "${out}" reverted)
  json_get(has_applied "${out}" has_applied)
  expect_equal("${reverted} ${has_applied}" "3 OFF" "--all --json: three reverted, none applied")
endfunction()

function(case_no_down)
  write_history()
  migbundle(0 apply --dir v1 --db app.db)  # v1 has no downs: none stored
  migbundle(1 rollback --dir v1 --db app.db --to 0)
  expect("${err}" "(^|\n)v1/0002_seed\\.sql:1:1: error: migration 2 has no down, in the bundle or stored with it: nothing was reverted"
    "the migration, its file, and that nothing changed")
  migbundle(0 status --dir v1 --db app.db --json)
  json_get(current "${out}" current_id)
  expect_equal("${current}" 2 "still at 2")
endfunction()

function(case_failing_down)
  write_history()
  write_file(v2/0003_notes.down.sql "-- a broken down\nDROP TABLE notes;\nDROP TABLE no_such_table;\n")
  migbundle(0 apply --dir v2 --db app.db)
  migbundle(1 rollback --dir v2 --db app.db --to 2)
  expect("${err}" "(^|\n)v2/0003_notes\\.down\\.sql:3:1: error: the down of migration 3 failed at line 3, column 1 of the down, in statement 2: no such table: no_such_table"
    "the down's own file, line and column")
  expect("${err}" "rolled back\\. The database is left at migration 3\\." "nothing lost")
  migbundle(0 status --dir v2 --db app.db)
  expect("${out}" "\n3 applied, 0 pending" "still all three applied")
endfunction()

function(case_revert_unknown)
  write_history()
  migbundle(0 apply --dir v2 --db app.db)  # image v2: stores the downs
  migbundle(1 apply --dir v1 --db app.db)   # image v1, as before: refuses
  expect("${err}" "unknown to this bundle" "v1 alone refuses the newer database")
  migbundle(1 status --dir v1 --db app.db --json)  # 1: an unknown migration
  json_get(down "${out}" migrations 2 down)
  expect_equal("${down}" "stored" "v1 sees that 0003 can be reverted with its stored down")
  migbundle(0 apply --dir v1 --db app.db --revert-unknown)
  expect("${out}" "reverted 1 migration\\(s\\) this directory lacks, with the downs the database stored" "the revert")
  expect("${out}" "up to date at migration 2" "then at v1's newest")
  migbundle(0 apply --dir v1 --db app.db)
  migbundle(0 apply --dir v2 --db app.db)
  expect("${out}" "applied 1 migration\\(s\\); now at migration 3" "v2 migrates it forward again")
endfunction()

function(case_usage)
  write_history()
  migbundle(0 apply --dir v2 --db app.db)
  migbundle(2 rollback --dir v2 --db app.db)
  expect("${err}" "give --to ID \\(the migration to go back to\\) or --all" "--to or --all")
  migbundle(2 rollback --dir v2 --db app.db --to 1 --all)
  migbundle(2 rollback --dir v2 --db app.db --to -1)
  expect("${err}" "negative" "a negative id")
  migbundle(1 rollback --dir v2 --db missing.db --to 0)
  expect_not("${err}" "reverted" "a missing database")
  if(EXISTS "${WORK_DIR}/missing.db")
    message(FATAL_ERROR "rollback created the database it was told to revert")
  endif()
  migbundle(2 apply --dir v2 --db postgresql://nobody@localhost/none --revert-unknown)
  expect("${err}" "--revert-unknown works on SQLite databases" "not on PostgreSQL")
  migbundle(0 rollback --help)
  expect("${out}" "--to" "help names --to")
endfunction()

run_case()
