// The lint for PostgreSQL (`--engine postgres`): statements read as psql reads
// them, each rule with its place in the file and the words that say what to do.
#include <migbundle/bundle.hpp>
#include <migbundle/generator/diagnostic.hpp>
#include <migbundle/generator/engine.hpp>
#include <migbundle/generator/lint.hpp>
#include <migbundle/generator/load_migrations.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using migbundle::gen::Diagnostic;
using migbundle::gen::Engine;
using migbundle::gen::lint_migration;
using migbundle::gen::lint_migrations;
using migbundle::gen::MigrationsError;
using migbundle::gen::MigrationSource;
using migbundle::gen::Severity;
using Catch::Matchers::Contains;

namespace {

MigrationSource migration(std::string text, std::uint32_t flags = 0) {
  MigrationSource m;
  m.id = 3;
  m.name = "x";
  m.file_name = "0003_x.sql";
  m.display_path = "db/0003_x.sql";
  m.text = std::move(text);
  m.flags = flags;
  return m;
}

std::vector<Diagnostic> lint(const std::string& text, std::uint32_t flags = 0) {
  return lint_migration(migration(text, flags), Engine::postgres);
}

void check_clean(const std::string& text, std::uint32_t flags = 0) {
  INFO(text);
  const std::vector<Diagnostic> problems = lint(text, flags);
  for (const Diagnostic& d : problems) UNSCOPED_INFO(format(d));
  CHECK(problems.empty());
}

/// The one problem of `text`: an error at line:column.
Diagnostic only_error(const std::string& text, int line, int column, std::uint32_t flags = 0) {
  INFO(text);
  const std::vector<Diagnostic> problems = lint(text, flags);
  for (const Diagnostic& d : problems) UNSCOPED_INFO(format(d));
  REQUIRE(problems.size() == 1);
  const Diagnostic& d = problems.front();
  INFO(format(d));
  CHECK(d.path == "db/0003_x.sql");
  CHECK(d.severity == Severity::error);
  CHECK(d.line == line);
  CHECK(d.column == column);
  return d;
}

constexpr std::uint32_t no_transaction = migbundle::flag_no_transaction;

}  // namespace

// ---- accepts good input ---------------------------------------------------------------------

TEST_CASE("postgres: ordinary migrations have no problems", "[lint][postgres]") {
  check_clean(
      "-- Accounts.\n"
      "CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL);\n"
      "CREATE UNIQUE INDEX users_email ON users (lower(email));\n"
      "INSERT INTO users (email) VALUES ('begin@example.com'), (E'it\\'s; commit'), ('Zoë');\n"
      "COMMENT ON TABLE users IS $c$BEGIN; COMMIT;$c$;\n"
      "SAVEPOINT s;\n"
      "ROLLBACK TO SAVEPOINT s;\n"
      "RELEASE SAVEPOINT s;\n");
  check_clean("");
  check_clean("-- nothing yet\n/* still /* nothing */ */\n");
}

TEST_CASE("postgres: a transaction control word inside a body, string or comment is none", "[lint][postgres]") {
  check_clean(
      "CREATE FUNCTION f() RETURNS int LANGUAGE sql\n"
      "BEGIN ATOMIC\n"
      "  SELECT CASE WHEN true THEN 1 END;\n"
      "  SELECT 2;\n"
      "END;\n");
  check_clean("DO $$ BEGIN COMMIT; END $$;\n");
  check_clean("SELECT 'a\n;COMMIT;'; -- ; ROLLBACK;\n/* ; BEGIN; /* ; END; */ */\n");
  check_clean("CREATE TABLE \"commit\" (\"begin\" int);\n");
}

TEST_CASE("postgres: SQLite's rules do not apply", "[lint][postgres]") {
  // PRAGMA is no PostgreSQL statement; its SQLite warning is not given.
  check_clean("PRAGMA foreign_keys = ON;\n");
  // ATTACH/DETACH mean nothing special to PostgreSQL's transaction rules here.
  check_clean("ALTER TABLE p DETACH PARTITION c;\n");
}

TEST_CASE("postgres: one statement refused in a transaction, alone in a no-transaction migration", "[lint][postgres]") {
  check_clean("-- migbundle: no-transaction\nCREATE INDEX CONCURRENTLY users_email ON users (email);\n", no_transaction);
  check_clean("VACUUM (ANALYZE) users", no_transaction);
  // psql's split: a BEGIN ATOMIC body is one statement, however many `;` it holds.
  check_clean("CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); INSERT INTO t VALUES (2); END;\n",
              no_transaction);
  check_clean("-- migbundle: no-transaction\n", no_transaction);
  check_clean(";;\n-- a trailing comment\n", no_transaction);
}

// ---- rejects bad input, at the right place, with the right words -------------------------------

TEST_CASE("postgres: transaction control is an error at its statement", "[lint][postgres]") {
  const Diagnostic commit = only_error("CREATE TABLE t (x int);\n  COMMIT;\nCREATE TABLE u (y int);\n", 2, 3);
  CHECK_THAT(commit.message, Contains("`COMMIT` inside a migration") && Contains("commit the migration half-done") &&
                                 Contains("Delete this statement"));
  CHECK_THAT(only_error("begin;\n", 1, 1).message, Contains("`BEGIN` inside a migration"));
  CHECK_THAT(only_error("SELECT 1; START /* c */ TRANSACTION;", 1, 11).message,
             Contains("`START TRANSACTION` inside a migration"));
  CHECK_THAT(only_error("SELECT 1;\nrollback;", 2, 1).message,
             Contains("`ROLLBACK` inside a migration") && Contains("roll it back"));
  CHECK_THAT(only_error("END;", 1, 1).message, Contains("`END` inside a migration"));
  CHECK_THAT(only_error("ABORT;", 1, 1).message, Contains("`ABORT`"));
  CHECK_THAT(only_error("PREPARE TRANSACTION 'x';", 1, 1).message, Contains("`PREPARE TRANSACTION`"));
  CHECK_THAT(only_error("COMMIT PREPARED 'x';", 1, 1).message, Contains("`COMMIT PREPARED`"));
  // In a no-transaction migration too: its one statement runs on its own.
  CHECK_THAT(only_error("-- migbundle: no-transaction\nBEGIN;\n", 2, 1, no_transaction).message,
             Contains("`BEGIN` in a no-transaction migration") && Contains("Delete this statement"));
}

TEST_CASE("postgres: a statement refused in a transaction block needs no-transaction", "[lint][postgres]") {
  const Diagnostic index =
      only_error("CREATE TABLE t (x int);\ncreate unique index -- c\n concurrently t_x on t (x);\n", 2, 1);
  CHECK_THAT(index.message, Contains("`CREATE INDEX CONCURRENTLY` cannot run inside a transaction block") &&
                                Contains("Add `-- migbundle: no-transaction` at the top of the file") &&
                                Contains("alone"));
  CHECK_THAT(only_error("VACUUM;", 1, 1).message, Contains("`VACUUM` cannot run inside a transaction block"));
  CHECK_THAT(only_error("SELECT 1;\n\tDROP INDEX CONCURRENTLY i;", 2, 2).message, Contains("`DROP INDEX CONCURRENTLY`"));
  CHECK_THAT(only_error("REINDEX TABLE CONCURRENTLY t;", 1, 1).message, Contains("`REINDEX CONCURRENTLY`"));
  CHECK_THAT(only_error("CREATE DATABASE d;", 1, 1).message, Contains("`CREATE DATABASE`"));
  CHECK_THAT(only_error("ALTER SYSTEM SET work_mem = '1MB';", 1, 1).message, Contains("`ALTER SYSTEM`"));
  CHECK_THAT(only_error("ALTER TABLE p DETACH PARTITION c CONCURRENTLY;", 1, 1).message,
             Contains("DETACH PARTITION ... CONCURRENTLY"));
  // Columns count characters: Zoë's ë is one.
  CHECK(only_error("SELECT 'Zoë'; VACUUM;", 1, 15).column == 15);
}

TEST_CASE("postgres: a no-transaction migration holds exactly one statement", "[lint][postgres]") {
  const std::string text =
      "-- migbundle: no-transaction\n"
      "CREATE INDEX CONCURRENTLY a_x ON a (x);\n"
      "  CREATE INDEX CONCURRENTLY a_y ON a (y);\n"
      "CREATE INDEX CONCURRENTLY a_z ON a (z);\n";
  // One error, at the second statement.
  const Diagnostic d = only_error(text, 3, 3, no_transaction);
  CHECK_THAT(d.message, Contains("a second statement in a no-transaction migration") &&
                            Contains("one implicit transaction") && Contains("Split it into one migration per statement"));
  // Any two statements, refused in a transaction or not.
  CHECK_THAT(only_error("SELECT 1; SELECT 2;", 1, 11, no_transaction).message,
             Contains("one migration per statement"));
  // In a transaction, several statements are fine.
  check_clean("SELECT 1; SELECT 2;");
}

TEST_CASE("postgres: what is left open is an error where it begins", "[lint][postgres]") {
  // The `;` and the COMMIT after the open quote are inside the string: one error only.
  const Diagnostic string = only_error("SELECT 1;\nINSERT INTO t VALUES ('its);\nCOMMIT;\n", 2, 23);
  CHECK_THAT(string.message, Contains("unterminated string") && Contains("Close it with `'`") && Contains("`''`"));
  CHECK_THAT(only_error("SELECT E'it\\'s;\n", 1, 8).message, Contains("unterminated string"));
  CHECK_THAT(only_error("SELECT \"Name;\nFROM t;\n", 1, 8).message,
             Contains("unterminated quoted identifier") && Contains("Close it with `\"`"));
  CHECK_THAT(only_error("CREATE FUNCTION f() RETURNS int AS $body$\nSELECT 1;\n$BODY$ LANGUAGE sql;\n", 1, 36).message,
             Contains("unterminated dollar quote `$body$`") && Contains("Close it with the same `$body$`"));
  CHECK_THAT(only_error("SELECT 1;\n/* outer /* inner */\nSELECT 2;\n", 2, 1).message,
             Contains("unterminated comment") && Contains("nest") && Contains("`*/`"));
  // In a no-transaction migration: the open comment is reported, not as a second statement.
  CHECK_THAT(only_error("VACUUM; /* open", 1, 9, no_transaction).message, Contains("unterminated comment"));
}

TEST_CASE("postgres: NUL bytes and text that is not UTF-8 are errors, as for SQLite", "[lint][postgres]") {
  const std::vector<Diagnostic> problems = lint(std::string("SELECT '\0';\nSELECT '\xFF';", 23));
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].line == 1);
  CHECK(problems[0].column == 9);
  CHECK_THAT(problems[0].message, Contains("NUL byte") && Contains("PostgreSQL") && Contains("Remove it"));
  CHECK(problems[1].line == 2);
  CHECK_THAT(problems[1].message, Contains("not valid UTF-8 (byte 0xFF)"));
}

TEST_CASE("postgres: the engine chooses the rules", "[lint][postgres]") {
  // SQLite's rules by default: VACUUM's message is SQLite's, PRAGMA foreign_keys warns.
  const std::vector<Diagnostic> sqlite = lint_migration(migration("PRAGMA foreign_keys = ON;\n"));
  REQUIRE(sqlite.size() == 1);
  CHECK(sqlite.front().severity == Severity::warning);
  // A no-transaction SQLite migration may hold several statements.
  CHECK(lint_migration(migration("VACUUM; PRAGMA journal_mode = WAL;", no_transaction)).empty());
  CHECK(lint_migration(migration("VACUUM; PRAGMA journal_mode = WAL;", no_transaction), Engine::postgres).size() == 1);
}

TEST_CASE("postgres: lint_migrations gathers every file's errors", "[lint][postgres]") {
  const std::vector<MigrationSource> migrations = {migration("COMMIT;"), migration("SELECT 'open")};
  try {
    (void)lint_migrations(migrations, Engine::postgres);
    FAIL("lint_migrations did not throw");
  } catch (const MigrationsError& error) {
    CHECK(error.diagnostics().size() == 2);
  }
  CHECK(lint_migrations({migration("SELECT 1;")}, Engine::postgres).empty());
}
