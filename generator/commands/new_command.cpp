// `migbundle new --dir DIR NAME [--layout NAME] [--down] [--json]`: creates
// the next migration of a folder, in the folder's own layout (detected, or
// named with --layout), as `sqlx migrate add` or `goose create` do; the
// files of each layout are new_files.cpp's. Nothing is created unless the
// folder reads without errors, no file is ever overwritten, and what was
// created must read back, in that layout, as the newest migration, or it is
// removed again.
#include "commands.hpp"
#include "new_files.hpp"

#include <migbundle/generator/check_migrations.hpp>
#include <migbundle/generator/file_name.hpp>
#include <migbundle/generator/source.hpp>
#include <migbundle/generator/utf8.hpp>
#include <migbundle/generator/write_file.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <limits>
#include <ostream>
#include <system_error>

namespace migbundle::gen {
namespace {

namespace fs = std::filesystem;

/// The clock as `YYYYMMDDHHMMSS` in UTC. Computed from the days since the
/// epoch (Howard Hinnant's civil_from_days), not gmtime(), which is neither
/// thread-safe nor spelled alike on every platform.
std::string utc_timestamp_now() {
  using namespace std::chrono;
  const std::int64_t seconds = duration_cast<std::chrono::seconds>(system_clock::now().time_since_epoch()).count();
  const std::int64_t days = seconds / 86400 - (seconds % 86400 < 0 ? 1 : 0);
  const std::int64_t in_day = seconds - days * 86400;
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t day_of_era = z - era * 146097;
  const std::int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const std::int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const std::int64_t mp = (5 * day_of_year + 2) / 153;
  const std::int64_t day = day_of_year - (153 * mp + 2) / 5 + 1;
  const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  char text[32];
  std::snprintf(text, sizeof text, "%04lld%02lld%02lld%02lld%02lld%02lld", static_cast<long long>(year),
                static_cast<long long>(month), static_cast<long long>(day), static_cast<long long>(in_day / 3600),
                static_cast<long long>(in_day % 3600 / 60), static_cast<long long>(in_day % 60));
  return text;
}

/// NAME as a file name's part: surrounding blanks dropped, spaces and `-`
/// inside turned into `_` (a name is usually typed as words).
std::string normalize_name(std::string_view name) {
  while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.remove_prefix(1);
  while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
  std::string normalized(name);
  for (char& c : normalized) {
    if (c == ' ' || c == '-') c = '_';
  }
  return normalized;
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

/// Refuses (exit 2) a name that would not make `<number>_<name>.sql` (and
/// `.down.sql`) a migration file, saying what to give instead.
void check_name(const std::string& given, const std::string& name, const std::string& number, bool down) {
  const std::string shown = "NAME `" + escape_invalid_utf8(given) + "`";
  if (name.empty()) throw UsageError(shown + " is empty; give the migration a name, e.g. `add_users`");
  std::string lower = name;
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (ends_with(lower, ".sql")) {
    throw UsageError(shown + " ends in `.sql`; give the name alone (`" +
                     escape_invalid_utf8(name.substr(0, name.size() - 4)) +
                     "`): migbundle new writes `<id>_<name>.sql`");
  }
  if (ends_with(lower, ".down")) {
    throw UsageError(shown + " ends in `.down`, which marks a down migration's file; give another name (e.g. `" +
                     escape_invalid_utf8(name.substr(0, name.size() - 5)) +
                     "_down`), and --down for a down beside "
                     "the migration");
  }
  // A down is `<number>_<name>.down.sql`: it fits wherever the up fits, but for its length.
  const std::string file = number + "_" + name + ".sql";
  const FileNameCheck check = check_file_name(file);
  if (check.kind == FileNameCheck::Kind::migration && check.name == name) {
    if (!down || file.size() + 5 <= max_file_name_size) return;
    throw UsageError(shown + " is too long: its down `" + number + "_<name>.down.sql` would be over " +
                     std::to_string(max_file_name_size) + " bytes; give a shorter name");
  }
  std::string advice = "; give another name";
  if (!check.suggestion.empty()) {
    const FileNameCheck suggested = check_file_name(check.suggestion);
    if (suggested.kind == FileNameCheck::Kind::migration && !suggested.name.empty()) {
      advice += ", e.g. `" + suggested.name + "`";
    }
  }
  const std::string reason = check.reason.empty() ? "it does not make a migration file name" : check.reason;
  throw UsageError(shown + " cannot name a migration: as `<id>_" + escape_invalid_utf8(name) + ".sql`, " + reason +
                   advice);
}

/// `--dir` as a folder to read, or to create when missing: only the folder
/// itself is created, in a parent that exists, so a mistyped path does not
/// grow a tree of folders. False when it does not exist yet.
bool check_folder(const fs::path& directory) {
  std::error_code error;
  const fs::file_status status = fs::status(directory, error);
  const std::string shown = escape_invalid_utf8(directory.generic_string());
  if (fs::exists(status)) {
    if (!fs::is_directory(status)) throw UsageError("--dir `" + shown + "` is not a folder");
    return true;
  }
  fs::path folder = directory.lexically_normal();
  if (!folder.has_filename()) folder = folder.parent_path();
  const fs::path parent = folder.has_parent_path() ? folder.parent_path() : fs::path(".");
  if (!fs::is_directory(parent, error)) {
    throw UsageError("the folder `" + escape_invalid_utf8(parent.generic_string()) + "` that --dir `" + shown +
                     "` goes in does not exist; migbundle new creates only the migrations folder itself");
  }
  return false;
}

/// The layout to write in, and what it was detected from. `auto` is the
/// folder's detected layout, but for a migbundle folder holding another
/// tool's stray file (a `V3__x.sql`): detection would pick that tool's, whose
/// reader refuses every migbundle file; migbundle's reader names the stray
/// file instead, which is the fix.
DetectedLayout layout_to_write(const fs::path& directory, bool exists, Layout requested) {
  if (requested != Layout::automatic) return {requested, ""};
  if (!exists) return {Layout::migbundle, ""};
  const DetectedLayout detected = detect_layout(directory);
  switch (detected.layout) {
    case Layout::flyway:
    case Layout::golang_migrate:
    case Layout::diesel:
    case Layout::prisma:
    case Layout::maragudk:
    case Layout::popx: {
      std::error_code error;  // a folder that cannot be listed: the reader says so
      for (const auto& entry : fs::directory_iterator(directory, error)) {
        const std::string file = entry.path().filename().u8string();
        if (entry.is_directory(error) || !ends_with(file, ".sql") || ends_with(file, ".up.sql") ||
            ends_with(file, ".down.sql")) {
          continue;
        }
        const FileNameCheck check = check_file_name(file);
        if (check.kind == FileNameCheck::Kind::migration) return {Layout::migbundle, ""};
      }
      break;
    }
    default:
      break;
  }
  return detected;
}

}  // namespace

bool run_new(const NewOptions& options, std::ostream& out, std::ostream& err) {
  if (!options.now.empty() && !is_timestamp(options.now)) {
    throw UsageError("MIGBUNDLE_NOW `" + escape_invalid_utf8(options.now) +
                     "` is not a UTC time as YYYYMMDDHHMMSS (e.g. 20260102030405); it stands in for the clock in "
                     "tests and reproducible scripts: unset it otherwise");
  }
  const fs::path directory(options.directory);
  const std::string name = normalize_name(options.name);
  // Checked with the shortest number first, so a bad NAME is refused before the folder is read.
  check_name(options.name, name, "0000", options.down);

  const bool exists = check_folder(directory);
  const DetectedLayout chosen = layout_to_write(directory, exists, options.layout);
  const Layout layout = chosen.layout;
  check_layout_takes(layout, name, options.down);
  if (!chosen.because.empty() && layout != Layout::migbundle) {
    err << "migbundle: note: `" << escape_invalid_utf8(directory.generic_string()) << "` is in the `"
        << layout_name(layout) << "` layout (detected from " << chosen.because
        << "); the new migration is written in it (--layout names another)\n";
  }
  CheckedMigrations checked;
  if (exists) checked = check_migrations(directory, nullptr, layout);
  for (const Diagnostic& warning : checked.warnings) err << format(warning) << '\n';
  const bool ordinal_ids = layout == Layout::popx || layout == Layout::maragudk;  // 1, 2, 3... by order
  if (!checked.migrations.empty() && !ordinal_ids &&
      checked.migrations.back().id == std::numeric_limits<std::int64_t>::max()) {
    throw MigrationsError({{checked.migrations.back().display_path, 1, 1, Severity::error,
                            "has the highest id there is, so no migration can come after it"}});
  }
  const NewMigration next = plan_new_migration(layout, checked.migrations, name, options.down,
                                               options.now.empty() ? utc_timestamp_now() : options.now);
  if (layout == Layout::migbundle) check_name(options.name, name, next.version, options.down);
  for (const NewFile& file : next.files) {
    const std::string base = file.path.substr(file.path.find_last_of('/') + 1);
    if (base.size() > max_file_name_size) {
      throw UsageError("NAME `" + escape_invalid_utf8(options.name) + "` is too long: `" + escape_invalid_utf8(base) +
                       "` would be over " + std::to_string(max_file_name_size) + " bytes; give a shorter name");
    }
  }

  std::error_code error;
  if (!exists) {
    fs::create_directory(directory, error);
    if (error) {
      throw UsageError("cannot create the folder `" + escape_invalid_utf8(directory.generic_string()) +
                       "`: " + error.message());
    }
  }
  const auto shown_path = [&directory](const std::string& relative) { return display_path_of(directory, relative); };
  const std::string shown = shown_path(next.files.front().path);
  const auto created_meanwhile = [](const std::string& path) {
    return MigrationsError({{path, 0, 0, Severity::error,
                             "exists already: it was created meanwhile (by another `migbundle new`?) and was left as "
                             "it is; run `migbundle new` again"}});
  };
  std::vector<fs::path> created;  // removed again, the last first, when the folder does not read back
  const auto remove_created = [&created] {
    std::error_code ignored;
    for (auto path = created.rbegin(); path != created.rend(); ++path) fs::remove(*path, ignored);
  };
  if (!next.folder.empty()) {
    const fs::path folder = directory / fs::u8path(next.folder);
    // create_directory() is false for a folder that exists: never written into.
    if (!fs::create_directory(folder, error)) {
      if (error) throw UsageError("cannot create the folder `" + shown_path(next.folder) + "`: " + error.message());
      throw created_meanwhile(shown_path(next.folder));
    }
    created.push_back(folder);
  }
  for (const NewFile& file : next.files) {
    const fs::path path = directory / fs::u8path(file.path);
    bool made = false;
    try {
      made = create_new_file(path, file.text, shown_path(file.path));
    } catch (...) {
      remove_created();
      throw;
    }
    if (!made) {
      remove_created();
      throw created_meanwhile(shown_path(file.path));
    }
    created.push_back(path);
  }

  // Read back in the same layout: the new migration must be the newest, with
  // its name and its down. Another `migbundle new` running at the same time
  // may have taken the same id; a name may read otherwise than it was meant
  // (a `.` that popx takes for a dialect); a number may have outgrown the
  // width that name order needs (wrangler, dbmate). Then nothing is kept.
  const auto refuse = [&](std::vector<Diagnostic> all, const std::string& why) {
    remove_created();
    all.push_back({shown, 0, 0, Severity::error, "was removed again: " + why + "; run `migbundle new` again"});
    return MigrationsError(std::move(all));
  };
  CheckedMigrations read_back;
  try {
    read_back = check_migrations(directory, nullptr, layout);
  } catch (const MigrationsError& problem) {
    throw refuse(
        problem.diagnostics(),
        "with it, the folder did not read back without errors (above: a migration created at the same time, or a "
        "number the layout orders otherwise)");
  }
  // Found, and after every migration the folder had: a migration another run
  // adds meanwhile may come after it, as long as the ids stay distinct.
  const std::string in_layout = "read back in the `" + std::string(layout_name(layout)) + "` layout";
  const auto found = std::find_if(read_back.migrations.begin(), read_back.migrations.end(),
                                  [&shown](const MigrationSource& m) { return m.display_path == shown; });
  if (found == read_back.migrations.end()) throw refuse({}, in_layout + ", it is not a migration");
  const auto place = static_cast<std::size_t>(found - read_back.migrations.begin());
  for (auto m = read_back.migrations.begin() + static_cast<std::ptrdiff_t>(place) + 1; m != read_back.migrations.end();
       ++m) {
    const bool known = std::any_of(checked.migrations.begin(), checked.migrations.end(),
                                   [&m](const MigrationSource& old) { return old.display_path == m->display_path; });
    if (known) {
      throw refuse(
          {}, in_layout + ", it comes before `" + m->display_path + "`, not after the newest; name the file yourself");
    }
  }
  if (found->down_text.has_value() != !next.down_path.empty() || found->name != next.read_name) {
    throw refuse({}, in_layout + ", its name or down is not the one written; give another name");
  }
  if (options.layout == Layout::automatic && layout != Layout::migbundle) {
    // Still the same folder to the next command that detects its layout.
    bool same = false;
    try {
      same = detect_layout(directory).layout == layout;
    } catch (const UsageError&) {
    }
    if (!same)
      throw refuse({}, "with it, the folder no longer looks like the `" + std::string(layout_name(layout)) +
                           "` layout; name the file yourself");
  }

  if (name != options.name) {
    err << "migbundle: note: NAME `" << escape_invalid_utf8(options.name) << "` written as `"
        << escape_invalid_utf8(name) << "` (spaces and `-` become `_`)\n";
  }
  const std::string shown_down = next.down_path.empty() ? std::string() : shown_path(next.down_path);
  if (options.json) {
    out << nlohmann::ordered_json{{"id", found->id},
                                  {"name", name},
                                  {"layout", layout_name(layout)},
                                  {"file", shown},
                                  {"down_file", shown_down.empty() ? nlohmann::ordered_json(nullptr)
                                                                   : nlohmann::ordered_json(shown_down)}}
               .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
        << '\n';
    return true;
  }
  for (const NewFile& file : next.files) out << shown_path(file.path) << '\n';
  return true;
}

}  // namespace migbundle::gen
