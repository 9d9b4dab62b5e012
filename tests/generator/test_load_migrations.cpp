// Reading a migrations directory: order, ids, what is ignored, and that every
// problem comes back in one MigrationsError.
#include "temp_dir.hpp"

#include <migbundle/bundle.hpp>
#include <migbundle/generator/check_migrations.hpp>
#include <migbundle/generator/diagnostic.hpp>
#include <migbundle/generator/file_name.hpp>
#include <migbundle/generator/load_migrations.hpp>
#include <migbundle/generator/sha256.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

using migbundle::gen::check_migrations;
using migbundle::gen::Diagnostic;
using migbundle::gen::LoadedMigrations;
using migbundle::gen::load_migrations;
using migbundle::gen::MigrationsError;
using migbundle::gen::MigrationSource;
using migbundle::gen::read_migrations;
using migbundle::gen::sha256_hex;
using migbundle::gen::UsageError;
using migbundle::test::TempDir;

namespace {

std::vector<Diagnostic> diagnostics_of(const std::filesystem::path& directory) {
  try {
    (void)load_migrations(directory);
  } catch (const MigrationsError& error) {
    return error.diagnostics();
  }
  FAIL("load_migrations did not throw MigrationsError");
  return {};
}

bool any_mentions(const std::vector<Diagnostic>& diagnostics, const std::string& text) {
  return std::any_of(diagnostics.begin(), diagnostics.end(), [&](const Diagnostic& d) {
    return d.path.find(text) != std::string::npos || d.message.find(text) != std::string::npos;
  });
}

std::vector<std::string> file_names(const std::vector<MigrationSource>& migrations) {
  std::vector<std::string> names;
  for (const auto& m : migrations) names.push_back(m.file_name);
  return names;
}

}  // namespace

TEST_CASE("migrations are ordered by numeric id, not by file name", "[names]") {
  TempDir dir;
  dir.write("10_a.sql", "SELECT 10;\n");
  dir.write("2_b.sql", "SELECT 2;\n");
  dir.write("0003_c.sql", "SELECT 3;\n");
  dir.write("1_z.sql", "SELECT 1;\n");
  const auto migrations = load_migrations(dir.path());
  CHECK(file_names(migrations) == std::vector<std::string>{"1_z.sql", "2_b.sql", "0003_c.sql", "10_a.sql"});
  REQUIRE(migrations.size() == 4);
  CHECK(migrations[0].id == 1);
  CHECK(migrations[1].id == 2);
  CHECK(migrations[2].id == 3);
  CHECK(migrations[3].id == 10);
  CHECK(migrations[2].name == "c");
  CHECK(migrations[3].text == "SELECT 10;\n");
}

TEST_CASE("gaps between ids are allowed", "[names]") {
  TempDir dir;
  dir.write("1_a.sql", "SELECT 1;");
  dir.write("5_b.sql", "SELECT 5;");
  dir.write("9223372036854775807_last.sql", "SELECT 9;");
  const auto migrations = load_migrations(dir.path());
  REQUIRE(migrations.size() == 3);
  CHECK(migrations[1].id == 5);
  CHECK(migrations[2].id == 9223372036854775807);
}

TEST_CASE("each migration carries its normalised text, checksum, size on disk and flags", "[names][normalize]") {
  TempDir dir;
  const std::string raw = "\xEF\xBB\xBF-- migbundle: no-transaction\r\nVACUUM;\r\n";
  dir.write("0007_vacuum.sql", raw);
  const auto migrations = load_migrations(dir.path());
  REQUIRE(migrations.size() == 1);
  const MigrationSource& m = migrations.front();
  CHECK(m.id == 7);
  CHECK(m.name == "vacuum");
  CHECK(m.file_name == "0007_vacuum.sql");
  CHECK(m.text == "-- migbundle: no-transaction\nVACUUM;\n");
  CHECK(m.file_size == raw.size());
  CHECK(m.flags == migbundle::flag_no_transaction);
  // sha256sum of "-- migbundle: no-transaction\nVACUUM;\n", computed outside this project.
  CHECK(m.checksum == "27a9c27a481dda3a94eaeda3d4fc605dfdc647fa6df99044d88a1da547973330");
  CHECK(m.display_path.find("0007_vacuum.sql") != std::string::npos);
}

TEST_CASE("two files with one id are an error naming both", "[names]") {
  TempDir dir;
  dir.write("0001_a.sql", "SELECT 1;");
  dir.write("1_b.sql", "SELECT 1;");
  const auto diagnostics = diagnostics_of(dir.path());
  REQUIRE(diagnostics.size() == 1);
  const std::string text = format(diagnostics.front());
  CHECK_THAT(text, Catch::Contains("0001_a.sql"));
  CHECK_THAT(text, Catch::Contains("1_b.sql"));
  CHECK_THAT(text, Catch::Contains("same id"));
  CHECK(diagnostics.front().line == 1);
  CHECK(diagnostics.front().column == 1);
}

TEST_CASE("every problem of a directory is reported in one throw", "[names][directives]") {
  TempDir dir;
  dir.write("V1__init.sql", "SELECT 1;");                                         // bad name
  dir.write("0002_a.sql", "-- header\n-- migbundle: no-transactoin\nSELECT 2;");  // typo in a directive
  dir.write("0003_x.sql", "SELECT 3;");                                           // duplicate id ...
  dir.write("3_y.sql", "SELECT 3;");                                              // ... with this one
  dir.write("0004_UPPER.SQL", "SELECT 4;");                                       // uppercase extension
  dir.write("0005_fine.sql", "SELECT 5;");                                        // no problem
  const auto diagnostics = diagnostics_of(dir.path());
  CHECK(diagnostics.size() == 4);
  CHECK(any_mentions(diagnostics, "V1__init.sql"));
  CHECK(any_mentions(diagnostics, "no-transactoin"));
  CHECK(any_mentions(diagnostics, "3_y.sql"));
  CHECK(any_mentions(diagnostics, "0004_UPPER.SQL"));
  CHECK_FALSE(any_mentions(diagnostics, "0005_fine.sql"));
  const auto directive = std::find_if(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& d) {
    return d.path.find("0002_a.sql") != std::string::npos;
  });
  REQUIRE(directive != diagnostics.end());
  CHECK(directive->line == 2);
  CHECK(directive->column == 1);
}

TEST_CASE("the exception's own message is the first diagnostic", "[names]") {
  TempDir dir;
  dir.write("0001-init.sql", "SELECT 1;");
  try {
    (void)load_migrations(dir.path());
    FAIL("no throw");
  } catch (const MigrationsError& error) {
    REQUIRE(error.diagnostics().size() == 1);
    CHECK(std::string(error.what()) == format(error.diagnostics().front()));
    CHECK_THAT(error.what(), Catch::Contains(":1:1: error: "));
  }
}

TEST_CASE("empty and comment-only migrations are legal", "[names]") {
  TempDir dir;
  dir.write("1_empty.sql", "");
  dir.write("2_comments.sql", "-- nothing to do yet\n-- really\n");
  dir.write("3_blank.sql", "\n\n  \n");
  const auto migrations = load_migrations(dir.path());
  REQUIRE(migrations.size() == 3);
  CHECK(migrations[0].text.empty());
  CHECK(migrations[0].file_size == 0);
  CHECK(migrations[0].checksum == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(migrations[1].flags == 0);
}

TEST_CASE("a missing directory or a file instead of one is a usage error", "[names]") {
  TempDir dir;
  CHECK_THROWS_AS(load_migrations(dir.path() / "does-not-exist"), UsageError);
  const auto file = dir.write("not-a-dir", "x");
  CHECK_THROWS_AS(load_migrations(file), UsageError);
  CHECK_THROWS_WITH(load_migrations(dir.path() / "nope"), Catch::Contains("nope"));
}

TEST_CASE("an empty directory holds zero migrations", "[names]") {
  TempDir dir;
  CHECK(load_migrations(dir.path()).empty());
}

TEST_CASE("hidden files, non-.sql files and folders without .sql files are ignored", "[names]") {
  TempDir dir;
  dir.write("0001_a.sql", "SELECT 1;");
  dir.write("README.md", "# notes");
  dir.write(".hidden.sql", "garbage");
  dir.write(".#0001_a.sql", "editor lock file");
  dir.write("0002_b.sql.orig", "SELECT 2;");
  dir.write("meta/_journal.json", "{}");        // drizzle's meta folder
  dir.write("meta/0000_snapshot.json", "{}");
  dir.write(".git/old/V1__bad.sql", "SELECT 3;");  // hidden folders are not looked into
  const auto migrations = load_migrations(dir.path());
  CHECK(file_names(migrations) == std::vector<std::string>{"0001_a.sql"});
}

TEST_CASE("a .sql file in a subfolder is an error naming it, never a silent skip", "[names]") {
  TempDir dir;
  dir.write("0001_a.sql", "SELECT 1;");
  dir.write("old/0003_c.sql", "SELECT 3;");
  dir.write("old/deeper/V1__bad.sql", "SELECT 3;");
  const auto diagnostics = diagnostics_of(dir.path());
  REQUIRE(diagnostics.size() == 2);
  CHECK_THAT(diagnostics[0].path, Catch::EndsWith("/old/0003_c.sql"));
  CHECK_THAT(diagnostics[0].message, Catch::Contains("subfolder") && Catch::Contains("would never run") &&
                                         Catch::Contains("`0003_c.sql`"));
  CHECK_THAT(diagnostics[1].path, Catch::EndsWith("/old/deeper/V1__bad.sql"));
}

TEST_CASE("Prisma's and diesel's folders are named as such, with the file each becomes", "[names]") {
  TempDir dir;
  dir.write("20210101000000_init/migration.sql", "CREATE TABLE a (x);");
  dir.write("migration_lock.toml", "provider = \"sqlite\"");
  dir.write("2021-02-03-040506_users/up.sql", "CREATE TABLE users (x);");
  dir.write("2021-02-03-040506_users/down.sql", "DROP TABLE users;");
  const auto diagnostics = diagnostics_of(dir.path());
  REQUIRE(diagnostics.size() == 3);
  // Sorted by path: `-` sorts before `0`.
  CHECK_THAT(diagnostics[0].path, Catch::EndsWith("/2021-02-03-040506_users/down.sql"));
  CHECK_THAT(diagnostics[0].message, Catch::Contains("diesel down migration") && !Catch::Contains("rename it"));
  CHECK_THAT(diagnostics[1].path, Catch::EndsWith("/2021-02-03-040506_users/up.sql"));
  CHECK_THAT(diagnostics[1].message, Catch::Contains("diesel") && Catch::Contains("`20210203040506_users.sql`"));
  CHECK_THAT(diagnostics[2].path, Catch::EndsWith("/20210101000000_init/migration.sql"));
  CHECK_THAT(diagnostics[2].message, Catch::Contains("Prisma") && Catch::Contains("`20210101000000_init.sql`"));
}

TEST_CASE("a .down.sql without its up is refused as a down migration, not as a duplicate id", "[names][downs]") {
  TempDir dir;
  dir.write("0001_users.up.sql", "CREATE TABLE users (x);");
  dir.write("0001_users.down.sql", "DROP TABLE users;");
  dir.write("0002_lone.down.sql", "DROP TABLE users;");
  const auto diagnostics = diagnostics_of(dir.path());
  REQUIRE(diagnostics.size() == 2);
  CHECK_THAT(diagnostics[0].path, Catch::EndsWith("/0001_users.down.sql"));
  CHECK_THAT(diagnostics[0].message, Catch::Contains("without its up `0001_users.sql`") &&
                                         Catch::Contains("--layout golang-migrate"));
  CHECK_THAT(diagnostics[1].path, Catch::EndsWith("/0002_lone.down.sql"));
  for (const Diagnostic& d : diagnostics) {
    CHECK_THAT(d.message, Catch::Contains("down migration") && !Catch::Contains("same id"));
  }
}

TEST_CASE("a .down.sql beside its up is that migration's down, normalised and checksummed", "[names][downs]") {
  TempDir dir;
  dir.write("0001_users.sql", "CREATE TABLE users (x);\n");
  dir.write("0001_users.down.sql", "\xEF\xBB\xBF" "DROP TABLE users;\r\n");
  dir.write("0002_more.sql", "CREATE TABLE more (x);\n");
  const LoadedMigrations loaded = read_migrations(dir.path());
  REQUIRE(loaded.problems.empty());
  REQUIRE(loaded.migrations.size() == 2);
  const MigrationSource& m = loaded.migrations[0];
  REQUIRE(m.down_text.has_value());
  CHECK(*m.down_text == "DROP TABLE users;\n");
  CHECK(m.down_checksum == sha256_hex("DROP TABLE users;\n"));
  CHECK_THAT(m.down_path, Catch::EndsWith("/0001_users.down.sql"));
  CHECK(m.text == "CREATE TABLE users (x);\n");  // the up is untouched
  CHECK_FALSE(loaded.migrations[1].down_text.has_value());
}

TEST_CASE("a down is linted at its own file, and may not be no-transaction", "[names][downs][lint]") {
  TempDir dir;
  dir.write("0001_users.sql", "CREATE TABLE users (x);\n");
  dir.write("0001_users.down.sql", "DROP TABLE users;\nCOMMIT;\n");
  dir.write("0002_more.sql", "CREATE TABLE more (x);\n");
  dir.write("0002_more.down.sql", "-- migbundle: no-transaction\nDROP TABLE more;\n");
  try {
    (void)check_migrations(dir.path(), nullptr);
    FAIL("check_migrations() accepted a down with COMMIT and a no-transaction down");
  } catch (const MigrationsError& e) {
    REQUIRE(e.diagnostics().size() == 2);
    CHECK_THAT(e.diagnostics()[0].path, Catch::EndsWith("/0001_users.down.sql"));
    CHECK(e.diagnostics()[0].line == 2);
    CHECK_THAT(e.diagnostics()[0].message, Catch::Contains("COMMIT"));
    CHECK_THAT(e.diagnostics()[1].path, Catch::EndsWith("/0002_more.down.sql"));
    CHECK_THAT(e.diagnostics()[1].message, Catch::Contains("no-transaction") && Catch::Contains("one transaction"));
  }
}

namespace {
/// The name a diagnostic suggests.
std::string suggested(const Diagnostic& d) {
  const std::string phrase = "rename it, e.g. to `";
  const std::size_t marker = d.message.find(phrase);
  if (marker == std::string::npos) return "";
  const std::size_t start = marker + phrase.size();
  return d.message.substr(start, d.message.find('`', start) - start);
}
}  // namespace

TEST_CASE("suggested names collide with no file and with no other suggestion", "[names]") {
  TempDir dir;
  dir.write("0001_init.sql", "SELECT 1;");
  dir.write("0001-init.sql", "SELECT 1;");   // would be told 0001_init.sql, which exists
  dir.write("0002-add.sql", "SELECT 2;");
  dir.write("0002 add.sql", "SELECT 2;");    // would be told 0002_add.sql, like the one above
  dir.write("create_users.sql", "SELECT 3;");  // would be told 0001_create_users.sql: id 1 is taken
  const auto diagnostics = diagnostics_of(dir.path());
  REQUIRE(diagnostics.size() == 4);
  std::vector<std::string> names;
  for (const Diagnostic& d : diagnostics) {
    INFO(format(d));
    const std::string name = suggested(d);
    REQUIRE_FALSE(name.empty());
    CHECK(migbundle::gen::check_file_name(name).kind == migbundle::gen::FileNameCheck::Kind::migration);
    CHECK(name != "0001_init.sql");
    names.push_back(name);
  }
  // Unique names, and unique ids among them and with 0001_init.sql.
  std::vector<std::int64_t> ids{1};
  for (const std::string& name : names) ids.push_back(migbundle::gen::check_file_name(name).id);
  std::sort(ids.begin(), ids.end());
  CHECK(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
}

TEST_CASE("Flyway files are numbered alike when one has a dotted version, keeping their order", "[names]") {
  TempDir dir;
  dir.write("V1__init.sql", "SELECT 1;");
  dir.write("V2__add.sql", "SELECT 2;");
  dir.write("V2.1__fix.sql", "SELECT 3;");
  dir.write("V10__late.sql", "SELECT 4;");
  const auto diagnostics = diagnostics_of(dir.path());
  REQUIRE(diagnostics.size() == 4);
  std::map<std::string, std::string> by_file;
  for (const Diagnostic& d : diagnostics) by_file[d.path.substr(d.path.rfind('/') + 1)] = suggested(d);
  CHECK(by_file["V1__init.sql"] == "1000_init.sql");
  CHECK(by_file["V2__add.sql"] == "2000_add.sql");
  CHECK(by_file["V2.1__fix.sql"] == "2001_fix.sql");
  CHECK(by_file["V10__late.sql"] == "10000_late.sql");
  CHECK_THAT(diagnostics.front().message, Catch::Contains("keep their order"));
}

TEST_CASE("a file name that is not UTF-8 is refused, shown by its escaped bytes", "[names]") {
  TempDir dir;
  dir.write("0001_a.sql", "SELECT 1;");
  dir.write("0002_caf\xE9.sql", "SELECT 2;");
  const auto diagnostics = diagnostics_of(dir.path());
  REQUIRE(diagnostics.size() == 1);
  CHECK_THAT(diagnostics.front().path, Catch::EndsWith("/0002_caf\\xE9.sql"));
  CHECK_THAT(diagnostics.front().message, Catch::Contains("not valid UTF-8") && Catch::Contains("`0002_caf_.sql`"));
}

TEST_CASE("check_migrations reports every error of every file in one run", "[names][lint]") {
  TempDir dir;
  dir.write("0001_a.sql", "-- migbundle: no-transactoin\nSELECT 1;\n");  // a directive error
  dir.write("0002_b.sql", "CREATE TABLE b (x);\nCOMMIT;\n");                // a lint error in another file
  dir.write("0003_c.sql", "-- +goose Up\nCREATE TABLE c (x);\n-- +goose Down\nDROP TABLE c;\n");
  dir.write("V4__d.sql", "SELECT 4;");                                      // a name error
  std::vector<Diagnostic> diagnostics;
  try {
    (void)migbundle::gen::check_migrations(dir.path());
    FAIL("no throw");
  } catch (const MigrationsError& error) {
    diagnostics = error.diagnostics();
  }
  for (const Diagnostic& d : diagnostics) UNSCOPED_INFO(format(d));
  REQUIRE(diagnostics.size() == 4);
  CHECK_THAT(diagnostics[0].message, Catch::Contains("no-transactoin"));
  CHECK_THAT(diagnostics[1].message, Catch::Contains("`COMMIT`"));
  CHECK(diagnostics[2].line == 3);
  CHECK_THAT(diagnostics[2].message, Catch::Contains("goose"));
  CHECK_THAT(diagnostics[3].path, Catch::EndsWith("V4__d.sql"));
}

TEST_CASE("check_migrations of a good directory returns the migrations and the warnings", "[names][lint]") {
  TempDir dir;
  dir.write("0001_a.sql", "CREATE TABLE a (x);\nPRAGMA foreign_keys = OFF;\n");
  const auto checked = migbundle::gen::check_migrations(dir.path());
  CHECK(checked.migrations.size() == 1);
  REQUIRE(checked.warnings.size() == 1);
  CHECK(checked.warnings.front().severity == migbundle::gen::Severity::warning);
}

TEST_CASE("a directory named like a migration is an error, not a silent skip", "[names]") {
  TempDir dir;
  dir.write("0002_dir.sql/inside.txt", "x");
  const auto diagnostics = diagnostics_of(dir.path());
  REQUIRE(diagnostics.size() == 1);
  CHECK_THAT(diagnostics.front().path, Catch::Contains("0002_dir.sql"));
}

TEST_CASE("diagnostics show the directory as given", "[names]") {
  TempDir dir;
  dir.write("migrations/0001-bad.sql", "");
  const auto diagnostics = diagnostics_of(dir.path() / "migrations");
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics.front().path == (dir.path() / "migrations").generic_string() + "/0001-bad.sql");
}
