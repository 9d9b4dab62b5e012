#include "core/text_position.hpp"

namespace migbundle {
namespace {

bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool is_word_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool starts_pair(std::string_view text, std::size_t i, char first, char second) noexcept {
  return i + 1 < text.size() && text[i] == first && text[i + 1] == second;
}

/// Whether the word at `offset` (after space and comments) is `keyword`, given
/// in upper case; if so, moves `offset` past it.
bool take_keyword(std::string_view text, std::size_t& offset, const char* keyword) noexcept {
  std::size_t i = skip_space_and_comments(text, offset);
  for (; *keyword != '\0'; ++keyword, ++i) {
    if (i >= text.size() || (text[i] & ~0x20) != *keyword) return false;  // ASCII letters: clear the lower-case bit
  }
  if (i < text.size() && is_word_char(text[i])) return false;  // a longer word, e.g. ENDING
  offset = i;
  return true;
}

}  // namespace

TextPosition position_of(std::string_view text, std::size_t offset) noexcept {
  if (offset > text.size()) offset = text.size();
  TextPosition position{1, 1};
  for (std::size_t i = 0; i < offset; ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '\n') {
      ++position.line;
      position.column = 1;
    } else if ((byte & 0xC0) != 0x80) {  // continuation bytes do not start a character
      ++position.column;
    }
  }
  return position;
}

std::size_t skip_space_and_comments(std::string_view text, std::size_t from) noexcept {
  std::size_t i = from;
  while (i < text.size()) {
    if (is_space(text[i])) {
      ++i;
    } else if (starts_pair(text, i, '-', '-')) {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (starts_pair(text, i, '/', '*')) {
      const std::size_t close = text.find("*/", i + 2);
      i = close == std::string_view::npos ? text.size() : close + 2;
    } else {
      break;
    }
  }
  return i;
}

bool is_transaction_control(std::string_view text, std::size_t offset) noexcept {
  if (take_keyword(text, offset, "BEGIN") || take_keyword(text, offset, "COMMIT") || take_keyword(text, offset, "END")) {
    return true;
  }
  if (!take_keyword(text, offset, "ROLLBACK")) return false;
  (void)take_keyword(text, offset, "TRANSACTION");
  return !take_keyword(text, offset, "TO");  // ROLLBACK TO <savepoint> stays inside the transaction
}

}  // namespace migbundle
