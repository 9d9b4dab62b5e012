// What `migbundle new` writes for the next migration of a folder in each
// layout: the file names (and, for the layouts with a folder per migration,
// the folder) and their texts, following the versions the folder already has.
#pragma once

#include <migbundle/generator/layout.hpp>
#include <migbundle/generator/source.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace migbundle::gen {

struct NewFile {
  std::string path;  ///< relative to the migrations folder, `/`-separated
  std::string text;
};

struct NewMigration {
  std::string version;  ///< as the names spell it: `0007`, `1.3`, `2026-01-02-030405`
  /// The name the layout's reader gives it: NAME, or with the version where
  /// the reader keeps that in the name (maragudk's `2-b`, popx's `<version>_b`).
  std::string read_name;
  std::string folder;          ///< a folder to create first (diesel, Prisma), or empty
  std::vector<NewFile> files;  ///< the up's file first, then the down's when it has one of its own
  /// Where the down is: its own file, the up's file (a section of it), or empty for no down.
  std::string down_path;
};

/// `<digits>` as a UTC time `YYYYMMDDHHMMSS` from 1970 on.
[[nodiscard]] bool is_timestamp(std::string_view digits);

/// Throws a UsageError for a layout that takes no migration written by hand
/// (drizzle), or no down when `down` is set: checked before the folder is read.
void check_layout_takes(Layout layout, const std::string& name, bool down);

/// The next migration after `migrations` (sorted by id, as read in `layout`)
/// named `name`, with a down when `down` is set or the folder's migrations all
/// come in pairs (sqlx's reversible ones). `now` is `YYYYMMDDHHMMSS`, used
/// where versions are timestamps. Throws a UsageError for a layout that takes
/// no migration written by hand, or no down.
[[nodiscard]] NewMigration plan_new_migration(Layout layout, const std::vector<MigrationSource>& migrations,
                                              const std::string& name, bool down, const std::string& now);

}  // namespace migbundle::gen
