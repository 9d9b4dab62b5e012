// `migbundle new --dir DIR NAME [--down] [--json]`: creates the next
// migration file of a migbundle folder, `<id>_<name>.sql` (and with --down
// `<id>_<name>.down.sql`), as `sqlx migrate add` or `goose create` do. The id
// follows the folder's own style: one more than the highest, as wide as its
// number; or, where the highest id is a `YYYYMMDDHHMMSS` timestamp, the UTC
// time now. Nothing is created unless the folder reads without errors, and
// no file is ever overwritten.
#include "commands.hpp"

#include <migbundle/generator/check_migrations.hpp>
#include <migbundle/generator/file_name.hpp>
#include <migbundle/generator/source.hpp>
#include <migbundle/generator/utf8.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <limits>
#include <ostream>
#include <system_error>

namespace migbundle::gen {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t timestamp_digits = 14;  // YYYYMMDDHHMMSS
constexpr std::size_t default_width = 4;      // a folder's first migration: 0001

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int number_at(std::string_view digits, std::size_t at, std::size_t size) {
  int value = 0;
  for (std::size_t i = at; i < at + size; ++i) value = value * 10 + (digits[i] - '0');
  return value;
}

/// True for 14 digits that read as a UTC time, `YYYYMMDDHHMMSS`, from 1970 on:
/// the ids of sqlx, goose's timestamps, Prisma and Rails.
bool is_timestamp(std::string_view digits) {
  if (digits.size() != timestamp_digits) return false;
  for (const char c : digits) {
    if (!is_digit(c)) return false;
  }
  const int year = number_at(digits, 0, 4);
  const int month = number_at(digits, 4, 2);
  const int day = number_at(digits, 6, 2);
  if (year < 1970 || month < 1 || month > 12 || day < 1) return false;
  constexpr int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (day > month_days[month - 1] + (month == 2 && leap ? 1 : 0)) return false;
  return number_at(digits, 8, 2) < 24 && number_at(digits, 10, 2) < 60 && number_at(digits, 12, 2) < 60;
}

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

struct NextId {
  std::int64_t id = 1;
  std::string number;  ///< as the file name spells it, zero-padded
};

/// One more than the highest id, as wide as the number of the file holding
/// it; where that number is a timestamp, the time now (or one more, when
/// now is not above it). `now` is `YYYYMMDDHHMMSS`.
NextId next_id(const std::vector<MigrationSource>& migrations, const std::string& now) {
  if (migrations.empty()) return {1, std::string(default_width - 1, '0') + "1"};
  const MigrationSource& highest = migrations.back();  // sorted by id
  std::size_t width = 0;
  while (width < highest.file_name.size() && is_digit(highest.file_name[width])) ++width;
  if (highest.id == std::numeric_limits<std::int64_t>::max()) {
    throw MigrationsError({{highest.display_path, 1, 1, Severity::error,
                            "has the highest id there is, so no migration can come after it"}});
  }
  NextId next{highest.id + 1, ""};
  if (is_timestamp(highest.file_name.substr(0, width))) {
    const std::int64_t clock = std::stoll(now);
    if (clock > highest.id) next.id = clock;
  }
  next.number = std::to_string(next.id);
  if (next.number.size() < width) next.number.insert(0, width - next.number.size(), '0');
  return next;
}

/// What a new migration holds: comments only, which is a valid migration
/// that changes nothing (the lint and verify accept it), so a folder with a
/// file just created still builds.
std::string up_text(const NextId& next, const std::string& name) {
  return "-- Migration " + std::to_string(next.id) + " (" + name + "), created by `migbundle new`.\n" +
         "-- Write its SQL here, in place of these comments. As it is, it changes nothing, but\n"
         "-- once applied its checksum is recorded: a later edit is refused, so finish it first.\n";
}

std::string down_text(const NextId& next, const std::string& name) {
  return "-- Down of migration " + std::to_string(next.id) + " (" + name + "), created by `migbundle new`.\n" +
         "-- Write the SQL that undoes it here, in place of these comments (run by `migbundle\n"
         "-- rollback` and rollback()). As it is, it undoes nothing: `migbundle verify` applies\n"
         "-- the migration, then this down, then the migration again, and fails until it does.\n";
}

/// Creates `path` holding `text`, failing if it exists: the open itself
/// refuses (C11's "x" mode, O_EXCL), so a file created meanwhile is never
/// replaced. False when it existed; throws when it cannot be written.
bool create_new_file(const fs::path& path, const std::string& text, const std::string& shown) {
#ifdef _WIN32
  std::FILE* file = _wfopen(path.c_str(), L"wbx");
#else
  std::FILE* file = std::fopen(path.c_str(), "wbx");
#endif
  if (file == nullptr) {
    std::error_code error;
    if (fs::exists(fs::symlink_status(path, error))) return false;
    throw UsageError("cannot create `" + shown + "`; check the folder's permissions");
  }
  const bool written = std::fwrite(text.data(), 1, text.size(), file) == text.size();
  if (std::fclose(file) != 0 || !written) {
    std::error_code ignored;
    fs::remove(path, ignored);
    throw UsageError("cannot write `" + shown + "`");
  }
  return true;
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
  check_name(options.name, name, std::string(default_width, '0'), options.down);

  const bool exists = check_folder(directory);
  CheckedMigrations checked;
  if (exists) checked = check_migrations(directory, nullptr, Layout::migbundle);
  for (const Diagnostic& warning : checked.warnings) err << format(warning) << '\n';
  const NextId next = next_id(checked.migrations, options.now.empty() ? utc_timestamp_now() : options.now);
  check_name(options.name, name, next.number, options.down);

  std::error_code error;
  if (!exists) {
    fs::create_directory(directory, error);
    if (error) {
      throw UsageError("cannot create the folder `" + escape_invalid_utf8(directory.generic_string()) +
                       "`: " + error.message());
    }
  }
  const std::string file_name = next.number + "_" + name + ".sql";
  const std::string down_file_name = next.number + "_" + name + ".down.sql";
  const std::string shown = display_path_of(directory, file_name);
  const std::string shown_down = display_path_of(directory, down_file_name);
  const auto created_meanwhile = [](const std::string& path) {
    return MigrationsError({{path, 0, 0, Severity::error,
                             "exists already: it was created meanwhile (by another `migbundle new`?) and was left as "
                             "it is; run `migbundle new` again"}});
  };
  if (!create_new_file(directory / fs::u8path(file_name), up_text(next, name), shown)) throw created_meanwhile(shown);
  std::vector<fs::path> created{directory / fs::u8path(file_name)};
  const auto remove_created = [&created] {
    std::error_code ignored;
    for (const fs::path& path : created) fs::remove(path, ignored);
  };
  if (options.down) {
    if (!create_new_file(directory / fs::u8path(down_file_name), down_text(next, name), shown_down)) {
      remove_created();
      throw created_meanwhile(shown_down);
    }
    created.push_back(directory / fs::u8path(down_file_name));
  }

  // Read back: another `migbundle new` running at the same time may have
  // taken the same id under another name. Then neither file is kept.
  try {
    (void)check_migrations(directory, nullptr, Layout::migbundle);
  } catch (const MigrationsError& problem) {
    remove_created();
    std::vector<Diagnostic> all = problem.diagnostics();
    all.push_back({shown, 0, 0, Severity::error,
                   "was removed again: the folder did not read back without errors with it (a migration created at "
                   "the same time?); run `migbundle new` again"});
    throw MigrationsError(std::move(all));
  }

  if (name != options.name) {
    err << "migbundle: note: NAME `" << escape_invalid_utf8(options.name) << "` written as `"
        << escape_invalid_utf8(name) << "` (spaces and `-` become `_`)\n";
  }
  if (options.json) {
    out << nlohmann::ordered_json{{"id", next.id},
                                  {"name", name},
                                  {"file", shown},
                                  {"down_file",
                                   options.down ? nlohmann::ordered_json(shown_down) : nlohmann::ordered_json(nullptr)}}
               .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
        << '\n';
    return true;
  }
  out << shown << '\n';
  if (options.down) out << shown_down << '\n';
  return true;
}

}  // namespace migbundle::gen
