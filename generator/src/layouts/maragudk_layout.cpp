// maragudk/migrate: `<name>.up.sql` (and `.down.sql`), run in file-name
// order, recorded by name. Its pattern is `^([\w-]+).up.sql$` with the dot
// unescaped, so `<name>_up.sql` is an up migration too; migbundle reads the
// same files. The names carry no number: migbundle numbers the migrations
// 1, 2, 3... in that order, so a file must only ever be added after the last.
#include "layout_readers.hpp"
#include "layout_support.hpp"

#include <map>

namespace migbundle::gen {

using namespace layouts;

namespace {

bool is_word(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-';
}

/// For `<version><any char>up.sql` (or down): the version, else empty.
std::string version_of(const std::string& name, std::string_view direction) {
  const std::string suffix = std::string(direction) + ".sql";
  if (name.size() < suffix.size() + 2 || !ends_with(name, suffix)) return "";
  const std::string version = name.substr(0, name.size() - suffix.size() - 1);
  for (const char c : version) {
    if (!is_word(c)) return "";
  }
  return version;
}

}  // namespace

LoadedMigrations read_maragudk_layout(const std::filesystem::path& directory) {
  LoadedMigrations loaded;
  loaded.layout = Layout::maragudk;
  std::map<std::string, std::pair<std::string, std::string>> downs;  // version -> shown path, down text
  std::int64_t next_id = 1;
  for (const FolderEntry& entry : list_folder(directory)) {
    if (entry.directory || !ends_with(entry.name, ".sql")) continue;
    const std::string shown = display_path_of(directory, entry.name);
    const std::string up = version_of(entry.name, "up");
    const std::string down = up.empty() ? version_of(entry.name, "down") : "";
    if (up.empty() && down.empty()) {
      refuse_unread_sql(loaded, shown, "maragudk/migrate reads `<name>.up.sql` and `<name>.down.sql`");
      continue;
    }
    std::uintmax_t size = 0;
    std::optional<std::string> text = read_text(entry.path, shown, size, loaded.problems);
    if (!text) continue;
    if (!down.empty()) {
      downs[down] = {shown, std::move(*text)};
      continue;
    }
    MigrationSource migration;
    migration.id = next_id++;
    migration.name = up;
    migration.file_name = entry.name;
    migration.display_path = shown;
    migration.file_size = size;
    add_migration(loaded, std::move(migration), *text);
  }
  for (MigrationSource& m : loaded.migrations) {
    auto found = downs.find(m.name);
    if (found != downs.end()) {
      m.down_path = found->second.first;
      m.down_text = std::move(found->second.second);
    }
  }
  return loaded;
}

}  // namespace migbundle::gen
