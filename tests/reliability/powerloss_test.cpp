// Power loss: the demo migrations and a real corpus applied through a VFS that
// keeps unsynced writes in memory (support/test_vfs.hpp), with the power cut
// at the K-th I/O call, for every K until a run makes fewer than K calls.
// Only what was synced survives; then support/recovery_check.cpp asserts the
// outcome, including that no migration reported applied was lost.
#include <migbundle/migrate.hpp>
#include <migbundle_reliability/demo_migrations.hpp>

#include "support/corpus.hpp"
#include "support/figures.hpp"
#include "support/recovery_check.hpp"
#include "support/scratch.hpp"
#include "support/test_vfs.hpp"

#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <map>
#include <string>
#include <vector>

using namespace migbundle_reliability;

namespace {

struct PowerFigures {
  std::int64_t clean_calls = 0;
  int runs = 0;
  int completed_before_cut = 0;  ///< every migration was committed before the power went
  int lost_in_flight = 0;        ///< recovered to fewer migrations than the total
  int ambiguous_commit = 0;
  std::map<int, int> boundaries;  ///< recovered boundary k -> runs
  std::string synchronous;
};

Attempt run_with_power_cut(const Scenario& scenario, const std::string& path, std::int64_t cut_at,
                           power_vfs::Log& log) {
  prepare_attempt(path, scenario);
  Attempt attempt;
  power_vfs::arm(cut_at);
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, power_vfs::name) == SQLITE_OK) {
    attempt.opened = true;
    attempt.report = migrate_recording(db, scenario.bundle, attempt.reported_applied);
  }
  sqlite3_close_v2(db);
  log = power_vfs::disarm();
  // The machine comes back: whatever was not synced is gone.
  power_vfs::forget_unsynced();
  return attempt;
}

std::string synchronous_setting(const std::string& path) {
  sqlite3* db = nullptr;
  std::string value = "?";
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, power_vfs::name) == SQLITE_OK) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA synchronous", -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW) {
      value = std::to_string(sqlite3_column_int(s, 0));
    }
    sqlite3_finalize(s);
  }
  sqlite3_close_v2(db);
  power_vfs::forget_unsynced();
  return value;
}

void run_power_scenario(const std::string& label, const migbundle::Bundle& bundle, StartMode start,
                        int preapplied = 0) {
  power_vfs::install();
  const ScratchDir scratch("powerloss");
  const Scenario scenario = make_scenario(label + ", " + start_mode_name(start), bundle, start, scratch, preapplied);
  INFO(scenario.label);
  REQUIRE(scenario.reference_problem.empty());

  const std::string path = scratch.file("powerloss.db");
  PowerFigures f;
  prepare_database(path, start);
  f.synchronous = synchronous_setting(path);
  std::vector<std::string> problems;
  const Stopwatch clock;
  constexpr std::int64_t runaway = 200000;
  std::int64_t k = 1;
  for (; k < runaway; ++k) {
    power_vfs::Log log;
    const Attempt attempt = run_with_power_cut(scenario, path, k, log);
    ++f.runs;
    const Verdict verdict = check_recovery(path, scenario, attempt);
    const std::string where =
        "[" + scenario.label + ", power cut at call " + std::to_string(k) + " (" + io_call_name(log.cut_call) + ")] ";
    for (const std::string& p : verdict.problems) problems.push_back(where + p);
    if (!log.cut) {
      f.clean_calls = log.calls;
      if (!attempt.opened || !attempt.report.ok()) {
        problems.push_back("[" + scenario.label + "] the run without a power cut failed: " + attempt.report.message());
      }
      break;
    }
    ++f.boundaries[verdict.boundary];
    if (verdict.boundary == static_cast<int>(bundle.size)) {
      ++f.completed_before_cut;
    } else {
      ++f.lost_in_flight;
    }
    if (verdict.ambiguous_commit) ++f.ambiguous_commit;
  }
  if (k == runaway) problems.push_back("the sweep did not end");

  std::string spread;
  for (const auto& [boundary, count] : f.boundaries) {
    spread += (spread.empty() ? "" : ", ") + std::to_string(boundary) + ":" + std::to_string(count);
  }
  print_figure("powerloss " + scenario.label + ": " + std::to_string(bundle.size) + " migrations, " +
               std::to_string(f.clean_calls) + " I/O calls in an undisturbed run; power cut at calls 1.." +
               std::to_string(f.clean_calls) + " (" + std::to_string(f.runs - 1) + " runs, PRAGMA synchronous=" +
               f.synchronous + "); recovered boundary k:runs {" + spread + "}; COMMIT failed yet durable " +
               std::to_string(f.ambiguous_commit) + "x; " + format_seconds(clock.seconds()));
  CHECK(f.clean_calls > 0);
  for (std::size_t i = 0; i < problems.size() && i < 25; ++i) UNSCOPED_INFO(problems[i]);
  CHECK(problems.size() == 0);
}

}  // namespace

TEST_CASE("powerloss: power cut at every I/O call while applying the demo migrations (rollback journal)",
          "[powerloss][demo]") {
  run_power_scenario("demo migrations", migbundle_reliability::demo::bundle, StartMode::rollback_journal);
}

TEST_CASE("powerloss: power cut at every I/O call while applying the demo migrations (WAL)", "[powerloss][demo]") {
  run_power_scenario("demo migrations", migbundle_reliability::demo::bundle, StartMode::wal);
}

TEST_CASE("powerloss: power cut at every I/O call while applying a real corpus (rollback journal)",
          "[powerloss][corpus]") {
  if (skip_without_corpus()) return;
  REQUIRE(corpus_bundle().size() > 0);
  run_power_scenario("corpus " + corpus_name(), corpus_bundle().bundle(), StartMode::rollback_journal);
}

TEST_CASE("powerloss: power cut at every I/O call while applying a real corpus (WAL)", "[powerloss][corpus]") {
  if (skip_without_corpus()) return;
  REQUIRE(corpus_bundle().size() > 0);
  run_power_scenario("corpus " + corpus_name(), corpus_bundle().bundle(), StartMode::wal);
}

// The same from a database that already holds migrations: the history read
// then finds rows, and what the report says about the state must stay true.
TEST_CASE("powerloss: power cut at every I/O call while applying the rest of the demo migrations (rollback journal)",
          "[powerloss][demo]") {
  run_power_scenario("demo migrations", migbundle_reliability::demo::bundle, StartMode::rollback_journal, 2);
}

TEST_CASE("powerloss: power cut at every I/O call while applying the rest of the demo migrations (WAL)",
          "[powerloss][demo]") {
  run_power_scenario("demo migrations", migbundle_reliability::demo::bundle, StartMode::wal, 2);
}
