#include <migbundle/status.hpp>

#include "core/history.hpp"
#include "core/report_writer.hpp"
#include "core/table_ref.hpp"
#include "sqlite/sqlite_failure.hpp"
#include "sqlite/tracking_table.hpp"

#include <sqlite3.h>

namespace migbundle {

Report status(sqlite3* db, const Bundle& bundle, const Options& options, StatusCallback callback,
              void* context) noexcept {
  Report report;
  ReportWriter writer(report);
  if (db == nullptr || !is_valid_table_name(options.table) || !is_valid_table_name(options.schema)) {
    writer.message(nullptr) << "migbundle::status: "
                            << (db == nullptr ? "the database handle is null"
                                              : "the tracking table or schema name is not an identifier "
                                                "([A-Za-z_][A-Za-z0-9_]*)");
    (void)writer.fail(Error::invalid_argument);
    return report;
  }
  const TableRef table{options.schema, options.table};
  TrackingTable tracking;
  int rc = inspect_tracking_table(db, table, tracking);
  if (rc == SQLITE_OK && tracking.exists && !tracking.valid()) {
    (void)fail_not_migbundles(writer, table, tracking);
    return report;
  }
  auto visit = [&](const HistoryRow& row) {
    writer.note_status_row(row);
    if (callback != nullptr) {
      callback(context, StatusEntry{state_of(classify(row, bundle), row), row.id, row.migration, row.name, row.checksum,
                                    row.applied_at, row.execution_ms});
    }
    return true;
  };
  if (rc == SQLITE_OK) rc = walk_history(db, bundle, table, tracking.exists, visit);
  if (rc != SQLITE_OK) {
    (void)write_sqlite_failure(writer, db, nullptr, MIGBUNDLE_PROSE("could not read the migration history"),
                               sqlite3_extended_errcode(db));
    (void)writer.fail(Error::sqlite);
  }
  return report;
}

}  // namespace migbundle
