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
  while (table_exists && (rc = sqlite3_step(statement.get())) == SQLITE_ROW) {
    sqlite3_stmt* s = statement.get();
    HistoryRow row{sqlite3_column_int64(s, 0), nullptr, true, column_text(s, 1), column_text(s, 2),
                   column_text(s, 3), sqlite3_column_int64(s, 4)};
    for (; next != bundle.end() && next->id < row.id; ++next) {
      if (!visit(context, HistoryRow{next->id, next, false, {}, {}, {}, 0})) return SQLITE_OK;
    }
    if (next != bundle.end() && next->id == row.id) row.migration = next++;
    if (!visit(context, row)) return SQLITE_OK;
  }
  if (table_exists && rc != SQLITE_DONE) return rc;
  for (; next != bundle.end(); ++next) {
    if (!visit(context, HistoryRow{next->id, next, false, {}, {}, {}, 0})) return SQLITE_OK;
  }
  return SQLITE_OK;
}

}  // namespace migbundle
