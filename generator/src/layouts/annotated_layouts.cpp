// The layouts whose files carry their sections in annotations: goose
// (`-- +goose Up` / `-- +goose Down`) and sql-migrate (`-- +migrate Up` /
// `-- +migrate Down`), both `<version>_<name>.sql`. Only the Up section runs;
// StatementBegin/End lines group a statement for the tool's own splitter and
// are left out (SQLite needs no help); goose's `-- +goose NO TRANSACTION` and
// sql-migrate's `-- +migrate Up notransaction` become migbundle's no-transaction.
#include "layout_readers.hpp"
#include "layout_support.hpp"

#include <migbundle/bundle.hpp>

namespace migbundle::gen {

using namespace layouts;

namespace {

enum class Section { before, up, down };

/// What differs between the two tools.
struct Dialect {
  Layout layout;
  const char* tool;          ///< `goose`
  const char* marker;        ///< `+goose`, lower-case
  const char* up;            ///< `+goose up`: the annotations, lower-cased, single-spaced
  const char* up_no_transaction;  ///< an Up that also says no transaction (sql-migrate), or ""
  const char* no_transaction;     ///< a line of its own (goose), or ""
  const char* known;         ///< for an unknown annotation's message
};

constexpr Dialect goose{Layout::goose, "goose", "+goose", "+goose up", "", "+goose no transaction",
                        "goose reads Up, Down, StatementBegin, StatementEnd and NO TRANSACTION"};
constexpr Dialect sql_migrate{Layout::sql_migrate, "sql-migrate", "+migrate", "+migrate up",
                              "+migrate up notransaction", "",
                              "sql-migrate reads Up (and Up notransaction), Down, StatementBegin and StatementEnd"};

/// The annotation of a `-- +goose ...` line, lower-cased, its words single-spaced, or empty.
std::string annotation_of(std::string_view line, const Dialect& dialect) {
  const std::string_view trimmed = trim(line);
  if (!starts_with(trimmed, "--")) return "";
  const std::string_view rest = trim(trimmed.substr(2));
  const std::string_view marker = dialect.marker;
  if (lower(rest.substr(0, marker.size())) != marker) return "";
  std::string words;
  bool space = false;
  for (const char c : lower(rest)) {
    if (c == ' ' || c == '\t') {
      space = !words.empty();
      continue;
    }
    if (space) words += ' ';
    space = false;
    words += c;
  }
  return words;
}

void read_annotated_file(LoadedMigrations& loaded, const FolderEntry& entry, const std::string& shown, std::int64_t id,
                         std::string name, const Dialect& dialect) {
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
    const std::string annotation = annotation_of(line, dialect);
    if (annotation.empty()) {
      // Goose ends every line it keeps with a newline; so does migbundle, so
      // the SQL is the same whether or not the file ends with one.
      const std::string kept = line.back() == '\n' ? std::string(line) : std::string(line) + '\n';
      if (section == Section::up) up.append(kept, line_number);
      if (section == Section::down) down.append(kept, line_number);
      if (section == Section::before && !trim(line).empty() && !starts_with(trim(line), "--")) {
        loaded.problems.push_back({shown, line_number, 1, Severity::error,
                                   "has SQL before `-- " + std::string(dialect.marker) + " Up`, which " + dialect.tool +
                                       " does not run as up: move it below that line"});
        ok = false;
      }
      continue;
    }
    const std::string marker = dialect.marker;
    const std::string one_up_then_down = "; a " + std::string(dialect.tool) + " file has one Up section, then one Down";
    if (annotation == dialect.up || annotation == dialect.up_no_transaction) {
      if (section != Section::before) {
        loaded.problems.push_back({shown, line_number, 1, Severity::error,
                                   "has a second `-- " + marker + " Up`" + one_up_then_down});
        ok = false;
      }
      section = Section::up;
      up_line = line_number;
      if (annotation == dialect.up_no_transaction) flags |= flag_no_transaction;
    } else if (annotation == marker + " down") {
      if (section == Section::down) {
        loaded.problems.push_back({shown, line_number, 1, Severity::error,
                                   "has a second `-- " + marker + " Down`" + one_up_then_down});
        ok = false;
      }
      section = Section::down;
    } else if (annotation == marker + " statementbegin" || annotation == marker + " statementend") {
      // The tool's statement grouping: not needed, SQLite finds the statements itself.
    } else if (annotation == dialect.no_transaction) {
      flags |= flag_no_transaction;
    } else if (dialect.layout == Layout::goose && starts_with(annotation, "+goose envsub")) {
      loaded.problems.push_back(
          {shown, line_number, 1, Severity::error,
           "turns on goose's ENVSUB, which fills in `${VAR}` from the environment when goose runs; migbundle embeds "
           "the SQL at build time, so the text would run as written: put the values in the SQL and remove this line"});
      ok = false;
    } else {
      loaded.problems.push_back({shown, line_number, 1, Severity::error,
                                 "has " + std::string(dialect.layout == Layout::goose ? "a goose" : "an sql-migrate") +
                                     " annotation migbundle does not know (`" + std::string(trim(line)) +
                                     "`): " + dialect.known});
      ok = false;
    }
  }
  if (up_line == 0) {
    loaded.problems.push_back({shown, 1, 1, Severity::error,
                               "has no `-- " + std::string(dialect.marker) + " Up` line, so " + dialect.tool +
                                   " would not run it: add one above the SQL"});
    return;
  }
  if (!ok) return;
  if (section == Section::down) {
    migration.down_source_lines = down.take_lines();
    migration.down_text = down.take_text();
  }
  std::vector<int> lines = up.take_lines();
  const std::string up_text = up.take_text();
  add_migration(loaded, std::move(migration), up_text, std::move(lines), flags);
}

LoadedMigrations read_annotated_layout(const std::filesystem::path& directory, const Dialect& dialect) {
  LoadedMigrations loaded;
  loaded.layout = dialect.layout;
  for (const FolderEntry& entry : list_folder(directory)) {
    const std::string shown = display_path_of(directory, entry.name);
    if (entry.directory) continue;
    if (dialect.layout == Layout::goose && ends_with(entry.name, ".go")) {
      loaded.problems.push_back({shown, 1, 1, Severity::error,
                                 "is a goose migration written in Go: migbundle embeds SQL only. Write it as a "
                                 "`.sql` migration (or run it from the application before migrate())"});
      continue;
    }
    if (!ends_with(entry.name, ".sql")) continue;
    std::size_t digits = 0;
    const std::optional<std::int64_t> version = leading_number(entry.name, &digits);
    if (!version || digits >= entry.name.size() || entry.name[digits] != '_') {
      refuse_unread_sql(loaded, shown,
                        std::string(dialect.tool) +
                            (dialect.layout == Layout::goose
                                 ? " reads `<version>_<name>.sql`, the version a number below 2^63"
                                 : " orders files by their leading number; migbundle takes it as the id, so it reads "
                                   "`<number>_<name>.sql`, the number below 2^63"));
      continue;
    }
    read_annotated_file(loaded, entry, shown, *version, entry.name.substr(digits + 1, entry.name.size() - digits - 5),
                        dialect);
  }
  sort_and_check_ids(loaded, dialect.layout == Layout::goose ? "the goose version" : "the file's leading number");
  return loaded;
}

}  // namespace

LoadedMigrations read_goose_layout(const std::filesystem::path& directory) {
  return read_annotated_layout(directory, goose);
}

LoadedMigrations read_sql_migrate_layout(const std::filesystem::path& directory) {
  return read_annotated_layout(directory, sql_migrate);
}

}  // namespace migbundle::gen
