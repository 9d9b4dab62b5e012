// migrate() with an Adoption: another tool's tracking table, written here as
// each tool writes it (docs/peer-tracking-tables.md), adopted or refused. The
// real tools' own tables are adopted in tests/adopt (label adopt).
#include <migbundle/migrate.hpp>

#include "support/owned_bundle.hpp"
#include "support/test_db.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <thread>
#include <vector>

using Catch::Matchers::Contains;
using migbundle::Adoption;
using migbundle::Error;
using migbundle::Options;
using migbundle::PeerMigration;
using migbundle::PeerTool;
using migbundle::Report;
using migbundle_test::Db;
using migbundle_test::OwnedBundle;

namespace {

/// Four migrations, t1..t4; the first `applied` of them already in `db` (as the tool left it).
OwnedBundle four_tables() {
  OwnedBundle bundle;
  for (int i = 1; i <= 4; ++i) {
    bundle.add(i, "table_" + std::to_string(i), "CREATE TABLE t" + std::to_string(i) + " (x);");
  }
  return bundle;
}
void create_tables(const Db& db, int applied) {
  for (int i = 1; i <= applied; ++i) REQUIRE(db.exec("CREATE TABLE t" + std::to_string(i) + " (x);") == SQLITE_OK);
}

Adoption adoption_of(PeerTool tool, const std::vector<PeerMigration>& migrations) {
  return Adoption{tool, migbundle::peer_default_table(tool), migrations.data(), migrations.size()};
}

/// Everything in the database, to prove a refusal changed nothing.
std::vector<std::vector<std::string>> everything(const Db& db) {
  auto all = db.rows("SELECT type, name, sql FROM sqlite_master ORDER BY name");
  for (const auto& table : db.rows("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
    for (auto& row : db.rows("SELECT * FROM \"" + table[0] + "\"")) all.push_back(row);
  }
  return all;
}

const std::vector<PeerMigration> versions = {{"1", ""}, {"2", ""}, {"3", ""}, {"4", ""}};

void goose_table(const Db& db) {
  REQUIRE(db.exec("CREATE TABLE goose_db_version (id INTEGER PRIMARY KEY AUTOINCREMENT, version_id INTEGER NOT NULL, "
                  "is_applied INTEGER NOT NULL, tstamp TIMESTAMP DEFAULT (datetime('now')));"
                  "INSERT INTO goose_db_version (version_id, is_applied, tstamp) VALUES "
                  "(0, 1, '2024-01-01 00:00:00'), (1, 1, '2024-01-02 03:04:05'), (2, 1, '2024-01-03 00:00:00'), "
                  "(3, 1, '2024-01-04 00:00:00'), (3, 0, '2024-01-05 00:00:00');") == SQLITE_OK);
}

}  // namespace

TEST_CASE("adopting goose: the newest row of a version decides, times are kept, the rest is applied", "[adopt]") {
  Db db;
  create_tables(db, 2);
  goose_table(db);
  const auto before = db.rows("SELECT * FROM goose_db_version ORDER BY id");
  const OwnedBundle bundle = four_tables();
  const Adoption adoption = adoption_of(PeerTool::goose, versions);

  const Report report = migbundle::migrate(db, bundle.bundle(), adoption, Options{});
  INFO(report.message());
  REQUIRE(report.ok());
  CHECK(report.adopted() == 2);  // 3 was migrated down (its newest row is 0): it runs again
  CHECK(report.already_applied() == 2);
  CHECK(report.applied() == 2);
  CHECK(report.current_id() == 4);
  CHECK(db.text("SELECT applied_at FROM migbundle_migrations WHERE id = 1") == "2024-01-02T03:04:05.000Z");
  CHECK(db.text("SELECT name FROM migbundle_migrations WHERE id = 2") == "table_2");
  CHECK(db.rows("SELECT * FROM goose_db_version ORDER BY id") == before);  // only read

  const Report again = migbundle::migrate(db, bundle.bundle(), adoption, Options{});
  CHECK(again.ok());
  CHECK(again.adopted() == 0);
  CHECK(again.applied() == 0);
}

TEST_CASE("adopting drizzle: its hash is checked, and a mismatch changes nothing", "[adopt]") {
  Db db;
  create_tables(db, 2);
  REQUIRE(db.exec("CREATE TABLE \"__drizzle_migrations\" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric);"
                  "INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('aaaa', 1700000000001), "
                  "('bbbb', 1700000000002);") == SQLITE_OK);
  const OwnedBundle bundle = four_tables();
  std::vector<PeerMigration> keys = {
      {"1700000000001", "aaaa"}, {"1700000000002", "bbbb"}, {"1700000000003", "cccc"}, {"1700000000004", "dddd"}};

  SECTION("matching hashes: adopted, the rest applied") {
    const Report report = migbundle::migrate(db, bundle.bundle(), adoption_of(PeerTool::drizzle, keys), Options{});
    INFO(report.message());
    REQUIRE(report.ok());
    CHECK(report.adopted() == 2);
    CHECK(report.applied() == 2);
  }
  SECTION("a file edited after drizzle applied it") {
    keys[1].hash = "b0b0";
    const auto before = everything(db);
    const Report report = migbundle::migrate(db, bundle.bundle(), adoption_of(PeerTool::drizzle, keys), Options{});
    CHECK(report.error() == Error::adoption_refused);
    CHECK_THAT(report.message(), Contains("0002_table_2.sql:1:1: error: cannot adopt drizzle's history, nothing was "
                                          "adopted: drizzle recorded migration 2 with hash bbbb"));
    CHECK_THAT(report.message(), Contains("edited after it was applied"));
    CHECK(report.migration() == &bundle.bundle().migrations[1]);
    CHECK(report.applied() == 0);
    CHECK(everything(db) == before);
  }
  SECTION("a migration drizzle applied that the bundle lacks") {
    keys[1].key = "1700000000009";
    const auto before = everything(db);
    const Report report = migbundle::migrate(db, bundle.bundle(), adoption_of(PeerTool::drizzle, keys), Options{});
    CHECK(report.error() == Error::adoption_refused);
    CHECK_THAT(report.message(), Contains("records 1700000000002, which this bundle does not have"));
    CHECK(everything(db) == before);
  }
}

TEST_CASE("adopting golang-migrate: every version up to the recorded one; dirty is refused", "[adopt]") {
  Db db;
  create_tables(db, 3);
  REQUIRE(db.exec("CREATE TABLE schema_migrations (version uint64, dirty bool);"
                  "CREATE UNIQUE INDEX version_unique ON schema_migrations (version);") == SQLITE_OK);
  const OwnedBundle bundle = four_tables();
  const Adoption adoption = adoption_of(PeerTool::golang_migrate, versions);

  SECTION("clean") {
    REQUIRE(db.exec("INSERT INTO schema_migrations VALUES (3, 0)") == SQLITE_OK);
    const Report report = migbundle::migrate(db, bundle.bundle(), adoption, Options{});
    INFO(report.message());
    REQUIRE(report.ok());
    CHECK(report.adopted() == 3);
    CHECK(report.applied() == 1);
  }
  SECTION("dirty") {
    REQUIRE(db.exec("INSERT INTO schema_migrations VALUES (3, 1)") == SQLITE_OK);
    const auto before = everything(db);
    const Report report = migbundle::migrate(db, bundle.bundle(), adoption, Options{});
    CHECK(report.error() == Error::adoption_refused);
    CHECK_THAT(report.message(), Contains("0003_table_3.sql:1:1: error:"));
    CHECK_THAT(report.message(), Contains("as dirty: it started and did not finish"));
    CHECK(everything(db) == before);
  }
  SECTION("dbmate's table of the same name is not golang-migrate's") {
    REQUIRE(db.exec("DROP TABLE schema_migrations; CREATE TABLE schema_migrations (version varchar(128) primary key);"
                    "INSERT INTO schema_migrations VALUES ('1');") == SQLITE_OK);
    const auto before = everything(db);
    const Report report = migbundle::migrate(db, bundle.bundle(), adoption, Options{});
    CHECK(report.error() == Error::adoption_refused);
    CHECK_THAT(report.message(), Contains("does not have golang-migrate's columns (version, dirty)"));
    CHECK(everything(db) == before);
  }
}

TEST_CASE("adopting sqlx: failed rows refuse, the checksum is compared as hex", "[adopt]") {
  Db db;
  create_tables(db, 2);
  REQUIRE(db.exec("CREATE TABLE _sqlx_migrations (version BIGINT PRIMARY KEY, description TEXT NOT NULL, installed_on "
                  "TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, success BOOLEAN NOT NULL, checksum BLOB NOT NULL, "
                  "execution_time BIGINT NOT NULL);"
                  "INSERT INTO _sqlx_migrations VALUES (1, 'one', '2024-01-02 03:04:05', TRUE, X'0A0B', 7000000),"
                  "(2, 'two', '2024-01-03 03:04:05', TRUE, X'0C0D', -1);") == SQLITE_OK);
  const OwnedBundle bundle = four_tables();
  const std::vector<PeerMigration> keys = {{"1", "0a0b"}, {"2", "0c0d"}, {"3", "0e0f"}, {"4", "1011"}};
  SECTION("adopted, with sqlx's execution time in ms") {
    const Report report = migbundle::migrate(db, bundle.bundle(), adoption_of(PeerTool::sqlx, keys), Options{});
    INFO(report.message());
    REQUIRE(report.ok());
    CHECK(report.adopted() == 2);
    CHECK(db.integer("SELECT execution_ms FROM migbundle_migrations WHERE id = 1") == 7);
    CHECK(db.integer("SELECT execution_ms FROM migbundle_migrations WHERE id = 2") == 0);
  }
  SECTION("a failed row") {
    REQUIRE(db.exec("UPDATE _sqlx_migrations SET success = FALSE WHERE version = 2") == SQLITE_OK);
    const auto before = everything(db);
    const Report report = migbundle::migrate(db, bundle.bundle(), adoption_of(PeerTool::sqlx, keys), Options{});
    CHECK(report.error() == Error::adoption_refused);
    CHECK_THAT(report.message(), Contains("records this migration as failed"));
    CHECK(everything(db) == before);
  }
}

TEST_CASE("adopting Flyway: versions compare as numbers; baselines refuse; schema rows are no migration", "[adopt]") {
  Db db;
  create_tables(db, 2);
  REQUIRE(db.exec("CREATE TABLE flyway_schema_history (installed_rank INT NOT NULL PRIMARY KEY, version VARCHAR(50), "
                  "description VARCHAR(200) NOT NULL, type VARCHAR(20) NOT NULL, script VARCHAR(1000) NOT NULL, "
                  "checksum INT, installed_by VARCHAR(100) NOT NULL, installed_on TEXT NOT NULL, execution_time INT "
                  "NOT NULL, success BOOLEAN NOT NULL);"
                  "INSERT INTO flyway_schema_history VALUES (1, NULL, '<< Flyway Schema Creation >>', 'SCHEMA', "
                  "'\"main\"', NULL, '', '2024-01-01 00:00:00.000', 0, 1),"
                  "(2, '1.01', 'one', 'SQL', 'V1_01__one.sql', -5, '', '2024-01-02 03:04:05.678', 12, 1),"
                  "(3, '2', 'two', 'SQL', 'V2__two.sql', 77, '', '2024-01-03 03:04:05.000', 3, 1);") == SQLITE_OK);
  const OwnedBundle bundle = four_tables();
  const std::vector<PeerMigration> keys = {{"1.1", "-5"}, {"2.0", "77"}, {"3", "1"}, {"4", "2"}};
  SECTION("adopted") {
    const Report report = migbundle::migrate(db, bundle.bundle(), adoption_of(PeerTool::flyway, keys), Options{});
    INFO(report.message());
    REQUIRE(report.ok());
    CHECK(report.adopted() == 2);
    CHECK(db.text("SELECT applied_at FROM migbundle_migrations WHERE id = 1") == "2024-01-02T03:04:05.678Z");
    CHECK(db.integer("SELECT execution_ms FROM migbundle_migrations WHERE id = 1") == 12);
  }
  SECTION("a baseline") {
    REQUIRE(db.exec("INSERT INTO flyway_schema_history VALUES (4, '3', '<< Flyway Baseline >>', 'BASELINE', "
                    "'<< Flyway Baseline >>', NULL, '', '2024-01-04 00:00:00.000', 0, 1)") == SQLITE_OK);
    const auto before = everything(db);
    const Report report = migbundle::migrate(db, bundle.bundle(), adoption_of(PeerTool::flyway, keys), Options{});
    CHECK(report.error() == Error::adoption_refused);
    CHECK_THAT(report.message(), Contains("has a row migbundle cannot adopt (BASELINE << Flyway Baseline >>)"));
    CHECK(everything(db) == before);
  }
}

TEST_CASE("adopting Prisma: rolled-back rows are ignored, any of the listed hashes matches", "[adopt]") {
  Db db;
  create_tables(db, 1);
  REQUIRE(db.exec("CREATE TABLE _prisma_migrations (id TEXT PRIMARY KEY NOT NULL, checksum TEXT NOT NULL, finished_at "
                  "DATETIME, migration_name TEXT NOT NULL, logs TEXT, rolled_back_at DATETIME, started_at DATETIME NOT "
                  "NULL DEFAULT current_timestamp, applied_steps_count INTEGER UNSIGNED NOT NULL DEFAULT 0);"
                  "INSERT INTO _prisma_migrations VALUES ('a', 'crlf', 1704164645000, '1_one', NULL, NULL, "
                  "1704164645000, 1), ('b', 'x', NULL, '2_two', NULL, 1704164646000, 1704164646000, 0);") == SQLITE_OK);
  const OwnedBundle bundle = four_tables();
  const std::vector<PeerMigration> keys = {{"1_one", "raw lf crlf"}, {"2_two", "x"}, {"3_three", ""}, {"4_four", ""}};
  const Report report = migbundle::migrate(db, bundle.bundle(), adoption_of(PeerTool::prisma, keys), Options{});
  INFO(report.message());
  REQUIRE(report.ok());
  CHECK(report.adopted() == 1);
  CHECK(report.applied() == 3);
  CHECK(db.text("SELECT applied_at FROM migbundle_migrations WHERE id = 1") == "2024-01-02T03:04:05.000Z");
}

TEST_CASE("adopting sql-migrate: rows by file name, Go's times with their zone", "[adopt]") {
  Db db;
  create_tables(db, 2);
  REQUIRE(db.exec("CREATE TABLE IF NOT EXISTS \"gorp_migrations\" (\"id\" varchar(255) not null primary key, "
                  "\"applied_at\" datetime);"
                  "INSERT INTO gorp_migrations VALUES ('0001_table_1.sql', '2024-01-02 03:04:05.123456789-02:00'),"
                  "('0002_table_2.sql', '2024-01-03 00:00:00.5+00:00');") == SQLITE_OK);
  const OwnedBundle bundle = four_tables();
  const std::vector<PeerMigration> keys = {
      {"0001_table_1.sql", ""}, {"0002_table_2.sql", ""}, {"0003_table_3.sql", ""}, {"0004_table_4.sql", ""}};
  const Report report = migbundle::migrate(db, bundle.bundle(), adoption_of(PeerTool::sql_migrate, keys), Options{});
  INFO(report.message());
  REQUIRE(report.ok());
  CHECK(report.adopted() == 2);
  CHECK(report.applied() == 2);
  CHECK(db.text("SELECT applied_at FROM migbundle_migrations WHERE id = 1") == "2024-01-02T05:04:05.123Z");
}

TEST_CASE("adoption happens only without migbundle history and with the tool's table", "[adopt]") {
  const OwnedBundle bundle = four_tables();
  const Adoption adoption = adoption_of(PeerTool::goose, versions);
  SECTION("no tool table: everything is applied") {
    Db db;
    const Report report = migbundle::migrate(db, bundle.bundle(), adoption, Options{});
    REQUIRE(report.ok());
    CHECK(report.adopted() == 0);
    CHECK(report.applied() == 4);
  }
  SECTION("migbundle history present: the tool's table is not read again") {
    Db db;
    REQUIRE(migbundle::migrate(db, bundle.bundle()).ok());
    goose_table(db);
    const Report report = migbundle::migrate(db, bundle.bundle(), adoption, Options{});
    REQUIRE(report.ok());
    CHECK(report.adopted() == 0);
    CHECK(report.already_applied() == 4);
  }
  SECTION("an adoption table that does not fit the bundle is an invalid argument") {
    Db db;
    const std::vector<PeerMigration> three(versions.begin(), versions.end() - 1);
    const Report report = migbundle::migrate(db, bundle.bundle(), adoption_of(PeerTool::goose, three), Options{});
    CHECK(report.error() == Error::invalid_argument);
    CHECK(db.integer("SELECT count(*) FROM sqlite_master") == 0);
  }
}

TEST_CASE("connections adopting one database at once adopt it once", "[adopt]") {
  migbundle_test::TempDbFile file("adopt");
  {
    Db db(file.path());
    create_tables(db, 2);
    goose_table(db);
  }
  const OwnedBundle bundle = four_tables();
  const Adoption adoption = adoption_of(PeerTool::goose, versions);
  constexpr int threads = 4;
  std::vector<Report> reports(threads);
  std::vector<std::thread> workers;
  for (int i = 0; i < threads; ++i) {
    workers.emplace_back([&, i] {
      Db db(file.path());
      reports[static_cast<std::size_t>(i)] = migbundle::migrate(db, bundle.bundle(), adoption, Options{});
    });
  }
  for (std::thread& worker : workers) worker.join();
  int adopted = 0;
  int applied = 0;
  for (const Report& report : reports) {
    INFO(report.message());
    CHECK(report.ok());
    adopted += report.adopted();
    applied += report.applied();
  }
  CHECK(adopted == 2);
  CHECK(applied == 2);
  Db db(file.path());
  CHECK(db.integer("SELECT count(*) FROM migbundle_migrations") == 4);
}
