# `migbundle lock` and `generate --lock`: the lock file is created, rewritten
# byte for byte when nothing is new, extended by exactly one line per new
# migration, and left untouched when a released migration was edited or a new
# one slipped in below them (exit 1, naming the file and both checksums).
include("${CMAKE_CURRENT_LIST_DIR}/cli_steps.cmake")

set(lock "${WORK_DIR}/migbundle.lock")

function(case_creates)
  copy_migrations("${REPO_MIGRATIONS}" migrations)
  migbundle(0 lock --dir migrations --lock migbundle.lock)
  expect("${out}" "^migbundle\\.lock: 5 migration\\(s\\) locked \\(5 new\\)" "it says what it locked")
  if(NOT EXISTS "${lock}")
    message(FATAL_ERROR "the lock file was not created")
  endif()
  file(READ "${lock}" text)
  # Parsed back: format 1, the five migrations with their ids, files and checksums, in order.
  json_get(format "${text}" format)
  expect_equal("${format}" 1 "format 1")
  json_length(count "${text}" migrations)
  expect_equal("${count}" 5 "five entries")
  file(GLOB files RELATIVE "${WORK_DIR}/migrations" "${WORK_DIR}/migrations/*.sql")
  list(SORT files)
  set(index 0)
  foreach(file IN LISTS files)
    sha256_of("migrations/${file}" checksum)
    math(EXPR id "${index} + 1")
    json_get(locked_id "${text}" migrations ${index} id)
    json_get(locked_file "${text}" migrations ${index} file)
    json_get(locked_checksum "${text}" migrations ${index} checksum)
    expect_equal("${locked_id}|${locked_file}|${locked_checksum}" "${id}|${file}|${checksum}" "entry ${index}")
    # One migration per line, so a review shows each addition as one line.
    regex_quote("${file}" file_re)
    expect("${text}" "\n    {\"id\":${id},\"file\":\"${file_re}\",\"checksum\":\"${checksum}\"},?\n" "${file} on a line of its own")
    math(EXPR index "${index} + 1")
  endforeach()
endfunction()

function(case_unchanged_rewrites_nothing)
  copy_migrations("${REPO_MIGRATIONS}" migrations)
  migbundle(0 lock --dir migrations --lock migbundle.lock)
  file(READ "${lock}" first)
  file(TIMESTAMP "${lock}" first_time "%Y-%m-%dT%H:%M:%S" UTC)
  execute_process(COMMAND "${CMAKE_COMMAND}" -E sleep 1.1)  # timestamps have one-second resolution here
  migbundle(0 lock --dir migrations --lock migbundle.lock)
  expect("${out}" "5 migration\\(s\\) locked \\(0 new\\)" "nothing new")
  file(READ "${lock}" second)
  file(TIMESTAMP "${lock}" second_time "%Y-%m-%dT%H:%M:%S" UTC)
  expect_equal("${second}" "${first}" "a second run leaves the lock file byte-identical")
  expect_equal("${second_time}" "${first_time}" "and does not even rewrite it")
endfunction()

function(case_appends_one_line)
  copy_migrations("${REPO_MIGRATIONS}" migrations)
  migbundle(0 lock --dir migrations --lock migbundle.lock)
  file(READ "${lock}" before)
  write_file(migrations/0006_task_notes.sql "ALTER TABLE tasks ADD COLUMN notes TEXT;\n")
  sha256_of(migrations/0006_task_notes.sql checksum)
  migbundle(0 lock --dir migrations --lock migbundle.lock)
  expect("${out}" "6 migration\\(s\\) locked \\(1 new\\)" "one new migration")
  file(READ "${lock}" after)
  # The old text with one line inserted after 0005's (which gains a comma: JSON has no
  # trailing commas). Compared as text: a lock file's brackets would confuse CMake lists.
  set(entry "    {\"id\":6,\"file\":\"0006_task_notes.sql\",\"checksum\":\"${checksum}\"}")
  string(REPLACE "}\n  ]\n}\n" "},\n${entry}\n  ]\n}\n" expected "${before}")
  if(expected STREQUAL before)
    message(FATAL_ERROR "the lock file's last entry was not found in:\n${before}")
  endif()
  expect_equal("${after}" "${expected}" "exactly one line, 0006's, was added")
endfunction()

function(case_edited_refused)
  copy_migrations("${REPO_MIGRATIONS}" migrations)
  migbundle(0 lock --dir migrations --lock migbundle.lock)
  file(READ "${lock}" locked)
  sha256_of(migrations/0003_touch_tasks_trigger.sql before)
  file(APPEND "${WORK_DIR}/migrations/0003_touch_tasks_trigger.sql" "-- a harmless-looking edit\n")
  sha256_of(migrations/0003_touch_tasks_trigger.sql after)
  write_file(migrations/0006_new.sql "SELECT 1;\n")  # a new migration must not be locked past the problem either
  migbundle(1 lock --dir migrations --lock migbundle.lock)
  expect("${err}" "(^|\n)migrations/0003_touch_tasks_trigger\\.sql:1:1: error: was changed after it was released: the lock file records checksum ${before}, the file now has ${after}\\."
    "an edited locked migration names the file and both checksums")
  file(READ "${lock}" now)
  expect_equal("${now}" "${locked}" "the lock file is unchanged")

  migbundle(1 generate --dir migrations --out out/m.hpp --namespace app::db --lock migbundle.lock)
  expect("${err}" "(^|\n)migrations/0003_touch_tasks_trigger\\.sql:1:1: error: was changed after it was released.*${before}.*${after}"
    "generate --lock refuses the edit too")
  if(EXISTS "${WORK_DIR}/out/m.hpp")
    message(FATAL_ERROR "generate wrote a header despite the lock problem")
  endif()
endfunction()

function(case_downs)
  copy_migrations("${REPO_MIGRATIONS}" migrations)
  write_file(migrations/0006_task_notes.sql "ALTER TABLE tasks ADD COLUMN notes TEXT;\n")
  write_file(migrations/0006_task_notes.down.sql "ALTER TABLE tasks DROP COLUMN notes;\n")
  sha256_of(migrations/0006_task_notes.sql up)
  sha256_of(migrations/0006_task_notes.down.sql down)
  migbundle(0 lock --dir migrations --lock migbundle.lock)
  file(READ "${lock}" locked)
  expect("${locked}" "\n    {\"id\":6,\"file\":\"0006_task_notes\\.sql\",\"checksum\":\"${up}\",\"down_checksum\":\"${down}\"}\n"
    "a migration with a down: its down's checksum on the same line")
  expect("${locked}" "\n    {\"id\":5,\"file\":\"0005_write_ahead_log\\.sql\",\"checksum\":\"[0-9a-f]+\"},\n"
    "one without: no down field")

  # An edited released down: lock and generate --lock refuse, naming the down file and both checksums.
  file(APPEND "${WORK_DIR}/migrations/0006_task_notes.down.sql" "-- reworded\n")
  sha256_of(migrations/0006_task_notes.down.sql edited)
  migbundle(1 lock --dir migrations --lock migbundle.lock)
  expect("${err}" "(^|\n)migrations/0006_task_notes\\.down\\.sql:1:1: error: the down of released migration 6 was changed after it was released: the lock file records checksum ${down}, the file now has ${edited}\\."
    "an edited locked down names the down file and both checksums")
  file(READ "${lock}" now)
  expect_equal("${now}" "${locked}" "the lock file is unchanged")
  migbundle(1 generate --dir migrations --out out/m.hpp --namespace app::db --lock migbundle.lock)
  expect("${err}" "0006_task_notes\\.down\\.sql:1:1: error: the down of released migration 6 was changed" "generate --lock too")

  # Removed: refused at the migration.
  file(REMOVE "${WORK_DIR}/migrations/0006_task_notes.down.sql")
  migbundle(1 lock --dir migrations --lock migbundle.lock)
  expect("${err}" "(^|\n)migrations/0006_task_notes\\.sql:1:1: error: the down of released migration 6 was removed"
    "a removed locked down is refused")

  # A down written later for a released migration that had none: accepted, and recorded.
  write_file(migrations/0006_task_notes.down.sql "ALTER TABLE tasks DROP COLUMN notes;\n")
  write_file(migrations/0002_create_tasks.down.sql "DROP TABLE tasks;\nDROP TABLE projects;\n")
  sha256_of(migrations/0002_create_tasks.down.sql later)
  migbundle(0 lock --dir migrations --lock migbundle.lock)
  file(READ "${lock}" now)
  expect("${now}" "\n    {\"id\":2,\"file\":\"0002_create_tasks\\.sql\",\"checksum\":\"[0-9a-f]+\",\"down_checksum\":\"${later}\"},\n"
    "the down written later is locked with its migration")
endfunction()

function(case_removed_refused)
  copy_migrations("${REPO_MIGRATIONS}" migrations)
  migbundle(0 lock --dir migrations --lock migbundle.lock)
  file(READ "${lock}" locked)
  file(REMOVE "${WORK_DIR}/migrations/0002_create_tasks.sql")
  migbundle(1 lock --dir migrations --lock migbundle.lock)
  expect("${err}" "(^|\n)migbundle\\.lock:5:1: error: released migration 2 \\(`0002_create_tasks\\.sql`\\) is missing"
    "a removed locked migration names the lock file's line and the file")
  file(READ "${lock}" now)
  expect_equal("${now}" "${locked}" "the lock file is unchanged")
endfunction()

function(case_out_of_order_refused)
  copy_migrations("${REPO_MIGRATIONS}" migrations)
  file(REMOVE "${WORK_DIR}/migrations/0004_tasks_priority.sql")
  migbundle(0 lock --dir migrations --lock migbundle.lock)
  expect("${out}" "4 migration\\(s\\) locked" "1, 2, 3 and 5 locked")
  file(READ "${lock}" locked)
  file(COPY "${REPO_MIGRATIONS}/0004_tasks_priority.sql" DESTINATION "${WORK_DIR}/migrations")
  migbundle(1 lock --dir migrations --lock migbundle.lock)
  expect("${err}" "(^|\n)migrations/0004_tasks_priority\\.sql:1:1: error: id 4 is below the newest released migration \\(5\\)"
    "a new migration below the newest locked one is refused, naming both ids")
  file(READ "${lock}" now)
  expect_equal("${now}" "${locked}" "the lock file is unchanged")

  migbundle(1 generate --dir migrations --out out/m.hpp --namespace app::db --lock migbundle.lock)
  expect("${err}" "0004_tasks_priority\\.sql:1:1: error: id 4 is below the newest released migration \\(5\\)"
    "generate --lock refuses it too")

  # Renumbered above the lock, the same migration is fine.
  file(RENAME "${WORK_DIR}/migrations/0004_tasks_priority.sql" "${WORK_DIR}/migrations/0006_tasks_priority.sql")
  migbundle(0 generate --dir migrations --out out/m.hpp --namespace app::db --lock migbundle.lock)
  if(NOT EXISTS "${WORK_DIR}/out/m.hpp")
    message(FATAL_ERROR "generate --lock in a good state wrote no header")
  endif()
  migbundle(0 lock --dir migrations --lock migbundle.lock)
  expect("${out}" "5 migration\\(s\\) locked \\(1 new\\)" "and is then locked")
endfunction()

function(case_generate_good)
  copy_migrations("${REPO_MIGRATIONS}" migrations)
  # No lock file yet: an error (a mistyped path must not turn the lock off) unless asked for.
  migbundle(2 generate --dir migrations --out out/m.hpp --namespace app::db --lock migbundle.lock)
  expect("${err}" "lock file `migbundle\\.lock` does not exist" "a missing lock file is named")
  migbundle(0 generate --dir migrations --out out/m.hpp --namespace app::db --lock migbundle.lock --allow-missing-lock)
  if(EXISTS "${lock}")
    message(FATAL_ERROR "generate created the lock file: only `migbundle lock` may")
  endif()
  migbundle(0 lock --dir migrations --lock migbundle.lock)
  migbundle(0 generate --dir migrations --out out/m.hpp --namespace app::db --lock migbundle.lock --check)
  write_file(migrations/0006_new.sql "CREATE TABLE t (x);\n")
  migbundle(0 generate --dir migrations --out out/m.hpp --namespace app::db --lock migbundle.lock)
  file(READ "${WORK_DIR}/out/m.hpp" header)
  expect("${header}" "0006_new\\.sql" "a migration newer than the lock is embedded")
endfunction()

function(case_malformed)
  copy_migrations("${REPO_MIGRATIONS}" migrations)
  write_file(migbundle.lock "{\n  \"format\": 1,\n  \"migrations\": [\n<<<<<<< HEAD\n  ]\n}\n")
  migbundle(1 lock --dir migrations --lock migbundle.lock)
  expect("${err}" "(^|\n)migbundle\\.lock:4:1: error: malformed lock file: " "a merge conflict in the lock file, at its line")
  migbundle(1 verify --dir migrations --lock migbundle.lock)
  expect("${err}" "(^|\n)migbundle\\.lock:4:1: error: malformed lock file: " "verify --lock says the same")
endfunction()

function(case_usage)
  migbundle(2 lock --dir "${REPO_MIGRATIONS}")
  expect("${err}" "'--lock' is required" "a missing --lock is wrong usage")
  migbundle(2 lock --lock migbundle.lock)
  expect("${err}" "'--dir' is required" "a missing --dir is wrong usage")
  if(EXISTS "${lock}")
    message(FATAL_ERROR "wrong usage wrote a lock file")
  endif()
endfunction()

run_case()
