#include "database.hpp"

#include <migbundle/generator/diagnostic.hpp>

namespace migbundle::gen {

Database::Database(const std::string& path, bool create) {
  const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    const std::string reason = db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw UsageError("cannot open database `" + path + "`: " + reason);
  }
  sqlite3_extended_result_codes(db_, 1);
}

}  // namespace migbundle::gen
