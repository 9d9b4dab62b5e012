// An open SQLite connection for the CLI commands, closed on every path.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <vector>

namespace migbundle::gen {

/// How a command may use the database it opens.
enum class Access : std::uint8_t {
  read_write,
  /// Never writes (SQLITE_OPEN_READONLY): for the commands that only look,
  /// so a mistake in them cannot change a user's database.
  read_only,
};

class Database {
 public:
  /// Opens `path` (`:memory:` for a scratch database). A database that
  /// cannot be opened (missing without `create`, in a missing directory, not
  /// permitted) is a problem with the database: throws MigrationsError naming it.
  Database(const std::string& path, bool create, Access access = Access::read_write);
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database() { sqlite3_close(db_); }

  [[nodiscard]] sqlite3* get() const noexcept { return db_; }

  /// Loads each SQLite extension (a shared library), so migrations can call
  /// the functions an application registers. Throws UsageError naming the
  /// file and SQLite's message when one does not load. SQL's own
  /// load_extension() stays off.
  void load_extensions(const std::vector<std::string>& files);

 private:
  sqlite3* db_ = nullptr;
};

/// Throws UsageError unless `table` is empty (the default) or a tracking table
/// name the runtime takes: `[A-Za-z_][A-Za-z0-9_]*`, at most 64 bytes (the
/// rule migrate.hpp documents), before any database is opened or created.
void require_table_name(const std::string& table);

}  // namespace migbundle::gen
