// The whole state of a database as values, to compare before and after an
// operation that must change nothing: its content read through SQLite (the
// schema and every row of every table, each value by type and exact bits),
// its page and free-page counts, its file's size, and SQLite's integrity
// check. Not the file's bytes: SQLite does not journal the old content of a
// free page it reuses, so after a rollback a free page may hold other
// garbage, which no query can see (tried: the content, counts and size
// matched, the bytes did not).
#pragma once

#include <cstddef>
#include <cstdint>

namespace firmware {

struct DatabaseState {
  std::uint64_t content = 0;  // FNV-1a of every value of sqlite_schema and of every table
  int objects = 0;            // rows of sqlite_schema
  int rows = 0;               // rows of all tables
  int pages = 0;              // PRAGMA page_count
  int free_pages = 0;         // PRAGMA freelist_count
  std::size_t file_size = 0;  // as the RAM VFS holds it
  bool intact = false;        // everything could be read, and PRAGMA integrity_check said "ok"

  [[nodiscard]] bool operator==(const DatabaseState& other) const noexcept {
    return content == other.content && objects == other.objects && rows == other.rows && pages == other.pages &&
           free_pages == other.free_pages && file_size == other.file_size && intact == other.intact;
  }
};

// Reads `database_name` on a connection of its own. With `leave_out`, that
// table (its schema row and its rows) is not in the state: the A/B images
// compare the app's data, not the tracking table's timestamps.
[[nodiscard]] DatabaseState read_database_state(const char* database_name, const char* leave_out = nullptr);

}  // namespace firmware
