#include <migbundle/generator/cpp_names.hpp>

#include <algorithm>
#include <iterator>

namespace migbundle::gen {
namespace {

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

bool is_identifier(std::string_view part) {
  if (part.empty()) return false;
  for (std::size_t i = 0; i < part.size(); ++i) {
    const char c = part[i];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    const bool digit = c >= '0' && c <= '9';
    if (!letter && !(digit && i > 0)) return false;
  }
  return std::find(std::begin(keywords), std::end(keywords), part) == std::end(keywords);
}

}  // namespace

bool is_namespace_path(std::string_view text) {
  for (;;) {
    const std::size_t separator = text.find("::");
    if (!is_identifier(text.substr(0, separator))) return false;
    if (separator == std::string_view::npos) return true;
    text.remove_prefix(separator + 2);
  }
}

}  // namespace migbundle::gen
