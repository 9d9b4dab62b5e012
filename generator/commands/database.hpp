// An open SQLite connection for the CLI commands, closed on every path.
#pragma once

#include <sqlite3.h>

#include <string>

namespace migbundle::gen {

class Database {
 public:
  /// Opens `path` (`:memory:` for a scratch database); throws UsageError when it cannot.
  Database(const std::string& path, bool create);
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database() { sqlite3_close(db_); }

  [[nodiscard]] sqlite3* get() const noexcept { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace migbundle::gen
