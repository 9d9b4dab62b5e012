// ory/popx (Ory Kratos, Hydra, Keto): `<version>_<name>[.<dialect>]
// [.autocommit].up.sql`, run by version. Per version the SQLite file
// (`.sqlite3` or `.sqlite`) wins over the one for every dialect; other
// dialects' files are not SQLite's and are skipped. `.autocommit` becomes
// no-transaction. Versions are 20 digits, more than an id holds: migbundle
// numbers the versions 1, 2, 3... in order.
#include "layout_readers.hpp"
#include "layout_support.hpp"

#include <migbundle/bundle.hpp>

#include <map>

namespace migbundle::gen {

using namespace layouts;

namespace {

struct PopxFile {
  FolderEntry entry;
  std::string shown;
  std::string name;
  int rank = 0;  ///< 2: SQLite's own, 1: every dialect's
  bool autocommit = false;
  bool up = false;
};

/// The parts of a popx file name; false when it is not one, `skip` when it
/// is another dialect's.
bool parse_popx_name(const std::string& file, std::string& version, PopxFile& parsed, bool& skip) {
  std::size_t digits = 0;
  while (digits < file.size() && is_digit(file[digits])) ++digits;
  if (digits == 0 || digits >= file.size() || file[digits] != '_') return false;
  version = file.substr(0, digits);
  std::string rest = file.substr(digits + 1);
  if (ends_with(rest, ".up.sql")) {
    parsed.up = true;
    rest.resize(rest.size() - 7);
  } else if (ends_with(rest, ".down.sql")) {
    rest.resize(rest.size() - 9);
  } else {
    return false;
  }
  if (ends_with(rest, ".autocommit")) {
    parsed.autocommit = true;
    rest.resize(rest.size() - 11);
  }
  const std::size_t dot = rest.find('.');
  parsed.name = rest.substr(0, dot);
  const std::string dialect = dot == std::string::npos ? "" : rest.substr(dot + 1);
  parsed.rank = dialect.empty() ? 1 : 2;
  skip = !dialect.empty() && dialect != "sqlite3" && dialect != "sqlite";
  return !parsed.name.empty();
}

}  // namespace

LoadedMigrations read_popx_layout(const std::filesystem::path& directory) {
  LoadedMigrations loaded;
  loaded.layout = Layout::popx;
  // Versions have one width (popx's are 20 digits); order them as numbers anyway.
  auto numeric = [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() < b.size() : a < b;
  };
  std::map<std::string, PopxFile, decltype(numeric)> ups(numeric);
  std::map<std::string, PopxFile, decltype(numeric)> downs(numeric);
  for (const FolderEntry& entry : list_folder(directory)) {
    if (entry.directory) continue;
    const std::string shown = display_path_of(directory, entry.name);
    if (ends_with(entry.name, ".fizz")) {
      loaded.problems.push_back({shown, 1, 1, Severity::error,
                                 "is a fizz migration (pop's own language, translated to SQL when it runs): migbundle "
                                 "embeds SQL. Write it as `.sqlite3.up.sql`"});
      continue;
    }
    if (!ends_with(entry.name, ".sql")) continue;
    std::string version;
    PopxFile parsed{entry, shown, "", 0, false, false};
    bool skip = false;
    if (!parse_popx_name(entry.name, version, parsed, skip)) {
      refuse_unread_sql(loaded, shown, "popx reads `<version>_<name>[.<dialect>][.autocommit].up.sql` and `.down.sql`");
      continue;
    }
    if (skip) continue;
    auto& chosen = parsed.up ? ups : downs;
    auto found = chosen.find(version);
    if (found == chosen.end() || found->second.rank < parsed.rank) {
      chosen[version] = std::move(parsed);
    } else if (found->second.rank == parsed.rank) {
      loaded.problems.push_back({shown, 1, 1, Severity::error,
                                 "has the version of `" + found->second.entry.name +
                                     "` for the same dialect: popx would fail on it too; give one a new version"});
    }
  }
  std::int64_t next_id = 1;
  for (auto& [version, file] : ups) {
    MigrationSource migration;
    migration.id = next_id++;
    migration.name = version + "_" + file.name;
    migration.file_name = file.entry.name;
    migration.display_path = file.shown;
    const std::optional<std::string> text = read_text(file.entry.path, file.shown, migration.file_size, loaded.problems);
    if (!text) continue;
    auto down = downs.find(version);
    if (down != downs.end()) {
      std::uintmax_t size = 0;
      migration.down_path = down->second.shown;
      migration.down_text = read_text(down->second.entry.path, down->second.shown, size, loaded.problems);
    }
    add_migration(loaded, std::move(migration), *text, {}, file.autocommit ? std::uint32_t{flag_no_transaction} : 0u);
  }
  return loaded;
}

}  // namespace migbundle::gen
