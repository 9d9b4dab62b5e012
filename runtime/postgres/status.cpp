#include <migbundle/postgres/migrate.hpp>

#include "core/history.hpp"
#include "core/report_writer.hpp"
#include "core/table_ref.hpp"
#include "postgres/connection_state.hpp"
#include "postgres/pg_failure.hpp"
#include "postgres/tracking_table.hpp"

#include <migbundle/table_name.hpp>

namespace migbundle::postgres {

Report status(PGconn* connection, const Bundle& bundle, const Options& options, StatusCallback callback,
              void* context) noexcept {
  Report report;
  ReportWriter writer(report);
  if (connection == nullptr || !is_valid_table_name(options.table) || !is_valid_table_name(options.schema)) {
    writer.message(nullptr) << "migbundle::postgres::status: "
                            << (connection == nullptr ? "the connection is null"
                                                      : "the tracking table or schema name is not an identifier "
                                                        "([A-Za-z_][A-Za-z0-9_]*)");
    (void)writer.fail(Error::invalid_argument);
    return report;
  }
  ConnectionState state(connection);
  if (!state.check(writer, "migbundle::postgres::status", options.schema, options.table)) return report;
  const TableRef table{options.schema, options.table};
  TrackingTable tracking;
  PgResult failed;
  bool ok = inspect_tracking_table(connection, table, tracking, failed);
  if (ok && tracking.exists && !tracking.valid) {
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
  if (ok) ok = walk_history(connection, bundle, table, tracking.exists, visit, failed);
  if (!ok) {
    (void)write_pg_failure(writer, connection, failed.get(), nullptr, "could not read the migration history");
    (void)writer.fail(Error::sqlite);
  }
  return report;
}

}  // namespace migbundle::postgres
