#include <migbundle/generator/file_name.hpp>

#include <cstdint>
#include <limits>
#include <utility>

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

/// A name that keeps what the user wrote but fits the rule, for "rename it to ...".
std::string suggest(std::string_view stem) {
  std::size_t digits = 0;
  while (digits < stem.size() && is_digit(stem[digits])) ++digits;
  std::string number = digits > 0 ? std::string(stem.substr(0, digits)) : std::string("0001");
  std::string_view rest = stem.substr(digits);
  while (!rest.empty() && (rest.front() == '_' || rest.front() == '-' || rest.front() == ' ' || rest.front() == '.')) {
    rest.remove_prefix(1);
  }
  // Flyway's V<n>__name: keep its number.
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

/// Why a build cannot carry `file_name` as a dependency, or "" when it can.
/// add_migrations() lists every migration in CMake and in the build files:
/// `;` splits a CMake list; a backslash, `"`, `|`, `:`, a tab or a newline
/// breaks Makefiles or Ninja (tried with both); the rest of what a Windows
/// file name cannot hold (`<`, `>`, `?`, `*`, control characters) would keep
/// the migration from being checked out there. cmake/AddMigrations.cmake
/// refuses the same characters while CMake configures.
std::string build_tool_problem(std::string_view file_name) {
  constexpr std::string_view refused = ";<>:\"/\\|?*";
  std::string suggestion(file_name);
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
         "a migration's name may not hold `;`, `<>:\"/\\|?*` or control characters: rename it, e.g. to `" +
         suggestion + "`";
}

}  // namespace

FileNameCheck check_file_name(std::string_view file_name) {
  FileNameCheck check;
  // Hidden files are editors' and tools' (emacs lock files are `.#<name>.sql`).
  if (file_name.empty() || file_name.front() == '.') return check;
  if (!ends_with_ignoring_case(file_name, ".sql")) return check;

  check.kind = FileNameCheck::Kind::invalid;
  if (file_name.size() > max_file_name_size) {
    check.problem = "the file name is " + std::to_string(file_name.size()) +
                    " bytes long; a bundle holds names of at most " + std::to_string(max_file_name_size) +
                    " bytes: rename it to a shorter `<digits>_<name>.sql`";
    return check;
  }
  const std::string_view extension = file_name.substr(file_name.size() - 4);
  const std::string_view stem = file_name.substr(0, file_name.size() - 4);
  if (extension != ".sql") {
    check.problem = "the extension must be lowercase `.sql`; rename the file to `" + std::string(stem) + ".sql`";
    return check;
  }
  std::size_t digits = 0;
  while (digits < stem.size() && is_digit(stem[digits])) ++digits;
  if (digits == 0 || digits >= stem.size() || stem[digits] != '_' || digits + 1 == stem.size()) {
    check.problem = "the file name does not match `<digits>_<name>.sql`, so it would never be applied; rename it, e.g. to `" +
                    suggest(stem) + "`";
    return check;
  }
  std::uint64_t id = 0;
  constexpr auto max_id = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  for (std::size_t i = 0; i < digits; ++i) {
    const auto digit = static_cast<std::uint64_t>(stem[i] - '0');
    if (id > (max_id - digit) / 10) {
      check.problem = "the id " + std::string(stem.substr(0, digits)) +
                      " does not fit in a signed 64-bit integer; use a smaller number (timestamps like 20240101120000 fit)";
      return check;
    }
    id = id * 10 + digit;
  }
  if (std::string problem = build_tool_problem(file_name); !problem.empty()) {
    check.problem = std::move(problem);
    return check;
  }
  check.kind = FileNameCheck::Kind::migration;
  check.id = static_cast<std::int64_t>(id);
  check.name = std::string(stem.substr(digits + 1));
  return check;
}

}  // namespace migbundle::gen
