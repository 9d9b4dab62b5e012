#include "database_state.hpp"

#include <sqlite3.h>

#include <string_view>

#include "ram_vfs.hpp"

namespace firmware {
namespace {

// FNV-1a, 64 bits: enough to tell two states of a small database apart.
class Fingerprint {
 public:
  void add(const void* data, std::size_t size) noexcept {
    const auto* bytes = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < size; ++i) hash_ = (hash_ ^ bytes[i]) * 0x100000001b3u;
  }
  [[nodiscard]] std::uint64_t value() const noexcept { return hash_; }

 private:
  std::uint64_t hash_ = 0xcbf29ce484222325u;
};

// One value: its type, then its exact representation (so NULL, '' and 0
// differ, and a REAL is compared by its bits, not as text).
void add_value(Fingerprint& fingerprint, sqlite3_stmt* statement, int column) noexcept {
  const int type = sqlite3_column_type(statement, column);
  const auto type_byte = static_cast<unsigned char>(type);
  fingerprint.add(&type_byte, 1);
  if (type == SQLITE_INTEGER) {
    const sqlite3_int64 value = sqlite3_column_int64(statement, column);
    fingerprint.add(&value, sizeof value);
  } else if (type == SQLITE_FLOAT) {
    const double value = sqlite3_column_double(statement, column);
    fingerprint.add(&value, sizeof value);
  } else if (type != SQLITE_NULL) {
    const void* bytes = sqlite3_column_blob(statement, column);
    fingerprint.add(bytes, static_cast<std::size_t>(sqlite3_column_bytes(statement, column)));
  }
}

// Every row of `table`, in the order the table stores them. False when it could not be read.
bool add_table(Fingerprint& fingerprint, sqlite3* db, const unsigned char* table, int& rows) noexcept {
  // Quoted, so any table name stays a name. (sqlite3_mprintf allocates from SQLite's static heap.)
  char* sql = sqlite3_mprintf("SELECT * FROM \"%w\"", table);
  sqlite3_stmt* statement = nullptr;
  int rc = sql != nullptr ? sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) : SQLITE_NOMEM;
  while (rc == SQLITE_OK && (rc = sqlite3_step(statement)) == SQLITE_ROW) {
    ++rows;
    for (int column = 0; column < sqlite3_column_count(statement); ++column) add_value(fingerprint, statement, column);
    rc = SQLITE_OK;
  }
  sqlite3_finalize(statement);
  sqlite3_free(sql);
  return rc == SQLITE_DONE;
}

bool integrity_ok(sqlite3* db) noexcept {
  sqlite3_stmt* check = nullptr;
  const bool ok = sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &check, nullptr) == SQLITE_OK &&
                  sqlite3_step(check) == SQLITE_ROW &&
                  std::string_view(reinterpret_cast<const char*>(sqlite3_column_text(check, 0))) == "ok";
  sqlite3_finalize(check);
  return ok;
}

// A pragma that answers one integer; false when it does not.
bool read_count(sqlite3* db, const char* pragma, int& value) noexcept {
  sqlite3_stmt* statement = nullptr;
  const bool ok =
      sqlite3_prepare_v2(db, pragma, -1, &statement, nullptr) == SQLITE_OK && sqlite3_step(statement) == SQLITE_ROW;
  if (ok) value = sqlite3_column_int(statement, 0);
  sqlite3_finalize(statement);
  return ok;
}

}  // namespace

DatabaseState read_database_state(const char* database_name, const char* leave_out) {
  DatabaseState state;
  sqlite3* db = nullptr;
  sqlite3_stmt* schema = nullptr;
  if (sqlite3_open(database_name, &db) != SQLITE_OK ||
      sqlite3_prepare_v2(db, "SELECT type, name, sql FROM sqlite_schema ORDER BY name", -1, &schema, nullptr) !=
          SQLITE_OK) {
    sqlite3_close(db);
    return state;
  }
  Fingerprint content;
  bool all_read = true;
  int rc = SQLITE_OK;
  while ((rc = sqlite3_step(schema)) == SQLITE_ROW) {
    const auto* name = reinterpret_cast<const char*>(sqlite3_column_text(schema, 1));
    if (leave_out != nullptr && name != nullptr && std::string_view(name) == leave_out) continue;
    ++state.objects;
    for (int column = 0; column < 3; ++column) add_value(content, schema, column);
    const std::string_view type = reinterpret_cast<const char*>(sqlite3_column_text(schema, 0));
    if (type == "table") all_read = add_table(content, db, sqlite3_column_text(schema, 1), state.rows) && all_read;
  }
  sqlite3_finalize(schema);
  state.content = content.value();
  state.intact = rc == SQLITE_DONE && all_read && read_count(db, "PRAGMA page_count", state.pages) &&
                 read_count(db, "PRAGMA freelist_count", state.free_pages) && integrity_ok(db);
  sqlite3_close(db);
  state.file_size = database_file_usage().size;
  return state;
}

}  // namespace firmware
