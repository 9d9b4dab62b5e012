#include "layout_support.hpp"

#include <migbundle/generator/normalize.hpp>
#include <migbundle/generator/source.hpp>

#include <algorithm>
#include <system_error>

namespace migbundle::gen::layouts {

namespace fs = std::filesystem;

std::vector<FolderEntry> list_folder(const fs::path& directory) {
  std::error_code error;
  fs::directory_iterator entries(directory, error);
  if (error) throw UsageError("cannot list `" + directory.generic_string() + "`: " + error.message());
  std::vector<FolderEntry> listed;
  for (const fs::directory_entry& entry : entries) {
    std::string name = entry.path().filename().string();
    if (name.empty() || name.front() == '.') continue;
    listed.push_back({std::move(name), entry.path(), entry.is_directory(error)});
  }
  std::sort(listed.begin(), listed.end(), [](const FolderEntry& a, const FolderEntry& b) { return a.name < b.name; });
  return listed;
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::optional<std::int64_t> leading_number(std::string_view text, std::size_t* digits) {
  std::size_t count = 0;
  std::int64_t value = 0;
  bool overflow = false;
  while (count < text.size() && is_digit(text[count])) {
    const int digit = text[count] - '0';
    if (value > (INT64_MAX - digit) / 10) overflow = true;
    if (!overflow) value = value * 10 + digit;
    ++count;
  }
  if (digits != nullptr) *digits = count;
  if (count == 0 || overflow) return std::nullopt;
  return value;
}

std::optional<std::string> read_text(const fs::path& file, const std::string& shown, std::uintmax_t& size,
                                     std::vector<Diagnostic>& problems) {
  std::string raw;
  if (!read_file_bytes(file, raw)) {
    problems.push_back({shown, 1, 1, Severity::error, "cannot be read; check its permissions"});
    return std::nullopt;
  }
  size = raw.size();
  return normalize_text(raw);
}

void MappedText::add(std::string_view part, int line, bool advances) {
  for (const char c : part) {
    if (text_.empty() || text_.back() == '\n') lines_.push_back(line);
    text_ += c;
    if (c == '\n' && advances) ++line;
  }
}

void MappedText::append(std::string_view part, int line) { add(part, line, true); }

void MappedText::insert(std::string_view part, int line) { add(part, line, false); }

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t newline = text.find('\n', start);
    const std::size_t end = newline == std::string_view::npos ? text.size() : newline + 1;
    lines.push_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}

std::string_view trim(std::string_view line) {
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\n' || line.back() == '\r')) {
    line.remove_suffix(1);
  }
  return line;
}

std::string lower(std::string_view text) {
  std::string lowered(text);
  for (char& c : lowered) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lowered;
}

void add_migration(LoadedMigrations& loaded, MigrationSource migration, std::string_view up,
                   std::vector<int> source_lines, std::uint32_t flags) {
  migration.source_lines = std::move(source_lines);
  const std::size_t first_problem = loaded.problems.size();
  if (set_migration_sql(migration, up, loaded.problems)) {
    migration.flags |= flags;
    // Directives were read from `up`: their problems point into the file.
    for (std::size_t i = first_problem; i < loaded.problems.size(); ++i) {
      loaded.problems[i].line = migration.source_line(loaded.problems[i].line);
    }
    loaded.migrations.push_back(std::move(migration));
  }
}

void sort_and_check_ids(LoadedMigrations& loaded, std::string_view what) {
  std::vector<MigrationSource>& migrations = loaded.migrations;
  std::stable_sort(migrations.begin(), migrations.end(), [](const MigrationSource& a, const MigrationSource& b) {
    return a.id != b.id ? a.id < b.id : a.file_name < b.file_name;
  });
  for (std::size_t i = 1; i < migrations.size(); ++i) {
    if (migrations[i].id != migrations[i - 1].id) continue;
    loaded.problems.push_back({migrations[i].display_path, 1, 1, Severity::error,
                               "has the same id (" + std::to_string(migrations[i].id) + ", from " + std::string(what) +
                                   ") as `" + migrations[i - 1].file_name +
                                   "`; ids are compared as numbers. Give one of them a new number"});
  }
}

void check_name_order(LoadedMigrations& loaded, std::string_view tool) {
  const std::vector<MigrationSource>& migrations = loaded.migrations;
  for (std::size_t i = 1; i < migrations.size(); ++i) {
    if (migrations[i].id >= migrations[i - 1].id) continue;  // equal ids: sort_and_check_ids says so
    loaded.problems.push_back(
        {migrations[i].display_path, 1, 1, Severity::error,
         std::string(tool) + " runs it after `" + migrations[i - 1].file_name + "` (file names sort as text), but its number " +
             std::to_string(migrations[i].id) + " is not above that file's " + std::to_string(migrations[i - 1].id) +
             ", and migbundle runs by number: give the numbers the same width (zero-padded) so both orders agree"});
  }
}

void refuse_unread_sql(LoadedMigrations& loaded, const std::string& shown, const std::string& rule) {
  loaded.problems.push_back({shown, 1, 1, Severity::error,
                             "is a `.sql` file this layout does not read (" + rule +
                                 "), so it would never run: rename it to fit, or move it out of the folder"});
}

}  // namespace migbundle::gen::layouts
