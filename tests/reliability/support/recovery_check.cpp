#include "recovery_check.hpp"

#include <migbundle/migrate.hpp>

#include "db_state.hpp"
#include "runtime/support/report_printing.hpp"
#include "runtime/support/test_db.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <string>

using migbundle_test::Db;

namespace migbundle_reliability {
namespace {

void record_after(void* context, const migbundle::Migration& migration, migbundle::Phase phase) {
  if (phase == migbundle::Phase::after) static_cast<std::vector<std::int64_t>*>(context)->push_back(migration.id);
}

/// The first line where two dumps differ, for a readable problem.
std::string first_difference(const std::string& expected, const std::string& actual) {
  std::istringstream a(expected), b(actual);
  std::string la, lb;
  int line = 1;
  while (true) {
    const bool more_a = static_cast<bool>(std::getline(a, la));
    const bool more_b = static_cast<bool>(std::getline(b, lb));
    if (!more_a && !more_b) return "(no difference)";
    if (!more_a) la = "<end>";
    if (!more_b) lb = "<end>";
    if (la != lb) return "line " + std::to_string(line) + ": expected [" + la + "], found [" + lb + "]";
    ++line;
  }
}

/// Where the report's message says the database stands, as numbers of applied
/// migrations: "has no migration applied" or "left at migration A", and, after
/// a COMMIT whose outcome SQLite cannot know, "or has/at migration B"; or
/// "Nothing was applied" (by this call). Empty when the message makes no claim.
std::vector<int> claimed_boundaries(const migbundle::Report& report, const migbundle::Bundle& bundle,
                                    int before_the_call) {
  std::vector<int> claims;
  const char* message = report.message();
  // A failure before the history was read says so, and that this call applied nothing.
  if (std::strstr(message, "Nothing was applied") != nullptr) claims.push_back(before_the_call);
  if (std::strstr(message, "has no migration applied") != nullptr) claims.push_back(0);
  for (const char* phrase : {"left at migration ", "or at migration ", "or has migration "}) {
    if (const char* at = std::strstr(message, phrase)) {
      claims.push_back(migrations_up_to(std::strtoll(at + std::strlen(phrase), nullptr, 10), bundle));
    }
  }
  return claims;
}

bool is_io_failure(int extended_code) {
  const int primary = extended_code & 0xff;
  return primary == SQLITE_IOERR || primary == SQLITE_FULL || primary == SQLITE_CANTOPEN;
}

}  // namespace

const char* start_mode_name(StartMode mode) noexcept { return mode == StartMode::wal ? "WAL" : "rollback journal"; }

void prepare_database(const std::string& path, StartMode start) {
  remove_database(path);
  if (start == StartMode::wal) {
    Db db(path);
    (void)db.text("PRAGMA journal_mode = WAL");  // persistent: stored in the file header
  }
}

migbundle::Report migrate_recording(sqlite3* db, const migbundle::Bundle& bundle,
                                    std::vector<std::int64_t>& reported_applied) {
  migbundle::Options options;
  options.progress = record_after;
  options.progress_context = &reported_applied;
  return migbundle::migrate(db, bundle, options);
}

void prepare_attempt(const std::string& path, const Scenario& scenario) {
  prepare_database(path, scenario.start);
  if (scenario.preapplied > 0) {
    Db db(path);
    migbundle::Options options;
    options.target_id = scenario.bundle.migrations[scenario.preapplied - 1].id;
    (void)migbundle::migrate(db, scenario.bundle, options);
  }
}

Scenario make_scenario(const std::string& label, const migbundle::Bundle& bundle, StartMode start,
                       const ScratchDir& scratch, int preapplied) {
  Scenario s;
  s.label = preapplied > 0 ? label + ", " + std::to_string(preapplied) + " applied before" : label;
  s.bundle = bundle;
  s.start = start;
  s.preapplied = preapplied;
  const std::string path = scratch.file("reference.db");
  for (std::size_t k = 0; k <= bundle.size; ++k) {
    prepare_database(path, start);
    Db db(path);
    if (k > 0) {
      migbundle::Options options;
      options.target_id = bundle.migrations[k - 1].id;
      const migbundle::Report r = migbundle::migrate(db, bundle, options);
      if (!r.ok() || r.applied() != static_cast<int>(k)) {
        s.reference_problem = "reference run of " + std::to_string(k) + " migration(s) failed: " + r.message();
        return s;
      }
    }
    s.expected.push_back(dump_state(db));
    s.expected_journal_mode.push_back(journal_mode(db));
  }
  remove_database(path);
  return s;
}

Verdict check_recovery(const std::string& path, const Scenario& scenario, const Attempt& attempt) {
  Verdict v;
  const migbundle::Bundle& bundle = scenario.bundle;
  const int n = static_cast<int>(bundle.size);
  auto problem = [&v](const std::string& text) { v.problems.push_back(text); };

  {
    Db db(path);
    if (db.open_rc() != SQLITE_OK) {
      problem("cannot reopen the database with the real VFS");
      return v;
    }
    const std::string integrity = integrity_check(db);
    if (integrity != "ok") problem("integrity_check: " + integrity);

    const std::vector<std::int64_t> ids = tracking_ids(db);
    v.boundary = boundary_of(ids, bundle);
    if (v.boundary < 0) {
      problem("the tracking rows are not the bundle's first migrations (" + std::to_string(ids.size()) + " rows)");
    } else {
      const int k = v.boundary;
      if (k < scenario.preapplied) {
        problem("migrations applied before the run are gone: " + std::to_string(k) + " of " +
                std::to_string(scenario.preapplied) + " left");
      }
      const std::string state = dump_state(db);
      if (state != scenario.expected[k]) {
        problem("tracking rows say " + std::to_string(k) + " migration(s), but the schema/rows differ from a " +
                "reference with " + std::to_string(k) + " applied: " + first_difference(scenario.expected[k], state));
      }
      // A no-transaction migration (the demo's PRAGMA journal_mode = WAL) may
      // have taken effect without its tracking row; it is safe to run twice.
      const std::string mode = journal_mode(db);
      const bool next_is_no_transaction = k < n && (migbundle::flags_of(bundle.migrations[k]) & migbundle::flag_no_transaction) != 0u;
      if (mode != scenario.expected_journal_mode[k] &&
          !(next_is_no_transaction && mode == scenario.expected_journal_mode[k + 1])) {
        problem("journal_mode is " + mode + " at boundary " + std::to_string(k) + ", expected " +
                scenario.expected_journal_mode[k]);
      }
      for (std::int64_t id : attempt.reported_applied) {
        if (k == 0 || id > bundle.migrations[k - 1].id) {
          problem("migration " + std::to_string(id) + " was reported applied but is not in the database (at " +
                  std::to_string(k) + ")");
        }
      }
      if (attempt.opened) {
        const migbundle::Report& r = attempt.report;
        if (r.ok()) {
          if (k != n)
            problem("migrate() reported success, but only " + std::to_string(k) + " of " + std::to_string(n) +
                    " migrations are in the database");
        } else {
          if (std::strlen(r.message()) == 0) problem("migrate() failed with an empty message");
          if (r.migration() != nullptr && std::string(r.message()).rfind(std::string(file_of(*r.migration())), 0) != 0) {
            problem(std::string("the message does not start with the migration's file: ") + r.message());
          }
          if (r.error() != migbundle::Error::sqlite && r.error() != migbundle::Error::migration_failed) {
            problem(std::string("migrate() failed with Error::") + migbundle::error_name(r.error()) + ": " +
                    r.message());
          }
          if (!is_io_failure(r.extended_code())) {
            problem("migrate() failed with SQLite code " + std::to_string(r.extended_code()) +
                    ", not an I/O error: " + r.message());
          }
          const std::vector<int> claims = claimed_boundaries(r, bundle, scenario.preapplied);
          if (claims.empty()) {
            problem(std::string("the message does not say where the database stands: ") + r.message());
          } else if (std::find(claims.begin(), claims.end(), k) == claims.end()) {
            problem("the message says " + std::to_string(claims.front()) + " migration(s) are applied, the database " +
                    "holds " + std::to_string(k) + ": " + r.message());
          } else if (claims.size() > 1 && k == *std::max_element(claims.begin(), claims.end())) {
            v.ambiguous_commit = true;  // the failed COMMIT had reached the disk, as the message allowed
          }
        }
      }
    }
  }

  Db db(path);
  const migbundle::Report again = migbundle::migrate(db, bundle);
  if (!again.ok()) {
    problem(std::string("the second run (real VFS) failed: ") + again.message());
    return v;
  }
  if (v.boundary >= 0 && again.applied() != n - v.boundary) {
    problem("the second run applied " + std::to_string(again.applied()) + ", expected " +
            std::to_string(n - v.boundary));
  }
  const std::string final_state = dump_state(db);
  if (final_state != scenario.expected[n]) {
    problem("after the second run the state differs from an undisturbed run: " +
            first_difference(scenario.expected[n], final_state));
  }
  const std::string final_mode = journal_mode(db);
  if (final_mode != scenario.expected_journal_mode[n]) {
    problem("after the second run journal_mode is " + final_mode + ", expected " + scenario.expected_journal_mode[n]);
  }
  return v;
}

}  // namespace migbundle_reliability
