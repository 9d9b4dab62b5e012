// migbundle's own layout: `<digits>_<name>.sql` files directly in the folder.
// Everything else that looks like a migration is refused with a rename that
// fits (another tool's names, a subfolder, a down or undo script).
#include "layout_readers.hpp"

#include <migbundle/generator/diagnostic.hpp>
#include <migbundle/generator/file_name.hpp>
#include <migbundle/generator/listed_folder.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <system_error>

namespace migbundle::gen {
namespace {

namespace fs = std::filesystem;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

/// A file that breaks the rule and that a rename may fix: its suggestion is
/// settled once the whole directory is known.
struct Refusal {
  std::string shown;
  std::string reason;
  std::string suggestion;
  std::string flyway_version;
  std::string note;  ///< said after the suggestion
  bool nested = false;  ///< in a subfolder: the suggestion is where to move it, not a rename
};

/// `<digits or dashes>_<name>` as a folder of Prisma (`20210101000000_init`)
/// or diesel (`2021-01-01-000000_init`): the `<digits>_<name>.sql` it becomes.
std::string file_for_folder(const std::string& folder) {
  const std::size_t underscore = folder.find('_');
  if (underscore == std::string::npos || underscore == 0 || underscore + 1 == folder.size()) return "";
  std::string number;
  for (std::size_t i = 0; i < underscore; ++i) {
    if (is_digit(folder[i])) {
      number += folder[i];
    } else if (folder[i] != '-') {
      return "";
    }
  }
  if (number.empty()) return "";
  const std::string file = number + folder.substr(underscore) + ".sql";
  return check_file_name(file).kind == FileNameCheck::Kind::migration ? file : "";
}

/// A `.sql` file below `directory` (at `relative`), which migbundle never reads.
Refusal refuse_nested(const fs::path& directory, const fs::path& relative) {
  const std::string file = relative.filename().string();
  const std::string folder = relative.has_parent_path() ? relative.parent_path().filename().string() : "";
  const bool one_deep = relative.parent_path().has_parent_path() == false;
  const std::string dir = directory.generic_string();
  const std::string never = "migbundle reads only the .sql files directly in `" + dir + "`, so this one would never run";
  Refusal r;
  r.nested = true;
  r.shown = display_path_of(directory, relative.generic_string());
  const std::string from_folder = one_deep ? file_for_folder(folder) : "";
  if (file == "migration.sql" && !from_folder.empty()) {
    r.reason = "looks like a Prisma migration (`<timestamp>_<name>/migration.sql`): " + never +
               ". Move it up into `" + dir + "`";
    r.suggestion = from_folder;
  } else if ((file == "up.sql" || file == "down.sql") && !from_folder.empty()) {
    if (file == "down.sql") {
      r.reason = "looks like a diesel down migration (`<version>_<name>/down.sql`): migbundle only runs migrations "
                 "forward. Keep only the up part: move `up.sql` up into `" + dir + "` and delete this file";
    } else {
      r.reason = "looks like a diesel migration (`<version>_<name>/up.sql`): " + never +
                 ". Delete `down.sql` beside it and move this file up into `" + dir + "`";
      r.suggestion = from_folder;
    }
  } else {
    const FileNameCheck check = check_file_name(file);
    if (check.kind == FileNameCheck::Kind::invalid && check.suggestion.empty()) {
      r.reason = "is in a subfolder, which migbundle does not read, and " + check.reason;
    } else {
      r.reason = "is in a subfolder: " + never + ". If it is no migration, move it out of `" + dir +
                 "`; if it is one, move it up into `" + dir + "`";
      r.suggestion = check.kind == FileNameCheck::Kind::migration ? file : check.suggestion;
      r.flyway_version = check.flyway_version;
    }
  }
  return r;
}

/// Every `.sql` file in the subfolders of `directory` (hidden ones skipped):
/// other tools' layouts (Prisma, diesel) that would otherwise vanish.
void find_nested(const fs::path& directory, const fs::path& folder, std::vector<Refusal>& refusals) {
  std::error_code error;
  fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, error);
  for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (!name.empty() && name.front() == '.') {
      if (it->is_directory(error)) it.disable_recursion_pending();
      continue;
    }
    if (name.size() < 4 || name.compare(name.size() - 4, 4, ".sql") != 0 || it->is_directory(error)) continue;
    refusals.push_back(refuse_nested(directory, it->path().lexically_relative(directory)));
  }
}

/// The number a suggestion starts with, and the rest after it.
std::pair<std::string, std::string> split_suggestion(const std::string& suggestion) {
  std::size_t digits = 0;
  while (digits < suggestion.size() && is_digit(suggestion[digits])) ++digits;
  return {suggestion.substr(0, digits), suggestion.substr(digits)};
}

/// Settles every suggestion: Flyway's dotted versions numbered alike (so they
/// keep their order), and no file told to take a name that exists or an id
/// another file has or is told to take.
void settle_suggestions(std::vector<Refusal>& refusals, const std::vector<ListedMigration>& migrations,
                        const std::vector<std::string>& existing) {
  std::size_t parts = 1;
  std::size_t width = 3;
  for (const Refusal& r : refusals) {
    if (r.flyway_version.empty()) continue;
    std::size_t count = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= r.flyway_version.size(); ++i) {
      if (i == r.flyway_version.size() || r.flyway_version[i] == '.' || r.flyway_version[i] == '_') {
        if (i > start) {
          if (count > 0) width = std::max(width, i - start);
          ++count;
        }
        start = i + 1;
      }
    }
    parts = std::max(parts, count);
  }
  if (parts > 1) {
    for (Refusal& r : refusals) {
      if (r.flyway_version.empty()) continue;
      r.suggestion = flyway_number(r.flyway_version, parts, width) + split_suggestion(r.suggestion).second;
      r.note = " (Flyway versions become `<major>` then each further part in " + std::to_string(width) +
               " digits, so they keep their order: rename every `V` file this way)";
    }
  }

  std::set<std::int64_t> taken_ids;
  for (const ListedMigration& m : migrations) taken_ids.insert(m.id);
  std::set<std::string> taken_names(existing.begin(), existing.end());
  for (Refusal& r : refusals) {
    if (r.suggestion.empty()) continue;
    const FileNameCheck check = check_file_name(r.suggestion);
    if (check.kind != FileNameCheck::Kind::migration) {
      r.suggestion.clear();
      continue;
    }
    if (taken_ids.count(check.id) != 0 || taken_names.count(r.suggestion) != 0) {
      // The next id above every other, as wide as the number the file had.
      const std::int64_t next = taken_ids.empty() ? 1 : *taken_ids.rbegin() + 1;
      const auto [number, rest] = split_suggestion(r.suggestion);
      std::string digits = std::to_string(next);
      if (digits.size() < number.size()) digits.insert(0, number.size() - digits.size(), '0');
      r.suggestion = digits + rest;
      if (check_file_name(r.suggestion).kind != FileNameCheck::Kind::migration) {
        r.suggestion.clear();
        continue;
      }
      taken_ids.insert(next);
    } else {
      taken_ids.insert(check.id);
    }
    taken_names.insert(r.suggestion);
  }
}

/// For `<digits>_<name>.down.sql`: the up it reverts, `<digits>_<name>.sql`; otherwise empty.
std::string up_file_of_down(const std::string& file_name) {
  constexpr std::string_view suffix = ".down.sql";
  if (file_name.size() <= suffix.size() || file_name.compare(file_name.size() - suffix.size(), suffix.size(), suffix) != 0) {
    return "";
  }
  const std::string up = file_name.substr(0, file_name.size() - suffix.size()) + ".sql";
  return check_file_name(up).kind == FileNameCheck::Kind::migration ? up : "";
}

/// Marks each listed migration whose down is beside it; a down without its up is a problem.
void find_ups(const std::map<std::string, std::string>& downs, std::vector<ListedMigration>& migrations,
              std::vector<Diagnostic>& problems) {
  for (const auto& [up, shown] : downs) {
    // `migrations` is sorted by id then file name: the up's place is known from its name.
    const FileNameCheck check = check_file_name(up);
    const auto found = std::lower_bound(migrations.begin(), migrations.end(), std::make_pair(check.id, &up),
                                        [](const ListedMigration& m, const std::pair<std::int64_t, const std::string*>& key) {
                                          return m.id != key.first ? m.id < key.first : m.file_name < *key.second;
                                        });
    if (found == migrations.end() || found->file_name != up) {
      problems.push_back({shown, 1, 1, Severity::error,
                          "is a down migration without its up `" + up +
                              "` beside it: a down reverts the migration whose file name it extends with `.down`. Add "
                              "or rename its up, or remove it (a golang-migrate folder of `.up.sql` and `.down.sql` pairs is read "
                              "with --layout golang-migrate)"});
      continue;
    }
    found->has_down = true;
  }
}

/// Every name in `directory`: a suggested name must not be one. Listed again
/// only when a name is refused, so a large folder's names are not held twice.
std::vector<std::string> names_in(const fs::path& directory) {
  std::vector<std::string> names;
  std::error_code error;
  for (fs::directory_iterator it(directory, error); !error && it != fs::directory_iterator(); it.increment(error)) {
    names.push_back(it->path().filename().string());
  }
  return names;
}

/// `<digits>_<name>.sql` as `<digits>_<name>.down.sql`.
std::string down_file_of(const std::string& file_name) {
  return file_name.substr(0, file_name.size() - 4) + ".down.sql";
}

}  // namespace

ListedFolder list_migbundle_folder(const fs::path& directory) {
  require_migrations_directory(directory);
  std::error_code error;
  ListedFolder listed;
  listed.directory = directory;
  std::vector<ListedMigration>& migrations = listed.migrations;
  std::vector<Diagnostic>& problems = listed.problems;
  std::vector<Refusal> refusals;
  std::vector<fs::path> folders;
  std::map<std::string, std::string> downs;  // the up's file name -> the down's shown path
  fs::directory_iterator entries(directory, error);
  if (error) throw UsageError("cannot list `" + directory.generic_string() + "`: " + error.message());
  for (const fs::directory_entry& entry : entries) {
    std::string file_name = entry.path().filename().string();
    const FileNameCheck check = check_file_name(file_name);
    if (check.kind == FileNameCheck::Kind::ignored) {
      if (!file_name.empty() && file_name.front() != '.' && entry.is_directory(error)) folders.push_back(entry.path());
      continue;
    }
    const std::string up_of_down = up_file_of_down(file_name);
    if (!up_of_down.empty()) {
      downs[up_of_down] = display_path_of(directory, file_name);
      continue;
    }
    if (check.kind == FileNameCheck::Kind::invalid) {
      refusals.push_back({display_path_of(directory, file_name), check.reason, check.suggestion, check.flyway_version, ""});
      continue;
    }
    if (!entry.is_regular_file(error)) {
      problems.push_back(
          {display_path_of(directory, file_name), 1, 1, Severity::error, "is not a regular file; a migration must be a file"});
      continue;
    }
    migrations.push_back({check.id, std::move(file_name), false});
  }
  std::sort(folders.begin(), folders.end());
  for (const fs::path& folder : folders) find_nested(directory, folder, refusals);

  // Directory order differs between file systems: sort by id, ties by name so reports are stable.
  std::sort(migrations.begin(), migrations.end(), [](const ListedMigration& a, const ListedMigration& b) {
    return a.id != b.id ? a.id < b.id : a.file_name < b.file_name;
  });
  find_ups(downs, migrations, problems);
  for (std::size_t i = 1; i < migrations.size(); ++i) {
    if (migrations[i].id == migrations[i - 1].id) {
      problems.push_back({display_path_of(directory, migrations[i].file_name), 1, 1, Severity::error,
                          "has the same id (" + std::to_string(migrations[i].id) + ") as `" +
                              migrations[i - 1].file_name +
                              "`; ids are compared as numbers, so `0001` and `1` collide. Give one of them a new id"});
    }
  }
  std::sort(refusals.begin(), refusals.end(), [](const Refusal& a, const Refusal& b) { return a.shown < b.shown; });
  if (!refusals.empty()) settle_suggestions(refusals, migrations, names_in(directory));
  for (const Refusal& r : refusals) {
    const std::string advice = !r.nested            ? rename_problem(r.reason, r.suggestion)
                               : r.suggestion.empty() ? r.reason
                                                      : r.reason + ", e.g. as `" + r.suggestion + "`";
    problems.push_back({r.shown, 1, 1, Severity::error, advice + r.note});
  }
  return listed;
}

bool read_listed_migration(const ListedFolder& folder, const ListedMigration& listed, MigrationSource& migration,
                           std::vector<Diagnostic>& problems) {
  migration.id = listed.id;
  migration.file_name = listed.file_name;
  // check_file_name()'s name, which listing it found valid: after `<digits>_`, without `.sql`.
  const std::size_t underscore = listed.file_name.find('_');
  migration.name.assign(listed.file_name, underscore + 1, listed.file_name.size() - underscore - 1 - 4);
  migration.display_path = display_path_of(folder.directory, listed.file_name);
  migration.checksum.clear();
  migration.flags = 0;
  migration.source_lines.clear();
  migration.down_text.reset();
  if (!read_file_bytes(folder.directory / listed.file_name, migration.text)) {
    problems.push_back({migration.display_path, 1, 1, Severity::error, "cannot be read; check its permissions"});
    return false;
  }
  migration.file_size = migration.text.size();
  if (!take_migration_sql(migration, problems)) return false;
  read_listed_down(folder, listed, migration, problems);
  return true;
}

void read_listed_down(const ListedFolder& folder, const ListedMigration& listed, MigrationSource& migration,
                      std::vector<Diagnostic>& problems) {
  migration.down_text.reset();
  migration.down_path.clear();
  migration.down_source_lines.clear();
  migration.down_checksum.clear();
  if (!listed.has_down) return;
  const std::string down_file = down_file_of(listed.file_name);
  std::string raw;
  if (read_file_bytes(folder.directory / down_file, raw)) {
    migration.down_text = std::move(raw);
    migration.down_path = display_path_of(folder.directory, down_file);
  } else {
    problems.push_back(
        {display_path_of(folder.directory, down_file), 1, 1, Severity::error, "cannot be read; check its permissions"});
  }
}

LoadedMigrations read_migbundle_layout(const fs::path& directory) {
  ListedFolder listed = list_migbundle_folder(directory);
  LoadedMigrations loaded;
  loaded.problems = std::move(listed.problems);
  for (const ListedMigration& m : listed.migrations) {
    MigrationSource migration;
    if (read_listed_migration(listed, m, migration, loaded.problems)) loaded.migrations.push_back(std::move(migration));
  }
  return loaded;
}

}  // namespace migbundle::gen
