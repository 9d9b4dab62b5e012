#include <migbundle/generator/cpp_names.hpp>

#include <algorithm>
#include <iterator>

namespace migbundle::gen {
namespace {

// C++20's keywords, so the generated code stays valid when a consumer moves up.
constexpr std::string_view keywords[] = {
    "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break", "case", "catch",
    "char", "char8_t", "char16_t", "char32_t", "class", "compl", "concept", "const", "consteval", "constexpr",
    "constinit", "const_cast", "continue", "co_await", "co_return", "co_yield", "decltype", "default", "delete",
    "do", "double", "dynamic_cast", "else", "enum", "explicit", "export", "extern", "false", "float", "for",
    "friend", "goto", "if", "inline", "int", "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq",
    "nullptr", "operator", "or", "or_eq", "private", "protected", "public", "register", "reinterpret_cast",
    "requires", "return", "short", "signed", "sizeof", "static", "static_assert", "static_cast", "struct",
    "switch", "template", "this", "thread_local", "throw", "true", "try", "typedef", "typeid", "typename",
    "union", "unsigned", "using", "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq"};

// Lowercase macros a file that includes the bundle may see, with where they come from:
// a macro rewrites the namespace's name wherever it is defined.
struct Macro {
  std::string_view name;
  std::string_view origin;
};
constexpr std::string_view gnu_modes =
    "predefined by GCC and Clang in GNU modes (-std=gnu++17, CMake's default) on some systems";
constexpr std::string_view c_library = "of the C library";
constexpr std::string_view windows = "of <windows.h>";
constexpr Macro macros[] = {
    {"linux", gnu_modes},       {"unix", gnu_modes},       {"i386", gnu_modes},     {"sun", gnu_modes},
    {"sparc", gnu_modes},       {"mips", gnu_modes},       {"vax", gnu_modes},      {"powerpc", gnu_modes},
    {"hppa", gnu_modes},        {"m68k", gnu_modes},       {"mc68000", gnu_modes},  {"sco", gnu_modes},
    {"assert", c_library},      {"errno", c_library},      {"offsetof", c_library}, {"setjmp", c_library},
    {"va_start", c_library},    {"va_arg", c_library},     {"va_end", c_library},   {"va_copy", c_library},
    {"stdin", c_library},       {"stdout", c_library},     {"stderr", c_library},   {"major", c_library},
    {"minor", c_library},       {"makedev", c_library},    {"interface", windows},  {"near", windows},
    {"far", windows},           {"pascal", windows},       {"cdecl", windows},      {"small", windows},
    {"hyper", windows},         {"min", windows},          {"max", windows}};

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_identifier(std::string_view part) {
  if (part.empty() || !is_letter(part.front())) return false;
  return std::all_of(part.begin(), part.end(), [](char c) { return is_letter(c) || is_digit(c); });
}

std::string quoted(std::string_view part) { return "`" + std::string(part) + "`"; }

/// Why one part of the path cannot be used anywhere in it, or "".
std::string part_problem(std::string_view part) {
  if (std::find(std::begin(keywords), std::end(keywords), part) != std::end(keywords)) {
    return quoted(part) + " is a C++ keyword";
  }
  if (part.front() == '_' || part.find("__") != std::string_view::npos) {
    return quoted(part) + " is reserved to the compiler and the standard library (a name starting with `_` or "
                          "holding `__`)";
  }
  const bool has_lower = std::any_of(part.begin(), part.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  const bool has_upper = std::any_of(part.begin(), part.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  if (has_upper && !has_lower) {
    return quoted(part) + " is spelled like a macro (all capitals, as NULL, INT64_MAX, SQLITE_OK): where a macro "
                          "of that name is defined it replaces the namespace's name";
  }
  for (const Macro& macro : macros) {
    if (macro.name == part) return quoted(part) + " is a macro " + std::string(macro.origin);
  }
  return "";
}

/// Why the first part cannot be a namespace in the global one, where the
/// generated header meets what <sqlite3.h>, <cstdint> and the program declare.
std::string global_problem(std::string_view part) {
  if (part == "std" || part == "posix" ||
      (part.size() > 3 && part.substr(0, 3) == "std" && std::all_of(part.begin() + 3, part.end(), is_digit))) {
    return quoted(part) + " is reserved to the standard library";
  }
  if (part == "sqlite3" || part.substr(0, 7) == "sqlite3" || part.substr(0, 7) == "sqlite_") {
    return quoted(part) + " is SQLite's: <sqlite3.h> declares `sqlite3` and `sqlite3_*` in the global namespace";
  }
  if (part.size() > 2 && part.substr(part.size() - 2) == "_t") {
    return quoted(part) + " ends in `_t`, like the global types of <cstdint>, <cstddef> and POSIX (size_t, "
                          "int64_t)";
  }
  if (part == "main") return "`main` is the program's entry point in the global namespace";
  return "";
}

}  // namespace

std::string namespace_problem(std::string_view text) {
  bool first = true;
  for (;;) {
    const std::size_t separator = text.find("::");
    const std::string_view part = text.substr(0, separator);
    if (!is_identifier(part)) return "use identifiers joined by `::`";
    std::string problem = part_problem(part);
    if (problem.empty() && first) problem = global_problem(part);
    if (!problem.empty()) return problem;
    if (separator == std::string_view::npos) return "";
    text.remove_prefix(separator + 2);
    first = false;
  }
}

bool is_namespace_path(std::string_view text) { return namespace_problem(text).empty(); }

}  // namespace migbundle::gen
