// The tracking table in PostgreSQL: checked for its shape, created where
// missing, then read merged with the bundle in id order for the core to judge
// (core/history.hpp). The one read that migrate() and status() share.
#pragma once

#include "core/fixed_writer.hpp"
#include "core/history.hpp"
#include "core/report_writer.hpp"
#include "core/table_ref.hpp"
#include "postgres/pg_result.hpp"

#include <migbundle/bundle.hpp>

#include <libpq-fe.h>

namespace migbundle::postgres {

/// PostgreSQL's limit on an identifier's length (NAMEDATALEN - 1): a longer
/// one is silently cut, and would name another table than the caller's.
inline constexpr int max_identifier = 63;

/// Writes `"<schema>"."<name>"` (both checked identifiers: nothing to escape).
inline FixedWriter& operator<<(FixedWriter& out, const TableRef& table) noexcept {
  return out << '"' << table.schema << "\".\"" << table.name << '"';
}

/// The tracking table as found, before any of its rows is trusted.
struct TrackingTable {
  bool schema_exists = false;
  bool exists = false;
  /// False when a relation of that name exists but is not migbundle's table
  /// (other columns or types, no primary key on id, a view).
  bool valid = true;
  char problem[200] = {};  ///< its kind and columns, when not valid
};

/// Looks the table up in the catalogue (pg_namespace, pg_class, pg_attribute)
/// and checks its shape: `id bigint` the primary key, `name` and `checksum`
/// text, `applied_at timestamptz`, `execution_ms bigint`; more columns are
/// allowed. False on a failed query, which `failed` then holds.
[[nodiscard]] bool inspect_tracking_table(PGconn* connection, const TableRef& table, TrackingTable& found,
                                          PgResult& failed) noexcept;

/// Creates the schema (when `create_schema`) and the table, if missing.
[[nodiscard]] bool create_tracking_table(PGconn* connection, const TableRef& table, bool create_schema,
                                         PgResult& failed) noexcept;

/// Fails `report` for a relation that is not migbundle's. Returns false.
bool fail_not_migbundles(ReportWriter& report, const TableRef& table, const TrackingTable& found) noexcept;

/// Calls `visit` for every id of the bundle and of the tracking table (when
/// `table_exists`; inspected and valid), in id order. False on a failed
/// query, which `failed` then holds.
[[nodiscard]] bool walk_history(PGconn* connection, const Bundle& bundle, const TableRef& table, bool table_exists,
                                HistoryVisit visit, void* context, PgResult& failed) noexcept;

template <typename Visit>
bool walk_history(PGconn* connection, const Bundle& bundle, const TableRef& table, bool table_exists, Visit& visit,
                  PgResult& failed) noexcept {
  return walk_history(connection, bundle, table, table_exists, history_visit_of(visit), &visit, failed);
}

}  // namespace migbundle::postgres
