#include "history.hpp"

#include "statement.hpp"

#include <sqlite3.h>

namespace migbundle {
namespace {

/// Whether `table` exists; SQLite's code.
int tracking_table_exists(sqlite3* db, const char* table, bool& exists) noexcept {
  Statement statement;
  int rc = statement.prepare(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
  if (rc != SQLITE_OK) return rc;
  sqlite3_bind_text(statement.get(), 1, table, -1, SQLITE_STATIC);
  rc = sqlite3_step(statement.get());
  exists = rc == SQLITE_ROW;
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

}  // namespace

ChecksumHex recorded_checksum(const Migration& m) noexcept { return checksum_hex(m); }

bool checksum_matches(std::string_view recorded, const Migration& m) noexcept {
  return recorded == recorded_checksum(m).view();
}

int walk_history(sqlite3* db, const Bundle& bundle, const char* table, bool& table_exists, HistoryVisit visit,
                 void* context) noexcept {
  static constexpr const char* select = "SELECT id, name, checksum, applied_at, execution_ms FROM ";
  Statement statement;
  int rc = statement.prepare(db, select, table, " ORDER BY id");
  table_exists = rc == SQLITE_OK;
  if (rc != SQLITE_OK) {
    const int checked = tracking_table_exists(db, table, table_exists);
    if (checked != SQLITE_OK) return checked;
    // Another process may have created it between the two reads: read it after all.
    if (table_exists) rc = statement.prepare(db, select, table, " ORDER BY id");
    if (rc != SQLITE_OK && table_exists) return rc;  // it exists but cannot be read: report SQLite's reason
  }

  // Merge the table's rows (ordered by id) with the bundle's migrations (sorted by id).
  const Migration* next = bundle.begin();
  for (;;) {
    rc = table_exists ? sqlite3_step(statement.get()) : SQLITE_DONE;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return rc;
    sqlite3_stmt* s = statement.get();
    HistoryRow row{};
    row.recorded = rc == SQLITE_ROW;
    if (row.recorded) row.id = sqlite3_column_int64(s, 0);
    // Every migration up to the row's id; all that are left once the rows ran out.
    for (; next != bundle.end() && (!row.recorded || next->id <= row.id); ++next) {
      if (row.recorded && next->id == row.id) {
        row.migration = next;  // recorded, and known to the bundle
      } else if (!visit(context, HistoryRow{next->id, next, false, {}, {}, {}, 0})) {
        return SQLITE_OK;
      }
    }
    if (!row.recorded) break;
    row.name = column_text(s, 1);
    row.checksum = column_text(s, 2);
    row.applied_at = column_text(s, 3);
    row.execution_ms = sqlite3_column_int64(s, 4);
    if (!visit(context, row)) return SQLITE_OK;
  }
  return SQLITE_OK;
}

}  // namespace migbundle
