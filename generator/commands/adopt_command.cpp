// `migbundle adopt --from TOOL --dir DIR --db FILE`: takes over a database
// another migration tool migrated, through the runtime's adopting migrate()
// (`apply --adopt TOOL` is the same run). Stricter than the runtime, which
// must also serve new databases: the database must exist, and one with tables
// but neither migbundle's history nor the tool's table is refused, since the
// tool's table was then most likely given wrong.
#include "commands.hpp"
#include "database.hpp"

#include <migbundle/generator/diagnostic.hpp>
#include <migbundle/migrate.hpp>

#include <sqlite3.h>

#include <string>

namespace migbundle::gen {
namespace {

/// The single integer `sql` yields (0 for no row), `bind` as ?1 when given.
std::int64_t query_integer(sqlite3* db, const std::string& database, const std::string& sql, const char* bind) {
  sqlite3_stmt* statement = nullptr;
  std::int64_t value = 0;
  int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr);
  if (rc == SQLITE_OK && bind != nullptr) rc = sqlite3_bind_text(statement, 1, bind, -1, SQLITE_TRANSIENT);
  if (rc == SQLITE_OK) {
    rc = sqlite3_step(statement);
    if (rc == SQLITE_ROW) value = sqlite3_column_int64(statement, 0);
  }
  const std::string reason = sqlite3_errmsg(db);
  sqlite3_finalize(statement);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
    throw MigrationsError({{database, 0, 0, Severity::error, "could not read the database: " + reason}});
  }
  return value;
}

}  // namespace

bool run_adopt(const ApplyOptions& options, std::ostream& out, std::ostream& err) {
  require_table_name(options.table);
  const std::string tool = peer_tool_name(*options.adopt);
  const std::string peer_table =
      options.peer_table.empty() ? std::string(peer_default_table(*options.adopt)) : options.peer_table;
  {
    Database database(options.database, false);  // adopting needs a database that exists
    sqlite3* db = database.get();
    sqlite3_busy_timeout(db, 30000);  // another adopter may be writing
    const std::string table = options.table.empty() ? std::string(default_table) : options.table;
    const auto has_table = [&](const std::string& name) {
      return query_integer(db, options.database,
                           "SELECT count(*) FROM main.sqlite_master WHERE type = 'table' AND name = ?1",
                           name.c_str()) != 0;
    };
    const bool has_history = has_table(table);
    const std::int64_t tables = query_integer(
        db, options.database, "SELECT count(*) FROM main.sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
        nullptr);
    if (!has_history && tables > 0 && !has_table(peer_table)) {
      throw MigrationsError({{options.database, 0, 0, Severity::error,
                              "has no `" + peer_table + "` table, so " + tool +
                                  " did not migrate it (or was told to use another table: give it with "
                                  "--peer-table); nothing was adopted. Check --from"}});
    }
  }
  return run_apply(options, out, err);
}

}  // namespace migbundle::gen
