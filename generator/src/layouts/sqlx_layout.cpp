// sqlx: `<version>_<description>.sql`, or reversible `.up.sql`/`.down.sql`
// pairs, run by version. A first line `-- no-transaction` becomes
// migbundle's no-transaction.
#include "layout_readers.hpp"
#include "layout_support.hpp"

#include <migbundle/bundle.hpp>

#include <map>

namespace migbundle::gen {

using namespace layouts;

LoadedMigrations read_sqlx_layout(const std::filesystem::path& directory) {
  LoadedMigrations loaded;
  loaded.layout = Layout::sqlx;
  std::map<std::int64_t, std::pair<std::string, std::string>> downs;  // version -> shown path, down text
  for (const FolderEntry& entry : list_folder(directory)) {
    if (entry.directory || !ends_with(entry.name, ".sql")) continue;
    const std::string shown = display_path_of(directory, entry.name);
    std::size_t digits = 0;
    const std::optional<std::int64_t> version = leading_number(entry.name, &digits);
    if (!version || digits >= entry.name.size() || entry.name[digits] != '_') {
      refuse_unread_sql(loaded, shown, "sqlx reads `<version>_<description>.sql`, the version a number below 2^63");
      continue;
    }
    if (ends_with(entry.name, ".down.sql")) {
      std::uintmax_t size = 0;
      if (std::optional<std::string> text = read_text(entry.path, shown, size, loaded.problems)) {
        downs[*version] = {shown, std::move(*text)};
      }
      continue;
    }
    MigrationSource migration;
    migration.id = *version;
    const std::size_t suffix = ends_with(entry.name, ".up.sql") ? 7 : 4;
    migration.name = entry.name.substr(digits + 1, entry.name.size() - digits - 1 - suffix);
    migration.file_name = entry.name;
    migration.display_path = shown;
    const std::optional<std::string> text = read_text(entry.path, shown, migration.file_size, loaded.problems);
    if (!text) continue;
    // sqlx's rule: the file's first line, exactly.
    const std::uint32_t flags = starts_with(*text, "-- no-transaction\n") || *text == "-- no-transaction"
                                    ? std::uint32_t{flag_no_transaction}
                                    : 0u;
    add_migration(loaded, std::move(migration), *text, {}, flags);
  }
  for (MigrationSource& m : loaded.migrations) {
    auto down = downs.find(m.id);
    if (down != downs.end()) {
      m.down_text = std::move(down->second.second);
      m.down_path = down->second.first;
      downs.erase(down);
    }
  }
  for (const auto& [version, down] : downs) {
    loaded.warnings.push_back({down.first, 1, 1, Severity::warning,
                               "is a down migration without an up (version " + std::to_string(version) +
                                   "): nothing runs it; add its up, or remove it"});
  }
  sort_and_check_ids(loaded, "the sqlx version");
  return loaded;
}

}  // namespace migbundle::gen
