// The lint: each rule on its own, with the file, line, column, severity and
// the words of its message; and how lint_migrations() gathers them.
#include <migbundle/bundle.hpp>
#include <migbundle/generator/diagnostic.hpp>
#include <migbundle/generator/lint.hpp>
#include <migbundle/generator/load_migrations.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using migbundle::gen::Diagnostic;
using migbundle::gen::lint_migration;
using migbundle::gen::lint_migrations;
using migbundle::gen::MigrationsError;
using migbundle::gen::MigrationSource;
using migbundle::gen::Severity;

namespace {

const std::string path = "db/migrations/0002_x.sql";

MigrationSource migration(std::string text, std::uint32_t flags = 0, std::string display_path = path) {
  MigrationSource m;
  m.id = 2;
  m.name = "x";
  m.file_name = "0002_x.sql";
  m.display_path = std::move(display_path);
  m.text = std::move(text);
  m.flags = flags;
  return m;
}

/// A literal's bytes, NULs included.
template <std::size_t n>
std::string bytes(const char (&literal)[n]) {
  return std::string(literal, n - 1);
}

MigrationSource no_transaction(std::string text) { return migration(std::move(text), migbundle::flag_no_transaction); }

/// The one problem `text` must have.
Diagnostic only_problem(const MigrationSource& m) {
  const std::vector<Diagnostic> problems = lint_migration(m);
  INFO(m.text);
  REQUIRE(problems.size() == 1);
  CHECK(problems.front().path == m.display_path);
  return problems.front();
}

void check_clean(const std::string& text, std::uint32_t flags = 0) {
  INFO(text);
  const std::vector<Diagnostic> problems = lint_migration(migration(text, flags));
  for (const Diagnostic& d : problems) UNSCOPED_INFO(format(d));
  CHECK(problems.empty());
}

void check_at(const Diagnostic& d, int line, int column, Severity severity) {
  INFO(format(d));
  CHECK(d.line == line);
  CHECK(d.column == column);
  CHECK(d.severity == severity);
}

}  // namespace

// ---- accepts good input ---------------------------------------------------------------------

TEST_CASE("ordinary migrations have no problems", "[lint]") {
  check_clean(
      "-- Accounts.\n"
      "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);\n"
      "CREATE UNIQUE INDEX users_email ON users (email COLLATE NOCASE);\n"
      "INSERT INTO users (email) VALUES ('begin@example.com'), ('Zoë <zoe@example.com>');\n");
}

TEST_CASE("empty and comment-only migrations have no problems", "[lint]") {
  check_clean("");
  check_clean("\n\n");
  check_clean("-- nothing yet\n/* BEGIN; COMMIT; VACUUM; PRAGMA foreign_keys = OFF; */\n");
  check_clean("-- migbundle: no-transaction\n", migbundle::flag_no_transaction);
}

TEST_CASE("BEGIN inside a trigger body is not transaction control", "[lint]") {
  check_clean(
      "CREATE TRIGGER t_touch AFTER UPDATE ON t\n"
      "BEGIN\n"
      "  UPDATE t SET n = CASE WHEN NEW.n IS NULL THEN 0 ELSE NEW.n END WHERE id = NEW.id;\n"
      "  INSERT INTO log VALUES ('commit; rollback; end');\n"
      "END;\n"
      "CREATE TEMP TRIGGER t_gone AFTER DELETE ON t BEGIN DELETE FROM log WHERE id = OLD.id; END;\n");
}

TEST_CASE("columns named \"end\" and \"trigger\" confuse nothing", "[lint]") {
  check_clean(
      "CREATE TABLE spans (id INTEGER PRIMARY KEY, start, end, trigger TEXT);\n"
      "CREATE TRIGGER spans_fix AFTER INSERT ON spans BEGIN\n"
      "  UPDATE spans SET end = start WHERE id = NEW.id AND NEW.end < NEW.start;\n"
      "  UPDATE spans SET trigger = 'insert' WHERE id = NEW.id;\n"
      "END;\n");
  // ... and hide nothing after them.
  const Diagnostic d =
      only_problem(migration("CREATE TABLE events (id INTEGER PRIMARY KEY, trigger TEXT);\nVACUUM;\n"));
  check_at(d, 2, 1, Severity::error);
}

TEST_CASE("savepoints and ROLLBACK TO stay inside the transaction", "[lint]") {
  check_clean("SAVEPOINT a;\nINSERT INTO t VALUES (1);\nROLLBACK TO a;\nRELEASE a;\n");
  check_clean("SAVEPOINT b;\nROLLBACK TRANSACTION TO SAVEPOINT b;\nRELEASE SAVEPOINT b;\n");
  // Found by fuzz_sql_statements (seed regress-rollback-transaction-name): the transaction may be named.
  check_clean("SAVEPOINT c;\nROLLBACK TRANSACTION tx TO SAVEPOINT c;\nROLLBACK TRANSACTION \"tx\" TO c;\nRELEASE c;\n");
  check_clean("savepoint c; rollback to c; release c;");
}

TEST_CASE("keywords inside strings, identifiers and comments are not statements", "[lint]") {
  check_clean("INSERT INTO t VALUES ('BEGIN'); -- COMMIT;\nSELECT \"VACUUM\" FROM [ATTACH];\n");
}

TEST_CASE("reading a pragma is fine inside a transaction", "[lint]") {
  check_clean("PRAGMA journal_mode;\n");
  check_clean("PRAGMA main.journal_mode;\n");
  check_clean("PRAGMA foreign_keys;\n");
  check_clean("pragma main.foreign_keys;\n");
  check_clean("PRAGMA user_version = 3;\nPRAGMA foreign_key_check;\n");
}

// ---- NUL and UTF-8 ---------------------------------------------------------------------------

TEST_CASE("a NUL byte is an error at its line and column", "[lint]") {
  const Diagnostic d = only_problem(migration(bytes("SELECT 1;\nSELECT 'ab\0c';\n")));
  check_at(d, 2, 11, Severity::error);
  CHECK_THAT(d.message, Catch::Contains("NUL byte"));
  CHECK_THAT(format(d), Catch::StartsWith(path + ":2:11: error: "));
}

TEST_CASE("a NUL byte is reported in no-transaction files too", "[lint]") {
  const Diagnostic d = only_problem(no_transaction(bytes("-- migbundle: no-transaction\n\0")));
  check_at(d, 2, 1, Severity::error);
}

TEST_CASE("text that is not UTF-8 is an error at the first bad byte", "[lint]") {
  struct Case {
    const char* what;
    std::string text;
    int line;
    int column;
    const char* byte;
  };
  const Case cases[] = {
      {"Latin-1 byte", "SELECT 'caf\xE9';\n", 1, 12, "0xE9"},
      {"overlong slash", "SELECT 1;\n  SELECT '\xC0\xAF';\n", 2, 11, "0xC0"},
      {"overlong NUL", "SELECT '\xC0\x80';", 1, 9, "0xC0"},
      {"overlong three bytes", "SELECT '\xE0\x80\xAF';", 1, 9, "0xE0"},
      {"UTF-16 surrogate", "SELECT 'é\xED\xA0\x80';", 1, 10, "0xED"},
      {"above U+10FFFF", "SELECT '\xF4\x90\x80\x80';", 1, 9, "0xF4"},
      {"truncated at the end", "SELECT 1;\n\n-- \xE2\x82", 3, 4, "0xE2"},
      {"truncated in the middle", "SELECT '\xE2\x82x';", 1, 9, "0xE2"},
      {"stray continuation byte", "-- €\n\x80", 2, 1, "0x80"},
      {"invalid lead byte", "SELECT '\xFF';", 1, 9, "0xFF"},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    const Diagnostic d = only_problem(migration(c.text));
    check_at(d, c.line, c.column, Severity::error);
    CHECK_THAT(d.message, Catch::Contains("not valid UTF-8") && Catch::Contains(c.byte));
  }
}

TEST_CASE("valid UTF-8 of every length passes", "[lint]") {
  check_clean("INSERT INTO t VALUES ('\x7F é € 😀 \xF4\x8F\xBF\xBF \xEF\xBF\xBF');\n");
}

TEST_CASE("a NUL byte and bad UTF-8 are both reported", "[lint]") {
  const auto problems = lint_migration(migration(bytes("SELECT '\0';\nSELECT '\xFF';")));
  REQUIRE(problems.size() == 2);
  CHECK_THAT(problems[0].message, Catch::Contains("NUL"));
  CHECK(problems[0].line == 1);
  CHECK_THAT(problems[1].message, Catch::Contains("UTF-8"));
  CHECK(problems[1].line == 2);
}

// ---- transaction control ---------------------------------------------------------------------

TEST_CASE("BEGIN, COMMIT, END and ROLLBACK are errors at the statement", "[lint]") {
  struct Case {
    const char* text;
    const char* word;
    int line;
    int column;
  };
  const Case cases[] = {
      {"BEGIN;\nCREATE TABLE t (x);\n", "BEGIN", 1, 1},
      {"CREATE TABLE t (x);\n  begin immediate transaction;\n", "BEGIN", 2, 3},
      {"CREATE TABLE t (x); COMMIT;", "COMMIT", 1, 21},
      {"CREATE TABLE t (x);\n\n/* done */ END TRANSACTION;", "END", 3, 12},
      {"-- undo\nROLLBACK;", "ROLLBACK", 2, 1},
      {"ROLLBACK TRANSACTION;", "ROLLBACK", 1, 1},
      {"INSERT INTO t VALUES ('é'); commit", "COMMIT", 1, 29},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    const Diagnostic d = only_problem(migration(c.text));
    check_at(d, c.line, c.column, Severity::error);
    CHECK_THAT(d.message, Catch::StartsWith(std::string("`") + c.word + "` inside a migration") &&
                              Catch::Contains("own transaction") && Catch::Contains("no-transaction"));
  }
}

TEST_CASE("every transaction statement of a file is reported", "[lint]") {
  const auto problems = lint_migration(migration("BEGIN;\nCREATE TABLE t (x);\nCOMMIT;\n"));
  REQUIRE(problems.size() == 2);
  check_at(problems[0], 1, 1, Severity::error);
  check_at(problems[1], 3, 1, Severity::error);
}

TEST_CASE("no-transaction files may manage transactions themselves", "[lint]") {
  check_clean("-- migbundle: no-transaction\nBEGIN;\nCREATE TABLE t (x);\nCOMMIT;\nVACUUM;\n",
              migbundle::flag_no_transaction);
}

// ---- statements SQLite refuses inside a transaction ------------------------------------------

TEST_CASE("VACUUM, ATTACH, DETACH and setting journal_mode need no-transaction", "[lint]") {
  struct Case {
    const char* text;
    const char* what;
    int line;
    int column;
  };
  const Case cases[] = {
      {"VACUUM;", "VACUUM", 1, 1},
      {"CREATE TABLE t (x);\nvacuum main;", "VACUUM", 2, 1},
      {"ATTACH DATABASE 'other.db' AS other;", "ATTACH", 1, 1},
      {"SELECT 1;\n  attach 'x.db' as x;", "ATTACH", 2, 3},
      {"DETACH DATABASE other;", "DETACH", 1, 1},
      {"PRAGMA journal_mode = WAL;", "PRAGMA journal_mode", 1, 1},
      {"PRAGMA journal_mode=wal;", "PRAGMA journal_mode", 1, 1},
      {"SELECT 1; PRAGMA main.journal_mode = WAL;", "PRAGMA journal_mode", 1, 11},
      {"-- switch\nPRAGMA journal_mode(WAL);", "PRAGMA journal_mode", 2, 1},
      {"PRAGMA main.journal_mode('delete');", "PRAGMA journal_mode", 1, 1},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    const Diagnostic d = only_problem(migration(c.text));
    check_at(d, c.line, c.column, Severity::error);
    CHECK_THAT(d.message, Catch::StartsWith(std::string("`") + c.what + "` cannot run inside a transaction") &&
                              Catch::Contains("-- migbundle: no-transaction"));
    INFO("with the directive");
    check_clean(std::string("-- migbundle: no-transaction\n") + c.text, migbundle::flag_no_transaction);
  }
}

// ---- PRAGMA foreign_keys -------------------------------------------------------------------

TEST_CASE("setting foreign_keys is a warning: a no-op inside a transaction", "[lint]") {
  const char* texts[] = {"PRAGMA foreign_keys = OFF;\nCREATE TABLE t (x);\n", "PRAGMA foreign_keys=off;",
                         "pragma main.foreign_keys = 0;", "PRAGMA foreign_keys(OFF);", "PRAGMA foreign_keys = ON;"};
  for (const char* text : texts) {
    const Diagnostic d = only_problem(migration(text));
    check_at(d, 1, 1, Severity::warning);
    CHECK_THAT(d.message, Catch::Contains("`PRAGMA foreign_keys` is a no-op inside a transaction") &&
                              Catch::Contains("foreign_key_check"));
    CHECK_THAT(format(d), Catch::StartsWith(path + ":1:1: warning: "));
  }
}

TEST_CASE("the foreign_keys warning sits at its statement", "[lint]") {
  const Diagnostic d = only_problem(migration("CREATE TABLE a (x);\n\n    PRAGMA foreign_keys = OFF;\n"));
  check_at(d, 3, 5, Severity::warning);
}

TEST_CASE("no-transaction files may set foreign_keys", "[lint]") {
  check_clean("-- migbundle: no-transaction\nPRAGMA foreign_keys = OFF;\n", migbundle::flag_no_transaction);
}

// ---- lint_migrations ----------------------------------------------------------------------

TEST_CASE("lint_migrations returns the warnings when there is no error", "[lint]") {
  const std::vector<MigrationSource> migrations = {
      migration("CREATE TABLE a (x);", 0, "m/0001_a.sql"),
      migration("PRAGMA foreign_keys = OFF;", 0, "m/0002_b.sql"),
      migration("-- migbundle: no-transaction\nVACUUM;", migbundle::flag_no_transaction, "m/0003_c.sql"),
  };
  const std::vector<Diagnostic> warnings = lint_migrations(migrations);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings.front().path == "m/0002_b.sql");
  CHECK(warnings.front().severity == Severity::warning);
  CHECK(lint_migrations({}).empty());
  CHECK(lint_migrations({migrations[0]}).empty());
}

TEST_CASE("lint_migrations throws every error together with the warnings", "[lint]") {
  const std::vector<MigrationSource> migrations = {
      migration("PRAGMA foreign_keys = OFF;", 0, "m/0001_a.sql"),
      migration("CREATE TABLE b (x);\nCOMMIT;", 0, "m/0002_b.sql"),
      migration("SELECT 1;", 0, "m/0003_fine.sql"),
      migration("VACUUM;", 0, "m/0004_d.sql"),
  };
  try {
    (void)lint_migrations(migrations);
    FAIL("lint_migrations did not throw");
  } catch (const MigrationsError& error) {
    const std::vector<Diagnostic>& all = error.diagnostics();
    REQUIRE(all.size() == 3);
    CHECK(format(all[0]) == "m/0001_a.sql:1:1: warning: " + all[0].message);
    CHECK(format(all[1]) == "m/0002_b.sql:2:1: error: " + all[1].message);
    CHECK(format(all[2]) == "m/0004_d.sql:1:1: error: " + all[2].message);
    CHECK(all[0].severity == Severity::warning);
    CHECK(all[1].severity == Severity::error);
    CHECK(all[2].severity == Severity::error);
  }
}

// ---- other tools' files ---------------------------------------------------------------------

TEST_CASE("a goose file is an error at its Down marker: migbundle would run the Down section too", "[lint]") {
  const Diagnostic d = only_problem(migration("-- +goose Up\nCREATE TABLE t (x);\n\n  -- +goose Down\nDROP TABLE t;\n"));
  check_at(d, 4, 3, Severity::error);
  CHECK_THAT(d.message, Catch::Contains("looks like a goose migration") && Catch::Contains("including this Down section") &&
                            Catch::Contains("Keep only the up part") && Catch::Contains("`-- +goose Down`"));
}

TEST_CASE("a dbmate file is an error at its down marker", "[lint]") {
  const Diagnostic d = only_problem(migration("-- migrate:up\nCREATE TABLE t (x);\n-- migrate:down\nDROP TABLE t;\n"));
  check_at(d, 3, 1, Severity::error);
  CHECK_THAT(d.message, Catch::Contains("looks like a dbmate migration") && Catch::Contains("Keep only the up part"));
  // Or no edit at all: the layout that reads it as dbmate does.
  CHECK_THAT(d.message, Catch::Contains("`--layout dbmate` (`add_migrations(... LAYOUT dbmate)`)"));
  // A marker after SQL on its line is no marker; one indented by a tab is,
  // and so is one on the last line, without a newline.
  check_at(only_problem(migration("SELECT 1; -- migrate:down\n\t-- migrate:up\nSELECT 2;\n-- migrate:down")), 4, 1,
           Severity::error);
}

TEST_CASE("another tool's markers without a Down section are an error at the first one", "[lint]") {
  const Diagnostic up = only_problem(migration("-- +goose Up\nCREATE TABLE t (x);\n"));
  check_at(up, 1, 1, Severity::error);
  CHECK_THAT(up.message, Catch::Contains("goose") && Catch::Contains("Delete the `-- +goose` lines"));
  CHECK_THAT(up.message, Catch::Contains("`--layout goose`"));
  const Diagnostic no_tx = only_problem(migration("-- +goose NO TRANSACTION\n-- +goose Up\nVACUUM;\n", migbundle::flag_no_transaction));
  CHECK_THAT(no_tx.message, Catch::Contains("-- migbundle: no-transaction"));
  // Words in ordinary comments and strings are no markers.
  check_clean("-- we moved off goose: see +goose docs\nSELECT '-- migrate:down';\n");
}

TEST_CASE("the transaction-control message says what would happen and what to do", "[lint]") {
  const Diagnostic begin = only_problem(migration("BEGIN;\nCREATE TABLE t (x);\n"));
  CHECK_THAT(begin.message, Catch::Contains("cannot nest transactions") && Catch::Contains("Delete this statement"));
  const Diagnostic commit = only_problem(migration("CREATE TABLE t (x);\nCOMMIT;\n"));
  CHECK_THAT(commit.message, Catch::Contains("half-done") && Catch::Contains("unprotected"));
  CHECK_THAT(commit.message, !Catch::Contains("early"));
}
