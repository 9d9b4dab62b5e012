// The rule for Options::table and Options::schema: both are written into SQL,
// so each must be a plain identifier. Public so that a tool can check a name
// before it opens anything (the migbundle command's --table does).
#pragma once

namespace migbundle {

inline constexpr int max_table_name = 64;

/// `[A-Za-z_][A-Za-z0-9_]*`, at most `max_table_name` bytes.
[[nodiscard]] inline constexpr bool is_valid_table_name(const char* name) noexcept {
  if (name == nullptr || name[0] == '\0') return false;
  for (int n = 0; name[n] != '\0'; ++n) {
    const char c = name[n];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    const bool digit = c >= '0' && c <= '9';
    if ((!letter && !(digit && n > 0)) || n >= max_table_name) return false;
  }
  return true;
}

}  // namespace migbundle
