// Smoke test of several processes migrating one database at once: they must
// serialise on SQLite's write lock so that each migration runs exactly once.
// (POSIX only: real processes via fork(), each with its own connection.)
#include <migbundle/migrate.hpp>

#include "support/child_process.hpp"
#include "support/owned_bundle.hpp"
#include "support/report_printing.hpp"
#include "support/test_db.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using migbundle::Bundle;
using migbundle_test::checksum_a;
using migbundle_test::ChildResult;
using migbundle_test::Db;
using migbundle_test::OwnedBundle;
using migbundle_test::TempDbFile;

namespace {

constexpr int migration_count = 20;
constexpr int process_count = 8;

/// 20 migrations; each inserts one row into `counter`, so a migration that ran
/// twice shows up as an extra row.
struct CounterBundle {
  OwnedBundle migrations;

  CounterBundle() {
    for (int id = 1; id <= migration_count; ++id) {
      const std::string sql = (id == 1 ? std::string("CREATE TABLE counter (migration INTEGER NOT NULL);\n") : "") +
                              "INSERT INTO counter (migration) VALUES (" + std::to_string(id) + ");\n";
      migrations.add({id, std::to_string(id) + "_step.sql", checksum_a, sql, 0});
    }
  }
  [[nodiscard]] Bundle bundle() const { return migrations.bundle(); }
};

void run_round(const CounterBundle& counter, int round, bool wal) {
  TempDbFile file("concurrent");
  if (wal) {
    Db setup(file.path());
    REQUIRE(setup.text("PRAGMA journal_mode = WAL") == "wal");
  }

  INFO("round " << round << (wal ? " (WAL)" : " (rollback journal)"));
  const migbundle_test::ChildrenOutcome run =
      migbundle_test::migrate_in_children(process_count, file.path(), counter.bundle());
  for (const std::string& problem : run.problems) FAIL_CHECK(problem);
  REQUIRE(run.started);
  const std::vector<ChildResult>& results = run.results;
  REQUIRE(results.size() == static_cast<std::size_t>(process_count));
  int applied_total = 0;
  for (const ChildResult& r : results) {
    INFO("child report: " << r.message);
    CHECK(r.ok == 1);
    CHECK(r.applied + r.already_applied == migration_count);
    CHECK(r.current_id == migration_count);
    applied_total += r.applied;
  }
  CHECK(applied_total == migration_count);

  Db db(file.path());
  CHECK(db.count("migbundle_migrations") == migration_count);
  CHECK(db.count("counter") == migration_count);
  CHECK(db.integer("SELECT count(DISTINCT migration) FROM counter") == migration_count);
  CHECK(db.integer("SELECT count(*) FROM counter c JOIN migbundle_migrations m ON m.id = c.migration") ==
        migration_count);
}

}  // namespace

TEST_CASE("8 processes applying one 20-migration bundle at once apply each migration exactly once",
          "[concurrency]") {
  const CounterBundle counter;
  for (int round = 0; round < 5; ++round) {
    run_round(counter, round, /*wal=*/round >= 3);
  }
}
