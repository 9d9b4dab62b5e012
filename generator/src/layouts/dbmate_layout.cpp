// dbmate: `<version>_<name>.sql` with `-- migrate:up` and `-- migrate:down`
// sections, run in file-name order. Only the up section runs;
// `transaction:false` on its line becomes migbundle's no-transaction. SQL
// before the first marker is an error, as in dbmate.
#include "layout_readers.hpp"
#include "layout_support.hpp"

#include <migbundle/bundle.hpp>

namespace migbundle::gen {

using namespace layouts;

namespace {

/// `-- migrate:up ...` or `-- migrate:down ...`: which, and the options after it.
struct Marker {
  bool up = false;
  bool down = false;
  std::string_view options;
};

Marker dbmate_marker(std::string_view line) {
  Marker marker;
  // dbmate's rule: a line starting with `--`, optional white space, `migrate:up` or `migrate:down`.
  if (!starts_with(line, "--")) return marker;
  std::string_view rest = line.substr(2);
  while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
  if (starts_with(rest, "migrate:up")) {
    marker.up = true;
    marker.options = trim(rest.substr(10));
  } else if (starts_with(rest, "migrate:down")) {
    marker.down = true;
    marker.options = trim(rest.substr(12));
  }
  return marker;
}

void read_dbmate_file(LoadedMigrations& loaded, const FolderEntry& entry, const std::string& shown, std::int64_t id,
                      std::string name) {
  MigrationSource migration;
  migration.id = id;
  migration.name = std::move(name);
  migration.file_name = entry.name;
  migration.display_path = shown;
  const std::optional<std::string> text = read_text(entry.path, shown, migration.file_size, loaded.problems);
  if (!text) return;

  MappedText up;
  MappedText down;
  int up_line = 0;
  int down_line = 0;
  std::uint32_t flags = 0;
  bool ok = true;
  int early_sql = 0;  // the first line of SQL before any marker
  int line_number = 0;
  for (const std::string_view line : split_lines(*text)) {
    ++line_number;
    const Marker marker = dbmate_marker(line);
    if (!marker.up && !marker.down) {
      const std::string kept = line.back() == '\n' ? std::string(line) : std::string(line) + '\n';
      if (up_line != 0 && down_line == 0) up.append(kept, line_number);
      if (down_line != 0) down.append(kept, line_number);
      const std::string_view trimmed = trim(line);
      if (up_line == 0 && down_line == 0 && early_sql == 0 && !trimmed.empty() && !starts_with(trimmed, "--")) {
        early_sql = line_number;
      }
      continue;
    }
    if ((marker.up && up_line != 0) || (marker.down && down_line != 0) || (marker.up && down_line != 0)) {
      loaded.problems.push_back({shown, line_number, 1, Severity::error,
                                 "has a second `-- migrate:` section or `up` after `down`; a dbmate file has one "
                                 "`-- migrate:up` section, then one `-- migrate:down`"});
      ok = false;
      continue;
    }
    (marker.up ? up_line : down_line) = line_number;
    std::string_view options = marker.options;
    while (!options.empty()) {
      const std::size_t space = options.find_first_of(" \t");
      const std::string_view option = options.substr(0, space);
      if (option == "transaction:false") {
        if (marker.up) flags |= flag_no_transaction;
      } else if (option != "transaction:true") {
        loaded.problems.push_back({shown, line_number, 1, Severity::error,
                                   "has a dbmate option migbundle does not know (`" + std::string(option) +
                                       "`): dbmate reads `transaction:false` and `transaction:true`"});
        ok = false;
      }
      options = space == std::string_view::npos ? std::string_view() : trim(options.substr(space));
    }
  }
  if (up_line == 0) {
    loaded.problems.push_back({shown, 1, 1, Severity::error,
                               "has no `-- migrate:up` line, so dbmate would not run it: add one above the SQL"});
    return;
  }
  if (early_sql != 0) {
    // dbmate refuses such a file; migbundle would otherwise drop the SQL unseen.
    loaded.problems.push_back({shown, early_sql, 1, Severity::error,
                               "has SQL before `-- migrate:up`, which dbmate refuses to run: move it below that line"});
    return;
  }
  if (!ok) return;
  if (down_line != 0) {
    migration.down_source_lines = down.take_lines();
    migration.down_text = down.take_text();
  }
  std::vector<int> lines = up.take_lines();
  const std::string up_text = up.take_text();
  add_migration(loaded, std::move(migration), up_text, std::move(lines), flags);
}

}  // namespace

LoadedMigrations read_dbmate_layout(const std::filesystem::path& directory) {
  LoadedMigrations loaded;
  loaded.layout = Layout::dbmate;
  for (const FolderEntry& entry : list_folder(directory)) {
    if (entry.directory || !ends_with(entry.name, ".sql")) continue;
    const std::string shown = display_path_of(directory, entry.name);
    std::size_t digits = 0;
    const std::optional<std::int64_t> version = leading_number(entry.name, &digits);
    if (!version || digits >= entry.name.size() || entry.name[digits] != '_') {
      refuse_unread_sql(loaded, shown, "dbmate reads `<version>_<name>.sql`, the version a number below 2^63");
      continue;
    }
    read_dbmate_file(loaded, entry, shown, *version, entry.name.substr(digits + 1, entry.name.size() - digits - 5));
  }
  // dbmate runs files in name order: ids must rise in that order too.
  check_name_order(loaded, "dbmate");
  sort_and_check_ids(loaded, "the dbmate version");
  return loaded;
}

}  // namespace migbundle::gen
