#include "sqlite/tracking_table.hpp"

#include "sqlite/statement.hpp"

#include <sqlite3.h>

namespace migbundle {
namespace {

/// One query, so that the checks cost SQL text rather than code in a firmware
/// image: 9 exactly for migbundle's shape. That is twice the number of its
/// five columns declared as it declares them (id INTEGER and the key, name,
/// checksum and applied_at TEXT, execution_ms INTEGER), less the key columns,
/// less SQLite's separate key indexes (listed for WITHOUT ROWID or a DESC key,
/// where id is not the rowid and could hold text). More columns are allowed,
/// but not in the key.
constexpr const char* shape_query =
    "SELECT (SELECT 2*sum(lower(name)||upper(type)||pk IN ('idINTEGER1','nameTEXT0','checksumTEXT0',"
    "'applied_atTEXT0','execution_msINTEGER0'))-sum(pk>0) FROM pragma_table_info(?1,?2))"
    "-(SELECT count(*) FROM pragma_index_list(?1,?2) WHERE origin='pk')";

#if MIGBUNDLE_MESSAGES
/// What a table that is not migbundle's has instead, for the message: read
/// only then, so that the check on every start stays one small query.
constexpr const char* shape_description_query =
    "SELECT (SELECT group_concat(name||' '||type||CASE WHEN pk THEN ' PRIMARY KEY' ELSE '' END,', ')"
    " FROM pragma_table_info(?1,?2))||CASE WHEN EXISTS(SELECT 1 FROM pragma_index_list(?1,?2)"
    " WHERE origin='pk') THEN ', the key not the rowid' ELSE '' END";
#endif

/// Binds the table's name as ?1 and its schema as ?2 (where the query has one), then steps.
int bind_and_step(Statement& statement, const TableRef& table) noexcept {
  sqlite3_bind_text(statement.get(), 1, table.name, -1, SQLITE_STATIC);
  sqlite3_bind_text(statement.get(), 2, table.schema, -1, SQLITE_STATIC);
  return sqlite3_step(statement.get());
}

}  // namespace

int inspect_tracking_table(sqlite3* db, const TableRef& table, TrackingTable& found) noexcept {
  found = TrackingTable{};
  Statement statement;
  // The table's own schema's catalogue, `"<schema>"."sqlite_master"`: never TEMP's or another database's.
  int rc = statement.prepare(db, "SELECT type='table' FROM ", TableRef{table.schema, "sqlite_master"},
                             " WHERE name=?1 COLLATE NOCASE AND type IN('table','view')");
  if (rc == SQLITE_OK) rc = bind_and_step(statement, table);
  if (rc == SQLITE_DONE) return SQLITE_OK;  // not there: nothing is recorded yet
  if (rc != SQLITE_ROW) return rc;
  found.exists = true;
  const bool is_table = sqlite3_column_int(statement.get(), 0) != 0;
  rc = statement.prepare(db, shape_query);
  if (rc == SQLITE_OK) rc = bind_and_step(statement, table);
  if (rc != SQLITE_ROW) return rc;
  found.foreign = !is_table || sqlite3_column_int(statement.get(), 0) != 9;
#if MIGBUNDLE_MESSAGES
  if (found.foreign) {
    rc = statement.prepare(db, shape_description_query);
    if (rc == SQLITE_OK) rc = bind_and_step(statement, table);
    if (rc != SQLITE_ROW) return rc;
    FixedWriter(found.problem, sizeof found.problem)
        << (is_table ? "table (" : "view (") << column_text(statement.get(), 0) << ')';
  }
#endif
  return SQLITE_OK;
}

bool fail_not_migbundles(ReportWriter& report, const TableRef& table, const TrackingTable& found) noexcept {
  report.message(nullptr) << '"' << table.schema << "\".\"" << table.name << "\" is not migbundle's tracking table: a " << found.problem
      << ", not (id INTEGER PRIMARY KEY, name TEXT, checksum TEXT, applied_at TEXT, execution_ms INTEGER). "
         "Nothing was applied: rename it, or set Options::table.";
  return report.fail(Error::invalid_history);
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

int create_tracking_table(sqlite3* db, const TableRef& table) noexcept {
  Statement statement;
  int rc = statement.prepare(db, "CREATE TABLE IF NOT EXISTS ", table,
                             " (id INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, "
                             "applied_at TEXT NOT NULL, execution_ms INTEGER NOT NULL)");
  if (rc == SQLITE_OK) rc = sqlite3_step(statement.get());
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int insert_tracking_row(sqlite3* db, const TableRef& table, const Migration& m, const char* applied_at,
                        std::int64_t execution_ms) noexcept {
  const ChecksumHex checksum = recorded_checksum(m);  // declared before the statement: bound as SQLITE_STATIC
  Statement statement;
  int rc = statement.prepare(db, "INSERT INTO ", table,
                             " (id, name, checksum, applied_at, execution_ms) "
                             "VALUES (?1, ?2, ?3, COALESCE(?4, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), ?5)");
  if (rc == SQLITE_OK) {
    sqlite3_bind_int64(statement.get(), 1, m.id);
    sqlite3_bind_text(statement.get(), 2, name_of(m).data(), static_cast<int>(name_of(m).size()), SQLITE_STATIC);
    sqlite3_bind_text(statement.get(), 3, checksum.text, 64, SQLITE_STATIC);
    if (applied_at != nullptr) sqlite3_bind_text(statement.get(), 4, applied_at, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(statement.get(), 5, execution_ms < 0 ? 0 : execution_ms);
    rc = sqlite3_step(statement.get());
  }
  return rc == SQLITE_DONE ? SQLITE_OK : sqlite3_extended_errcode(db);
}

}  // namespace migbundle
