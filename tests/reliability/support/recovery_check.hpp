// What the fault and power-loss sweeps assert after every interrupted run,
// shared by both: reopened with the real VFS, the database is intact, sits
// exactly at a migration boundary (its state equals a reference database that
// had the first k migrations applied, and its tracking rows are those k), lost
// nothing migrate() reported as applied, and a second run reaches the same
// final state as an undisturbed run.
#pragma once

#include <migbundle/bundle.hpp>
#include <migbundle/report.hpp>

#include "scratch.hpp"

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <vector>

namespace migbundle_reliability {

enum class StartMode { rollback_journal, wal };

[[nodiscard]] const char* start_mode_name(StartMode mode) noexcept;

/// A bundle, the journal mode its database starts in, and the reference
/// states: `expected[k]` and `expected_journal_mode[k]` after its first k migrations.
struct Scenario {
  std::string label;
  migbundle::Bundle bundle{};
  StartMode start = StartMode::rollback_journal;
  int preapplied = 0;  ///< migrations applied (real VFS) before each run under test
  std::vector<std::string> expected;
  std::vector<std::string> expected_journal_mode;
  std::string reference_problem;  ///< non-empty when the references could not be built
};

/// Builds the reference states with the real VFS, each on a fresh file in `scratch`.
[[nodiscard]] Scenario make_scenario(const std::string& label, const migbundle::Bundle& bundle, StartMode start,
                                     const ScratchDir& scratch, int preapplied = 0);

/// A fresh database at `path` (companions removed) in the scenario's starting
/// journal mode. A rollback-journal database starts as no file at all.
void prepare_database(const std::string& path, StartMode start);

/// prepare_database(), then the scenario's first `preapplied` migrations applied with the real VFS.
void prepare_attempt(const std::string& path, const Scenario& scenario);

/// What one run under a test VFS produced.
struct Attempt {
  bool opened = false;  ///< sqlite3_open_v2 succeeded, so migrate() ran
  migbundle::Report report{};
  std::vector<std::int64_t> reported_applied;  ///< ids the progress callback saw finish (Phase::after)
};

/// Runs migrate() on `db`, recording the progress callback's completed ids.
[[nodiscard]] migbundle::Report migrate_recording(sqlite3* db, const migbundle::Bundle& bundle,
                                                  std::vector<std::int64_t>& reported_applied);

struct Verdict {
  int boundary = -1;              ///< k: migrations applied after recovery (-1: not a boundary)
  bool ambiguous_commit = false;  ///< a failed COMMIT had reached the disk (the message allowed k-1 or k)
  std::vector<std::string> problems;
};

/// Reopens `path` with the real VFS and checks everything above, then runs
/// migrate() again (real VFS) and compares with the undisturbed final state.
[[nodiscard]] Verdict check_recovery(const std::string& path, const Scenario& scenario, const Attempt& attempt);

}  // namespace migbundle_reliability
