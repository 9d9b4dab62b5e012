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

/// A RAM file as a board whose files live in flash would keep it across a
/// reset: name, existence and bytes, in place (persistent_files.cpp saves and
/// restores them).
struct RamFileContents {
  char* name;                 ///< NUL-terminated
  std::size_t name_capacity;  ///< bytes of `name`, its NUL included
  bool* exists;
  unsigned char* data;
  std::size_t capacity;  ///< bytes of `data`
  std::size_t size;      ///< bytes in use
};

/// How many RAM files there are, and each one's contents.
[[nodiscard]] std::size_t ram_file_count() noexcept;
[[nodiscard]] RamFileContents ram_file_contents(std::size_t index) noexcept;
/// After restoring a file's bytes into its `data`: its size (counted as its peak too).
void set_ram_file_size(std::size_t index, std::size_t size) noexcept;

/// Called before each change SQLite makes to a file (a write, a truncation, a
/// deletion), naming the file and the kind of change: where a power-cut
/// simulation stops the board. Null (the default): nothing is called.
using ChangeHook = void (*)(const char* file, const char* change);
void set_change_hook(ChangeHook hook) noexcept;

}  // namespace firmware
