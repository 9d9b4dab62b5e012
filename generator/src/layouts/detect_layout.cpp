// `auto`: which layout a folder is in, from the files that only one layout
// has. Plain `<digits>_<name>.sql` files are migbundle's (sqlx's, wrangler's
// and hiqlite's are the same files, run the same way). Two layouts that
// would run different things are refused, naming a file of each.
#include "layout_support.hpp"

#include <migbundle/generator/load_migrations.hpp>

#include <map>
#include <set>
#include <system_error>

namespace migbundle::gen {

using namespace layouts;

namespace {

namespace fs = std::filesystem;

bool has_line(const std::string& text, std::string_view marker) {
  for (const std::string_view line : split_lines(text)) {
    const std::string_view trimmed = trim(line);
    if (!starts_with(trimmed, "--")) continue;
    if (starts_with(lower(trim(trimmed.substr(2))), marker)) return true;
  }
  return false;
}

bool is_popx_name(const std::string& name) {
  for (const std::string_view dialect : {".sqlite3.", ".sqlite.", ".mysql.", ".postgres.", ".cockroach.", ".autocommit."}) {
    if (name.find(dialect) != std::string::npos && (ends_with(name, ".up.sql") || ends_with(name, ".down.sql"))) {
      return true;
    }
  }
  return false;
}

}  // namespace

DetectedLayout detect_layout(const fs::path& directory) {
  std::map<Layout, std::string> signs;  // layout -> the file that shows it
  const auto sign = [&](Layout layout, const std::string& because) { signs.emplace(layout, because); };
  std::error_code error;
  if (fs::is_regular_file(directory / "meta" / "_journal.json", error)) sign(Layout::drizzle, "meta/_journal.json");

  std::set<std::int64_t> up_numbers;
  bool up_numbers_repeat = false;
  std::string first_up;
  std::string unnumbered_up;
  for (const FolderEntry& entry : list_folder(directory)) {
    if (entry.directory) {
      if (fs::is_regular_file(entry.path / "migration.sql", error)) sign(Layout::prisma, entry.name + "/migration.sql");
      if (fs::is_regular_file(entry.path / "up.sql", error)) sign(Layout::diesel, entry.name + "/up.sql");
      continue;
    }
    const std::string& name = entry.name;
    if (!ends_with(name, ".sql")) continue;
    if (name.size() > 3 && name[0] == 'V' && is_digit(name[1]) && name.find("__") != std::string::npos) {
      sign(Layout::flyway, name);
    }
    if (is_popx_name(name)) sign(Layout::popx, name);
    const bool up = ends_with(name, ".up.sql") || ends_with(name, "_up.sql");
    if (up) {
      std::size_t digits = 0;
      const std::optional<std::int64_t> number = leading_number(name, &digits);
      if (first_up.empty()) first_up = name;
      if (!number || digits >= name.size() || name[digits] != '_' || ends_with(name, "_up.sql")) {
        if (unnumbered_up.empty()) unnumbered_up = name;
      } else if (!up_numbers.insert(*number).second) {
        up_numbers_repeat = true;
        if (unnumbered_up.empty()) unnumbered_up = name;
      }
    }
    std::string raw;
    if (!read_file_bytes(entry.path, raw)) continue;  // the reader says so, with the file
    if (has_line(raw, "+goose up")) sign(Layout::goose, name);
    if (has_line(raw, "+migrate up")) sign(Layout::sql_migrate, name);
    if (has_line(raw, "migrate:up")) sign(Layout::dbmate, name);
    if (starts_with(raw, "-- no-transaction\n") || starts_with(raw, "-- no-transaction\r\n")) sign(Layout::sqlx, name);
  }
  if (!first_up.empty() && signs.count(Layout::popx) == 0) {
    if (!unnumbered_up.empty() || up_numbers_repeat) {
      // Up files without one number each: ordered by name, as maragudk/migrate does.
      sign(Layout::maragudk, unnumbered_up);
    } else if (signs.count(Layout::sqlx) == 0) {
      sign(Layout::golang_migrate, first_up);
    }
  }

  const std::string dir = directory.generic_string();
  if (signs.empty()) return {Layout::migbundle, "`<digits>_<name>.sql` files and no other tool's"};
  if (signs.size() == 1) return {signs.begin()->first, signs.begin()->second};
  std::string found;
  for (const auto& [layout, because] : signs) {
    found += (found.empty() ? "" : ", ") + std::string(layout_name(layout)) + " (`" + because + "`)";
  }
  throw UsageError("`" + dir + "` looks like more than one layout: " + found +
                   ". Name the one it is with --layout (LAYOUT in add_migrations()), or move the other files out");
}

}  // namespace migbundle::gen
