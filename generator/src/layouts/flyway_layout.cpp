// Flyway: `V<version>__<description>.sql`, run by version (each part of
// `1.2.10` compared as a number). Undo (`U`), repeatable (`R`) and baseline
// (`B`) scripts are refused: migbundle runs each migration once, forward.
// `<file>.sql.conf` with `executeInTransaction=false` becomes no-transaction.
#include "layout_readers.hpp"
#include "layout_support.hpp"

#include <migbundle/bundle.hpp>

#include <algorithm>

namespace migbundle::gen {

using namespace layouts;

namespace {

struct FlywayFile {
  FolderEntry entry;
  std::string shown;
  std::string version;  ///< as written: `1.2_3`
  std::vector<std::string> parts;
  std::string description;
};

/// `V1.2__name.sql` -> version and description; false when the name is not Flyway's.
bool parse_flyway_name(const std::string& name, char prefix, std::string& version, std::string& description) {
  if (name.size() < 7 || name[0] != prefix || !ends_with(name, ".sql")) return false;
  const std::size_t separator = name.find("__", 1);
  if (separator == std::string::npos || separator == 1) return false;
  version = name.substr(1, separator - 1);
  for (const char c : version) {
    if (!is_digit(c) && c != '.' && c != '_') return false;
  }
  description = name.substr(separator + 2, name.size() - separator - 6);
  return is_digit(version.front()) && is_digit(version.back());
}

std::vector<std::string> parts_of(const std::string& version) {
  std::vector<std::string> parts;
  std::string part;
  for (const char c : version + ".") {
    if (c == '.' || c == '_') {
      if (!part.empty()) {
        // Flyway compares parts as numbers: `01` is `1`.
        const std::size_t first = std::min(part.find_first_not_of('0'), part.size() - 1);
        parts.push_back(part.substr(first));
      }
      part.clear();
    } else {
      part += c;
    }
  }
  return parts;
}

bool numerically_less(const std::string& a, const std::string& b) {
  return a.size() != b.size() ? a.size() < b.size() : a < b;
}

/// Flyway's version order: part by part, as numbers; a missing part is 0.
bool version_less(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
    const std::string x = i < a.size() ? a[i] : "0";
    const std::string y = i < b.size() ? b[i] : "0";
    if (x != y) return numerically_less(x, y);
  }
  return false;
}

/// The flags a `<file>.sql.conf` beside the script sets.
std::uint32_t read_script_config(const FolderEntry& script, const std::string& shown, LoadedMigrations& loaded) {
  const std::filesystem::path config = script.path.string() + ".conf";
  std::error_code error;
  if (!std::filesystem::exists(config, error)) return 0;
  std::uintmax_t size = 0;
  const std::string config_shown = shown + ".conf";
  const std::optional<std::string> text = read_text(config, config_shown, size, loaded.problems);
  if (!text) return 0;
  std::uint32_t flags = 0;
  int line_number = 0;
  for (const std::string_view line : split_lines(*text)) {
    ++line_number;
    const std::string_view setting = trim(line);
    if (setting.empty() || setting.front() == '#') continue;
    if (setting == "executeInTransaction=false") {
      flags |= flag_no_transaction;
    } else if (setting != "executeInTransaction=true") {
      loaded.problems.push_back({config_shown, line_number, 1, Severity::error,
                                 "sets `" + std::string(setting) +
                                     "`, which migbundle does not carry over: it reads `executeInTransaction` only. "
                                     "Remove the line if the script does not depend on it"});
    }
  }
  return flags;
}

}  // namespace

LoadedMigrations read_flyway_layout(const std::filesystem::path& directory) {
  LoadedMigrations loaded;
  loaded.layout = Layout::flyway;
  std::vector<FlywayFile> files;
  for (const FolderEntry& entry : list_folder(directory)) {
    if (entry.directory || !ends_with(entry.name, ".sql")) continue;
    const std::string shown = display_path_of(directory, entry.name);
    FlywayFile file{entry, shown, "", {}, ""};
    if (parse_flyway_name(entry.name, 'V', file.version, file.description)) {
      file.parts = parts_of(file.version);
      files.push_back(std::move(file));
      continue;
    }
    std::string version;
    std::string description;
    if (parse_flyway_name(entry.name, 'U', version, description)) {
      loaded.problems.push_back({shown, 1, 1, Severity::error,
                                 "is a Flyway undo script (`U<version>__`), which migbundle does not run yet: move it "
                                 "out of the folder (keep it for when rollback reads undo scripts)"});
    } else if (starts_with(entry.name, "R__")) {
      loaded.problems.push_back({shown, 1, 1, Severity::error,
                                 "is a Flyway repeatable script (`R__`): migbundle runs each migration exactly once "
                                 "and has no repeatable scripts. Put its SQL in a versioned `V` script (a new one for "
                                 "each later change) and remove this file"});
    } else if (parse_flyway_name(entry.name, 'B', version, description)) {
      loaded.problems.push_back({shown, 1, 1, Severity::error,
                                 "is a Flyway baseline script (`B<version>__`), which migbundle does not read: a new "
                                 "database runs every `V` script. Remove it, or remove the `V` scripts it replaces"});
    } else {
      refuse_unread_sql(loaded, shown, "Flyway reads `V<version>__<description>.sql`");
    }
  }
  std::stable_sort(files.begin(), files.end(),
                   [](const FlywayFile& a, const FlywayFile& b) { return version_less(a.parts, b.parts); });

  // One part each: the version is the id. More: every part after the first
  // padded to one width, so `1.2` < `1.10` stays true of the ids.
  std::size_t parts = 1;
  std::size_t width = 1;
  for (const FlywayFile& f : files) {
    parts = std::max(parts, f.parts.size());
    for (std::size_t i = 1; i < f.parts.size(); ++i) width = std::max(width, f.parts[i].size());
  }
  for (const FlywayFile& f : files) {
    std::string number = f.parts.front();
    for (std::size_t i = 1; i < parts; ++i) {
      const std::string part = i < f.parts.size() ? f.parts[i] : "0";
      number += std::string(width - part.size(), '0') + part;
    }
    std::size_t digits = 0;
    const std::optional<std::int64_t> id = leading_number(number, &digits);
    if (!id || digits != number.size()) {
      loaded.problems.push_back({f.shown, 1, 1, Severity::error,
                                 "has a version (" + f.version + ") whose id (" + number +
                                     ") does not fit 63 bits: use a shorter version"});
      continue;
    }
    MigrationSource migration;
    migration.id = *id;
    migration.name = f.description;
    migration.file_name = f.entry.name;
    migration.display_path = f.shown;
    const std::optional<std::string> text = read_text(f.entry.path, f.shown, migration.file_size, loaded.problems);
    if (!text) continue;
    add_migration(loaded, std::move(migration), *text, {}, read_script_config(f.entry, f.shown, loaded));
  }
  sort_and_check_ids(loaded, "the Flyway version");
  return loaded;
}

}  // namespace migbundle::gen
