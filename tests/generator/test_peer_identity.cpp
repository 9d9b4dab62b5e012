// What each tool knows a migration by (peer_identity.hpp): a small folder per
// tool in its own layout, read with read_migrations(), and the keys and hashes
// the tool's tracking table would hold (docs/peer-tracking-tables.md).
// Every expected hash was computed with Python from the bytes literal written
// beside it, never with the code under test:
//   drizzle: hashlib.sha256(INPUT).hexdigest()
//   sqlx:    hashlib.sha384(INPUT).hexdigest()
//   Flyway:  ctypes.c_int32(zlib.crc32(INPUT without a leading BOM, every CR and LF removed)).value
//   Prisma:  hashlib.sha256 of INPUT, of INPUT.replace(b'\r\n', b'\n'), and of that
//            .replace(b'\n', b'\r\n'), each once, joined with spaces
#include "temp_dir.hpp"

#include <migbundle/adopt.hpp>
#include <migbundle/generator/diagnostic.hpp>
#include <migbundle/generator/layout.hpp>
#include <migbundle/generator/load_migrations.hpp>
#include <migbundle/generator/peer_identity.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using migbundle::gen::adopt_tool_from_name;
using migbundle::gen::adopt_tool_layout;
using migbundle::gen::adopt_tool_names;
using migbundle::gen::Diagnostic;
using migbundle::gen::Layout;
using migbundle::gen::layout_name;
using migbundle::gen::LoadedMigrations;
using migbundle::gen::MigrationsError;
using migbundle::gen::MigrationSource;
using migbundle::gen::peer_identities;
using migbundle::gen::PeerIdentity;
using migbundle::gen::read_migrations;
using migbundle::test::TempDir;
using Tool = ::migbundle::PeerTool;

namespace {

/// Reads `dir` in `tool`'s layout (which must find no problem) and returns
/// each migration's file name, key and hash, in the order read.
std::vector<std::vector<std::string>> identities(const TempDir& dir, Tool tool) {
  const LoadedMigrations loaded = read_migrations(dir.path(), adopt_tool_layout(tool));
  std::string problems;
  for (const Diagnostic& d : loaded.problems) problems += format(d) + "\n";
  INFO(problems);
  REQUIRE(loaded.problems.empty());
  const std::vector<PeerIdentity> found = peer_identities(tool, dir.path(), loaded.migrations);
  REQUIRE(found.size() == loaded.migrations.size());
  std::vector<std::vector<std::string>> rows;
  for (std::size_t i = 0; i < found.size(); ++i) {
    rows.push_back({loaded.migrations[i].file_name, found[i].key, found[i].hash});
  }
  return rows;
}

/// The diagnostics peer_identities() throws for `migrations`.
std::vector<Diagnostic> identity_errors(Tool tool, const TempDir& dir, const std::vector<MigrationSource>& migrations) {
  try {
    (void)peer_identities(tool, dir.path(), migrations);
  } catch (const MigrationsError& error) {
    return error.diagnostics();
  }
  FAIL("peer_identities did not throw MigrationsError");
  return {};
}

bool has(const std::vector<Diagnostic>& diagnostics, const std::string& path, const std::string& words) {
  return std::any_of(diagnostics.begin(), diagnostics.end(), [&](const Diagnostic& d) {
    return d.path == path && d.message.find(words) != std::string::npos;
  });
}

std::string shown(const TempDir& dir, const std::string& relative) {
  return dir.path().generic_string() + "/" + relative;
}

/// drizzle-kit's journal: (tag, when) per entry, idx from 0.
std::string journal(const std::vector<std::pair<std::string, std::string>>& entries) {
  std::string text = "{\n  \"version\": \"7\",\n  \"dialect\": \"sqlite\",\n  \"entries\": [";
  for (std::size_t i = 0; i < entries.size(); ++i) {
    text += std::string(i == 0 ? "" : ",") + "\n    {\"idx\": " + std::to_string(i) +
            ", \"version\": \"6\", \"when\": " + entries[i].second + ", \"tag\": \"" + entries[i].first +
            "\", \"breakpoints\": true}";
  }
  return text + "\n  ]\n}\n";
}

using Rows = std::vector<std::vector<std::string>>;

}  // namespace

TEST_CASE("drizzle: the journal's `when`, the SHA-256 of the file's raw bytes", "[peer_identity]") {
  TempDir dir;
  dir.write("meta/_journal.json", journal({{"0000_crlf", "1708710681721"}, {"0001_bom", "1709144284383"}}));
  // INPUT = b"CREATE TABLE a (id INTEGER);\r\n--> statement-breakpoint\r\nCREATE TABLE b (id INTEGER);\r\n"
  dir.write("0000_crlf.sql",
            "CREATE TABLE a (id INTEGER);\r\n--> statement-breakpoint\r\nCREATE TABLE b (id INTEGER);\r\n");
  // INPUT = b"\xef\xbb\xbfCREATE TABLE c (id INTEGER);\n"
  dir.write("0001_bom.sql", "\xEF\xBB\xBF" "CREATE TABLE c (id INTEGER);\n");
  CHECK(identities(dir, Tool::drizzle) ==
        Rows{{"0000_crlf.sql", "1708710681721", "63963e593ba177a012fffbe5bc0d13b22805ad75d5fe56956b40a90d106602ad"},
             {"0001_bom.sql", "1709144284383", "4af531bc5e28fdd7302165167ad29461fc55e124856d9c6fc5b9665478064099"}});
  // Not the hash of the text migbundle embeds (LF, breakpoints made newlines, no BOM), which drizzle never saw.
  const LoadedMigrations loaded = read_migrations(dir.path(), Layout::drizzle);
  REQUIRE(loaded.migrations.size() == 2);
  CHECK(loaded.migrations[0].checksum != "63963e593ba177a012fffbe5bc0d13b22805ad75d5fe56956b40a90d106602ad");
  CHECK(loaded.migrations[1].checksum != "4af531bc5e28fdd7302165167ad29461fc55e124856d9c6fc5b9665478064099");
}

TEST_CASE("drizzle: a migration without a journal `when`, or no journal, is an error naming the file",
          "[peer_identity]") {
  // The layout reader skips a .sql file the journal does not list (a warning), so
  // the journal is changed after the folder was read.
  TempDir dir;
  dir.write("meta/_journal.json", journal({{"0000_a", "1700000000000"}, {"0001_b", "1700000000001"}}));
  dir.write("0000_a.sql", "CREATE TABLE a (x);\n");
  dir.write("0001_b.sql", "CREATE TABLE b (x);\n");
  const LoadedMigrations loaded = read_migrations(dir.path(), Layout::drizzle);
  REQUIRE(loaded.problems.empty());
  REQUIRE(loaded.migrations.size() == 2);

  dir.write("meta/_journal.json", journal({{"0000_a", "1700000000000"}}));
  std::vector<Diagnostic> errors = identity_errors(Tool::drizzle, dir, loaded.migrations);
  CHECK(errors.size() == 1);
  CHECK(has(errors, shown(dir, "0001_b.sql"), "no entry with a whole-number `when` in meta/_journal.json"));

  // An entry without `when` leaves its migration without a key as well.
  dir.write("meta/_journal.json",
            "{\"entries\": [{\"idx\": 0, \"when\": 1700000000000, \"tag\": \"0000_a\"}, {\"idx\": 1, \"tag\": "
            "\"0001_b\"}]}\n");
  errors = identity_errors(Tool::drizzle, dir, loaded.migrations);
  CHECK(errors.size() == 1);
  CHECK(has(errors, shown(dir, "0001_b.sql"), "`when`"));

  std::filesystem::remove(dir.path() / "meta" / "_journal.json");
  errors = identity_errors(Tool::drizzle, dir, loaded.migrations);
  CHECK(errors.size() == 1);
  CHECK(has(errors, shown(dir, "meta/_journal.json"), "cannot be read"));
}

TEST_CASE("wrangler: the file name, no hash", "[peer_identity]") {
  TempDir dir;
  dir.write("0001_init.sql", "CREATE TABLE a (x);\n");
  dir.write("0002_more.sql", "CREATE TABLE b (x);\n");
  CHECK(identities(dir, Tool::wrangler) ==
        Rows{{"0001_init.sql", "0001_init.sql", ""}, {"0002_more.sql", "0002_more.sql", ""}});
}

TEST_CASE("sql-migrate: the file name (gorp_migrations.id), no hash", "[peer_identity]") {
  TempDir dir;
  dir.write("20160118194630_init.sql", "-- +migrate Up\nCREATE TABLE a (x);\n-- +migrate Down\nDROP TABLE a;\n");
  CHECK(identities(dir, Tool::sql_migrate) == Rows{{"20160118194630_init.sql", "20160118194630_init.sql", ""}});
}

TEST_CASE("sqlx: the version without leading zeros, the SHA-384 of the file's bytes", "[peer_identity]") {
  TempDir dir;
  // INPUT = b"SELECT 0;\n"
  dir.write("000_zero.sql", "SELECT 0;\n");
  // INPUT = b"\xef\xbb\xbfCREATE TABLE x (id INTEGER);\r\n"
  dir.write("0042_x.sql", "\xEF\xBB\xBF" "CREATE TABLE x (id INTEGER);\r\n");
  // INPUT = b"CREATE TABLE users (id);\n" (the up file; the down is never recorded)
  dir.write("20240101000000_users.up.sql", "CREATE TABLE users (id);\n");
  dir.write("20240101000000_users.down.sql", "DROP TABLE users;\n");
  CHECK(identities(dir, Tool::sqlx) ==
        Rows{{"000_zero.sql", "0",
              "e38d6f5621aff9a8ff8262eaf811bef12d2c348705488737475dd64296a5bdd7579ebf9b1fc57bd0e9b741393edc7977"},
             {"0042_x.sql", "42",
              "8d2bc9bf8ea5257b1d52887463bed6fc782bf273950c43e6d2c8a94611e9c5cdcb6378f504705c6f3267df6d97b6d3de"},
             {"20240101000000_users.up.sql", "20240101000000",
              "5bc6ea065e80de811b60146901077ce4d776be540ed9a53e1759732ca0b5cfd824c4aaa58ee336d987ad225b52889951"}});
}

TEST_CASE("goose and golang-migrate: the version without leading zeros, no hash", "[peer_identity]") {
  TempDir goose;
  goose.write("00001_a.sql", "-- +goose Up\nCREATE TABLE a (x);\n\n-- +goose Down\nDROP TABLE a;\n");
  goose.write("20160118194630_b.sql", "-- +goose Up\nCREATE TABLE b (x);\n");
  CHECK(identities(goose, Tool::goose) ==
        Rows{{"00001_a.sql", "1", ""}, {"20160118194630_b.sql", "20160118194630", ""}});

  TempDir migrate;
  migrate.write("0_init.up.sql", "CREATE TABLE a (x);\n");
  migrate.write("000002_b.up.sql", "CREATE TABLE b (x);\n");
  migrate.write("000002_b.down.sql", "DROP TABLE b;\n");
  CHECK(identities(migrate, Tool::golang_migrate) ==
        Rows{{"0_init.up.sql", "0", ""}, {"000002_b.up.sql", "2", ""}});
}

TEST_CASE("dbmate: the leading digits as written, no hash", "[peer_identity]") {
  TempDir dir;
  dir.write("0042_x.sql", "-- migrate:up\nCREATE TABLE x (a);\n-- migrate:down\nDROP TABLE x;\n");
  dir.write("20220424062956_y.sql", "-- migrate:up\nCREATE TABLE y (a);\n");
  CHECK(identities(dir, Tool::dbmate) ==
        Rows{{"0042_x.sql", "0042", ""}, {"20220424062956_y.sql", "20220424062956", ""}});
}

TEST_CASE("diesel: the folder's version before the first `_`, without `-`, no hash", "[peer_identity]") {
  TempDir dir;
  dir.write("00000000000000_diesel_initial_setup/up.sql", "SELECT 0;\n");
  dir.write("2018-01-14-171611_a/up.sql", "CREATE TABLE a (x);\n");
  dir.write("2018-01-14-171611_a/down.sql", "DROP TABLE a;\n");
  dir.write("2024-03-13_170000_x/up.sql", "SELECT 'x';\n");
  CHECK(identities(dir, Tool::diesel) == Rows{{"00000000000000_diesel_initial_setup/up.sql", "00000000000000", ""},
                                              {"2018-01-14-171611_a/up.sql", "20180114171611", ""},
                                              {"2024-03-13_170000_x/up.sql", "20240313", ""}});
}

TEST_CASE("flyway: the version with `_` as `.`, as written; the CRC-32 of the lines", "[peer_identity]") {
  TempDir dir;
  // INPUT = b"\xef\xbb\xbfCREATE TABLE a (id INTEGER);\r\n\r\nINSERT INTO a VALUES (1);\r\n"
  dir.write("V1_1__x.sql", "\xEF\xBB\xBF" "CREATE TABLE a (id INTEGER);\r\n\r\nINSERT INTO a VALUES (1);\r\n");
  // INPUT = b"SELECT 2;\n"
  dir.write("V1.2__y.sql", "SELECT 2;\n");
  // INPUT = b"SELECT 10;" (no final newline)
  dir.write("V10__z.sql", "SELECT 10;");
  CHECK(identities(dir, Tool::flyway) == Rows{{"V1_1__x.sql", "1.1", "2090275947"},
                                              {"V1.2__y.sql", "1.2", "798974111"},
                                              {"V10__z.sql", "10", "-500928370"}});
}

TEST_CASE("prisma: the folder name; the SHA-256 as it is and with its line endings swapped", "[peer_identity]") {
  TempDir dir;
  dir.write("migration_lock.toml", "provider = \"sqlite\"\n");
  // Mixed endings give three texts: INPUT = b"CREATE TABLE a (id INTEGER);\r\nCREATE TABLE b (id INTEGER);\n"
  dir.write("20230616064440_init/migration.sql", "CREATE TABLE a (id INTEGER);\r\nCREATE TABLE b (id INTEGER);\n");
  // LF only: as it is (= with CRLF made LF), with LF made CRLF. INPUT = b"CREATE TABLE c (id INTEGER);\n"
  dir.write("20230701000000_lf/migration.sql", "CREATE TABLE c (id INTEGER);\n");
  // A BOM and CRLF: as it is (= with LF made CRLF again), with CRLF made LF.
  // INPUT = b"\xef\xbb\xbfCREATE TABLE d (id INTEGER);\r\n"
  dir.write("20230801000000_crlf/migration.sql", "\xEF\xBB\xBF" "CREATE TABLE d (id INTEGER);\r\n");
  CHECK(identities(dir, Tool::prisma) ==
        Rows{{"20230616064440_init/migration.sql", "20230616064440_init",
              "5402b1770c377c79d3249049f9803ee6e6f2d060face79dbbe02bfbde6a09743 "
              "6e4b346052b866dd0f6018bd2ae094bbe3f6b9e2bd777dca67799c1a873fe3c4 "
              "f13834e9446bd31517fcb18e14d82f286cdbaf949cf41f5660fe69f2c750b95a"},
             {"20230701000000_lf/migration.sql", "20230701000000_lf",
              "73a905677e52042a81ed9b2d39716f7c1e26c2e64edb1dc8c13d0ae69b45a25a "
              "f66a7cd660a1a3c96e1d9d423b1f877768d6e5a175c7f4aacd847bce73eda16d"},
             {"20230801000000_crlf/migration.sql", "20230801000000_crlf",
              "1c678f8f9075f1f25cca20a60fd76d8a2388aea88878be1f5e54524083076365 "
              "d3dbb9360dbe6c9434037c21838cbd25ab0b3ae475b384718d84e39599c36320"}});
}

TEST_CASE("a file that cannot be read, and a name that holds no key, are errors naming the file",
          "[peer_identity]") {
  TempDir dir;
  dir.write("0001_a.sql", "SELECT 1;\n");
  dir.write("0002_b.sql", "SELECT 2;\n");
  const LoadedMigrations loaded = read_migrations(dir.path(), Layout::sqlx);
  REQUIRE(loaded.migrations.size() == 2);
  std::filesystem::remove(dir.path() / "0002_b.sql");
  std::vector<Diagnostic> errors = identity_errors(Tool::sqlx, dir, loaded.migrations);
  CHECK(errors.size() == 1);
  CHECK(has(errors, shown(dir, "0002_b.sql"), "cannot be read to compute the hash sqlx records for it"));
  // Tools that keep no hash read nothing.
  CHECK(peer_identities(Tool::goose, dir.path(), loaded.migrations).size() == 2);

  // maragudk's names carry no number: read in that layout, sqlx has no key for them.
  TempDir names;
  names.write("a.up.sql", "SELECT 1;\n");
  const LoadedMigrations maragudk = read_migrations(names.path(), Layout::maragudk);
  REQUIRE(maragudk.migrations.size() == 1);
  errors = identity_errors(Tool::sqlx, names, maragudk.migrations);
  CHECK(errors.size() == 1);
  CHECK(has(errors, shown(names, "a.up.sql"), "sqlx knows a migration by its leading version number"));
}

TEST_CASE("an empty folder has no identities, not even a journal to read", "[peer_identity]") {
  TempDir dir;
  for (const std::string_view name : adopt_tool_names()) {
    CHECK(peer_identities(*adopt_tool_from_name(name), dir.path(), {}).empty());
  }
}

TEST_CASE("tool names: as peer_tool_name() spells them, in enum order; each tool's layout", "[peer_identity]") {
  CHECK(adopt_tool_names() == std::vector<std::string_view>{"drizzle", "wrangler", "sqlx", "goose", "golang-migrate",
                                                            "dbmate", "diesel", "flyway", "prisma", "sql-migrate"});
  for (const std::string_view name : adopt_tool_names()) {
    const std::optional<Tool> tool = adopt_tool_from_name(name);
    REQUIRE(tool.has_value());
    CHECK(::migbundle::peer_tool_name(*tool) == name);
    CHECK(layout_name(adopt_tool_layout(*tool)) == name);  // each tool's layout has the tool's name
  }
  CHECK(adopt_tool_from_name("golang-migrate") == Tool::golang_migrate);
  CHECK(adopt_tool_layout(Tool::golang_migrate) == Layout::golang_migrate);
  CHECK_FALSE(adopt_tool_from_name("golang_migrate").has_value());
  CHECK_FALSE(adopt_tool_from_name("liquibase").has_value());
  CHECK_FALSE(adopt_tool_from_name("").has_value());
  CHECK_FALSE(adopt_tool_from_name("Drizzle").has_value());
}
