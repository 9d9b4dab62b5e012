// Where the statements of a migration start, found without SQLite: enough to
// lint a file at build time (strings, comments and trigger bodies respected).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace migbundle::gen {

/// The first few words of a statement, upper-cased, held inline: a statement
/// costs no allocation (a vector of strings for each of 460,000 statements was
/// a fifth of `generate`'s time at 10,000 migrations). A word longer than
/// `word_bytes` is kept cut short, and compares unequal to every keyword.
class StatementWords {
 public:
  static constexpr std::size_t capacity = 6;
  static constexpr std::size_t word_bytes = 23;

  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] bool full() const noexcept { return size_ == capacity; }
  [[nodiscard]] std::string_view operator[](std::size_t i) const noexcept {
    return {words_[i].bytes, words_[i].size};
  }
  [[nodiscard]] std::string_view front() const noexcept { return (*this)[0]; }
  [[nodiscard]] std::string_view back() const noexcept { return (*this)[size_ - 1]; }

  /// Adds `word` upper-cased (ASCII letters only), if there is room.
  void push_upper(std::string_view word) noexcept {
    if (size_ == capacity) return;
    Word& kept = words_[size_++];
    const std::size_t size = word.size() < sizeof kept.bytes ? word.size() : sizeof kept.bytes;
    for (std::size_t i = 0; i < size; ++i) {
      const char c = word[i];
      kept.bytes[i] = c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    }
    kept.size = static_cast<unsigned char>(size);
  }
  /// The words, as strings (for tests and messages).
  [[nodiscard]] std::vector<std::string> strings() const;

 private:
  struct Word {
    char bytes[word_bytes + 1];  // + 1: a cut word keeps one byte more than any keyword it could equal
    unsigned char size;
  };
  Word words_[capacity];
  std::size_t size_ = 0;
};

struct StatementStart {
  std::size_t offset = 0;
  int line = 1;    ///< 1-based
  int column = 1;  ///< 1-based, in characters
  /// The first few keywords or identifiers, upper-cased (`PRAGMA`, `MAIN`,
  /// `.`, `JOURNAL_MODE`, `=`...), enough to classify the statement.
  StatementWords words;
};

/// Splits `text` at top-level semicolons. A `;` inside a string, a quoted
/// identifier, a comment, or the BEGIN...END body of CREATE TRIGGER does not
/// end a statement. Text that is only whitespace and comments yields nothing.
[[nodiscard]] std::vector<StatementStart> statement_starts(std::string_view text);

}  // namespace migbundle::gen
