// Cloudflare D1 (`wrangler d1 migrations`): `<NNNN>_<name>.sql`, run in
// file-name order, each file as it is.
#include "layout_readers.hpp"
#include "layout_support.hpp"

namespace migbundle::gen {

using namespace layouts;

LoadedMigrations read_wrangler_layout(const std::filesystem::path& directory) {
  LoadedMigrations loaded;
  loaded.layout = Layout::wrangler;
  for (const FolderEntry& entry : list_folder(directory)) {
    if (entry.directory || !ends_with(entry.name, ".sql")) continue;
    const std::string shown = display_path_of(directory, entry.name);
    std::size_t digits = 0;
    const std::optional<std::int64_t> number = leading_number(entry.name, &digits);
    if (!number || digits >= entry.name.size() || entry.name[digits] != '_') {
      // wrangler runs any `.sql` file by name; migbundle needs a number for the id.
      refuse_unread_sql(loaded, shown, "migbundle reads wrangler's `<NNNN>_<name>.sql`: the number is the id");
      continue;
    }
    MigrationSource migration;
    migration.id = *number;
    migration.name = entry.name.substr(digits + 1, entry.name.size() - digits - 5);
    migration.file_name = entry.name;
    migration.display_path = shown;
    const std::optional<std::string> text = read_text(entry.path, shown, migration.file_size, loaded.problems);
    if (text) add_migration(loaded, std::move(migration), *text);
  }
  check_name_order(loaded, "wrangler");
  sort_and_check_ids(loaded, "the number the file name starts with");
  return loaded;
}

}  // namespace migbundle::gen
