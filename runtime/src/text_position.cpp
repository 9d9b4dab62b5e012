#include "text_position.hpp"

namespace migbundle {
namespace {

bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool is_word_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool starts_pair(std::string_view text, std::size_t i, char first, char second) noexcept {
  return i + 1 < text.size() && text[i] == first && text[i + 1] == second;
}

char to_upper(char c) noexcept { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

/// The word at `offset` (letters, digits, underscores), and moves `offset` past it.
std::string_view take_word(std::string_view text, std::size_t& offset) noexcept {
  offset = skip_space_and_comments(text, offset);
  std::size_t start = offset;
  while (offset < text.size() && is_word_char(text[offset])) ++offset;
  // Index arithmetic, not substr(): substr's range check drags exception code into firmware.
  return std::string_view(text.data() + start, offset - start);
}

bool equals_keyword(std::string_view word, std::string_view upper_keyword) noexcept {
  if (word.size() != upper_keyword.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (to_upper(word[i]) != upper_keyword[i]) return false;
  }
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
  const std::string_view first = take_word(text, offset);
  if (equals_keyword(first, "BEGIN") || equals_keyword(first, "COMMIT") || equals_keyword(first, "END")) {
    return true;
  }
  if (!equals_keyword(first, "ROLLBACK")) return false;
  std::string_view next = take_word(text, offset);
  if (equals_keyword(next, "TRANSACTION")) next = take_word(text, offset);
  return !equals_keyword(next, "TO");  // ROLLBACK TO <savepoint> stays inside the transaction
}

}  // namespace migbundle
