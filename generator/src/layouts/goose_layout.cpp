// goose: `<version>_<name>.sql` with `-- +goose Up` / `-- +goose Down`
// sections. Only the Up section runs; StatementBegin/End lines group a
// statement for goose's own splitter and are left out (SQLite needs no help);
// `-- +goose NO TRANSACTION` becomes migbundle's no-transaction.
#include "layout_readers.hpp"
#include "layout_support.hpp"

#include <migbundle/bundle.hpp>

namespace migbundle::gen {

using namespace layouts;

namespace {

enum class Section { before, up, down };

/// The annotation of a `-- +goose ...` line, lower-cased, or empty.
std::string goose_annotation(std::string_view line) {
  const std::string_view trimmed = trim(line);
  if (!starts_with(trimmed, "--")) return "";
  const std::string_view rest = trim(trimmed.substr(2));
  if (!starts_with(lower(rest.substr(0, 6)), "+goose")) return "";
  return lower(rest);
}

void read_goose_file(LoadedMigrations& loaded, const FolderEntry& entry, const std::string& shown, std::int64_t id,
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
  Section section = Section::before;
  std::uint32_t flags = 0;
  int up_line = 0;
  bool ok = true;
  int line_number = 0;
  for (const std::string_view line : split_lines(*text)) {
    ++line_number;
    const std::string annotation = goose_annotation(line);
    if (annotation.empty()) {
      // Goose ends every line it keeps with a newline; so does migbundle, so
      // the SQL is the same whether or not the file ends with one.
      const std::string kept = line.back() == '\n' ? std::string(line) : std::string(line) + '\n';
      if (section == Section::up) up.append(kept, line_number);
      if (section == Section::down) down.append(kept, line_number);
      if (section == Section::before && !trim(line).empty() && !starts_with(trim(line), "--")) {
        loaded.problems.push_back({shown, line_number, 1, Severity::error,
                                   "has SQL before `-- +goose Up`, which goose refuses to run: move it below that line"});
        ok = false;
      }
      continue;
    }
    if (annotation == "+goose up") {
      if (section != Section::before) {
        loaded.problems.push_back({shown, line_number, 1, Severity::error,
                                   "has a second `-- +goose Up`; a goose file has one Up section, then one Down"});
        ok = false;
      }
      section = Section::up;
      up_line = line_number;
    } else if (annotation == "+goose down") {
      if (section == Section::down) {
        loaded.problems.push_back({shown, line_number, 1, Severity::error,
                                   "has a second `-- +goose Down`; a goose file has one Up section, then one Down"});
        ok = false;
      }
      section = Section::down;
    } else if (annotation == "+goose statementbegin" || annotation == "+goose statementend") {
      // goose's statement grouping: not needed, SQLite finds the statements itself.
    } else if (annotation == "+goose no transaction") {
      flags |= flag_no_transaction;
    } else if (starts_with(annotation, "+goose envsub")) {
      loaded.problems.push_back(
          {shown, line_number, 1, Severity::error,
           "turns on goose's ENVSUB, which fills in `${VAR}` from the environment when goose runs; migbundle embeds "
           "the SQL at build time, so the text would run as written: put the values in the SQL and remove this line"});
      ok = false;
    } else {
      loaded.problems.push_back({shown, line_number, 1, Severity::error,
                                 "has a goose annotation migbundle does not know (`" + std::string(trim(line)) +
                                     "`): goose reads Up, Down, StatementBegin, StatementEnd and NO TRANSACTION"});
      ok = false;
    }
  }
  if (up_line == 0) {
    loaded.problems.push_back({shown, 1, 1, Severity::error,
                               "has no `-- +goose Up` line, so goose would not run it: add one above the SQL"});
    return;
  }
  if (!ok) return;
  if (section == Section::down) migration.down_text = down.take_text();
  std::vector<int> lines = up.take_lines();
  const std::string up_text = up.take_text();
  add_migration(loaded, std::move(migration), up_text, std::move(lines), flags);
}

}  // namespace

LoadedMigrations read_goose_layout(const std::filesystem::path& directory) {
  LoadedMigrations loaded;
  loaded.layout = Layout::goose;
  for (const FolderEntry& entry : list_folder(directory)) {
    const std::string shown = display_path_of(directory, entry.name);
    if (entry.directory) continue;
    if (ends_with(entry.name, ".go")) {
      loaded.problems.push_back({shown, 1, 1, Severity::error,
                                 "is a goose migration written in Go: migbundle embeds SQL only. Write it as a "
                                 "`.sql` migration (or run it from the application before migrate())"});
      continue;
    }
    if (!ends_with(entry.name, ".sql")) continue;
    std::size_t digits = 0;
    const std::optional<std::int64_t> version = leading_number(entry.name, &digits);
    if (!version || digits >= entry.name.size() || entry.name[digits] != '_') {
      refuse_unread_sql(loaded, shown, "goose reads `<version>_<name>.sql`, the version a number below 2^63");
      continue;
    }
    read_goose_file(loaded, entry, shown, *version, entry.name.substr(digits + 1, entry.name.size() - digits - 5));
  }
  sort_and_check_ids(loaded, "the goose version");
  return loaded;
}

}  // namespace migbundle::gen
