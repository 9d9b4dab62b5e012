// Races: 16 processes start migrate() on one fresh database at the same
// moment, 50 rounds (rollback journal and WAL alternating; in rollback-journal
// rounds the file does not exist yet, so they also race to create it). Each
// migration's only effect is one INSERT into a counter table that also records
// how many rows it saw before it: a migration applied twice, or two applied
// out of order, shows in the table. No process may fail, and the migrations
// the processes report applying must add up to the bundle exactly.
#include <migbundle/migrate.hpp>

#include "support/db_state.hpp"
#include "support/figures.hpp"
#include "support/recovery_check.hpp"
#include "support/scratch.hpp"
#include "runtime/support/child_process.hpp"
#include "runtime/support/owned_bundle.hpp"
#include "runtime/support/test_db.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

using namespace migbundle_reliability;
using migbundle_test::ChildResult;
using migbundle_test::Db;
using migbundle_test::OwnedBundle;

namespace {

constexpr int process_count = 16;
constexpr int round_count = 50;
constexpr int migration_count = 24;

OwnedBundle make_counter_bundle() {
  OwnedBundle bundle;
  for (int id = 1; id <= migration_count; ++id) {
    std::string sql =
        id == 1 ? "CREATE TABLE counter (migration INTEGER NOT NULL, seen_before INTEGER NOT NULL);\n" : "";
    // A little work inside the write transaction (about a millisecond), so
    // that the other processes have read the history and wait for the lock.
    sql +=
        "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < 3000)\n"
        "INSERT INTO counter (migration, seen_before) SELECT " +
        std::to_string(id) + ", (SELECT count(*) FROM counter) FROM (SELECT sum(x) FROM r);\n";
    bundle.add(id, "count_" + std::to_string(id), sql);
  }
  return bundle;
}

struct RoundOutcome {
  int appliers = 0;  ///< processes that applied at least one migration
  int lost = 0;      ///< times a process found a migration pending, took the lock, and found it applied by another
  double seconds = 0;
};

RoundOutcome run_round(const std::string& path, const migbundle::Bundle& bundle, StartMode mode,
                       std::vector<std::string>& problems, const std::string& where) {
  prepare_database(path, mode);
  const Stopwatch clock;
  RoundOutcome outcome;
  const migbundle_test::ChildrenOutcome run = migbundle_test::migrate_in_children(process_count, path, bundle);
  for (const std::string& problem : run.problems) problems.push_back(where + problem);
  if (!run.started) return outcome;
  const std::vector<ChildResult>& results = run.results;  // `attempted` counted in each child (progress callback)
  outcome.seconds = clock.seconds();

  if (results.size() != static_cast<std::size_t>(process_count)) {
    problems.push_back(where + std::to_string(results.size()) + " of " + std::to_string(process_count) +
                       " children reported");
  }
  int applied_total = 0;
  for (const ChildResult& r : results) {
    if (r.ok != 1) problems.push_back(where + "a process failed: " + r.message);
    if (r.applied + r.already_applied != migration_count || r.current_id != migration_count) {
      problems.push_back(where + "a process reports applied " + std::to_string(r.applied) + " + already applied " +
                         std::to_string(r.already_applied) + ", current id " + std::to_string(r.current_id));
    }
    applied_total += r.applied;
    if (r.applied > 0) ++outcome.appliers;
    outcome.lost += r.attempted - r.applied;
  }
  if (applied_total != migration_count) {
    problems.push_back(where + "the processes applied " + std::to_string(applied_total) +
                       " migrations in total, expected " + std::to_string(migration_count));
  }

  Db db(path);
  const std::string integrity = integrity_check(db);
  if (integrity != "ok") problems.push_back(where + "integrity_check: " + integrity);
  if (db.count("counter") != migration_count ||
      db.integer("SELECT count(DISTINCT migration) FROM counter") != migration_count) {
    problems.push_back(where + "counter holds " + std::to_string(db.count("counter")) + " rows (" +
                       std::to_string(db.integer("SELECT count(DISTINCT migration) FROM counter")) +
                       " distinct), expected " + std::to_string(migration_count));
  }
  if (db.integer("SELECT count(*) FROM counter WHERE seen_before != migration - 1") != 0) {
    problems.push_back(where + "a migration ran out of order (it saw a different number of earlier rows)");
  }
  if (boundary_of(tracking_ids(db), bundle) != migration_count)
    problems.push_back(where + "the tracking table is incomplete");
  const std::string mode_now = journal_mode(db);
  if (mode_now != (mode == StartMode::wal ? "wal" : "delete"))
    problems.push_back(where + "journal_mode is " + mode_now);
  return outcome;
}

}  // namespace

TEST_CASE("races: 16 processes x 50 rounds migrating one fresh database apply each migration exactly once", "[races]") {
  const OwnedBundle counter = make_counter_bundle();
  const ScratchDir scratch("races");
  const std::string path = scratch.file("race.db");
  std::vector<std::string> problems;
  const Stopwatch clock;
  double slowest = 0;
  int appliers = 0;
  int lost = 0;
  for (int round = 0; round < round_count; ++round) {
    const StartMode mode = round % 2 == 0 ? StartMode::rollback_journal : StartMode::wal;
    const std::string where = "[round " + std::to_string(round) + ", " + start_mode_name(mode) + "] ";
    const RoundOutcome outcome = run_round(path, counter.bundle(), mode, problems, where);
    slowest = std::max(slowest, outcome.seconds);
    appliers += outcome.appliers;
    lost += outcome.lost;
  }
  char average[32];
  std::snprintf(average, sizeof average, "%.1f", static_cast<double>(appliers) / round_count);
  print_figure("races: " + std::to_string(round_count) + " rounds (rollback journal and WAL alternating) x " +
               std::to_string(process_count) + " processes x " + std::to_string(migration_count) +
               " migrations = " + std::to_string(round_count * process_count) +
               " migrate() calls; problems found: " + std::to_string(problems.size()) + "; " + std::to_string(lost) +
               " times a process found a migration pending, waited for the lock and found it applied by another; "
               "on average " +
               average + " processes per round applied at least one; slowest round " + format_seconds(slowest) + "; " +
               format_seconds(clock.seconds()));
  for (std::size_t i = 0; i < problems.size() && i < 25; ++i) UNSCOPED_INFO(problems[i]);
  CHECK(problems.size() == 0);
}
