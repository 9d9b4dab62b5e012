#include <migbundle/stamp.hpp>

#include "core/fixed_writer.hpp"
#include "core/report_writer.hpp"

#include <migbundle/history_digest.hpp>
#include <migbundle/table_name.hpp>

#include <sqlite3.h>

namespace migbundle {
namespace {

/// `PRAGMA "<schema>".<field>`, with ` = <value>` when writing.
bool field_sql(char (&buffer)[112], const Options& options, StampField field, const std::int64_t* value) noexcept {
  FixedWriter sql(buffer, sizeof buffer);
  sql << "PRAGMA \"" << options.schema << "\"." << (field == StampField::user_version ? "user_version" : "application_id");
  if (value != nullptr) sql << " = " << *value;
  return sql.complete();
}

}  // namespace

std::uint64_t history_digest(const Bundle& bundle) noexcept {
  if (bundle.history_digest != 0) return bundle.history_digest;
  HistoryDigest digest;
  for (const Migration& m : bundle) digest.add(m.id, checksum_of(m));
  return digest.value();
}

std::int32_t history_stamp(const Bundle& bundle, const Options& options) noexcept {
  HistoryDigest hash;
  const char* table = options.table != nullptr ? options.table : "";
  for (const char* c = table; *c != '\0'; ++c) hash.mix(static_cast<unsigned char>(*c));
  hash.mix(0);  // the name's end
  hash.mix(history_digest(bundle));
  const std::uint64_t value = hash.value();
  // 1 .. 2^31 - 1: a new database holds 0, and a negative value reads back as itself but looks like a mistake.
  return static_cast<std::int32_t>((value ^ (value >> 32)) % 0x7fffffffu) + 1;
}

Report migrate(sqlite3* db, const Bundle& bundle, const Options& options, StampField field) noexcept {
  const std::int64_t newest = bundle.size > 0 ? (bundle.end() - 1)->id : 0;
  // The stamp stands for every migration applied: only a run meant to reach the newest may trust it.
  const bool whole = options.target_id >= newest;
  const bool names_valid = is_valid_table_name(options.table) && is_valid_table_name(options.schema);
  char sql[112];
  if (db != nullptr && whole && names_valid && field_sql(sql, options, field, nullptr)) {
    const std::int32_t stamp = history_stamp(bundle, options);
    sqlite3_stmt* statement = nullptr;
    const bool stamped = sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) == SQLITE_OK &&
                         sqlite3_step(statement) == SQLITE_ROW && sqlite3_column_int(statement, 0) == stamp;
    sqlite3_finalize(statement);
    if (stamped) {
      Report report;
      ReportWriter(report).note_history(static_cast<int>(bundle.size), newest, bundle.size > 0);
      return report;
    }
  }
  Report report = migrate(db, bundle, options);
  // Stamped only when the history is this bundle's, all of it: not where
  // allow_unknown_applied let through what the bundle lacks.
  if (report.ok() && whole && names_valid && report.current_id() == newest && !options.allow_unknown_applied) {
    const std::int64_t stamp = history_stamp(bundle, options);
    if (field_sql(sql, options, field, &stamp)) (void)sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  }
  return report;
}

}  // namespace migbundle
