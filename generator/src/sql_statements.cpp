#include <migbundle/generator/sql_statements.hpp>

namespace migbundle::gen {
namespace {

constexpr std::size_t words_kept = 6;

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

std::string upper(std::string_view word) {
  std::string out(word);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

/// `upper(word) == keyword` for an upper-case keyword, without building the string.
bool equals_upper(std::string_view word, std::string_view keyword) {
  if (word.size() != keyword.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    const char c = word[i];
    if ((c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c) != keyword[i]) return false;
  }
  return true;
}

/// Walks the text once, keeping line and column as it goes.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  std::vector<StatementStart> run() {
    while (position_ < text_.size()) {
      const char c = text_[position_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        advance(1);
      } else if (c == '-' && next_is('-')) {
        while (position_ < text_.size() && text_[position_] != '\n') advance(1);
      } else if (c == '/' && next_is('*')) {
        const std::size_t close = text_.find("*/", position_ + 2);
        advance((close == std::string_view::npos ? text_.size() : close + 2) - position_);
      } else if (c == '\'' || c == '"' || c == '`' || c == '[') {
        start_statement_here();
        note_char(c);
        skip_quoted(c == '[' ? ']' : c);
      } else if (c == ';') {
        if (in_statement_ && !(in_trigger_ && !trigger_body_closed_)) in_statement_ = false;
        advance(1);
      } else if (is_word_char(c)) {
        start_statement_here();
        const std::size_t begin = position_;
        std::size_t end = position_;
        while (end < text_.size() && is_word_char(text_[end])) ++end;
        advance(end - begin);
        on_word(text_.substr(begin, end - begin));
      } else {
        start_statement_here();
        note_char(c);
        advance(1);
      }
    }
    return std::move(starts_);
  }

 private:
  bool next_is(char c) const { return position_ + 1 < text_.size() && text_[position_ + 1] == c; }

  void advance(std::size_t n) {
    for (std::size_t i = 0; i < n && position_ < text_.size(); ++i, ++position_) {
      const auto byte = static_cast<unsigned char>(text_[position_]);
      if (byte == '\n') {
        ++line_;
        column_ = 1;
      } else if ((byte & 0xC0) != 0x80) {
        ++column_;
      }
    }
  }

  void skip_quoted(char close) {
    advance(1);
    while (position_ < text_.size()) {
      if (text_[position_] == close) {
        // A doubled quote is an escaped quote, not the end.
        if (close != ']' && position_ + 1 < text_.size() && text_[position_ + 1] == close) {
          advance(2);
          continue;
        }
        advance(1);
        return;
      }
      advance(1);
    }
  }

  void start_statement_here() {
    if (in_statement_) return;
    in_statement_ = true;
    in_trigger_ = false;
    trigger_body_closed_ = false;
    case_depth_ = 0;
    first_is_create_ = false;
    starts_.push_back({position_, line_, column_, {}});
    starts_.back().words.reserve(words_kept);
  }

  // Only the first words_kept words are stored: later ones are compared in
  // place, never copied (INSERTs with many values made copies the bulk of the work).
  void note_char(char c) {
    if (starts_.back().words.size() < words_kept) starts_.back().words.emplace_back(1, c);
  }

  /// Tracks CREATE TRIGGER ... BEGIN ... END, whose body holds semicolons;
  /// CASE ... END inside it must not close it.
  void on_word(std::string_view word) {
    std::vector<std::string>& words = starts_.back().words;
    if (words.empty()) first_is_create_ = equals_upper(word, "CREATE");
    if (!in_trigger_ && words.size() >= 1 && first_is_create_ && equals_upper(word, "TRIGGER")) in_trigger_ = true;
    if (in_trigger_ && !trigger_body_closed_) {
      if (equals_upper(word, "CASE")) {
        ++case_depth_;
      } else if (equals_upper(word, "END")) {
        if (case_depth_ > 0) {
          --case_depth_;
        } else {
          trigger_body_closed_ = true;
        }
      }
    }
    if (words.size() < words_kept) words.push_back(upper(word));
  }

  std::string_view text_;
  std::size_t position_ = 0;
  int line_ = 1;
  int column_ = 1;
  bool in_statement_ = false;
  bool in_trigger_ = false;
  bool trigger_body_closed_ = false;
  int case_depth_ = 0;
  bool first_is_create_ = false;  ///< the statement's first word is CREATE (words.front() == "CREATE")
  std::vector<StatementStart> starts_;
};

}  // namespace

std::vector<StatementStart> statement_starts(std::string_view text) { return Scanner(text).run(); }

}  // namespace migbundle::gen
