// The whole state of a database as one value, to compare before and after
// an operation that must change nothing: a hash of the schema and of every row
// of every table, and SQLite's integrity check.
#pragma once

#include <cstdint>

namespace firmware {

/// What a person would check after a failed update: the schema, every row of
/// every table (the tracking table included) and SQLite's integrity check.
struct DatabaseState {
  std::uint64_t fingerprint = 0;
  int objects = 0;      ///< rows of sqlite_schema
  int rows = 0;         ///< rows of all tables
  bool intact = false;  ///< every table could be read, and PRAGMA integrity_check said "ok"
};

/// Opens `database_name` on a connection of its own and reads all of it.
[[nodiscard]] DatabaseState read_database_state(const char* database_name);

}  // namespace firmware
