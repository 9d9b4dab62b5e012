#include <migbundle/status.hpp>

#include "history.hpp"
#include "message_writer.hpp"
#include "statement.hpp"
#include "table_name.hpp"

#include <sqlite3.h>

namespace migbundle {

/// Fills the report of a status() call; a friend of Report, like Runner.
class StatusReader {
 public:
  static Report read(sqlite3* db, const Bundle& bundle, const Options& options, StatusCallback callback,
                     void* context) noexcept {
    Report report;
    if (db == nullptr || !is_valid_table_name(options.table) || !is_valid_table_name(options.schema)) {
      MessageWriter(start_message(report))
          << "migbundle::status: "
          << (db == nullptr ? "the database handle is null"
                            : "the tracking table or schema name is not an identifier ([A-Za-z_][A-Za-z0-9_]*)");
      fail(report, Error::invalid_argument);
      return report;
    }
    const TableRef table{options.schema, options.table};
    TrackingTable tracking;
    int rc = inspect_tracking_table(db, table, tracking);
    if (rc == SQLITE_OK && tracking.exists && !tracking.valid) {
      MessageWriter out = start_message(report);
      write_not_migbundles(out, table, tracking);
      fail(report, Error::invalid_history);
      return report;
    }
    auto visit = [&](const HistoryRow& row) {
      MigrationState state = MigrationState::pending;
      if (row.recorded && row.migration == nullptr) {
        state = MigrationState::unknown;
      } else if (row.recorded) {
        state = checksum_matches(row.checksum, *row.migration) ? MigrationState::applied : MigrationState::modified;
      }
      if (row.recorded) {
        ++report.already_applied_;
        report.current_id_ = row.id;
        report.has_applied_ = true;
      } else {
        ++report.pending_;
      }
      if (callback != nullptr) {
        callback(context, StatusEntry{state, row.id, row.migration, row.name, row.checksum, row.applied_at, row.execution_ms});
      }
      return true;
    };
    if (rc == SQLITE_OK) rc = walk_history(db, bundle, table, tracking.exists, visit);
    if (rc != SQLITE_OK) {
      report.extended_code_ = sqlite3_extended_errcode(db);
      MessageWriter(start_message(report))
          << "could not read the migration history: " << sqlite3_errmsg(db) << " (SQLite code "
          << report.extended_code_ << ")";
      fail(report, Error::sqlite);
    }
    return report;
  }

 private:
  /// `error: `, as migrate() starts a message without a file; the explanation follows it.
  static FixedWriter start_message(Report& report) noexcept {
    FixedWriter out(report.message_, sizeof report.message_);
    out << "error: ";
    report.explanation_offset_ = out.size();
    return out;
  }

  static void fail(Report& report, Error error) noexcept {
    report.error_ = error;
    if constexpr (!messages_enabled) {
      write_terse_explanation(report.message_, sizeof report.message_, report.explanation_offset_, error,
                              report.extended_code_);
    }
  }
};

Report status(sqlite3* db, const Bundle& bundle, const Options& options, StatusCallback callback,
              void* context) noexcept {
  return StatusReader::read(db, bundle, options, callback, context);
}

}  // namespace migbundle
