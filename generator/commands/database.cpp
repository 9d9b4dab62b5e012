#include "database.hpp"

#include <migbundle/generator/diagnostic.hpp>
#include <migbundle/table_name.hpp>

#include <filesystem>
#include <system_error>

namespace migbundle::gen {

Database::Database(const std::string& path, bool create, Access access) {
  std::error_code error;
  if (!create && path != ":memory:" && !std::filesystem::exists(path, error)) {
    throw MigrationsError({{path, 0, 0, Severity::error,
                            "the database does not exist; check the path (`migbundle apply` creates a database, "
                            "this command only reads one)"}});
  }
  const int flags =
      access == Access::read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    const std::string reason = db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    std::string hint = "check that its directory exists and that you may write there";
    if (std::filesystem::is_directory(path, error)) hint = "it is a directory: give the path of the database file";
    throw MigrationsError({{path, 0, 0, Severity::error, "cannot open database: " + reason + "; " + hint}});
  }
  sqlite3_extended_result_codes(db_, 1);
}

void Database::load_extensions(const std::vector<std::string>& files) {
  if (files.empty()) return;
  // The C API only: SQL's load_extension() stays off, so a migration cannot load code.
  sqlite3_db_config(db_, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 1, nullptr);
  for (const std::string& file : files) {
    // dlopen() looks for a bare name on the library path, not in the current
    // directory: a file given as `ext.so` that is here means this one.
    std::error_code error;
    const std::string path =
        file.find('/') == std::string::npos && std::filesystem::is_regular_file(file, error) ? "./" + file : file;
    char* message = nullptr;
    if (sqlite3_load_extension(db_, path.c_str(), nullptr, &message) != SQLITE_OK) {
      const std::string reason = message != nullptr ? message : sqlite3_errmsg(db_);
      sqlite3_free(message);
      throw UsageError("cannot load SQLite extension `" + file + "`: " + reason +
                       ". Give the path of a SQLite extension (a shared library with a sqlite3_extension_init or "
                       "sqlite3_<name>_init entry point) built for this platform");
    }
  }
  sqlite3_db_config(db_, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
}

void require_table_name(const std::string& table) {
  if (table.empty()) return;
  if (!is_valid_table_name(table.c_str())) {
    throw UsageError("--table `" + table +
                     "` is not a table name migbundle takes: use letters, digits and `_`, not starting with a digit, "
                     "at most 64 bytes (e.g. `schema_migrations`)");
  }
}

}  // namespace migbundle::gen
