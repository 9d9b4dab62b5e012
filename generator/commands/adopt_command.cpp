// `migbundle adopt --from TOOL --dir DIR --db FILE`: takes over a database
// that another migration tool migrated. What that tool recorded as applied
// is checked against the folder (its hashes, its versions, no dirty or failed
// row) and recorded in migbundle's table in one transaction, with the tool's
// own times; the tool's table is only read. Then the rest is applied.
#include "commands.hpp"
#include "database.hpp"
#include "peer_history.hpp"

#include <migbundle/generator/check_migrations.hpp>
#include <migbundle/migrate.hpp>

#include <nlohmann/json.hpp>

#include <ostream>
#include <sstream>

namespace migbundle::gen {
namespace {

std::string quoted(const std::string& table) {
  std::string out = "\"";
  for (const char c : table) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + '"';
}

/// Runs `sql`; a failure is a problem with the database, naming it.
void exec(sqlite3* db, const std::string& database, const std::string& sql, const char* doing) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    const std::string reason = message != nullptr ? message : sqlite3_errmsg(db);
    sqlite3_free(message);
    throw MigrationsError({{database, 0, 0, Severity::error, std::string("could not ") + doing + ": " + reason}});
  }
}

/// The single integer `sql` yields (0 for no row).
std::int64_t query_integer(sqlite3* db, const std::string& database, const std::string& sql, const std::string& bind) {
  sqlite3_stmt* statement = nullptr;
  std::int64_t value = 0;
  int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr);
  if (rc == SQLITE_OK && !bind.empty()) {
    rc = sqlite3_bind_text(statement, 1, bind.data(), static_cast<int>(bind.size()), SQLITE_TRANSIENT);
  }
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

bool table_exists(sqlite3* db, const std::string& database, const std::string& table) {
  return query_integer(db, database, "SELECT count(*) FROM main.sqlite_master WHERE type = 'table' AND name = ?1",
                       table) != 0;
}

/// Rolls back on every path that leaves without committing.
class Transaction {
 public:
  Transaction(sqlite3* db, const std::string& database) : db_(db), database_(database) {
    // IMMEDIATE: the write lock first, so two adopters take turns and the
    // second finds the first one's history.
    exec(db_, database_, "BEGIN IMMEDIATE", "start a transaction (another process may hold the database)");
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (open_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  void commit() {
    exec(db_, database_, "COMMIT", "commit the adoption");
    open_ = false;
  }

 private:
  sqlite3* db_;
  const std::string& database_;
  bool open_ = true;
};

enum class Outcome { adopted, already_adopted, nothing_to_adopt };

}  // namespace

bool run_adopt(const AdoptOptions& options, std::ostream& out, std::ostream& err) {
  require_table_name(options.table);
  const std::string table = options.table.empty() ? std::string(default_table) : options.table;
  const std::string tool(peer_tool_name(options.tool));
  const std::string peer_table =
      options.peer_table.empty() ? std::string(peer_default_table(options.tool)) : options.peer_table;

  CheckedMigrations checked = check_migrations(options.directory, nullptr, options.layout);
  for (const Diagnostic& warning : checked.warnings) err << format(warning) << '\n';
  if (checked.migrations.empty()) throw MigrationsError({no_migrations(options.directory, Severity::error)});

  Outcome outcome = Outcome::adopted;
  PeerHistory history;
  std::int64_t recorded = 0;
  {
    Database database(options.database, false);  // adopting needs a database that exists
    sqlite3* db = database.get();
    sqlite3_busy_timeout(db, 30000);
    Transaction transaction(db, options.database);
    if (table_exists(db, options.database, table)) {
      recorded = query_integer(db, options.database, "SELECT count(*) FROM main." + quoted(table), "");
    }
    if (recorded > 0) {
      outcome = Outcome::already_adopted;  // by an earlier run, a concurrent adopter, or migbundle itself
    } else if (!table_exists(db, options.database, peer_table)) {
      const std::int64_t tables = query_integer(
          db, options.database, "SELECT count(*) FROM main.sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
          "");
      if (tables > 0) {
        throw MigrationsError(
            {{options.database, 0, 0, Severity::error,
              "has no `" + peer_table + "` table, so " + tool +
                  " did not migrate it (or was told to use another table: give it with --peer-table); nothing was "
                  "adopted. Check --from"}});
      }
      outcome = Outcome::nothing_to_adopt;  // an empty database: everything is pending
    } else {
      history = read_peer_history(db, options.database, options.tool, peer_table, options.directory,
                                  checked.migrations);
      if (!history.problems.empty()) throw MigrationsError(history.problems);
      exec(db, options.database,
           "CREATE TABLE IF NOT EXISTS main." + quoted(table) +
               " (id INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL, "
               "execution_ms INTEGER NOT NULL)",
           "create the tracking table");
      sqlite3_stmt* insert = nullptr;
      const std::string sql = "INSERT INTO main." + quoted(table) +
                              " (id, name, checksum, applied_at, execution_ms) VALUES (?1, ?2, ?3, "
                              "COALESCE(?4, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), ?5)";
      int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &insert, nullptr);
      for (const PeerApplied& applied : history.applied) {
        if (rc != SQLITE_OK) break;
        const MigrationSource& migration = checked.migrations[applied.migration];
        sqlite3_reset(insert);
        sqlite3_bind_int64(insert, 1, migration.id);
        sqlite3_bind_text(insert, 2, migration.name.data(), static_cast<int>(migration.name.size()), SQLITE_STATIC);
        sqlite3_bind_text(insert, 3, migration.checksum.data(), static_cast<int>(migration.checksum.size()),
                          SQLITE_STATIC);
        if (applied.applied_at.empty()) {
          sqlite3_bind_null(insert, 4);
        } else {
          sqlite3_bind_text(insert, 4, applied.applied_at.data(), static_cast<int>(applied.applied_at.size()),
                            SQLITE_STATIC);
        }
        sqlite3_bind_int64(insert, 5, applied.execution_ms);
        rc = sqlite3_step(insert) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
      }
      const std::string reason = sqlite3_errmsg(db);
      sqlite3_finalize(insert);
      if (rc != SQLITE_OK) {
        throw MigrationsError({{options.database, 0, 0, Severity::error,
                                "could not record the adopted migrations in `" + table + "`: " + reason +
                                    "; nothing was adopted"}});
      }
      transaction.commit();
    }
  }

  nlohmann::ordered_json adopted = nlohmann::ordered_json::array();
  for (const PeerApplied& applied : history.applied) {
    const MigrationSource& migration = checked.migrations[applied.migration];
    adopted.push_back({{"id", migration.id}, {"file", migration.file_name},
                       {"applied_at", applied.applied_at.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(applied.applied_at)}});
  }
  if (!options.json) {
    out << options.database << ": ";
    if (outcome == Outcome::already_adopted) {
      out << "already has migbundle history (" << recorded << " migration(s) in `" << table << "`); nothing adopted\n";
    } else if (outcome == Outcome::nothing_to_adopt) {
      out << "is empty, with no `" << peer_table << "`: nothing to adopt from " << tool << '\n';
    } else if (history.applied.empty()) {
      out << tool << "'s `" << peer_table << "` records no applied migration; nothing adopted\n";
    } else {
      out << "adopted " << history.applied.size() << " migration(s) that " << tool << " applied, up to "
          << checked.migrations[history.applied.back().migration].file_name << " (`" << peer_table
          << "` is left as it is)\n";
    }
  }

  bool ok = true;
  nlohmann::ordered_json applied_json;
  if (!options.adopt_only) {
    ApplyOptions apply;
    static_cast<DatabaseOptions&>(apply) = options;
    apply.json = options.json;
    if (options.json) {
      std::ostringstream captured;
      ok = run_apply(apply, captured, err);
      applied_json = nlohmann::ordered_json::parse(captured.str());
    } else {
      ok = run_apply(apply, out, err);
    }
  }
  if (options.json) {
    const char* const outcomes[] = {"adopted", "already_adopted", "nothing_to_adopt"};
    nlohmann::ordered_json result = {{"ok", ok},
                                     {"database", options.database},
                                     {"from", tool},
                                     {"peer_table", peer_table},
                                     {"outcome", outcomes[static_cast<int>(outcome)]},
                                     {"adopted", adopted}};
    if (!options.adopt_only) result["apply"] = applied_json;
    out << result.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  }
  return ok;
}

}  // namespace migbundle::gen
