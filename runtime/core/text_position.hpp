// Maps byte offsets in a migration's SQL to what a person looks for in the file.
#pragma once

#include <cstddef>
#include <string_view>

namespace migbundle {

struct TextPosition {
  int line;    ///< 1-based
  int column;  ///< 1-based, in characters (UTF-8 code points), as editors count
};

/// Line and column of `offset` in `text`. The embedded text is the file with
/// its BOM dropped and CRLF turned into LF, neither of which moves a line or
/// a character column, so the position holds in the original file too.
[[nodiscard]] TextPosition position_of(std::string_view text, std::size_t offset) noexcept;

/// Byte offset of the character with 0-based index `index` in UTF-8 `text`
/// (its size when the text is shorter): PostgreSQL counts an error's
/// position in characters.
/// Inline: only PostgreSQL's runtime calls it, and a firmware image should not carry it.
[[nodiscard]] inline std::size_t offset_of_character(std::string_view text, std::size_t index) noexcept {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;  // inside a character
    if (index == 0) return i;
    --index;
  }
  return text.size();
}

/// First offset at or after `from` that is not whitespace or an SQL comment:
/// where the next statement really starts.
[[nodiscard]] std::size_t skip_space_and_comments(std::string_view text, std::size_t from) noexcept;

/// Whether the statement starting at `offset` is transaction control
/// (BEGIN, COMMIT, END, ROLLBACK but not ROLLBACK TO a savepoint), which
/// would break the transaction a migration runs in.
[[nodiscard]] bool is_transaction_control(std::string_view text, std::size_t offset) noexcept;

}  // namespace migbundle
