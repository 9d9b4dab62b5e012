// The next migration's files in each layout, as that tool's own `create`
// would name them (`sqlx migrate add`, `goose create`, `dbmate new`,
// `migrate create`, `diesel migration generate`...), so the folder stays the
// tool's. Versions continue the folder's own: one more than the highest, as
// wide as it is written, or the UTC time now where the highest is a
// timestamp. What is written is only comments, a migration that changes
// nothing, so a folder with a file just created still verifies and builds.
#include "new_files.hpp"

#include <migbundle/generator/diagnostic.hpp>

#include <algorithm>

namespace migbundle::gen {
namespace {

constexpr std::size_t timestamp_digits = 14;  // YYYYMMDDHHMMSS

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

int number_at(std::string_view digits, std::size_t at, std::size_t size) {
  int value = 0;
  for (std::size_t i = at; i < at + size; ++i) value = value * 10 + (digits[i] - '0');
  return value;
}

std::string leading_digits(std::string_view text) {
  std::size_t size = 0;
  while (size < text.size() && is_digit(text[size])) ++size;
  return std::string(text.substr(0, size));
}

std::string digits_of(std::string_view text) {
  std::string digits;
  for (const char c : text) {
    if (is_digit(c)) digits += c;
  }
  return digits;
}

/// `digits` + 1, as wide as it was unless it carries over (9999 -> 10000):
/// on the text, as popx's 20-digit versions do not fit an integer.
std::string plus_one(std::string digits) {
  for (std::size_t i = digits.size(); i-- > 0;) {
    if (digits[i] != '9') {
      ++digits[i];
      return digits;
    }
    digits[i] = '0';
  }
  return "1" + digits;
}

/// Numbers as text, compared as numbers (no sign, any width).
bool numerically_less(std::string a, std::string b) {
  a.erase(0, std::min(a.find_first_not_of('0'), a.size()));
  b.erase(0, std::min(b.find_first_not_of('0'), b.size()));
  return a.size() != b.size() ? a.size() < b.size() : a < b;
}

/// After `highest` (digits): where it starts with a timestamp, the time now
/// as wide (popx's 20 digits: now and zeros), or one more when now is not
/// above it; otherwise one more.
std::string next_number(const std::string& highest, const std::string& now) {
  if (highest.size() >= timestamp_digits && is_timestamp(highest.substr(0, timestamp_digits))) {
    const std::string clock = now + std::string(highest.size() - timestamp_digits, '0');
    if (numerically_less(highest, clock)) return clock;
  }
  return plus_one(highest);
}

/// `digits` laid out as `pattern` is (diesel's `2018-06-01-112529`): its
/// separators kept where the two have as many digits, else the digits alone.
std::string shaped_like(const std::string& digits, const std::string& pattern) {
  if (digits_of(pattern).size() != digits.size()) return digits;
  std::string shaped;
  std::size_t next = 0;
  for (const char c : pattern) shaped += is_digit(c) ? digits[next++] : c;
  return shaped;
}

/// Flyway's `1.2.9` -> `1.2.10`: the last part one more, as wide; a single
/// part as any number (timestamps too).
std::string next_flyway_version(const std::string& highest, const std::string& now) {
  const std::size_t last = highest.find_last_of("._");
  if (last == std::string::npos) return next_number(highest, now);
  return highest.substr(0, last + 1) + plus_one(highest.substr(last + 1));
}

/// The highest migration's version as its name spells it.
std::string version_of(Layout layout, const MigrationSource& highest) {
  const std::string& file = highest.file_name;
  switch (layout) {
    case Layout::flyway:
      return file.substr(1, file.find("__") - 1);
    case Layout::diesel:
    case Layout::prisma:
      return file.substr(0, file.find('_'));
    default:
      return leading_digits(file);
  }
}

std::string shown_version(const std::string& version) {
  if (version.empty() || digits_of(version) != version) return version;
  const std::size_t first = std::min(version.find_first_not_of('0'), version.size() - 1);
  return version.substr(first);
}

std::string up_text(const std::string& version, const std::string& name) {
  return "-- Migration " + shown_version(version) + " (" + name + "), created by `migbundle new`.\n" +
         "-- Write its SQL here, in place of these comments. As it is, it changes nothing, but\n"
         "-- once applied its checksum is recorded: a later edit is refused, so finish it first.\n";
}

std::string down_text(const std::string& version, const std::string& name) {
  return "-- Down of migration " + shown_version(version) + " (" + name + "), created by `migbundle new`.\n" +
         "-- Write the SQL that undoes it here, in place of these comments (run by `migbundle\n"
         "-- rollback` and rollback()). As it is, it undoes nothing: `migbundle verify` applies\n"
         "-- the migration, then this down, then the migration again, and fails until it does.\n";
}

/// One file with an up and (with a down) a down section under the tool's markers.
std::string sectioned_text(const std::string& version, const std::string& name, bool down, const char* up_marker,
                           const char* down_marker) {
  std::string text = std::string(up_marker) + "\n" + up_text(version, name);
  if (down) text += "\n" + std::string(down_marker) + "\n" + down_text(version, name);
  return text;
}

[[noreturn]] void refuse_down(Layout layout, const std::string& why) {
  throw UsageError("--down: " + why + " (the `" + std::string(layout_name(layout)) + "` layout); leave out --down");
}

}  // namespace

void check_layout_takes(Layout layout, const std::string& name, bool down) {
  if (layout == Layout::drizzle) {
    throw UsageError(
        "the folder is in drizzle's layout, where drizzle-kit writes each migration together with its entry in "
        "`meta/_journal.json` and snapshot; a file made by hand would be in no journal. Run `drizzle-kit generate "
        "--custom --name " +
        name + "` for an empty migration to write by hand: migbundle reads it from there");
  }
  if (!down) return;
  if (layout == Layout::wrangler)
    refuse_down(layout, "wrangler d1 migrations only go forward, and its files have no down");
  if (layout == Layout::flyway) {
    refuse_down(layout,
                "migbundle does not read Flyway's undo scripts (`U<version>__`) yet, so a down would be "
                "refused the moment it was written");
  }
  if (layout == Layout::prisma) refuse_down(layout, "Prisma's migration folders hold no down");
}

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

NewMigration plan_new_migration(Layout layout, const std::vector<MigrationSource>& migrations, const std::string& name,
                                bool down, const std::string& now) {
  check_layout_takes(layout, name, down);
  // Each layout's version for an empty folder: what its tool's `create` starts with.
  std::string version;
  std::string separator = "_";  // between the version and the name
  switch (layout) {
    case Layout::migbundle:
    case Layout::wrangler:
      version = "0001";
      break;
    case Layout::flyway:
      version = "1";
      break;
    case Layout::diesel:
      version = shaped_like(now, "0000-00-00-000000");
      break;
    case Layout::maragudk:
      // `-`: `0001_<name>.up.sql` would read as golang-migrate's.
      version = "0001";
      separator = "-";
      break;
    default:
      version = now;
  }
  // diesel's `00000000000000_diesel_initial_setup` comes first in every
  // diesel folder: after it alone, the first version of the project's own.
  const bool only_diesel_setup = layout == Layout::diesel && migrations.size() == 1 && migrations.back().id == 0;
  if (!migrations.empty() && !only_diesel_setup) {
    const MigrationSource& highest = migrations.back();
    const std::string written = version_of(layout, highest);
    if (layout == Layout::flyway) {
      version = next_flyway_version(written, now);
    } else if (layout == Layout::maragudk) {
      // Run in file-name order: only a number at the front makes sure the new name sorts last.
      const std::size_t after = written.size();
      if (written.empty() || after >= highest.file_name.size() ||
          (highest.file_name[after] != '-' && highest.file_name[after] != '_')) {
        throw UsageError("the newest migration `" + highest.display_path +
                         "` does not start with a number and `-` or `_`, and maragudk/migrate runs files in name "
                         "order: no name is sure to come after it. Name the new `<name>.up.sql` yourself, so it "
                         "sorts last");
      }
      separator = highest.file_name.substr(after, 1);
      version = plus_one(written);
    } else {
      version = shaped_like(next_number(digits_of(written), now), written);
    }
  }

  NewMigration next;
  next.version = version;
  const std::string stem = version + separator + name;
  next.read_name = layout == Layout::maragudk || layout == Layout::popx ? stem : name;
  const auto add = [&next](std::string path, std::string text) {
    next.files.push_back({std::move(path), std::move(text)});
  };
  switch (layout) {
    case Layout::automatic:
    case Layout::migbundle:
      add(stem + ".sql", up_text(version, name));
      if (down) add(stem + ".down.sql", down_text(version, name));
      break;
    case Layout::wrangler:
      add(stem + ".sql", up_text(version, name));
      break;
    case Layout::sqlx: {
      // sqlx's reversible migrations come in pairs; `migrate add` keeps a reversible folder reversible.
      const bool reversible = down || std::any_of(migrations.begin(), migrations.end(), [](const MigrationSource& m) {
                                return ends_with(m.file_name, ".up.sql");
                              });
      if (reversible) {
        add(stem + ".up.sql", up_text(version, name));
        add(stem + ".down.sql", down_text(version, name));
      } else {
        add(stem + ".sql", up_text(version, name));
      }
      break;
    }
    case Layout::goose:
      add(stem + ".sql", sectioned_text(version, name, down, "-- +goose Up", "-- +goose Down"));
      if (down) next.down_path = stem + ".sql";
      break;
    case Layout::sql_migrate:
      add(stem + ".sql", sectioned_text(version, name, down, "-- +migrate Up", "-- +migrate Down"));
      if (down) next.down_path = stem + ".sql";
      break;
    case Layout::dbmate:
      add(stem + ".sql", sectioned_text(version, name, down, "-- migrate:up", "-- migrate:down"));
      if (down) next.down_path = stem + ".sql";
      break;
    case Layout::golang_migrate:
    case Layout::maragudk:
    case Layout::popx:
      // popx: no `.<dialect>` part, so the file runs on every database the project targets.
      add(stem + ".up.sql", up_text(version, name));
      if (down) add(stem + ".down.sql", down_text(version, name));
      break;
    case Layout::flyway:
      add("V" + version + "__" + name + ".sql", up_text(version, name));
      break;
    case Layout::diesel:
      next.folder = stem;
      add(stem + "/up.sql", up_text(version, name));
      if (down) add(stem + "/down.sql", down_text(version, name));
      break;
    case Layout::prisma:
      next.folder = stem;
      add(stem + "/migration.sql", up_text(version, name));
      break;
    case Layout::drizzle:
      break;  // refused above
  }
  if (next.down_path.empty() && next.files.size() > 1) next.down_path = next.files[1].path;
  return next;
}

}  // namespace migbundle::gen
