#include <migbundle/generator/file_name.hpp>

#include <migbundle/generator/utf8.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <utility>
#include <vector>

namespace migbundle::gen {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool ends_with_ignoring_case(std::string_view text, std::string_view lower_suffix) {
  if (text.size() < lower_suffix.size()) return false;
  const std::string_view tail = text.substr(text.size() - lower_suffix.size());
  for (std::size_t i = 0; i < tail.size(); ++i) {
    char c = tail[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower_suffix[i]) return false;
  }
  return true;
}

std::string_view trim_separators(std::string_view rest) {
  while (!rest.empty() && (rest.front() == '_' || rest.front() == '-' || rest.front() == ' ' || rest.front() == '.')) {
    rest.remove_prefix(1);
  }
  return rest;
}

/// Flyway's `<prefix><version>__<description>`: the version (digits, dots and
/// single underscores) when `stem` has that shape after `prefix`, else empty.
std::string_view flyway_version_of(std::string_view stem, char prefix) {
  if (stem.size() < 2 || (stem[0] != prefix && stem[0] != prefix - 'A' + 'a') || !is_digit(stem[1])) return {};
  const std::size_t separator = stem.find("__", 1);
  if (separator == std::string_view::npos) return {};
  const std::string_view version = stem.substr(1, separator - 1);
  for (const char c : version) {
    if (!is_digit(c) && c != '.' && c != '_') return {};
  }
  return version;
}

std::vector<std::string_view> version_parts(std::string_view version) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= version.size(); ++i) {
    if (i == version.size() || version[i] == '.' || version[i] == '_') {
      if (i > start) parts.push_back(version.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

/// A name that keeps what the user wrote but fits the rule, for "rename it to ...".
std::string suggest(std::string_view stem) {
  if (const std::string_view version = flyway_version_of(stem, 'V'); !version.empty()) {
    const std::size_t parts = version_parts(version).size();
    const std::string_view rest = trim_separators(stem.substr(1 + version.size() + 2));
    return flyway_number(version, parts, 3) + "_" + std::string(rest.empty() ? std::string_view("name") : rest) + ".sql";
  }
  std::size_t digits = 0;
  while (digits < stem.size() && is_digit(stem[digits])) ++digits;
  std::string number = digits > 0 ? std::string(stem.substr(0, digits)) : std::string("0001");
  std::string_view rest = trim_separators(stem.substr(digits));
  // Flyway's V<n>_name without the double underscore: keep its number.
  if (digits == 0 && (stem.rfind("V", 0) == 0 || stem.rfind("v", 0) == 0)) {
    std::size_t end = 1;
    while (end < stem.size() && is_digit(stem[end])) ++end;
    if (end > 1) {
      number = std::string(stem.substr(1, end - 1));
      rest = stem.substr(end);
      while (!rest.empty() && rest.front() == '_') rest.remove_prefix(1);
    }
  }
  return number + "_" + std::string(rest.empty() ? std::string_view("name") : rest) + ".sql";
}

FileNameCheck invalid(std::string reason, std::string suggestion) {
  FileNameCheck check;
  check.kind = FileNameCheck::Kind::invalid;
  check.problem = rename_problem(reason, suggestion);
  check.reason = std::move(reason);
  check.suggestion = std::move(suggestion);
  return check;
}

/// Why a build cannot carry `file_name` as a dependency, or "" when it can.
/// add_migrations() lists every migration in CMake and in the build files:
/// `;` splits a CMake list; a backslash, `"`, `|`, `:`, a tab or a newline
/// breaks Makefiles or Ninja (tried with both); the rest of what a Windows
/// file name cannot hold (`<`, `>`, `?`, `*`, control characters) would keep
/// the migration from being checked out there. cmake/AddMigrations.cmake
/// refuses the same characters while CMake configures.
/// `suggestion` becomes the name with each such character replaced by `_`.
std::string build_tool_problem(std::string_view file_name, std::string& suggestion) {
  constexpr std::string_view refused = ";<>:\"/\\|?*";
  suggestion = std::string(file_name);
  std::string shown;
  for (char& c : suggestion) {
    const bool control = static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
    if (!control && refused.find(c) == std::string_view::npos) continue;
    if (shown.empty()) {
      if (control) {
        static constexpr char hex[] = "0123456789ABCDEF";
        shown = std::string("the control character 0x") + hex[(c >> 4) & 0xF] + hex[c & 0xF];
      } else {
        shown = std::string("`") + c + "`";
      }
    }
    c = '_';
  }
  if (shown.empty()) return "";
  return "the file name holds " + shown +
         ", which CMake, make or Ninja cannot carry in a dependency (or Windows in a file name); "
         "a migration's name may not hold `;`, `<>:\"/\\|?*` or control characters";
}

}  // namespace

std::string rename_problem(const std::string& reason, const std::string& suggestion) {
  return suggestion.empty() ? reason : reason + "; rename it, e.g. to `" + suggestion + "`";
}

std::string flyway_number(std::string_view version, std::size_t parts, std::size_t width) {
  const std::vector<std::string_view> own = version_parts(version);
  std::string number = own.empty() ? std::string("0") : std::string(own.front());
  for (std::size_t i = 1; i < std::max(parts, own.size()); ++i) {
    const std::string part = i < own.size() ? std::string(own[i]) : std::string("0");
    number += std::string(part.size() < width ? width - part.size() : 0, '0') + part;
  }
  return number;
}

FileNameCheck check_file_name(std::string_view file_name) {
  FileNameCheck check;
  // Hidden files are editors' and tools' (emacs lock files are `.#<name>.sql`).
  if (file_name.empty() || file_name.front() == '.') return check;
  if (!ends_with_ignoring_case(file_name, ".sql")) return check;

  if (file_name.size() > max_file_name_size) {
    return invalid("the file name is " + std::to_string(file_name.size()) +
                       " bytes long; a bundle holds names of at most " + std::to_string(max_file_name_size) +
                       " bytes: rename it to a shorter `<digits>_<name>.sql`",
                   "");
  }
  // Names are recorded in databases, lock files and JSON, all UTF-8: a name
  // that is not would be altered there and never match again.
  if (const std::size_t bad = first_invalid_utf8(file_name); bad != std::string_view::npos) {
    std::string cleaned(file_name);
    for (std::size_t i = first_invalid_utf8(cleaned); i != std::string::npos; i = first_invalid_utf8(cleaned)) {
      cleaned[i] = '_';
    }
    const FileNameCheck fixed = check_file_name(cleaned);
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(file_name[bad]));
    return invalid(std::string("the file name is not valid UTF-8 (byte ") + byte +
                       "); migration names are recorded in databases and lock files as UTF-8, so this one would "
                       "never match again",
                   fixed.kind == FileNameCheck::Kind::migration ? cleaned : fixed.suggestion);
  }
  const std::string_view extension = file_name.substr(file_name.size() - 4);
  const std::string_view stem = file_name.substr(0, file_name.size() - 4);
  if (extension != ".sql") {
    return invalid("the extension must be lowercase `.sql`", check_file_name(std::string(stem) + ".sql").kind ==
                                                                      FileNameCheck::Kind::migration
                                                                  ? std::string(stem) + ".sql"
                                                                  : suggest(stem));
  }
  if (ends_with_ignoring_case(stem, ".down")) {
    return invalid("is a down migration (`.down.sql`, as golang-migrate and sqlx name them): migbundle only runs "
                   "migrations forward, and would run this file as one more forward migration, undoing another. "
                   "Keep only the up part: delete this file or move it out of the directory",
                   "");
  }
  if (!flyway_version_of(stem, 'U').empty()) {
    return invalid("is a Flyway undo script (`U<version>__`): migbundle does not run undo scripts, and would run it "
                   "as a forward migration. Delete it or move it out of the directory",
                   "");
  }
  if (stem.size() > 3 && (stem[0] == 'R' || stem[0] == 'r') && stem.substr(1, 2) == "__") {
    return invalid("is a Flyway repeatable script (`R__`): migbundle runs each migration exactly once and has no "
                   "repeatable scripts. Put its SQL in a numbered migration (a new one for each later change) and "
                   "delete this file",
                   "");
  }
  std::size_t digits = 0;
  while (digits < stem.size() && is_digit(stem[digits])) ++digits;
  if (digits == 0 || digits >= stem.size() || stem[digits] != '_' || digits + 1 == stem.size()) {
    FileNameCheck refused =
        invalid("the file name does not match `<digits>_<name>.sql`, so it would never be applied", suggest(stem));
    refused.flyway_version = std::string(flyway_version_of(stem, 'V'));
    return refused;
  }
  std::uint64_t id = 0;
  constexpr auto max_id = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  for (std::size_t i = 0; i < digits; ++i) {
    const auto digit = static_cast<std::uint64_t>(stem[i] - '0');
    if (id > (max_id - digit) / 10) {
      return invalid("the id " + std::string(stem.substr(0, digits)) +
                         " does not fit in a signed 64-bit integer; use a smaller number (timestamps like "
                         "20240101120000 fit)",
                     "");
    }
    id = id * 10 + digit;
  }
  if (std::string suggestion, reason = build_tool_problem(file_name, suggestion); !reason.empty()) {
    return invalid(std::move(reason), std::move(suggestion));
  }
  check.kind = FileNameCheck::Kind::migration;
  check.id = static_cast<std::int64_t>(id);
  check.name = std::string(stem.substr(digits + 1));
  return check;
}

}  // namespace migbundle::gen
