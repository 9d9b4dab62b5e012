// Other tools' folder layouts: each reader's quirks (sections, markers, journals,
// transaction switches, version rules) on small folders, with exact outcomes.
#include "temp_dir.hpp"

#include <migbundle/bundle.hpp>
#include <migbundle/generator/check_migrations.hpp>
#include <migbundle/generator/diagnostic.hpp>
#include <migbundle/generator/layout.hpp>
#include <migbundle/generator/load_migrations.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using migbundle::flag_no_transaction;
using migbundle::gen::check_migrations;
using migbundle::gen::Diagnostic;
using migbundle::gen::Layout;
using migbundle::gen::LoadedMigrations;
using migbundle::gen::MigrationsError;
using migbundle::gen::MigrationSource;
using migbundle::gen::read_migrations;
using migbundle::gen::Severity;
using migbundle::gen::UsageError;
using migbundle::test::TempDir;

namespace {

/// `relative` inside `dir`, as diagnostics and display_path show it.
std::string shown(const TempDir& dir, const std::string& relative) {
  return dir.path().generic_string() + "/" + relative;
}

std::vector<std::int64_t> ids_of(const LoadedMigrations& loaded) {
  std::vector<std::int64_t> ids;
  for (const MigrationSource& m : loaded.migrations) ids.push_back(m.id);
  return ids;
}

std::vector<std::string> files_of(const LoadedMigrations& loaded) {
  std::vector<std::string> files;
  for (const MigrationSource& m : loaded.migrations) files.push_back(m.file_name);
  return files;
}

/// Every diagnostic, in the compiler form, for a failing check's message.
std::string listing(const std::vector<Diagnostic>& diagnostics) {
  std::string all;
  for (const Diagnostic& d : diagnostics) all += format(d) + "\n";
  return all.empty() ? "(none)" : all;
}

/// True when one of `diagnostics` is at `path`, `line` and says `words`.
bool has(const std::vector<Diagnostic>& diagnostics, const std::string& path, int line, const std::string& words) {
  return std::any_of(diagnostics.begin(), diagnostics.end(), [&](const Diagnostic& d) {
    return d.path == path && d.line == line && d.message.find(words) != std::string::npos;
  });
}

/// The diagnostics check_migrations throws (errors and warnings together).
std::vector<Diagnostic> check_errors(const TempDir& dir, Layout layout) {
  try {
    (void)check_migrations(dir.path(), nullptr, layout);
  } catch (const MigrationsError& error) {
    return error.diagnostics();
  }
  FAIL("check_migrations did not throw MigrationsError");
  return {};
}

/// The message of the UsageError read_migrations throws.
std::string usage_error(const TempDir& dir, Layout layout) {
  try {
    (void)read_migrations(dir.path(), layout);
  } catch (const UsageError& error) {
    return error.what();
  }
  FAIL("read_migrations did not throw UsageError");
  return {};
}

}  // namespace

// ---------------------------------------------------------------------------
// goose

TEST_CASE("goose: only the Up section runs, the Down section is kept apart", "[layouts]") {
  TempDir dir;
  dir.write("00001_create.sql",
            "-- created by hand\n"                                        // 1
            "-- +goose Up\n"                                              // 2
            "CREATE TABLE t (a);\n"                                       // 3
            "-- +goose StatementBegin\n"                                  // 4
            "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END;\n"  // 5
            "-- +goose StatementEnd\n"                                    // 6
            "-- +goose Down\n"                                            // 7
            "DROP TABLE t;\n");                                           // 8
  dir.write("00010_later.sql", "-- +goose Up\nSELECT 10;\n");
  dir.write("00002_next.sql", "-- +goose Up\nSELECT 2;\n");
  const LoadedMigrations loaded = read_migrations(dir.path(), Layout::goose);
  INFO(listing(loaded.problems));
  REQUIRE(loaded.problems.empty());
  CHECK(loaded.layout == Layout::goose);
  CHECK(ids_of(loaded) == std::vector<std::int64_t>{1, 2, 10});
  const MigrationSource& m = loaded.migrations.at(0);
  CHECK(m.name == "create");
  CHECK(m.file_name == "00001_create.sql");
  CHECK(m.display_path == shown(dir, "00001_create.sql"));
  CHECK(m.text == "CREATE TABLE t (a);\nCREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END;\n");
  CHECK(m.text.find("DROP") == std::string::npos);
  CHECK(m.text.find("goose") == std::string::npos);
  REQUIRE(m.down_text.has_value());
  CHECK(*m.down_text == "DROP TABLE t;\n");
  CHECK(m.source_lines == std::vector<int>{3, 5});
  CHECK(m.source_line(2) == 5);
  CHECK(m.flags == 0);
  CHECK_FALSE(loaded.migrations.at(1).down_text.has_value());
}

TEST_CASE("goose: NO TRANSACTION sets no-transaction, and only where it is written", "[layouts]") {
  TempDir dir;
  dir.write("1_vacuum.sql", "-- +goose NO TRANSACTION\n-- +goose Up\nVACUUM;\n");
  dir.write("2_plain.sql", "-- +goose Up\nSELECT 2;\n");
  const LoadedMigrations loaded = read_migrations(dir.path(), Layout::goose);
  INFO(listing(loaded.problems));
  REQUIRE(loaded.problems.empty());
  REQUIRE(loaded.migrations.size() == 2);
  CHECK(loaded.migrations[0].flags == flag_no_transaction);
  CHECK(loaded.migrations[0].text == "VACUUM;\n");
  CHECK(loaded.migrations[1].flags == 0);
  // And the lint accepts the VACUUM, which it refuses inside a transaction.
  CHECK_NOTHROW(check_migrations(dir.path(), nullptr, Layout::goose));
}

TEST_CASE("goose: a file without `-- +goose Up` is an error", "[layouts]") {
  TempDir dir;
  dir.write("1_down_only.sql", "-- +goose Down\nDROP TABLE t;\n");
  const LoadedMigrations loaded = read_migrations(dir.path(), Layout::goose);
  INFO(listing(loaded.problems));
  CHECK(loaded.migrations.empty());
  REQUIRE(loaded.problems.size() == 1);
  CHECK(has(loaded.problems, shown(dir, "1_down_only.sql"), 1, "has no `-- +goose Up` line"));
}

TEST_CASE("goose: SQL before `-- +goose Up` is an error at its line", "[layouts]") {
  TempDir dir;
  dir.write("1_early.sql", "-- a comment is fine\n\nCREATE TABLE early (a);\n-- +goose Up\nCREATE TABLE t (a);\n");
  const LoadedMigrations loaded = read_migrations(dir.path(), Layout::goose);
  INFO(listing(loaded.problems));
  CHECK(loaded.migrations.empty());
  REQUIRE(loaded.problems.size() == 1);
  CHECK(has(loaded.problems, shown(dir, "1_early.sql"), 3, "SQL before `-- +goose Up`"));
}

TEST_CASE("sql-migrate: the Up section runs, `Up notransaction` is no-transaction, Down is kept apart", "[layouts]") {
  TempDir dir;
  dir.write("1_create.sql",
            "-- +migrate Up\n"                                           // 1
            "CREATE TABLE t (a);\n"                                      // 2
            "-- +migrate StatementBegin\n"                               // 3
            "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END;\n"  // 4
            "-- +migrate StatementEnd\n"                                 // 5
            "-- +migrate Down\n"                                         // 6
            "DROP TABLE t;\n");                                          // 7
  dir.write("2_vacuum.sql", "-- +migrate Up notransaction\nVACUUM;\n");
  const LoadedMigrations loaded = read_migrations(dir.path(), Layout::sql_migrate);
  INFO(listing(loaded.problems));
  REQUIRE(loaded.problems.empty());
  CHECK(loaded.layout == Layout::sql_migrate);
  CHECK(ids_of(loaded) == std::vector<std::int64_t>{1, 2});
  CHECK(loaded.migrations[0].text == "CREATE TABLE t (a);\nCREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END;\n");
  CHECK(loaded.migrations[0].source_line(1) == 2);
  CHECK(loaded.migrations[0].source_line(2) == 4);
  CHECK(loaded.migrations[0].down_text == std::optional<std::string>("DROP TABLE t;\n"));
  CHECK(loaded.migrations[0].flags == 0);
  CHECK(loaded.migrations[1].flags == flag_no_transaction);
  CHECK(migbundle::gen::detect_layout(dir.path()).layout == Layout::sql_migrate);
}

TEST_CASE("sql-migrate: files without a leading number or an Up are errors naming sql-migrate", "[layouts]") {
  TempDir dir;
  dir.write("init.sql", "-- +migrate Up\nSELECT 1;\n");
  dir.write("2_down_only.sql", "-- +migrate Down\nDROP TABLE t;\n");
  dir.write("3_odd.sql", "-- +migrate Up\n-- +migrate Sideways\nSELECT 3;\n");
  const LoadedMigrations loaded = read_migrations(dir.path(), Layout::sql_migrate);
  INFO(listing(loaded.problems));
  CHECK(loaded.migrations.empty());
  CHECK(has(loaded.problems, shown(dir, "init.sql"), 1, "sql-migrate orders files by their leading number"));
  CHECK(has(loaded.problems, shown(dir, "2_down_only.sql"), 1, "has no `-- +migrate Up` line, so sql-migrate"));
  CHECK(has(loaded.problems, shown(dir, "3_odd.sql"), 2, "an sql-migrate annotation migbundle does not know"));
}

TEST_CASE("goose: ENVSUB and unknown annotations are errors at their lines", "[layouts]") {
  TempDir dir;
  dir.write("1_env.sql", "-- +goose Up\n-- +goose ENVSUB ON\nSELECT '${NAME}';\n");
  dir.write("2_typo.sql", "-- +goose Up\nSELECT 1;\n-- +goose StatmentBegin\nSELECT 2;\n");
  const LoadedMigrations loaded = read_migrations(dir.path(), Layout::goose);
  INFO(listing(loaded.problems));
  CHECK(loaded.migrations.empty());
  REQUIRE(loaded.problems.size() == 2);
  CHECK(has(loaded.problems, shown(dir, "1_env.sql"), 2, "ENVSUB"));
  CHECK(has(loaded.problems, shown(dir, "2_typo.sql"), 3, "`-- +goose StatmentBegin`"));
}

TEST_CASE("goose: a migration written in Go is an error; the SQL ones still load", "[layouts]") {
  TempDir dir;
  dir.write("00001_init.sql", "-- +goose Up\nCREATE TABLE t (a);\n");
  dir.write("00002_backfill.go", "package migrations\n");
  dir.write("README.md", "not read\n");
  const LoadedMigrations loaded = read_migrations(dir.path(), Layout::goose);
  INFO(listing(loaded.problems));
  REQUIRE(loaded.problems.size() == 1);
  CHECK(has(loaded.problems, shown(dir, "00002_backfill.go"), 1, "written in Go"));
  CHECK(files_of(loaded) == std::vector<std::string>{"00001_init.sql"});
}

TEST_CASE("goose: lint problems in the Up section are reported at the file's line", "[layouts][lint]") {
  TempDir dir;
  dir.write("1_tx.sql",
            "-- +goose Up\n"               // 1
            "CREATE TABLE t (a);\n"        // 2
            "-- +goose StatementBegin\n"   // 3
            "CREATE TABLE u (b);\n"        // 4
            "-- +goose StatementEnd\n"     // 5
            "BEGIN;\n"                     // 6, line 3 of the text run
            "INSERT INTO t VALUES (1);\n"  // 7
            "-- +goose Down\n"             // 8
            "DROP TABLE t;\n");            // 9
  const std::vector<Diagnostic> diagnostics = check_errors(dir, Layout::goose);
  INFO(listing(diagnostics));
  REQUIRE(diagnostics.size() == 1);
  CHECK(has(diagnostics, shown(dir, "1_tx.sql"), 6, "`BEGIN` inside a migration"));
}

TEST_CASE("goose: a file without a final newline runs the same SQL as one with it", "[layouts]") {
  TempDir without;
  without.write("1_a.sql", "-- +goose Up\nCREATE TABLE t (a);\n-- +goose Down\nDROP TABLE t;");
  without.write("2_b.sql", "-- +goose Up\nCREATE TABLE u (b);");
  TempDir with;
  with.write("1_a.sql", "-- +goose Up\nCREATE TABLE t (a);\n-- +goose Down\nDROP TABLE t;\n");
  with.write("2_b.sql", "-- +goose Up\nCREATE TABLE u (b);\n");
  const LoadedMigrations a = read_migrations(without.path(), Layout::goose);
  const LoadedMigrations b = read_migrations(with.path(), Layout::goose);
  INFO(listing(a.problems));
  REQUIRE(a.problems.empty());
  REQUIRE(a.migrations.size() == 2);
  REQUIRE(b.migrations.size() == 2);
  CHECK(a.migrations[0].text == "CREATE TABLE t (a);\n");
  CHECK(a.migrations[0].down_text == std::optional<std::string>("DROP TABLE t;\n"));
  CHECK(a.migrations[1].text == "CREATE TABLE u (b);\n");
  CHECK(a.migrations[1].checksum == b.migrations[1].checksum);
  CHECK(a.migrations[1].file_size + 1 == b.migrations[1].file_size);
}

// ---------------------------------------------------------------------------
// dbmate

TEST_CASE("dbmate: the up section runs, the down section is kept apart", "[layouts]") {
  TempDir dir;
  dir.write("20240101000000_create.sql",
            "-- migrate:up\n"        // 1
            "CREATE TABLE t (a);\n"  // 2
            "\n"                     // 3
            "-- migrate:down\n"      // 4
            "DROP TABLE t;\n");      // 5
  const LoadedMigrations loaded = read_migrations(dir.path(), Layout::dbmate);
  INFO(listing(loaded.problems));
  REQUIRE(loaded.problems.empty());
  REQUIRE(loaded.migrations.size() == 1);
  const MigrationSource& m = loaded.migrations[0];
  CHECK(m.id == 20240101000000);
  CHECK(m.name == "create");
  CHECK(m.text == "CREATE TABLE t (a);\n\n");
  CHECK(m.down_text == std::optional<std::string>("DROP TABLE t;\n"));
  CHECK(m.source_lines == std::vector<int>{2, 3});
  CHECK(m.flags == 0);
}

TEST_CASE("dbmate: `transaction:false` on the up line sets no-transaction", "[layouts]") {
  TempDir dir;
  dir.write("1_vacuum.sql", "-- migrate:up transaction:false\nVACUUM;\n-- migrate:down\n");
  dir.write("2_down_only_option.sql", "-- migrate:up\nSELECT 2;\n-- migrate:down transaction:false\nSELECT 3;\n");
  const LoadedMigrations loaded = read_migrations(dir.path(), Layout::dbmate);
  INFO(listing(loaded.problems));
  REQUIRE(loaded.problems.empty());
  REQUIRE(loaded.migrations.size() == 2);
  CHECK(loaded.migrations[0].flags == flag_no_transaction);
  CHECK(loaded.migrations[0].text == "VACUUM;\n");
  CHECK(loaded.migrations[0].down_text == std::optional<std::string>(""));
  CHECK(loaded.migrations[1].flags == 0);  // the down section's option is not the up's
}

TEST_CASE("dbmate: an unknown option, or no up section, is an error", "[layouts]") {
  TempDir dir;
  dir.write("1_option.sql", "-- migrate:up transaction:maybe\nSELECT 1;\n");
  dir.write("2_no_up.sql", "-- migrate:down\nDROP TABLE t;\n");
  dir.write("3_no_markers.sql", "CREATE TABLE t (a);\n");  // one error, not also "SQL before"
  const LoadedMigrations loaded = read_migrations(dir.path(), Layout::dbmate);
  INFO(listing(loaded.problems));
  CHECK(loaded.migrations.empty());
  REQUIRE(loaded.problems.size() == 3);
  CHECK(has(loaded.problems, shown(dir, "3_no_markers.sql"), 1, "has no `-- migrate:up` line"));
  CHECK(has(loaded.problems, shown(dir, "1_option.sql"), 1, "`transaction:maybe`"));
  CHECK(has(loaded.problems, shown(dir, "2_no_up.sql"), 1, "has no `-- migrate:up` line"));
}

TEST_CASE("dbmate: SQL before `-- migrate:up` is an error at its line, as dbmate refuses it", "[layouts]") {
  TempDir dir;
  dir.write("1_early.sql", "-- a comment is fine\n\nCREATE TABLE early (a);\n-- migrate:up\nCREATE TABLE t (a);\n");
  const LoadedMigrations loaded = read_migrations(dir.path(), Layout::dbmate);
  INFO(listing(loaded.problems));
  CHECK(loaded.migrations.empty());
  REQUIRE(loaded.problems.size() == 1);
  CHECK(has(loaded.problems, shown(dir, "1_early.sql"), 3, "SQL before `-- migrate:up`"));
}

TEST_CASE("dbmate: numbers of different widths are an error, file-name order differs from id order", "[layouts]") {
  TempDir dir;
  dir.write("9_a.sql", "-- migrate:up\nSELECT 9;\n");
  dir.write("10_b.sql", "-- migrate:up\nSELECT 10;\n");
  const LoadedMigrations loaded = read_migrations(dir.path(), Layout::dbmate);
  INFO(listing(loaded.problems));
  REQUIRE(loaded.problems.size() == 1);
  CHECK(has(loaded.problems, shown(dir, "9_a.sql"), 1, "dbmate runs it after `10_b.sql`"));
}

TEST_CASE("dbmate: lint problems in the up section are reported at the file's line", "[layouts][lint]") {
  TempDir dir;
  dir.write("1_tx.sql", "\n-- migrate:up\nCREATE TABLE t (a);\nCOMMIT;\n-- migrate:down\nDROP TABLE t;\n");
  const std::vector<Diagnostic> diagnostics = check_errors(dir, Layout::dbmate);
  INFO(listing(diagnostics));
  REQUIRE(diagnostics.size() == 1);
  CHECK(has(diagnostics, shown(dir, "1_tx.sql"), 4, "`COMMIT` inside a migration"));
}

// ---------------------------------------------------------------------------
// drizzle

namespace {

/// drizzle-kit's journal, as it writes it: one entry per tag, idx from 0.
std::string journal(const std::vector<std::string>& tags, const std::string& dialect = "sqlite") {
  std::string text = "{\n  \"version\": \"7\",\n  \"dialect\": \"" + dialect + "\",\n  \"entries\": [";
  for (std::size_t i = 0; i < tags.size(); ++i) {
    text += std::string(i == 0 ? "" : ",") + "\n    {\n      \"idx\": " + std::to_string(i) +
            ",\n      \"version\": \"6\",\n      \"when\": 170000000000" + std::to_string(i) + ",\n      \"tag\": \"" +
            tags[i] + "\",\n      \"breakpoints\": true\n    }";
  }
  return text + "\n  ]\n}\n";
}

}  // namespace

TEST_CASE("drizzle: the journal's order and idx, not the file names", "[layouts]") {
  TempDir dir;
  dir.write("meta/_journal.json", journal({"0001_zeta", "0000_alpha"}));
  dir.write("0000_alpha.sql", "CREATE TABLE alpha (a);\n");
  dir.write("0001_zeta.sql", "CREATE TABLE zeta (z);\n");
  const LoadedMigrations loaded = read_migrations(dir.path(), Layout::drizzle);
  INFO(listing(loaded.problems));
  REQUIRE(loaded.problems.empty());
  CHECK(loaded.warnings.empty());
  CHECK(files_of(loaded) == std::vector<std::string>{"0001_zeta.sql", "0000_alpha.sql"});
  CHECK(ids_of(loaded) == std::vector<std::int64_t>{0, 1});
  REQUIRE(loaded.migrations.size() == 2);
  CHECK(loaded.migrations[0].name == "zeta");
  CHECK(loaded.migrations[0].text == "CREATE TABLE zeta (z);\n");
}

TEST_CASE("drizzle: each statement-breakpoint becomes a newline, lines mapped to the file", "[layouts]") {
  TempDir dir;
  dir.write("meta/_journal.json", journal({"0000_init"}));
  dir.write("0000_init.sql",
            "CREATE TABLE a (x);\n"                          // 1
            "--> statement-breakpoint\n"                     // 2
            "CREATE TABLE b (y);--> statement-breakpoint\n"  // 3
            "CREATE TABLE c (z);\n");                        // 4
  const LoadedMigrations loaded = read_migrations(dir.path(), Layout::drizzle);
  INFO(listing(loaded.problems));
  REQUIRE(loaded.problems.empty());
  REQUIRE(loaded.migrations.size() == 1);
  const MigrationSource& m = loaded.migrations[0];
  CHECK(m.text == "CREATE TABLE a (x);\n\n\nCREATE TABLE b (y);\n\nCREATE TABLE c (z);\n");
  CHECK(m.source_lines == std::vector<int>{1, 2, 2, 3, 3, 4});
  CHECK_FALSE(m.down_text.has_value());
}

TEST_CASE("drizzle: a piece without its closing `;` before a breakpoint is an error at the marker", "[layouts]") {
  TempDir dir;
  dir.write("meta/_journal.json", journal({"0000_init"}));
  dir.write("0000_init.sql", "CREATE TABLE a (x);\n\nCREATE TABLE b (y)\n--> statement-breakpoint\nSELECT 1;\n");
  const LoadedMigrations loaded = read_migrations(dir.path(), Layout::drizzle);
  INFO(listing(loaded.problems));
  CHECK(loaded.migrations.empty());
  REQUIRE(loaded.problems.size() == 1);
  CHECK(has(loaded.problems, shown(dir, "0000_init.sql"), 4, "without its closing `;`"));
}

TEST_CASE("drizzle: a journal entry whose file is missing is an error at the entry's line", "[layouts]") {
  TempDir dir;
  dir.write("meta/_journal.json", journal({"0000_init", "0001_more"}));
  dir.write("0000_init.sql", "SELECT 0;\n");
  const LoadedMigrations loaded = read_migrations(dir.path(), Layout::drizzle);
  INFO(listing(loaded.problems));
  REQUIRE(loaded.problems.size() == 1);
  // Lines 12-18 hold the second entry; its tag is on line 16.
  CHECK(has(loaded.problems, shown(dir, "meta/_journal.json"), 16, "lists `0001_more`, but"));
  CHECK(files_of(loaded) == std::vector<std::string>{"0000_init.sql"});
}

TEST_CASE("drizzle: an invalid journal, or another dialect's, is an error on the journal", "[layouts]") {
  SECTION("invalid JSON, at the line where it breaks") {
    TempDir dir;
    dir.write("meta/_journal.json", "{\n  \"entries\": [\n    {\"idx\": 0,, \"tag\": \"0000_init\"}\n  ]\n}\n");
    dir.write("0000_init.sql", "SELECT 0;\n");
    const LoadedMigrations loaded = read_migrations(dir.path(), Layout::drizzle);
    INFO(listing(loaded.problems));
    CHECK(loaded.migrations.empty());
    REQUIRE(loaded.problems.size() == 1);
    CHECK(has(loaded.problems, shown(dir, "meta/_journal.json"), 3, "is not valid JSON"));
  }
  SECTION("a PostgreSQL journal") {
    TempDir dir;
    dir.write("meta/_journal.json", journal({"0000_init"}, "postgresql"));
    dir.write("0000_init.sql", "SELECT 0;\n");
    const LoadedMigrations loaded = read_migrations(dir.path(), Layout::drizzle);
    INFO(listing(loaded.problems));
    CHECK(loaded.migrations.empty());
    REQUIRE(loaded.problems.size() == 1);
    CHECK(has(loaded.problems, shown(dir, "meta/_journal.json"), 1, "drizzle's `postgresql` dialect"));
  }
  SECTION("no journal at all") {
    TempDir dir;
    dir.write("0000_init.sql", "SELECT 0;\n");
    const LoadedMigrations loaded = read_migrations(dir.path(), Layout::drizzle);
    INFO(listing(loaded.problems));
    REQUIRE(loaded.problems.size() == 1);
    CHECK(has(loaded.problems, shown(dir, "meta/_journal.json"), 1, "is missing or cannot be read"));
  }
}

TEST_CASE("drizzle: a .sql file the journal does not list is a warning, not run", "[layouts]") {
  TempDir dir;
  dir.write("meta/_journal.json", journal({"0000_init"}));
  dir.write("0000_init.sql", "SELECT 0;\n");
  dir.write("0001_forgotten.sql", "SELECT 1;\n");
  const LoadedMigrations loaded = read_migrations(dir.path(), Layout::drizzle);
  INFO(listing(loaded.problems));
  CHECK(loaded.problems.empty());
  CHECK(files_of(loaded) == std::vector<std::string>{"0000_init.sql"});
  REQUIRE(loaded.warnings.size() == 1);
  CHECK(loaded.warnings[0].severity == Severity::warning);
  CHECK(has(loaded.warnings, shown(dir, "0001_forgotten.sql"), 1, "is not listed in `meta/_journal.json`"));
}

TEST_CASE("drizzle: CRLF files give LF text, breakpoints still replaced", "[layouts]") {
  TempDir dir;
  std::string crlf_journal;
  for (const char c : journal({"0000_init"})) crlf_journal += c == '\n' ? std::string("\r\n") : std::string(1, c);
  dir.write("meta/_journal.json", crlf_journal);
  const std::string raw = "CREATE TABLE a (x);\r\n--> statement-breakpoint\r\nCREATE TABLE b (y);\r\n";
  dir.write("0000_init.sql", raw);
  const LoadedMigrations loaded = read_migrations(dir.path(), Layout::drizzle);
  INFO(listing(loaded.problems));
  REQUIRE(loaded.problems.empty());
  REQUIRE(loaded.migrations.size() == 1);
  CHECK(loaded.migrations[0].text == "CREATE TABLE a (x);\n\n\nCREATE TABLE b (y);\n");
  CHECK(loaded.migrations[0].file_size == raw.size());
}

// ---------------------------------------------------------------------------
// golang-migrate

TEST_CASE("golang-migrate: `.up.sql` by version as a number, `.down.sql` kept", "[layouts]") {
  TempDir dir;
  dir.write("10_c.up.sql", "SELECT 10;\n");
  dir.write("2_b.up.sql", "SELECT 2;\n");
  dir.write("1_a.up.sql", "CREATE TABLE a (x);\n");
  dir.write("1_a.down.sql", "DROP TABLE a;\n");
  const LoadedMigrations loaded = read_migrations(dir.path(), Layout::golang_migrate);
  INFO(listing(loaded.problems));
  REQUIRE(loaded.problems.empty());
  CHECK(loaded.warnings.empty());
  CHECK(ids_of(loaded) == std::vector<std::int64_t>{1, 2, 10});
  CHECK(files_of(loaded) == std::vector<std::string>{"1_a.up.sql", "2_b.up.sql", "10_c.up.sql"});
  REQUIRE(loaded.migrations.size() == 3);
  CHECK(loaded.migrations[0].name == "a");
  CHECK(loaded.migrations[0].text == "CREATE TABLE a (x);\n");
  CHECK(loaded.migrations[0].down_text == std::optional<std::string>("DROP TABLE a;\n"));
  CHECK_FALSE(loaded.migrations[1].down_text.has_value());
}

TEST_CASE("golang-migrate: a file wrapped in BEGIN ... COMMIT has the two blanked, with a warning", "[layouts]") {
  TempDir dir;
  dir.write("1_wrapped.up.sql", "BEGIN;\nCREATE TABLE t (a);\nINSERT INTO t VALUES (1);\nCOMMIT;\n");
  const LoadedMigrations loaded = read_migrations(dir.path(), Layout::golang_migrate);
  INFO(listing(loaded.problems));
  REQUIRE(loaded.problems.empty());
  REQUIRE(loaded.migrations.size() == 1);
  CHECK(loaded.migrations[0].text == "      \nCREATE TABLE t (a);\nINSERT INTO t VALUES (1);\n       \n");
  REQUIRE(loaded.warnings.size() == 1);
  CHECK(has(loaded.warnings, shown(dir, "1_wrapped.up.sql"), 1, "`COMMIT` (line 4)"));
  // The lint no longer sees them: the folder checks clean but for that warning.
  const auto checked = check_migrations(dir.path(), nullptr, Layout::golang_migrate);
  CHECK(checked.migrations.size() == 1);
  CHECK(checked.warnings.size() == 1);
}

TEST_CASE("golang-migrate: transaction control in the middle is still refused by the lint", "[layouts][lint]") {
  TempDir dir;
  dir.write("1_mid.up.sql", "CREATE TABLE t (a);\nCOMMIT;\nCREATE TABLE u (b);\n");
  dir.write("2_two.up.sql", "BEGIN;\nCREATE TABLE v (c);\nCOMMIT;\nBEGIN;\nCREATE TABLE w (d);\nCOMMIT;\n");
  const std::vector<Diagnostic> diagnostics = check_errors(dir, Layout::golang_migrate);
  INFO(listing(diagnostics));
  CHECK(has(diagnostics, shown(dir, "1_mid.up.sql"), 2, "`COMMIT` inside a migration"));
  // The outer pair of the second is blanked, the inner COMMIT and BEGIN stay.
  CHECK(has(diagnostics, shown(dir, "2_two.up.sql"), 3, "`COMMIT` inside a migration"));
  CHECK(has(diagnostics, shown(dir, "2_two.up.sql"), 4, "`BEGIN` inside a migration"));
  CHECK_FALSE(has(diagnostics, shown(dir, "2_two.up.sql"), 1, "inside a migration"));
  CHECK_FALSE(has(diagnostics, shown(dir, "2_two.up.sql"), 6, "inside a migration"));
}

TEST_CASE("golang-migrate: a .sql file that is not `.up.sql`/`.down.sql`, or a repeated version, is an error",
          "[layouts]") {
  TempDir dir;
  dir.write("3_plain.sql", "SELECT 3;\n");
  dir.write("1_a.up.sql", "SELECT 1;\n");
  dir.write("001_b.up.sql", "SELECT 1;\n");
  const LoadedMigrations loaded = read_migrations(dir.path(), Layout::golang_migrate);
  INFO(listing(loaded.problems));
  REQUIRE(loaded.problems.size() == 2);
  CHECK(has(loaded.problems, shown(dir, "3_plain.sql"), 1, "golang-migrate reads `<version>_<name>.up.sql`"));
  CHECK(has(loaded.problems, shown(dir, "1_a.up.sql"), 1, "has the same id (1, from the golang-migrate version)"));
}

// ---------------------------------------------------------------------------
// Flyway

TEST_CASE("flyway: versions ordered as numbers, the version is the id", "[layouts]") {
  TempDir dir;
  dir.write("V10__c.sql", "SELECT 10;\n");
  dir.write("V2__b.sql", "SELECT 2;\n");
  dir.write("V1__a.sql", "SELECT 1;\n");
  const LoadedMigrations loaded = read_migrations(dir.path(), Layout::flyway);
  INFO(listing(loaded.problems));
  REQUIRE(loaded.problems.empty());
  CHECK(ids_of(loaded) == std::vector<std::int64_t>{1, 2, 10});
  CHECK(files_of(loaded) == std::vector<std::string>{"V1__a.sql", "V2__b.sql", "V10__c.sql"});
  REQUIRE(loaded.migrations.size() == 3);
  CHECK(loaded.migrations[2].name == "c");
  CHECK(loaded.migrations[2].text == "SELECT 10;\n");
}

TEST_CASE("flyway: dotted versions keep their order in the ids", "[layouts]") {
  TempDir dir;
  dir.write("V2__c.sql", "SELECT 3;\n");
  dir.write("V1.10__b.sql", "SELECT 2;\n");
  dir.write("V1.1__a.sql", "SELECT 1;\n");
  const LoadedMigrations loaded = read_migrations(dir.path(), Layout::flyway);
  INFO(listing(loaded.problems));
  REQUIRE(loaded.problems.empty());
  CHECK(files_of(loaded) == std::vector<std::string>{"V1.1__a.sql", "V1.10__b.sql", "V2__c.sql"});
  CHECK(ids_of(loaded) == std::vector<std::int64_t>{101, 110, 200});
}

TEST_CASE("flyway: undo, repeatable and baseline scripts are refused", "[layouts]") {
  TempDir dir;
  dir.write("V1__x.sql", "SELECT 1;\n");
  dir.write("U1__x.sql", "SELECT 'undo';\n");
  dir.write("R__x.sql", "SELECT 'repeat';\n");
  dir.write("B1__x.sql", "SELECT 'baseline';\n");
  const LoadedMigrations loaded = read_migrations(dir.path(), Layout::flyway);
  INFO(listing(loaded.problems));
  REQUIRE(loaded.problems.size() == 3);
  CHECK(has(loaded.problems, shown(dir, "U1__x.sql"), 1, "undo script"));
  CHECK(has(loaded.problems, shown(dir, "R__x.sql"), 1, "repeatable script"));
  CHECK(has(loaded.problems, shown(dir, "B1__x.sql"), 1, "baseline script"));
  CHECK(files_of(loaded) == std::vector<std::string>{"V1__x.sql"});
}

TEST_CASE("flyway: `executeInTransaction=false` in `.sql.conf` sets no-transaction", "[layouts]") {
  TempDir dir;
  dir.write("V1__vacuum.sql", "VACUUM;\n");
  dir.write("V1__vacuum.sql.conf", "# script config\nexecuteInTransaction=false\n");
  dir.write("V2__plain.sql", "SELECT 2;\n");
  dir.write("V3__unknown.sql", "SELECT 3;\n");
  dir.write("V3__unknown.sql.conf", "encoding=ISO-8859-1\n");
  const LoadedMigrations loaded = read_migrations(dir.path(), Layout::flyway);
  INFO(listing(loaded.problems));
  REQUIRE(loaded.problems.size() == 1);
  CHECK(has(loaded.problems, shown(dir, "V3__unknown.sql.conf"), 1, "`encoding=ISO-8859-1`"));
  REQUIRE(loaded.migrations.size() == 3);
  CHECK(loaded.migrations[0].flags == flag_no_transaction);
  CHECK(loaded.migrations[1].flags == 0);
}

TEST_CASE("flyway: `V1` and `V1.0` are one version, so one id", "[layouts]") {
  TempDir dir;
  dir.write("V1__a.sql", "SELECT 1;\n");
  dir.write("V1.0__b.sql", "SELECT 1.0;\n");
  const LoadedMigrations loaded = read_migrations(dir.path(), Layout::flyway);
  INFO(listing(loaded.problems));
  REQUIRE(loaded.problems.size() == 1);
  CHECK(loaded.problems[0].line == 1);
  CHECK_THAT(loaded.problems[0].message, Catch::Contains("has the same id (10, from the Flyway version)"));
  CHECK((loaded.problems[0].path == shown(dir, "V1__a.sql") || loaded.problems[0].path == shown(dir, "V1.0__b.sql")));
}

// ---------------------------------------------------------------------------
// diesel and Prisma

TEST_CASE("diesel: a folder per migration, its version's digits the id, down.sql kept", "[layouts]") {
  TempDir dir;
  dir.write("2024-03-06-170000_create_users/up.sql", "CREATE TABLE users (id);\n");
  dir.write("2024-03-06-170000_create_users/down.sql", "DROP TABLE users;\n");
  dir.write("2024-03-07-090000_vacuum/up.sql", "VACUUM;\n");
  dir.write("2024-03-07-090000_vacuum/metadata.toml", "# diesel\nrun_in_transaction = false\n");
  const LoadedMigrations loaded = read_migrations(dir.path(), Layout::diesel);
  INFO(listing(loaded.problems));
  REQUIRE(loaded.problems.empty());
  CHECK(ids_of(loaded) == std::vector<std::int64_t>{20240306170000, 20240307090000});
  REQUIRE(loaded.migrations.size() == 2);
  const MigrationSource& users = loaded.migrations[0];
  CHECK(users.name == "create_users");
  CHECK(users.file_name == "2024-03-06-170000_create_users/up.sql");
  CHECK(users.display_path == shown(dir, "2024-03-06-170000_create_users/up.sql"));
  CHECK(users.text == "CREATE TABLE users (id);\n");
  CHECK(users.down_text == std::optional<std::string>("DROP TABLE users;\n"));
  CHECK(users.flags == 0);
  CHECK(loaded.migrations[1].flags == flag_no_transaction);
  CHECK_FALSE(loaded.migrations[1].down_text.has_value());
}

TEST_CASE("diesel: a folder without up.sql, or a loose .sql file, is an error", "[layouts]") {
  TempDir dir;
  dir.write("2024-03-06-170000_ok/up.sql", "SELECT 1;\n");
  dir.write("2024-03-07-170000_no_up/down.sql", "SELECT 2;\n");
  dir.write("stray.sql", "SELECT 3;\n");
  const LoadedMigrations loaded = read_migrations(dir.path(), Layout::diesel);
  INFO(listing(loaded.problems));
  REQUIRE(loaded.problems.size() == 2);
  CHECK(has(loaded.problems, shown(dir, "2024-03-07-170000_no_up"), 1, "without `up.sql`"));
  CHECK(has(loaded.problems, shown(dir, "stray.sql"), 1, "a folder per migration"));
  CHECK(ids_of(loaded) == std::vector<std::int64_t>{20240306170000});
}

TEST_CASE("diesel: shorter versions are padded on the right, so ids keep diesel's order", "[layouts]") {
  TempDir dir;
  dir.write("2024-03-06-170000_y/up.sql", "SELECT 'y';\n");
  dir.write("2024-03-13_170000_x/up.sql", "SELECT 'x';\n");
  const LoadedMigrations loaded = read_migrations(dir.path(), Layout::diesel);
  INFO(listing(loaded.problems));
  REQUIRE(loaded.problems.empty());
  CHECK(files_of(loaded) == std::vector<std::string>{"2024-03-06-170000_y/up.sql", "2024-03-13_170000_x/up.sql"});
  CHECK(ids_of(loaded) == std::vector<std::int64_t>{20240306170000, 20240313000000});
  REQUIRE(loaded.migrations.size() == 2);
  CHECK(loaded.migrations[1].name == "170000_x");  // diesel's version ends at the first `_`
}

TEST_CASE("prisma: `<timestamp>_<name>/migration.sql`, migration_lock.toml ignored", "[layouts]") {
  TempDir dir;
  dir.write("migration_lock.toml", "provider = \"sqlite\"\n");
  dir.write("20240102120000_add_posts/migration.sql", "CREATE TABLE posts (id);\n");
  dir.write("20240101120000_init/migration.sql", "CREATE TABLE users (id);\n");
  const LoadedMigrations loaded = read_migrations(dir.path(), Layout::prisma);
  INFO(listing(loaded.problems));
  REQUIRE(loaded.problems.empty());
  CHECK(loaded.warnings.empty());
  CHECK(ids_of(loaded) == std::vector<std::int64_t>{20240101120000, 20240102120000});
  CHECK(files_of(loaded) ==
        std::vector<std::string>{"20240101120000_init/migration.sql", "20240102120000_add_posts/migration.sql"});
  REQUIRE(loaded.migrations.size() == 2);
  CHECK(loaded.migrations[1].name == "add_posts");
  CHECK(loaded.migrations[1].text == "CREATE TABLE posts (id);\n");
}

// ---------------------------------------------------------------------------
// sqlx, wrangler, maragudk, popx

TEST_CASE("sqlx: `-- no-transaction` on the first line only sets no-transaction", "[layouts]") {
  TempDir dir;
  dir.write("1_vacuum.sql", "-- no-transaction\nVACUUM;\n");
  dir.write("2_second_line.sql", "SELECT 2;\n-- no-transaction\n");
  dir.write("3_crlf.sql", "-- no-transaction\r\nVACUUM;\r\n");
  const LoadedMigrations loaded = read_migrations(dir.path(), Layout::sqlx);
  INFO(listing(loaded.problems));
  REQUIRE(loaded.problems.empty());
  REQUIRE(loaded.migrations.size() == 3);
  CHECK(loaded.migrations[0].flags == flag_no_transaction);
  CHECK(loaded.migrations[0].text == "-- no-transaction\nVACUUM;\n");
  CHECK(loaded.migrations[1].flags == 0);
  CHECK(loaded.migrations[2].flags == flag_no_transaction);
}

TEST_CASE("sqlx: `.up.sql`/`.down.sql` pairs beside plain files", "[layouts]") {
  TempDir dir;
  dir.write("20240101000000_users.up.sql", "CREATE TABLE users (id);\n");
  dir.write("20240101000000_users.down.sql", "DROP TABLE users;\n");
  dir.write("20240102000000_posts.sql", "CREATE TABLE posts (id);\n");
  const LoadedMigrations loaded = read_migrations(dir.path(), Layout::sqlx);
  INFO(listing(loaded.problems));
  REQUIRE(loaded.problems.empty());
  CHECK(loaded.warnings.empty());
  CHECK(ids_of(loaded) == std::vector<std::int64_t>{20240101000000, 20240102000000});
  REQUIRE(loaded.migrations.size() == 2);
  CHECK(loaded.migrations[0].name == "users");
  CHECK(loaded.migrations[0].down_text == std::optional<std::string>("DROP TABLE users;\n"));
  CHECK(loaded.migrations[1].name == "posts");
  CHECK_FALSE(loaded.migrations[1].down_text.has_value());
}

TEST_CASE("wrangler: numbers of different widths are an error, file-name order differs from id order", "[layouts]") {
  TempDir dir;
  dir.write("9_a.sql", "SELECT 9;\n");
  dir.write("10_b.sql", "SELECT 10;\n");
  const LoadedMigrations loaded = read_migrations(dir.path(), Layout::wrangler);
  INFO(listing(loaded.problems));
  REQUIRE(loaded.problems.size() == 1);
  CHECK(has(loaded.problems, shown(dir, "9_a.sql"), 1, "wrangler runs it after `10_b.sql`"));

  TempDir padded;
  padded.write("0009_a.sql", "SELECT 9;\n");
  padded.write("0010_b.sql", "SELECT 10;\n");
  const LoadedMigrations fine = read_migrations(padded.path(), Layout::wrangler);
  INFO(listing(fine.problems));
  CHECK(fine.problems.empty());
  CHECK(ids_of(fine) == std::vector<std::int64_t>{9, 10});
}

TEST_CASE("maragudk: `_up.sql` and `.up.sql`, numbered 1..N in file-name order", "[layouts]") {
  TempDir dir;
  dir.write("c.up.sql", "SELECT 'c';\n");
  dir.write("b.up.sql", "SELECT 'b';\n");
  dir.write("b.down.sql", "SELECT 'undo b';\n");
  dir.write("a_up.sql", "SELECT 'a';\n");
  const LoadedMigrations loaded = read_migrations(dir.path(), Layout::maragudk);
  INFO(listing(loaded.problems));
  REQUIRE(loaded.problems.empty());
  CHECK(files_of(loaded) == std::vector<std::string>{"a_up.sql", "b.up.sql", "c.up.sql"});
  CHECK(ids_of(loaded) == std::vector<std::int64_t>{1, 2, 3});
  REQUIRE(loaded.migrations.size() == 3);
  CHECK(loaded.migrations[0].name == "a");
  CHECK(loaded.migrations[1].name == "b");
  CHECK(loaded.migrations[1].down_text == std::optional<std::string>("SELECT 'undo b';\n"));
  // Found by fuzz_layout_readers (seed regress-down-path): a down names its own file.
  CHECK_THAT(loaded.migrations[1].down_path, Catch::EndsWith("/b.down.sql"));
  CHECK_FALSE(loaded.migrations[2].down_text.has_value());
}

TEST_CASE("popx: the SQLite file wins, other dialects are skipped, `.autocommit` is no-transaction", "[layouts]") {
  TempDir dir;
  const std::string v1 = "20210101000000000000";
  const std::string v2 = "20210102000000000000";
  dir.write(v1 + "_init.up.sql", "SELECT 'any dialect';\n");
  dir.write(v1 + "_init.sqlite3.up.sql", "SELECT 'sqlite';\n");
  dir.write(v1 + "_init.mysql.up.sql", "SELECT 'mysql';\n");
  dir.write(v1 + "_init.postgres.up.sql", "SELECT 'postgres';\n");
  dir.write(v1 + "_init.sqlite3.down.sql", "SELECT 'sqlite down';\n");
  dir.write(v1 + "_init.down.sql", "SELECT 'any down';\n");
  dir.write(v2 + "_index.autocommit.up.sql", "SELECT 'autocommit';\n");
  const LoadedMigrations loaded = read_migrations(dir.path(), Layout::popx);
  INFO(listing(loaded.problems));
  REQUIRE(loaded.problems.empty());
  CHECK(ids_of(loaded) == std::vector<std::int64_t>{1, 2});
  CHECK(files_of(loaded) == std::vector<std::string>{v1 + "_init.sqlite3.up.sql", v2 + "_index.autocommit.up.sql"});
  REQUIRE(loaded.migrations.size() == 2);
  CHECK(loaded.migrations[0].name == v1 + "_init");
  CHECK(loaded.migrations[0].text == "SELECT 'sqlite';\n");
  CHECK(loaded.migrations[0].down_text == std::optional<std::string>("SELECT 'sqlite down';\n"));
  CHECK_THAT(loaded.migrations[0].down_path, Catch::EndsWith("/" + v1 + "_init.sqlite3.down.sql"));
  CHECK(loaded.migrations[0].flags == 0);
  CHECK(loaded.migrations[1].flags == flag_no_transaction);
}

TEST_CASE("popx: fizz migrations are refused", "[layouts]") {
  TempDir dir;
  dir.write("20210101000000000000_init.sqlite3.up.sql", "SELECT 1;\n");
  dir.write("20210102000000000000_users.up.fizz", "create_table(\"users\") {}\n");
  const LoadedMigrations loaded = read_migrations(dir.path(), Layout::popx);
  INFO(listing(loaded.problems));
  REQUIRE(loaded.problems.size() == 1);
  CHECK(has(loaded.problems, shown(dir, "20210102000000000000_users.up.fizz"), 1, "is a fizz migration"));
  CHECK(ids_of(loaded) == std::vector<std::int64_t>{1});
}

// ---------------------------------------------------------------------------
// auto, and the names

TEST_CASE("auto: each layout is detected from what only it has", "[layouts]") {
  struct Case {
    const char* what;
    Layout expected;
    std::vector<std::pair<std::string, std::string>> files;
  };
  const std::vector<Case> cases = {
      {"drizzle", Layout::drizzle, {{"meta/_journal.json", journal({"0000_init"})}, {"0000_init.sql", "SELECT 0;\n"}}},
      {"goose", Layout::goose, {{"00001_init.sql", "-- +goose Up\nSELECT 1;\n"}}},
      {"sql-migrate", Layout::sql_migrate, {{"1_init.sql", "-- +migrate Up\nSELECT 1;\n"}}},
      {"dbmate", Layout::dbmate, {{"20240101000000_init.sql", "-- migrate:up\nSELECT 1;\n-- migrate:down\n"}}},
      {"golang-migrate",
       Layout::golang_migrate,
       {{"1_init.up.sql", "SELECT 1;\n"}, {"1_init.down.sql", "SELECT 0;\n"}}},
      {"diesel", Layout::diesel, {{"2024-03-06-170000_init/up.sql", "SELECT 1;\n"}}},
      {"flyway", Layout::flyway, {{"V1__init.sql", "SELECT 1;\n"}}},
      {"prisma", Layout::prisma, {{"20240101120000_init/migration.sql", "SELECT 1;\n"}, {"migration_lock.toml", ""}}},
      {"maragudk", Layout::maragudk, {{"init.up.sql", "SELECT 1;\n"}, {"init.down.sql", "SELECT 0;\n"}}},
      {"popx", Layout::popx, {{"20210101000000000000_init.sqlite3.up.sql", "SELECT 1;\n"}}},
      {"sqlx", Layout::sqlx, {{"1_init.sql", "SELECT 1;\n"}, {"2_vacuum.sql", "-- no-transaction\nVACUUM;\n"}}},
      {"migbundle", Layout::migbundle, {{"0001_init.sql", "SELECT 1;\n"}, {"0002_more.sql", "SELECT 2;\n"}}},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    TempDir dir;
    for (const auto& [name, text] : c.files) dir.write(name, text);
    const auto detected = migbundle::gen::detect_layout(dir.path());
    CHECK(detected.layout == c.expected);
    CHECK_FALSE(detected.because.empty());
    const LoadedMigrations loaded = read_migrations(dir.path(), Layout::automatic);
    INFO(listing(loaded.problems));
    CHECK(loaded.layout == c.expected);
    CHECK(loaded.detected == detected.because);
    CHECK(loaded.problems.empty());
    CHECK_FALSE(loaded.migrations.empty());
  }
}

TEST_CASE("auto: a folder two layouts fit is a usage error naming both", "[layouts]") {
  TempDir dir;
  dir.write("meta/_journal.json", journal({"0000_init"}));
  dir.write("0000_init.sql", "SELECT 0;\n");
  dir.write("V1__x.sql", "SELECT 1;\n");
  const std::string message = usage_error(dir, Layout::automatic);
  CHECK_THAT(message, Catch::Contains("more than one layout"));
  CHECK_THAT(message, Catch::Contains("drizzle (`meta/_journal.json`)"));
  CHECK_THAT(message, Catch::Contains("flyway (`V1__x.sql`)"));
  // A layout named outright is read as told.
  CHECK(read_migrations(dir.path(), Layout::drizzle).problems.empty());
}

TEST_CASE("layout names round-trip; an unknown name is none", "[layouts]") {
  const auto& names = migbundle::gen::layout_names();
  REQUIRE(names.size() == 14);
  CHECK(names.front() == "auto");
  for (const std::string_view name : names) {
    INFO(std::string(name));
    const std::optional<Layout> layout = migbundle::gen::layout_from_name(name);
    REQUIRE(layout.has_value());
    CHECK(migbundle::gen::layout_name(*layout) == name);
  }
  for (const Layout layout : {Layout::automatic, Layout::migbundle, Layout::drizzle, Layout::wrangler, Layout::sqlx,
                              Layout::goose, Layout::dbmate, Layout::golang_migrate, Layout::diesel, Layout::flyway,
                              Layout::prisma, Layout::maragudk, Layout::popx, Layout::sql_migrate}) {
    INFO(static_cast<int>(layout));
    CHECK(migbundle::gen::layout_from_name(migbundle::gen::layout_name(layout)) == layout);
  }
  CHECK(migbundle::gen::layout_name(Layout::golang_migrate) == "golang-migrate");
  CHECK_FALSE(migbundle::gen::layout_from_name("golang_migrate").has_value());
  CHECK_FALSE(migbundle::gen::layout_from_name("Goose").has_value());
  CHECK_FALSE(migbundle::gen::layout_from_name("").has_value());
}
