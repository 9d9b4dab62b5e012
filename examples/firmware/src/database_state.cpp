#include "database_state.hpp"

#include <sqlite3.h>

#include <cstddef>
#include <string_view>

namespace firmware {
namespace {

/// FNV-1a, 64 bits: enough to tell two states of a small database apart.
class Fingerprint {
 public:
  void add(const void* data, std::size_t size) noexcept {
    const auto* bytes = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < size; ++i) hash_ = (hash_ ^ bytes[i]) * 0x100000001b3u;
  }
  /// One column of a row: its type, then its bytes (so NULL, '' and 0 differ).
  void add_column(sqlite3_stmt* statement, int column) noexcept {
    const unsigned char type = static_cast<unsigned char>(sqlite3_column_type(statement, column));
    add(&type, 1);
    const void* bytes = sqlite3_column_blob(statement, column);
    add(bytes, static_cast<std::size_t>(sqlite3_column_bytes(statement, column)));
  }
  [[nodiscard]] std::uint64_t value() const noexcept { return hash_; }

 private:
  std::uint64_t hash_ = 0xcbf29ce484222325u;
};

}  // namespace

DatabaseState read_database_state(const char* database_name) {
  DatabaseState state;
  sqlite3* db = nullptr;
  sqlite3_stmt* schema = nullptr;
  if (sqlite3_open(database_name, &db) != SQLITE_OK ||
      sqlite3_prepare_v2(db, "SELECT type, name, sql FROM sqlite_schema ORDER BY name", -1, &schema, nullptr) !=
          SQLITE_OK) {
    sqlite3_close(db);
    return state;
  }
  Fingerprint fingerprint;
  bool all_read = true;
  while (sqlite3_step(schema) == SQLITE_ROW) {
    ++state.objects;
    for (int column = 0; column < 3; ++column) fingerprint.add_column(schema, column);
    const std::string_view type = reinterpret_cast<const char*>(sqlite3_column_text(schema, 0));
    if (type != "table") continue;
    // Table names here are the demo's own identifiers; quoting keeps any other name a name.
    // (sqlite3_mprintf allocates from SQLite's own static heap.)
    char* sql = sqlite3_mprintf("SELECT * FROM \"%w\"", sqlite3_column_text(schema, 1));
    sqlite3_stmt* rows = nullptr;
    int rc = sql != nullptr ? sqlite3_prepare_v2(db, sql, -1, &rows, nullptr) : SQLITE_NOMEM;
    while (rc == SQLITE_OK && (rc = sqlite3_step(rows)) == SQLITE_ROW) {
      ++state.rows;
      for (int column = 0; column < sqlite3_column_count(rows); ++column) fingerprint.add_column(rows, column);
      rc = SQLITE_OK;
    }
    all_read = all_read && rc == SQLITE_DONE;
    sqlite3_finalize(rows);
    sqlite3_free(sql);
  }
  sqlite3_finalize(schema);
  state.fingerprint = fingerprint.value();

  sqlite3_stmt* check = nullptr;
  state.intact = all_read && sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &check, nullptr) == SQLITE_OK &&
                 sqlite3_step(check) == SQLITE_ROW &&
                 std::string_view(reinterpret_cast<const char*>(sqlite3_column_text(check, 0))) == "ok";
  sqlite3_finalize(check);
  sqlite3_close(db);
  return state;
}

}  // namespace firmware
