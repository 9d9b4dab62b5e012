// The one read that migrate() and status() share: the tracking table merged
// with the bundle, in id order.
#pragma once

#include <migbundle/bundle.hpp>

#include "fixed_writer.hpp"
#include "statement.hpp"

#include <sqlite3.h>

#include <cstdint>
#include <string_view>

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

/// Whether `table` exists; SQLite's code.
inline int tracking_table_exists(sqlite3* db, const char* table, bool& exists) noexcept {
  Statement statement;
  int rc = statement.prepare(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
  if (rc != SQLITE_OK) return rc;
  sqlite3_bind_text(statement.get(), 1, table, -1, SQLITE_STATIC);
  rc = sqlite3_step(statement.get());
  exists = rc == SQLITE_ROW;
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/// Calls `visit(const HistoryRow&)` for every id of the bundle and of the
/// tracking table `table` (a validated identifier), in id order; `visit`
/// returns false to stop. A missing table means nothing is recorded
/// (`table_exists` false). Returns SQLite's code: SQLITE_OK when the walk
/// finished or was stopped.
template <typename Visit>
int walk_history(sqlite3* db, const Bundle& bundle, const char* table, bool& table_exists, Visit&& visit) noexcept {
  char sql[160];
  FixedWriter(sql, sizeof sql) << "SELECT id, name, checksum, applied_at, execution_ms FROM \"" << table
                               << "\" ORDER BY id";
  Statement statement;
  int rc = statement.prepare(db, sql);
  table_exists = rc == SQLITE_OK;
  if (rc != SQLITE_OK) {
    const int checked = tracking_table_exists(db, table, table_exists);
    if (checked != SQLITE_OK) return checked;
    // Another process may have created it between the two reads: read it after all.
    if (table_exists) rc = statement.prepare(db, sql);
    if (rc != SQLITE_OK && table_exists) return rc;  // it exists but cannot be read: report SQLite's reason
  }

  const Migration* next = bundle.begin();
  while (table_exists && (rc = sqlite3_step(statement.get())) == SQLITE_ROW) {
    sqlite3_stmt* s = statement.get();
    const HistoryRow recorded{sqlite3_column_int64(s, 0), nullptr, true, column_text(s, 1), column_text(s, 2),
                              column_text(s, 3), sqlite3_column_int64(s, 4)};
    for (; next != bundle.end() && next->id < recorded.id; ++next) {
      if (!visit(HistoryRow{next->id, next, false, {}, {}, {}, 0})) return SQLITE_OK;
    }
    HistoryRow row = recorded;
    if (next != bundle.end() && next->id == recorded.id) row.migration = next++;
    if (!visit(row)) return SQLITE_OK;
  }
  if (table_exists && rc != SQLITE_DONE) return rc;
  for (; next != bundle.end(); ++next) {
    if (!visit(HistoryRow{next->id, next, false, {}, {}, {}, 0})) return SQLITE_OK;
  }
  return SQLITE_OK;
}

}  // namespace migbundle
