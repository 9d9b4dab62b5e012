#include <migbundle/stamp.hpp>

#include "core/fixed_writer.hpp"
#include "core/report_writer.hpp"

#include <migbundle/table_name.hpp>

#include <sqlite3.h>

namespace migbundle {
namespace {

constexpr std::uint64_t fnv_offset = 14695981039346656037u;
constexpr std::uint64_t fnv_prime = 1099511628211u;

/// FNV-1a over 64-bit words rather than bytes: the checksums are random
/// already, and a start with 1,000 migrations hashes 40 KB (bytewise that
/// was 40 µs, the whole difference from reading the field alone).
std::uint64_t mix(std::uint64_t hash, std::uint64_t word) noexcept { return (hash ^ word) * fnv_prime; }

/// Eight bytes as a little-endian word, whatever the machine's order: a stamp
/// written on one machine is read on another.
std::uint64_t word_at(const char* bytes) noexcept {
  std::uint64_t word = 0;
  for (int k = 7; k >= 0; --k) word = (word << 8) | static_cast<unsigned char>(bytes[k]);
  return word;
}

/// `PRAGMA "<schema>".<field>`, with ` = <value>` when writing.
bool field_sql(char (&buffer)[112], const Options& options, StampField field, const std::int64_t* value) noexcept {
  FixedWriter sql(buffer, sizeof buffer);
  sql << "PRAGMA \"" << options.schema << "\"." << (field == StampField::user_version ? "user_version" : "application_id");
  if (value != nullptr) sql << " = " << *value;
  return sql.complete();
}

}  // namespace

std::int32_t history_stamp(const Bundle& bundle, const Options& options) noexcept {
  std::uint64_t hash = fnv_offset;
  const char* table = options.table != nullptr ? options.table : "";
  for (const char* c = table; *c != '\0'; ++c) hash = mix(hash, static_cast<unsigned char>(*c));
  hash = mix(hash, 0);  // the name's end
  for (const Migration& m : bundle) {
    hash = mix(hash, static_cast<std::uint64_t>(m.id));
    for (int k = 0; k < 32; k += 8) hash = mix(hash, word_at(checksum_of(m) + k));
  }
  // 1 .. 2^31 - 1: a new database holds 0, and a negative value reads back as itself but looks like a mistake.
  return static_cast<std::int32_t>((hash ^ (hash >> 32)) % 0x7fffffffu) + 1;
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
