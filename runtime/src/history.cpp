#include "history.hpp"

#include "message_writer.hpp"
#include "statement.hpp"

#include <sqlite3.h>

namespace migbundle {
namespace {

/// ASCII case-insensitive equality: SQLite's names and declared types ignore case.
bool same_word(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

/// The columns migbundle creates, in order, with their declared types.
struct ExpectedColumn {
  const char* name;
  const char* type;
};
constexpr ExpectedColumn expected_columns[] = {
    {"id", "INTEGER"}, {"name", "TEXT"}, {"checksum", "TEXT"}, {"applied_at", "TEXT"}, {"execution_ms", "INTEGER"}};
constexpr int expected_column_count = static_cast<int>(sizeof expected_columns / sizeof expected_columns[0]);

/// Prepares `<before>"<schema>"<after>`, for statements on a schema's own catalogue.
int prepare_in_schema(Statement& statement, sqlite3* db, const char* before, const char* schema,
                      const char* after) noexcept {
  char sql[160];
  FixedWriter writer(sql, sizeof sql);
  writer << before << '"' << schema << '"' << after;
  if (!writer.complete()) return SQLITE_TOOBIG;
  return statement.prepare(db, sql);
}

/// Marks `found` as not migbundle's; the check itself succeeded.
int invalid(TrackingTable& found) noexcept {
  found.valid = false;
  return SQLITE_OK;
}

/// Checks the declared columns; fills `found.problem` with the first thing wrong.
int check_columns(sqlite3* db, const TableRef& table, TrackingTable& found) noexcept {
  Statement statement;
  int rc = statement.prepare(db, "SELECT name, type, pk FROM pragma_table_info(?1, ?2)");
  if (rc != SQLITE_OK) return rc;
  sqlite3_bind_text(statement.get(), 1, table.name, -1, SQLITE_STATIC);
  sqlite3_bind_text(statement.get(), 2, table.schema, -1, SQLITE_STATIC);
  bool seen[expected_column_count] = {};
  MessageWriter problem = FixedWriter(found.problem, sizeof found.problem);
  while ((rc = sqlite3_step(statement.get())) == SQLITE_ROW) {
    const std::string_view name = column_text(statement.get(), 0);
    const std::string_view type = column_text(statement.get(), 1);
    const bool primary_key = sqlite3_column_int(statement.get(), 2) != 0;
    int k = 0;
    while (k < expected_column_count && !same_word(name, expected_columns[k].name)) ++k;
    if (k == expected_column_count) {
      // A column of ours it lacks is reported below; one more of its own is allowed, but not in the key.
      if (primary_key) {
        problem << "its primary key includes column \"" << name << "\"; migbundle's is id INTEGER PRIMARY KEY";
        return invalid(found);
      }
      continue;
    }
    seen[k] = true;
    const bool is_id = k == 0;
    if (!same_word(type, expected_columns[k].type) || primary_key != is_id) {
      problem << "column \"" << name << "\" is declared \"" << type << '"' << (primary_key ? " PRIMARY KEY" : "")
              << ", where migbundle's is " << expected_columns[k].type << (is_id ? " PRIMARY KEY" : "");
      return invalid(found);
    }
  }
  if (rc != SQLITE_DONE) return rc;
  for (int k = 0; k < expected_column_count; ++k) {
    if (!seen[k]) {
      problem << "it has no column \"" << expected_columns[k].name << '"';
      return invalid(found);
    }
  }
  // `id INTEGER PRIMARY KEY` is the rowid itself, unique and always an
  // integer, except in a WITHOUT ROWID table or when declared DESC: SQLite
  // then keeps a separate key index, which it lists with origin 'pk'.
  rc = statement.prepare(db, "SELECT 1 FROM pragma_index_list(?1, ?2) WHERE origin = 'pk'");
  if (rc != SQLITE_OK) return rc;
  sqlite3_bind_text(statement.get(), 1, table.name, -1, SQLITE_STATIC);
  sqlite3_bind_text(statement.get(), 2, table.schema, -1, SQLITE_STATIC);
  rc = sqlite3_step(statement.get());
  if (rc == SQLITE_ROW) {
    problem << "its id is not the rowid (a WITHOUT ROWID table, or PRIMARY KEY DESC), so ids could be text";
    return invalid(found);
  }
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

}  // namespace

int inspect_tracking_table(sqlite3* db, const TableRef& table, TrackingTable& found) noexcept {
  found = TrackingTable{};
  Statement statement;
  int rc = prepare_in_schema(statement, db, "SELECT type FROM ", table.schema,
                             ".sqlite_master WHERE name = ?1 COLLATE NOCASE AND type IN ('table', 'view')");
  if (rc != SQLITE_OK) return rc;
  sqlite3_bind_text(statement.get(), 1, table.name, -1, SQLITE_STATIC);
  rc = sqlite3_step(statement.get());
  if (rc == SQLITE_DONE) return SQLITE_OK;  // not there: nothing is recorded yet
  if (rc != SQLITE_ROW) return rc;
  found.exists = true;
  if (column_text(statement.get(), 0) != "table") {
    MessageWriter(FixedWriter(found.problem, sizeof found.problem)) << "it is a view, not a table";
    found.valid = false;
    return SQLITE_OK;
  }
  return check_columns(db, table, found);
}

ChecksumHex recorded_checksum(const Migration& m) noexcept { return checksum_hex(m); }

bool checksum_matches(std::string_view recorded, const Migration& m) noexcept {
  return recorded == recorded_checksum(m).view();
}

bool is_checksum_text(std::string_view recorded) noexcept {
  if (recorded.size() != 64) return false;
  for (const char c : recorded) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

int walk_history(sqlite3* db, const Bundle& bundle, const TableRef& table, bool table_exists, HistoryVisit visit,
                 void* context) noexcept {
  Statement statement;
  int rc = SQLITE_DONE;
  if (table_exists) {
    rc = statement.prepare(db, "SELECT id, name, checksum, applied_at, execution_ms FROM ", table, " ORDER BY id");
    if (rc != SQLITE_OK) return rc;
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
