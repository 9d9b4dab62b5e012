// migbundle's own layout listed by name before any file is read, so the
// generator can read, check and embed one migration at a time (FolderStream)
// while every other command reads the folder whole (read_migrations()).
#pragma once

#include <migbundle/generator/diagnostic.hpp>
#include <migbundle/generator/source.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace migbundle::gen {

/// A migration known by its file name alone: small, since a folder may hold 100,000.
struct ListedMigration {
  std::int64_t id = 0;
  std::string file_name;  ///< `<digits>_<name>.sql`
  bool has_down = false;  ///< `<digits>_<name>.down.sql` is beside it
};

struct ListedFolder {
  std::filesystem::path directory;
  std::vector<ListedMigration> migrations;  ///< sorted by id, ties by file name
  /// What the names alone show: a name refused (with a rename that fits), a
  /// `.sql` file in a subfolder, two files with one id, a down without its
  /// up, an entry that is no regular file.
  std::vector<Diagnostic> problems;
};

/// Lists `directory` in migbundle's layout without reading a file. A folder
/// that cannot be listed is a UsageError.
[[nodiscard]] ListedFolder list_migbundle_folder(const std::filesystem::path& directory);

/// Reads `listed` (of `folder`) into `migration`, every field replaced and
/// its text's buffer reused: the SQL normalised, checksummed and its
/// directives read (set_migration_sql()), and the down's raw text when it has
/// one, for finish_down(). False, with a problem, when the file cannot be
/// read or embedded; a down that cannot be read is a problem, and `migration`
/// is then returned without it.
bool read_listed_migration(const ListedFolder& folder, const ListedMigration& listed, MigrationSource& migration,
                           std::vector<Diagnostic>& problems);

/// Only the down of `listed` into `migration` (its down fields replaced; unset without one).
void read_listed_down(const ListedFolder& folder, const ListedMigration& listed, MigrationSource& migration,
                      std::vector<Diagnostic>& problems);

}  // namespace migbundle::gen
