// Every I/O fault: the demo migrations and a real corpus applied through a VFS
// that fails the N-th I/O call, for every N until a run makes fewer than N
// calls. Each N is tried as a single fault (the call fails, later ones work)
// and as a persistent one (every call from the N-th on fails, like a disk that
// went away); a failing write is tried both as SQLITE_IOERR_WRITE and as
// SQLITE_FULL. After each run, support/recovery_check.cpp asserts the outcome.
#include <migbundle/migrate.hpp>
#include <migbundle_reliability/demo_migrations.hpp>

#include "support/corpus.hpp"
#include "support/figures.hpp"
#include "support/recovery_check.hpp"
#include "support/scratch.hpp"
#include "support/test_vfs.hpp"

#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

using namespace migbundle_reliability;

namespace {

struct SweepFigures {
  std::int64_t clean_calls = 0;
  IoCallCounts clean_by_kind{};
  int runs = 0;
  int reported_ok = 0;  ///< migrate() succeeded although a call failed (absorbed, or after the last commit)
  int reported_failure = 0;
  int open_failed = 0;       ///< the fault hit sqlite3_open_v2 itself
  int ambiguous_commit = 0;  ///< a failed COMMIT that SQLite had made durable anyway
  std::map<IoCall, int> faulted_kinds;
  std::map<int, int> error_codes;
};

Attempt run_with_fault(const Scenario& scenario, const std::string& path, const fault_vfs::Plan& plan,
                       fault_vfs::Log& log) {
  prepare_attempt(path, scenario);
  Attempt attempt;
  fault_vfs::arm(plan);
  sqlite3* db = nullptr;
  // The window counted is open, migrate() and close: closing checkpoints a WAL database.
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, fault_vfs::name) == SQLITE_OK) {
    attempt.opened = true;
    attempt.report = migrate_recording(db, scenario.bundle, attempt.reported_applied);
  }
  sqlite3_close_v2(db);
  log = fault_vfs::disarm();
  return attempt;
}

std::string describe(const Scenario& s, bool persistent, std::int64_t n, const fault_vfs::Log& log) {
  return "[" + s.label + ", " + (persistent ? "persistent" : "single") + " fault at call " + std::to_string(n) + ": " +
         io_call_name(log.fired_call) + " -> " + sqlite3_errstr(log.fired_code) + " (" +
         std::to_string(log.fired_code) + ")] ";
}

/// Fails call 1, 2, 3, ... until a run makes fewer calls than that.
void sweep(const Scenario& scenario, bool persistent, const ScratchDir& scratch, SweepFigures& figures,
           std::vector<std::string>& problems) {
  const std::string path = scratch.file("faulty.db");
  constexpr std::int64_t runaway = 200000;
  for (std::int64_t n = 1; n < runaway; ++n) {
    for (const bool full : {false, true}) {
      fault_vfs::Log log;
      const Attempt attempt = run_with_fault(scenario, path, fault_vfs::Plan{n, persistent, full}, log);
      ++figures.runs;
      const Verdict verdict = check_recovery(path, scenario, attempt);
      if (!log.fired) {
        // Past the last call: the undisturbed run, which must simply succeed.
        figures.clean_calls = log.calls;
        figures.clean_by_kind = log.by_kind;
        if (!attempt.opened || !attempt.report.ok()) {
          problems.push_back("[" + scenario.label + "] the run without a fault failed: " + attempt.report.message());
        }
        for (const std::string& p : verdict.problems) problems.push_back("[" + scenario.label + ", no fault] " + p);
        return;
      }
      ++figures.faulted_kinds[log.fired_call];
      if (!attempt.opened) {
        ++figures.open_failed;
      } else if (attempt.report.ok()) {
        ++figures.reported_ok;
      } else {
        ++figures.reported_failure;
        ++figures.error_codes[attempt.report.extended_code()];
      }
      if (verdict.ambiguous_commit) {
        ++figures.ambiguous_commit;
        if (std::getenv("MIGBUNDLE_RELIABILITY_VERBOSE") != nullptr) {
          std::printf("%scommit reported failed, recovered at %d: %s\n", describe(scenario, persistent, n, log).c_str(),
                      verdict.boundary, attempt.report.message());
        }
      }
      for (const std::string& p : verdict.problems) problems.push_back(describe(scenario, persistent, n, log) + p);
      if (log.fired_call != IoCall::write) break;  // SQLITE_FULL is a second variant for writes only
    }
  }
  problems.push_back("[" + scenario.label + "] the sweep did not end: more than " + std::to_string(runaway) + " calls");
}

std::string kinds_text(const IoCallCounts& counts) {
  std::string text;
  for (int k = 0; k < io_call_kinds; ++k) {
    if (counts[k] == 0) continue;
    text += (text.empty() ? "" : ", ") + std::string(io_call_name(static_cast<IoCall>(k))) + " " +
            std::to_string(counts[k]);
  }
  return text;
}

void run_fault_scenario(const std::string& label, const migbundle::Bundle& bundle, StartMode start,
                        int preapplied = 0) {
  fault_vfs::install();
  const ScratchDir scratch("faults");
  const Scenario scenario = make_scenario(label + ", " + start_mode_name(start), bundle, start, scratch, preapplied);
  INFO(scenario.label);
  REQUIRE(scenario.reference_problem.empty());

  std::vector<std::string> problems;
  for (const bool persistent : {false, true}) {
    const Stopwatch clock;
    SweepFigures f;
    sweep(scenario, persistent, scratch, f, problems);
    std::string codes;
    for (const auto& [code, count] : f.error_codes) {
      codes += (codes.empty() ? "" : ", ") + std::to_string(code) + " x" + std::to_string(count);
    }
    print_figure("faults " + scenario.label + ", " + (persistent ? "persistent" : "single") +
                 " faults: " + std::to_string(bundle.size) + " migrations, " + std::to_string(f.clean_calls) +
                 " I/O calls in an undisturbed run (" + kinds_text(f.clean_by_kind) + "); fault points 1.." +
                 std::to_string(f.clean_calls) + " swept in " + std::to_string(f.runs - 1) +
                 " faulted runs (writes twice: IOERR_WRITE and FULL); migrate() failed " +
                 std::to_string(f.reported_failure) + "x (extended codes: " + codes + "), succeeded " +
                 std::to_string(f.reported_ok) + "x (fault absorbed by SQLite or after the last commit), open failed " +
                 std::to_string(f.open_failed) + "x; COMMIT failed yet durable " + std::to_string(f.ambiguous_commit) +
                 "x; " + format_seconds(clock.seconds()));
    CHECK(f.clean_calls > 0);
  }
  for (std::size_t i = 0; i < problems.size() && i < 25; ++i) UNSCOPED_INFO(problems[i]);
  CHECK(problems.size() == 0);
}

}  // namespace

TEST_CASE("faults: every I/O call failing in turn while applying the demo migrations (rollback journal)",
          "[faults][demo]") {
  run_fault_scenario("demo migrations", migbundle_reliability::demo::bundle, StartMode::rollback_journal);
}

TEST_CASE("faults: every I/O call failing in turn while applying the demo migrations (WAL)", "[faults][demo]") {
  run_fault_scenario("demo migrations", migbundle_reliability::demo::bundle, StartMode::wal);
}

TEST_CASE("faults: every I/O call failing in turn while applying a real corpus (rollback journal)",
          "[faults][corpus]") {
  if (skip_without_corpus()) return;
  REQUIRE(corpus_bundle().size() > 0);
  run_fault_scenario("corpus " + corpus_name(), corpus_bundle().bundle(), StartMode::rollback_journal);
}

TEST_CASE("faults: every I/O call failing in turn while applying a real corpus (WAL)", "[faults][corpus]") {
  if (skip_without_corpus()) return;
  REQUIRE(corpus_bundle().size() > 0);
  run_fault_scenario("corpus " + corpus_name(), corpus_bundle().bundle(), StartMode::wal);
}

// The same from a database that already holds migrations: the history read
// then finds rows, and what the report says about the state must stay true.
TEST_CASE("faults: every I/O call failing in turn while applying the rest of the demo migrations (rollback journal)",
          "[faults][demo]") {
  run_fault_scenario("demo migrations", migbundle_reliability::demo::bundle, StartMode::rollback_journal, 2);
}

TEST_CASE("faults: every I/O call failing in turn while applying the rest of the demo migrations (WAL)",
          "[faults][demo]") {
  run_fault_scenario("demo migrations", migbundle_reliability::demo::bundle, StartMode::wal, 2);
}
