// The tracking table in SQLite: checked for its shape, then read merged with
// the bundle in id order, for the core to judge (core/history.hpp). The one
// read that migrate() and status() share.
#pragma once

#include "core/history.hpp"
#include "core/report_writer.hpp"
#include "core/table_ref.hpp"

#include <migbundle/bundle.hpp>

struct sqlite3;

namespace migbundle {

/// The tracking table as found, before any of its rows is trusted.
struct TrackingTable {
  bool exists = false;
  /// True when a table of that name exists but is not migbundle's (other
  /// columns or types, an id that is not `INTEGER PRIMARY KEY`, a view):
  /// its rows could not be trusted (a TEXT id '3' never equals 3). Every
  /// member starts at zero: a zero initialiser costs no template in flash.
  bool foreign = false;
  /// `table (<its columns>)` or `view (...)` when foreign; empty (one byte) without prose.
  char problem[messages_enabled ? 128 : 1] = {};

  [[nodiscard]] bool valid() const noexcept { return !foreign; }
};

/// Looks `table` up in its own schema's `sqlite_master` (never TEMP's or
/// another attached database's) and checks its declared columns: `id INTEGER
/// PRIMARY KEY` (a rowid alias, so every id is an integer and unique), `name`,
/// `checksum`, `applied_at` TEXT and `execution_ms` INTEGER; more columns are
/// allowed. Returns SQLite's code.
[[nodiscard]] int inspect_tracking_table(sqlite3* db, const TableRef& table, TrackingTable& found) noexcept;

/// `CREATE TABLE IF NOT EXISTS` of migbundle's tracking table. Returns SQLite's code (SQLITE_OK).
[[nodiscard]] int create_tracking_table(sqlite3* db, const TableRef& table) noexcept;

/// Records `m` as applied, as adopting does (migrate.cpp keeps a smaller twin
/// that always writes now): at `applied_at` (migbundle's `YYYY-MM-DDTHH:MM:SS.SSSZ`;
/// null: now), having taken `execution_ms` (below 0 counts as 0). Returns SQLITE_OK,
/// or SQLite's extended code (SQLITE_CONSTRAINT_PRIMARYKEY: `m` is recorded already).
[[nodiscard]] int insert_tracking_row(sqlite3* db, const TableRef& table, const Migration& m, const char* applied_at,
                                      std::int64_t execution_ms) noexcept;

/// Fails `report` for a table that is not migbundle's, shared by migrate() and status(). Returns false.
bool fail_not_migbundles(ReportWriter& report, const TableRef& table, const TrackingTable& found) noexcept;

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
  return walk_history(db, bundle, table, table_exists, history_visit_of(visit), &visit);
}

}  // namespace migbundle
