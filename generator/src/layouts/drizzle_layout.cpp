// drizzle-kit: `meta/_journal.json` lists the migrations in the order they
// run, each `<tag>.sql` beside `meta/`. drizzle splits a file at
// `--> statement-breakpoint` and runs each piece; migbundle runs the file as
// one script with each marker replaced by a newline, which runs the same
// statements provided every piece ends its last statement (a `;`): one that
// does not is an error, since the next piece would continue its statement.
#include "layout_readers.hpp"
#include "layout_support.hpp"

#include <migbundle/generator/sql_statements.hpp>

#include <nlohmann/json.hpp>

#include <set>

namespace migbundle::gen {

using namespace layouts;

namespace {

namespace fs = std::filesystem;

constexpr std::string_view breakpoint = "--> statement-breakpoint";

/// 1-based line of `offset` in `text`.
int line_of(std::string_view text, std::size_t offset) {
  int line = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) line += text[i] == '\n' ? 1 : 0;
  return line;
}

/// True when `piece` ends its last statement: a statement placed after it
/// would start on its own.
bool ends_its_statements(std::string_view piece) {
  const std::size_t alone = statement_starts(piece).size();
  return statement_starts(std::string(piece) + "\nSELECT 1").size() == alone + 1;
}

void read_drizzle_file(LoadedMigrations& loaded, const fs::path& file, const std::string& shown, std::int64_t id,
                       const std::string& tag) {
  MigrationSource migration;
  migration.id = id;
  std::size_t digits = 0;
  (void)leading_number(tag, &digits);
  migration.name = digits > 0 && digits < tag.size() && tag[digits] == '_' ? tag.substr(digits + 1) : tag;
  migration.file_name = tag + ".sql";
  migration.display_path = shown;
  const std::optional<std::string> text = read_text(file, shown, migration.file_size, loaded.problems);
  if (!text) return;
  MappedText script;
  bool ok = true;
  int line = 1;
  std::size_t start = 0;
  for (std::size_t found = text->find(breakpoint); found != std::string::npos;
       found = text->find(breakpoint, start)) {
    const std::string_view piece = std::string_view(*text).substr(start, found - start);
    script.append(piece, line);
    line += line_of(piece, piece.size()) - 1;
    if (!ends_its_statements(piece)) {
      loaded.problems.push_back({shown, line, 1, Severity::error,
                                 "has a `--> statement-breakpoint` after a statement without its closing `;`: drizzle "
                                 "runs each piece alone, migbundle runs the file as one script, where the next piece "
                                 "would continue that statement. Add the `;` before the marker"});
      ok = false;
    }
    script.insert("\n", line);
    start = found + breakpoint.size();
  }
  script.append(std::string_view(*text).substr(start), line);
  if (!ok) return;
  std::vector<int> lines = script.take_lines();
  const std::string sql = script.take_text();
  add_migration(loaded, std::move(migration), sql, std::move(lines));
}

}  // namespace

LoadedMigrations read_drizzle_layout(const fs::path& directory) {
  LoadedMigrations loaded;
  loaded.layout = Layout::drizzle;
  const std::string journal_shown = display_path_of(directory, "meta/_journal.json");
  std::uintmax_t size = 0;
  const std::optional<std::string> journal_text =
      read_text(directory / "meta" / "_journal.json", journal_shown, size, loaded.problems);
  if (!journal_text) {
    loaded.problems.back().message = "is missing or cannot be read: a drizzle folder lists its migrations there";
    return loaded;
  }
  nlohmann::json journal;
  try {
    journal = nlohmann::json::parse(*journal_text);
  } catch (const nlohmann::json::parse_error& e) {
    loaded.problems.push_back({journal_shown, line_of(*journal_text, e.byte == 0 ? 0 : e.byte - 1), 1, Severity::error,
                               std::string("is not valid JSON (") + e.what() + "): restore it from version control"});
    return loaded;
  }
  const auto bad_journal = [&](int line, const std::string& what) {
    loaded.problems.push_back({journal_shown, line, 1, Severity::error, what});
  };
  if (!journal.is_object() || !journal.contains("entries") || !journal["entries"].is_array()) {
    bad_journal(1, "has no `entries` list, so it is not drizzle-kit's journal: restore it from version control");
    return loaded;
  }
  if (journal.contains("dialect") && journal["dialect"] != "sqlite" && journal["dialect"] != "turso") {
    const nlohmann::json& dialect = journal["dialect"];
    bad_journal(1, "is for drizzle's `" + (dialect.is_string() ? dialect.get<std::string>() : dialect.dump()) +
                       "` dialect; migbundle applies SQLite migrations: give it the folder drizzle-kit generated "
                       "for SQLite");
    return loaded;
  }
  std::set<std::string> listed;
  std::int64_t previous = -1;
  for (const nlohmann::json& entry : journal["entries"]) {
    const bool has_tag = entry.is_object() && entry.contains("tag") && entry["tag"].is_string();
    const std::string tag = has_tag ? entry["tag"].get<std::string>() : "";
    const std::size_t at = has_tag ? journal_text->find("\"" + tag + "\"") : std::string::npos;
    const int line = at == std::string::npos ? 1 : line_of(*journal_text, at);
    if (!has_tag || !entry.contains("idx") || !entry["idx"].is_number_integer()) {
      bad_journal(line, "has an entry without a string `tag` and a whole-number `idx`: restore it from version control");
      continue;
    }
    const std::int64_t idx = entry["idx"].get<std::int64_t>();
    if (idx <= previous) {
      bad_journal(line, "lists `" + tag + "` with idx " + std::to_string(idx) + ", not above the entry before it (" +
                            std::to_string(previous) + "); migbundle takes idx as the id: restore the journal");
      continue;
    }
    previous = idx;
    listed.insert(tag + ".sql");
    const fs::path file = directory / (tag + ".sql");
    const std::string shown = display_path_of(directory, tag + ".sql");
    std::error_code error;
    if (!fs::is_regular_file(file, error)) {
      bad_journal(line, "lists `" + tag + "`, but `" + shown +
                            "` is missing: restore the file, or the journal, from version control");
      continue;
    }
    read_drizzle_file(loaded, file, shown, idx, tag);
  }
  for (const FolderEntry& entry : list_folder(directory)) {
    if (entry.directory || !ends_with(entry.name, ".sql") || listed.count(entry.name) != 0) continue;
    loaded.warnings.push_back({display_path_of(directory, entry.name), 1, 1, Severity::warning,
                               "is not listed in `meta/_journal.json`, so drizzle never runs it, and neither does "
                               "migbundle: add it with drizzle-kit, or move it out of the folder"});
  }
  return loaded;
}

}  // namespace migbundle::gen
