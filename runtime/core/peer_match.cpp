#include "core/peer_match.hpp"

namespace migbundle {
namespace {

/// The next `.`-separated part of `text` from `at`, without leading zeros ("" for 0).
std::string_view next_part(std::string_view text, std::size_t& at) noexcept {
  std::size_t end = text.find('.', at);
  if (end == std::string_view::npos) end = text.size();
  std::string_view part = text.substr(at, end - at);
  at = end < text.size() ? end + 1 : end;
  while (!part.empty() && part.front() == '0') part.remove_prefix(1);
  return part;
}

bool versions_equal(std::string_view a, std::string_view b) noexcept {
  std::size_t at_a = 0;
  std::size_t at_b = 0;
  while (at_a < a.size() || at_b < b.size()) {
    if (next_part(a, at_a) != next_part(b, at_b)) return false;  // missing parts are 0: ""
  }
  return true;
}

}  // namespace

bool peer_key_matches(PeerTool tool, std::string_view row_key, std::string_view key) noexcept {
  if (tool == PeerTool::flyway) return !row_key.empty() && versions_equal(row_key, key);
  return row_key == key;
}

bool peer_hash_matches(std::string_view stored, std::string_view expected) noexcept {
  if (expected.empty()) return true;
  while (!expected.empty()) {
    const std::size_t space = expected.find(' ');
    if (expected.substr(0, space) == stored) return true;
    expected.remove_prefix(space == std::string_view::npos ? expected.size() : space + 1);
  }
  return false;
}

}  // namespace migbundle
