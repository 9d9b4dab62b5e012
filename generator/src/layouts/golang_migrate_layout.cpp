// golang-migrate: `<version>_<name>.up.sql` and `.down.sql`, run by version.
// Its SQLite driver wraps each file in a transaction unless told not to, so
// projects that wrote their own `BEGIN;` ... `COMMIT;` around a file used
// `x-no-tx-wrap`: migbundle runs what is between them in its own
// transaction, with the tracking row, and says so; the file stays as it is.
#include "layout_readers.hpp"
#include "layout_support.hpp"

#include <migbundle/generator/sql_statements.hpp>

#include <map>

namespace migbundle::gen {

using namespace layouts;

namespace {

bool is_begin(const StatementStart& s) { return !s.words.empty() && s.words[0] == "BEGIN"; }
bool is_commit(const StatementStart& s) {
  return !s.words.empty() && (s.words[0] == "COMMIT" || s.words[0] == "END");
}

/// Blanks `text` from `offset` through the `;` that ends the statement there
/// (or to the end), keeping newlines so every line keeps its number.
void blank_statement(std::string& text, std::size_t offset) {
  std::size_t end = text.find(';', offset);
  end = end == std::string::npos ? text.size() : end + 1;
  for (std::size_t i = offset; i < end; ++i) {
    if (text[i] != '\n') text[i] = ' ';
  }
}

/// A file that opens with BEGIN and closes with COMMIT (or END): the two
/// blanked, with a warning saying what runs instead. Transaction control
/// anywhere else stays, for lint to refuse with its line.
void unwrap_own_transaction(std::string& text, const std::string& shown, std::vector<Diagnostic>& warnings) {
  const std::vector<StatementStart> statements = statement_starts(text);
  if (statements.size() < 2 || !is_begin(statements.front()) || !is_commit(statements.back())) return;
  const StatementStart begin = statements.front();
  const StatementStart commit = statements.back();
  blank_statement(text, commit.offset);
  blank_statement(text, begin.offset);
  warnings.push_back({shown, begin.line, begin.column, Severity::warning,
                      "wraps itself in `BEGIN` (here) ... `COMMIT` (line " + std::to_string(commit.line) +
                          "), as golang-migrate's `x-no-tx-wrap` needs: migbundle runs the statements between them "
                          "in its own transaction, together with the tracking row, and leaves the two out. Nothing "
                          "to edit; the checksum is of the file as run"});
}

}  // namespace

LoadedMigrations read_golang_migrate_layout(const std::filesystem::path& directory) {
  LoadedMigrations loaded;
  loaded.layout = Layout::golang_migrate;
  std::map<std::int64_t, std::pair<std::string, std::string>> downs;  // version -> shown path, down text
  for (const FolderEntry& entry : list_folder(directory)) {
    if (entry.directory || !ends_with(entry.name, ".sql")) continue;
    const std::string shown = display_path_of(directory, entry.name);
    std::size_t digits = 0;
    const std::optional<std::int64_t> version = leading_number(entry.name, &digits);
    const bool up = ends_with(entry.name, ".up.sql");
    const bool down = ends_with(entry.name, ".down.sql");
    if (!version || digits >= entry.name.size() || entry.name[digits] != '_' || (!up && !down)) {
      refuse_unread_sql(loaded, shown,
                        "golang-migrate reads `<version>_<name>.up.sql` and `.down.sql`, the version a number "
                        "below 2^63");
      continue;
    }
    std::uintmax_t size = 0;
    std::optional<std::string> text = read_text(entry.path, shown, size, loaded.problems);
    if (!text) continue;
    if (down) {
      unwrap_own_transaction(*text, shown, loaded.warnings);  // as its up: it runs in the rollback's transaction
      downs[*version] = {shown, std::move(*text)};
      continue;
    }
    MigrationSource migration;
    migration.id = *version;
    migration.name = entry.name.substr(digits + 1, entry.name.size() - digits - 8);
    migration.file_name = entry.name;
    migration.display_path = shown;
    migration.file_size = size;
    unwrap_own_transaction(*text, shown, loaded.warnings);
    add_migration(loaded, std::move(migration), *text);
  }
  for (MigrationSource& m : loaded.migrations) {
    auto found = downs.find(m.id);
    if (found == downs.end()) continue;
    m.down_text = std::move(found->second.second);
    m.down_path = found->second.first;
    downs.erase(found);
  }
  for (const auto& [version, down] : downs) {
    loaded.warnings.push_back({down.first, 1, 1, Severity::warning,
                               "is a down migration without an up (version " + std::to_string(version) +
                                   "): nothing runs it; add its up, or remove it"});
  }
  sort_and_check_ids(loaded, "the golang-migrate version");
  return loaded;
}

}  // namespace migbundle::gen
