// The layouts with a folder per migration, run in folder-name order:
// diesel (`<version>_<name>/up.sql`, `down.sql`, `metadata.toml`) and Prisma
// (`<timestamp>_<name>/migration.sql`). The version's digits are the id
// (`2018-06-01-112529` is 20180601112529).
#include "layout_readers.hpp"
#include "layout_support.hpp"

#include <migbundle/bundle.hpp>

#include <algorithm>
#include <system_error>

namespace migbundle::gen {

using namespace layouts;

namespace {

namespace fs = std::filesystem;

/// `<version>_<name>` where the version is digits and dashes: its digits and
/// the name; false otherwise.
bool parse_folder_name(const std::string& folder, std::string& digits, std::string& name) {
  const std::size_t underscore = folder.find('_');
  if (underscore == std::string::npos || underscore == 0 || underscore + 1 == folder.size()) return false;
  digits.clear();
  for (std::size_t i = 0; i < underscore; ++i) {
    if (is_digit(folder[i])) {
      digits += folder[i];
    } else if (folder[i] != '-') {
      return false;
    }
  }
  name = folder.substr(underscore + 1);
  return !digits.empty();
}

/// diesel's `metadata.toml`: `run_in_transaction = false` is no-transaction.
std::uint32_t read_diesel_metadata(const fs::path& file, const std::string& shown, LoadedMigrations& loaded) {
  std::error_code error;
  if (!fs::exists(file, error)) return 0;
  std::uintmax_t size = 0;
  const std::optional<std::string> text = read_text(file, shown, size, loaded.problems);
  if (!text) return 0;
  std::uint32_t flags = 0;
  int line_number = 0;
  for (const std::string_view line : split_lines(*text)) {
    ++line_number;
    std::string setting;
    for (const char c : trim(line)) {
      if (c != ' ' && c != '\t') setting += c;
    }
    if (setting.empty() || setting.front() == '#') continue;
    if (setting == "run_in_transaction=false") {
      flags |= flag_no_transaction;
    } else if (setting != "run_in_transaction=true") {
      loaded.problems.push_back({shown, line_number, 1, Severity::error,
                                 "sets `" + std::string(trim(line)) +
                                     "`, which migbundle does not carry over: it reads `run_in_transaction` only"});
    }
  }
  return flags;
}

LoadedMigrations read_folders(const fs::path& directory, Layout layout, const std::string& up_file,
                              const std::string& tool) {
  LoadedMigrations loaded;
  loaded.layout = layout;
  const std::vector<FolderEntry> entries = list_folder(directory);
  std::size_t width = 0;
  for (const FolderEntry& entry : entries) {
    std::string digits;
    std::string name;
    if (entry.directory && parse_folder_name(entry.name, digits, name)) width = std::max(width, digits.size());
  }
  for (const FolderEntry& entry : entries) {
    const std::string shown = display_path_of(directory, entry.name);
    if (!entry.directory) {
      if (ends_with(entry.name, ".sql")) {
        refuse_unread_sql(loaded, shown, tool + " reads `<version>_<name>/" + up_file + "`, a folder per migration");
      }
      continue;
    }
    MigrationSource migration;
    std::string digits;
    std::string name;
    const std::string file_shown = display_path_of(directory, entry.name + "/" + up_file);
    std::error_code error;
    const bool has_up = fs::is_regular_file(entry.path / up_file, error);
    std::size_t counted = 0;
    const bool named = parse_folder_name(entry.name, digits, name);
    const std::optional<std::int64_t> id =
        named ? leading_number(digits + std::string(width - digits.size(), '0'), &counted) : std::nullopt;
    if (!id) {
      if (has_up) {
        loaded.problems.push_back({file_shown, 1, 1, Severity::error,
                                   "is in a folder whose name is not `<version>_<name>` (the version digits and "
                                   "dashes, below 2^63), so migbundle has no id for it: rename the folder"});
      }
      continue;
    }
    if (!has_up) {
      loaded.problems.push_back({shown, 1, 1, Severity::error,
                                 "is a migration folder without `" + up_file + "`, which " + tool +
                                     " refuses: add it, or remove the folder"});
      continue;
    }
    migration.id = *id;
    migration.name = name;
    migration.file_name = entry.name + "/" + up_file;
    migration.display_path = file_shown;
    const std::optional<std::string> text =
        read_text(entry.path / up_file, file_shown, migration.file_size, loaded.problems);
    if (!text) continue;
    std::uint32_t flags = 0;
    if (layout == Layout::diesel) {
      if (fs::is_regular_file(entry.path / "down.sql", error)) {
        std::uintmax_t size = 0;
        migration.down_path = display_path_of(directory, entry.name + "/down.sql");
        migration.down_text = read_text(entry.path / "down.sql", migration.down_path, size, loaded.problems);
      }
      flags = read_diesel_metadata(entry.path / "metadata.toml",
                                   display_path_of(directory, entry.name + "/metadata.toml"), loaded);
    }
    add_migration(loaded, std::move(migration), *text, {}, flags);
  }
  check_name_order(loaded, tool);
  sort_and_check_ids(loaded, "the digits of the folder's version");
  return loaded;
}

}  // namespace

LoadedMigrations read_diesel_layout(const fs::path& directory) {
  return read_folders(directory, Layout::diesel, "up.sql", "diesel");
}

LoadedMigrations read_prisma_layout(const fs::path& directory) {
  return read_folders(directory, Layout::prisma, "migration.sql", "Prisma");
}

}  // namespace migbundle::gen
