// The one read that migrate() and status() share: the tracking table checked
// for its shape, then merged with the bundle, in id order.
#pragma once

#include "message_writer.hpp"
#include "table_name.hpp"

#include <migbundle/bundle.hpp>

#include <cstdint>
#include <string_view>

struct sqlite3;

namespace migbundle {

/// One id, seen from the bundle, the database, or both.
struct HistoryRow {
  std::int64_t id;
  const Migration* migration;  ///< null when only the database knows the id
  bool recorded;               ///< the tracking table holds the id
  std::string_view name;       ///< recorded values, valid during the visit only
  std::string_view checksum;
  std::string_view applied_at;
  std::int64_t execution_ms;
};

/// The tracking table as found, before any of its rows is trusted.
struct TrackingTable {
  bool exists = false;
  /// False when a table of that name exists but is not migbundle's (other
  /// columns or types, an id that is not `INTEGER PRIMARY KEY`, a view):
  /// its rows could not be trusted (a TEXT id '3' never equals 3).
  bool valid = true;
  char problem[128] = {};  ///< `table (<its columns>)` or `view (...)` when not valid; empty without prose
};

/// Looks `table` up in its own schema's `sqlite_master` (never TEMP's or
/// another attached database's) and checks its declared columns: `id INTEGER
/// PRIMARY KEY` (a rowid alias, so every id is an integer and unique), `name`,
/// `checksum`, `applied_at` TEXT and `execution_ms` INTEGER; more columns are
/// allowed. Returns SQLite's code.
[[nodiscard]] int inspect_tracking_table(sqlite3* db, const TableRef& table, TrackingTable& found) noexcept;

/// The message for a table that is not migbundle's, shared by migrate() and status().
void write_not_migbundles(MessageWriter& out, const TableRef& table, const TrackingTable& found) noexcept;

/// `m`'s checksum as the tracking table records it (64 lowercase hex digits).
/// The runtime's one out-of-line use of checksum_hex(): inlined at each
/// site, it cost a firmware about 100 bytes a copy.
[[nodiscard]] ChecksumHex recorded_checksum(const Migration& m) noexcept;

/// Whether `recorded`, a checksum from the tracking table, is `m`'s.
[[nodiscard]] bool checksum_matches(std::string_view recorded, const Migration& m) noexcept;

/// Whether `recorded` has the form migbundle writes: 64 lowercase hex digits.
[[nodiscard]] bool is_checksum_text(std::string_view recorded) noexcept;

/// Visits one row; returns false to stop the walk.
using HistoryVisit = bool (*)(void* context, const HistoryRow& row);

/// Calls `visit` for every id of the bundle and of the tracking table (when
/// `table_exists`; inspected and valid), in id order. Returns SQLite's code:
/// SQLITE_OK when the walk finished or was stopped. One compiled body for
/// migrate() and status(): a template here would be instantiated twice in a
/// firmware image.
[[nodiscard]] int walk_history(sqlite3* db, const Bundle& bundle, const TableRef& table, bool table_exists,
                               HistoryVisit visit, void* context) noexcept;

/// The same with any callable `bool(const HistoryRow&)`.
template <typename Visit>
int walk_history(sqlite3* db, const Bundle& bundle, const TableRef& table, bool table_exists, Visit& visit) noexcept {
  return walk_history(
      db, bundle, table, table_exists,
      [](void* context, const HistoryRow& row) { return (*static_cast<Visit*>(context))(row); }, &visit);
}

}  // namespace migbundle
