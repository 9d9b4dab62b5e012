// Waiting for another connection's lock without touching the connection's
// busy handler: SQLite has no way to read a handler back, so one installed
// by the application could never be restored once replaced.
#pragma once

#include <sqlite3.h>

namespace migbundle {

/// Whether `rc` says another connection holds a lock this one needs.
[[nodiscard]] inline bool is_busy(int rc) noexcept {
  return (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED;
}

/// One wait for one lock: sleeps with a growing delay (SQLite's own busy
/// handler's steps) until `budget_ms` is spent.
class LockWait {
 public:
  explicit LockWait(int budget_ms) noexcept : budget_ms_(budget_ms) {}

  /// Sleeps before the next try; false once the budget is spent.
  bool next() noexcept {
    static constexpr unsigned char delays_ms[] = {1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100};
    constexpr int steps = static_cast<int>(sizeof delays_ms);
    if (waited_ms_ >= budget_ms_) return false;
    int delay = delays_ms[tries_ < steps ? tries_ : steps - 1];
    if (delay > budget_ms_ - waited_ms_) delay = budget_ms_ - waited_ms_;
    sqlite3_sleep(delay);
    waited_ms_ += delay;
    ++tries_;
    return true;
  }

 private:
  int budget_ms_;
  int waited_ms_ = 0;
  int tries_ = 0;
};

/// Runs BEGIN IMMEDIATE or COMMIT, trying again for up to `budget_ms` while
/// another connection holds a lock it needs, as long as the failure left the
/// transaction as it was (a COMMIT that meets readers stays open; one SQLite
/// rolled back must not be retried).
[[nodiscard]] inline int exec_waiting(sqlite3* db, const char* sql, int budget_ms) noexcept {
  LockWait wait(budget_ms);
  const int autocommit = sqlite3_get_autocommit(db);
  int rc = SQLITE_OK;
  do {
    rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  } while (is_busy(rc) && sqlite3_get_autocommit(db) == autocommit && wait.next());
  return rc;
}

}  // namespace migbundle
