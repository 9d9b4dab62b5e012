// The database runs out of room, a migration is interrupted, threads race:
// each failure is reported clearly and loses nothing.
#include <migbundle/migrate.hpp>

#include "support/owned_bundle.hpp"
#include "support/report_printing.hpp"
#include "support/test_db.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

using migbundle::Bundle;
using migbundle::Error;
using migbundle_test::checksum_a;
using migbundle_test::checksum_b;
using migbundle_test::Db;
using migbundle_test::OwnedBundle;
using migbundle_test::TempDbFile;
using Catch::Matchers::Contains;

namespace {

const OwnedBundle grow = {
    {1, "0001_small.sql", checksum_a, "CREATE TABLE small (x INTEGER);\nINSERT INTO small VALUES (1);\n", 0},
    {2, "0002_big.sql", checksum_b,
     "CREATE TABLE big (x BLOB);\n"
     "INSERT INTO big SELECT randomblob(200) FROM (\n"
     "  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) SELECT i FROM n);\n",
     0},
};

int interrupt_when_armed(void* armed) { return static_cast<std::atomic<bool>*>(armed)->load() ? 1 : 0; }

}  // namespace

TEST_CASE("a full disk fails the migration with SQLITE_FULL and rolls it back entirely", "[failure][resources]") {
  TempDbFile file("full");
  Db db(file.path());
  REQUIRE(migbundle::migrate(db, grow.first(1)).ok());
  // A page budget a few pages above what the file holds stands in for a full disk.
  const std::int64_t pages = db.integer("PRAGMA page_count");
  REQUIRE(db.exec("PRAGMA max_page_count = " + std::to_string(pages + 3)) == SQLITE_OK);

  const migbundle::Report r = migbundle::migrate(db, grow.bundle());
  INFO(r.message());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error() == Error::migration_failed);
  CHECK(r.sqlite_code() == SQLITE_FULL);
  CHECK(r.migration() == &grow[1]);
  CHECK(r.line() == 2);
  CHECK_THAT(r.message(), Contains("0002_big.sql:2:") && Contains("full") && Contains("left at migration 1"));
  CHECK_FALSE(db.has_table("big"));
  CHECK(db.integer("SELECT count(*) FROM migbundle_migrations") == 1);
  CHECK(db.text("PRAGMA integrity_check") == "ok");

  // Room again: the same migration now applies.
  REQUIRE(db.exec("PRAGMA max_page_count = 1073741823") == SQLITE_OK);
  const migbundle::Report again = migbundle::migrate(db, grow.bundle());
  INFO(again.message());
  CHECK(again.ok());
  CHECK(again.applied() == 1);
  CHECK(db.integer("SELECT count(*) FROM big") == 20000);
}

TEST_CASE("an interrupted migration (sqlite3_interrupt) is rolled back and can be rerun", "[failure][resources]") {
  TempDbFile file("interrupt");
  Db db(file.path());
  REQUIRE(migbundle::migrate(db, grow.first(1)).ok());
  std::atomic<bool> armed{true};
  sqlite3_progress_handler(db, 1000, interrupt_when_armed, &armed);

  const migbundle::Report r = migbundle::migrate(db, grow.bundle());
  INFO(r.message());
  REQUIRE_FALSE(r.ok());
  CHECK(r.sqlite_code() == SQLITE_INTERRUPT);
  CHECK(r.migration() == &grow[1]);
  CHECK_THAT(r.message(), Contains("0002_big.sql") && Contains("interrupted") && Contains("left at migration 1"));
  CHECK_FALSE(db.has_table("big"));
  CHECK(db.integer("SELECT count(*) FROM migbundle_migrations") == 1);

  armed = false;
  const migbundle::Report again = migbundle::migrate(db, grow.bundle());
  INFO(again.message());
  CHECK(again.ok());
  CHECK(again.applied() == 1);
  sqlite3_progress_handler(db, 0, nullptr, nullptr);
}

TEST_CASE("threads with their own connections apply each migration exactly once", "[concurrency]") {
  // 20 migrations, each recording itself once in a counter table.
  OwnedBundle migrations;
  migrations.add({1, "1_step.sql", checksum_a,
                  "CREATE TABLE counter (id INTEGER PRIMARY KEY);\nINSERT INTO counter VALUES (1);\n", 0});
  for (int id = 2; id <= 20; ++id) {
    migrations.add({id, std::to_string(id) + "_step.sql", checksum_a,
                    "INSERT INTO counter VALUES (" + std::to_string(id) + ");\n", 0});
  }
  const Bundle bundle = migrations.bundle();

  for (int round = 0; round < 5; ++round) {
    TempDbFile file("threads");
    std::atomic<int> ready{0};
    std::atomic<int> applied{0};
    std::atomic<int> failed{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&] {
        Db db(file.path());
        ++ready;
        while (ready.load() < 8) std::this_thread::yield();  // start together
        const migbundle::Report r = migbundle::migrate(db, bundle);
        if (!r.ok() || r.applied() + r.already_applied() != 20 || r.current_id() != 20) ++failed;
        applied += r.applied();
      });
    }
    for (std::thread& thread : threads) thread.join();
    CHECK(failed == 0);
    CHECK(applied == 20);
    Db check(file.path());
    CHECK(check.integer("SELECT count(*) FROM counter") == 20);
    CHECK(check.integer("SELECT count(*) FROM migbundle_migrations") == 20);
  }
}
