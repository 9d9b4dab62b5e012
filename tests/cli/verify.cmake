# `migbundle verify`: applies a directory to an in-memory database. Good input
# passes; bad SQL and lint errors fail with exit 1 and `path:line:col: error:`
# at the exact place in the file as it is on disk (CRLF and a byte-order mark
# included); a lint warning alone passes and is printed; --lock catches an edit.
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

function(case_usage)
  migbundle(2 verify)
  expect("${err}" "'--dir' is required" "a missing --dir is wrong usage")
  migbundle(2 verify --dir does-not-exist)
  expect("${err}" "migbundle: error: migrations directory `does-not-exist` does not exist" "a missing directory is wrong usage")
  migbundle(2 verify --dir "${REPO_MIGRATIONS}" --bogus)
  expect("${err}" "--bogus" "an unknown option is wrong usage")
endfunction()

run_case()
