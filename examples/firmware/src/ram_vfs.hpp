// SQLite's operating-system layer for a board without a filesystem
// (SQLITE_OS_OTHER): a VFS whose files are fixed RAM regions reserved at link
// time, one for the database and one for its rollback journal. The database
// outlives the connections that open it (close and reopen find it again), as a
// database in a flash partition would; it is gone at the next reset.
#pragma once

#include <cstddef>

namespace firmware {

/// How full one RAM file is, for the memory report.
struct RamFileUsage {
  const char* role;      ///< "database" or "journal"
  std::size_t capacity;  ///< bytes reserved for it
  std::size_t size;      ///< bytes it holds now
  std::size_t peak;      ///< most bytes it ever held
  std::size_t written;   ///< bytes SQLite wrote to it since reset
};

/// The RAM files, in a fixed order; `count` receives how many there are.
[[nodiscard]] const RamFileUsage* ram_file_usage(std::size_t& count) noexcept;

/// The database file's usage as it is now (a copy: the VFS's counts move on).
[[nodiscard]] RamFileUsage database_file_usage() noexcept;

}  // namespace firmware
