// The plan of a migrate() call, whatever the engine: what one read of the
// history found, which pending migrations to apply in which order, and the
// refusals the history's verdicts call for before anything is applied.
#pragma once

#include "core/history.hpp"

#include <migbundle/bundle.hpp>
#include <migbundle/migrate.hpp>

#include <cstdint>

namespace migbundle {

class ReportWriter;

/// What one read of the history found, row by row (add()). An aggregate:
/// `Plan{}` is a fresh one, for a read that is tried again.
struct Plan {
  std::int64_t target_id = 0;  ///< the caller's Options::target_id: pending ones above it are not to be applied
  const Bundle* bundle = nullptr;  ///< the bundle the history is read against: set before the walk
  std::int64_t unknown_ids[4];
  int unknown_count = 0;
  int already_applied = 0;
  int pending = 0;           ///< bundle migrations not recorded
  int pending_in_range = 0;  ///< of those, up to the target
  bool any_recorded = false;
  std::int64_t newest = 0;                    ///< newest id recorded
  const Migration* first_pending = nullptr;   ///< where applying starts: the first pending one up to the target
  const Migration* modified = nullptr;        ///< the first recorded with another checksum
  char modified_checksum[65];  // copied: the row's text is gone once the walk moves on
  char modified_name[65];
  bool malformed_id_set = false;  ///< a recorded checksum is not 64 lowercase hex digits
  std::int64_t malformed_id = 0;
  int malformed_size = 0;

  /// Whether every recorded row is one migbundle could have written: no
  /// malformed checksum, no edited migration. Until then the history does
  /// not count as read.
  [[nodiscard]] bool trusted() const noexcept { return !malformed_id_set && modified == nullptr; }

  /// Takes in one row of the history walk, in id order, by its verdict: a
  /// HistoryVisit with the Plan as its context. Never stops the walk.
  static bool add(void* plan, const HistoryRow& row) noexcept;
};

/// Whether `m`, a migration in the pending range, may be recorded already:
/// out of order (allowed), ids at or below the newest one the history held
/// lie among the pending ones, and only they need a look-up before applying.
[[nodiscard]] constexpr bool may_be_applied(const Migration& m, std::int64_t newest_at_read) noexcept {
  return m.id <= newest_at_read;
}

/// The arguments of migrate(): a connection (`has_connection`: the engine's
/// handle is not null), the tracking table's and schema's names, and a
/// bundle sorted by strictly increasing id.
[[nodiscard]] bool check_arguments(bool has_connection, const Bundle& bundle, const Options& options,
                                   ReportWriter& report) noexcept;

/// Takes in what the history read found: the report's counts, then the
/// refusals, in this order. Rows migbundle cannot trust: a malformed
/// checksum, then an applied migration edited since (the first of them).
/// Then, unless the options allow them, applied ids the bundle does not know
/// and a pending migration below the newest applied one (out of order),
/// and a pending baseline on a database that has a history (below it).
/// Last, pending migrations on a connection that cannot write (`read_only`,
/// the engine's answer).
/// True: apply from Plan::first_pending (none when it is null).
[[nodiscard]] bool vet(const Plan& plan, const Bundle& bundle, const Options& options, bool read_only,
                       ReportWriter& report) noexcept;

/// Migrations a single-transaction run steps over because they were
/// applied before it reached them (out of order, or by another connection),
/// as runs of consecutive bundle entries: only this call's own migrations
/// hear `after` once the run commits, and the stack holds no list of ids.
struct SkippedRuns {
  static constexpr int capacity = 8;
  const Migration* begin[capacity];
  const Migration* end[capacity];
  int count = 0;

  /// False when `m` would need a run more than the capacity.
  bool add(const Migration* m) noexcept {
    if (count > 0 && end[count - 1] == m) {
      ++end[count - 1];
      return true;
    }
    if (count == capacity) return false;
    begin[count] = m;
    end[count] = m + 1;
    ++count;
    return true;
  }
  bool contains(const Migration* m) const noexcept {
    for (int k = 0; k < count; ++k) {
      if (m >= begin[k] && m < end[k]) return true;
    }
    return false;
  }
};

}  // namespace migbundle
