#include "postgres/tracking_table.hpp"

namespace migbundle::postgres {
namespace {

/// One row whatever is there: whether the schema exists, the relation's kind
/// ('' when there is none), how many of migbundle's five columns it has as
/// migbundle declares them, whether id alone is its primary key, and its
/// columns as text for a message.
constexpr const char* inspect_query =
    "SELECT EXISTS(SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1),"
    " coalesce((SELECT c.relkind::text FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n"
    "   ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2), ''),"
    " (SELECT count(*) FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
    "   JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
    "   WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped"
    "   AND (a.attname::text, pg_catalog.format_type(a.atttypid, NULL)) IN (('id', 'bigint'), ('name', 'text'),"
    "   ('checksum', 'text'), ('applied_at', 'timestamp with time zone'), ('execution_ms', 'bigint'))),"
    " EXISTS(SELECT 1 FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indrelid"
    "   JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace JOIN pg_catalog.pg_attribute a"
    "   ON a.attrelid = c.oid AND a.attnum = i.indkey[0]"
    "   WHERE n.nspname = $1 AND c.relname = $2 AND i.indisprimary AND i.indnatts = 1 AND a.attname = 'id'),"
    " coalesce((SELECT string_agg(a.attname || ' ' || pg_catalog.format_type(a.atttypid, a.atttypmod), ', '"
    "   ORDER BY a.attnum) FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
    "   JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
    "   WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped), '')";

const char* kind_name(char kind) noexcept {
  switch (kind) {
    case 'r': return "table";
    case 'p': return "partitioned table";
    case 'v': return "view";
    case 'm': return "materialized view";
    case 'f': return "foreign table";
    case 'S': return "sequence";
    case 'i': case 'I': return "index";
    default: return "relation";
  }
}

/// migbundle's applied_at as the SQLite runtime writes it: ISO-8601 UTC with milliseconds.
constexpr const char* applied_at_text = "to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";

}  // namespace

bool inspect_tracking_table(PGconn* connection, const TableRef& table, TrackingTable& found,
                            PgResult& failed) noexcept {
  found = TrackingTable{};
  const char* values[] = {table.schema, table.name};
  failed.reset(exec_params(connection, inspect_query, 2, values));
  if (!failed.tuples_ok() || failed.rows() != 1) return false;
  found.schema_exists = failed.integer(0, 0) != 0;
  const std::string_view kind = failed.text(0, 1);
  found.exists = !kind.empty();
  if (found.exists) {
    const bool is_table = kind == "r" || kind == "p";
    found.valid = is_table && failed.integer(0, 2) == 5 && failed.integer(0, 3) != 0;
    if (!found.valid) {
      FixedWriter(found.problem, sizeof found.problem)
          << kind_name(kind[0]) << " (" << failed.text(0, 4) << ')'
          << (is_table && failed.integer(0, 3) == 0 ? ", id not its primary key" : "");
    }
  }
  failed.reset();
  return true;
}

bool create_tracking_table(PGconn* connection, const TableRef& table, bool create_schema, PgResult& failed) noexcept {
  char sql[384];
  FixedWriter out(sql, sizeof sql);
  // Only a missing schema is created: CREATE SCHEMA IF NOT EXISTS checks the
  // CREATE privilege on the database even when the schema is there.
  if (create_schema) out << "CREATE SCHEMA IF NOT EXISTS \"" << table.schema << "\"; ";
  out << "CREATE TABLE IF NOT EXISTS " << table
      << " (id bigint PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,"
         " applied_at timestamptz NOT NULL DEFAULT clock_timestamp(), execution_ms bigint NOT NULL)";
  failed.reset(PQexec(connection, sql));
  if (!failed.command_ok()) return false;
  failed.reset();
  return true;
}

bool fail_not_migbundles(ReportWriter& report, const TableRef& table, const TrackingTable& found) noexcept {
  MessageWriter out = report.message(nullptr);
  out << '"' << table.schema << "\".\"" << table.name << "\" is not migbundle's tracking table: a " << found.problem
      << ", not (id bigint PRIMARY KEY, name text, checksum text, applied_at timestamptz, execution_ms bigint). "
         "Nothing was applied: rename it, or set Options::table.";
  return report.fail(Error::invalid_history);
}

bool walk_history(PGconn* connection, const Bundle& bundle, const TableRef& table, bool table_exists,
                  HistoryVisit visit, void* context, PgResult& failed) noexcept {
  int rows = 0;
  if (table_exists) {
    char sql[256];
    FixedWriter(sql, sizeof sql) << "SELECT id, name, checksum, " << applied_at_text << ", execution_ms FROM " << table
                                 << " ORDER BY id";
    failed.reset(PQexec(connection, sql));
    if (!failed.tuples_ok()) return false;
    rows = failed.rows();
  }
  // Merge the table's rows (ordered by id) with the bundle's migrations (sorted by id).
  const Migration* next = bundle.begin();
  bool go_on = true;
  for (int r = 0; go_on && r < rows; ++r) {
    HistoryRow row{failed.integer(r, 0), nullptr, true, failed.text(r, 1), failed.text(r, 2), failed.text(r, 3),
                   failed.integer(r, 4)};
    for (; go_on && next != bundle.end() && next->id < row.id; ++next) {
      go_on = visit(context, HistoryRow{next->id, next, false, {}, {}, {}, 0});
    }
    if (!go_on) break;
    if (next != bundle.end() && next->id == row.id) row.migration = next++;
    go_on = visit(context, row);
  }
  for (; go_on && next != bundle.end(); ++next) go_on = visit(context, HistoryRow{next->id, next, false, {}, {}, {}, 0});
  failed.reset();
  return true;
}

}  // namespace migbundle::postgres
