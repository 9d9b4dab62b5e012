// Reads a migrations directory, in any layout migbundle knows, into what the
// generator embeds.
#pragma once

#include <migbundle/generator/diagnostic.hpp>
#include <migbundle/generator/layout.hpp>
#include <migbundle/generator/source.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace migbundle::gen {

struct LoadedMigrations {
  std::vector<MigrationSource> migrations;  ///< those read, in the order they run (ascending ids)
  std::vector<Diagnostic> problems;         ///< errors, sorted by path and line
  std::vector<Diagnostic> warnings;         ///< a layout's quirks that change nothing run, sorted likewise
  Layout layout = Layout::migbundle;        ///< the layout read (the one detected, for `auto`)
  std::string detected;                     ///< for `auto`: why this layout, e.g. "meta/_journal.json"
};

/// Every migration of `directory` in `layout`, in the order that layout runs
/// them, and every problem found on the way. In migbundle's layout non-`.sql`
/// files and hidden files are ignored; everything else that is wrong is a
/// problem: a `.sql` name that breaks the rule (with a suggested name no other
/// file has or is told to take, and the layout that reads the folder as it
/// is), another tool's down, undo or repeatable script, a `.sql` file in a
/// subfolder, two files with one id, an unknown directive, an unreadable file,
/// SQL over max_sql_size. Other layouts report their tools' quirks likewise.
/// A missing directory, or an `auto` folder two layouts fit, is a UsageError.
[[nodiscard]] LoadedMigrations read_migrations(const std::filesystem::path& directory,
                                               Layout layout = Layout::migbundle);

/// A UsageError when `directory` does not exist or is no directory.
void require_migrations_directory(const std::filesystem::path& directory);

/// read_migrations(), throwing its problems together as a MigrationsError.
[[nodiscard]] std::vector<MigrationSource> load_migrations(const std::filesystem::path& directory,
                                                           Layout layout = Layout::migbundle);

/// The layout `directory` is in, and why (the file that shows it). Two
/// layouts that would run different things are a UsageError naming both.
struct DetectedLayout {
  Layout layout = Layout::migbundle;
  std::string because;
};
[[nodiscard]] DetectedLayout detect_layout(const std::filesystem::path& directory);

}  // namespace migbundle::gen
