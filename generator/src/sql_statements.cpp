#include <migbundle/generator/sql_statements.hpp>

#include <cstring>

namespace migbundle::gen {
namespace {

/// SQLite's identifier characters (sqlite3_complete()'s IdChar): `$` too, so
/// `TRIGGER$` is a name, not the keyword (found by fuzz_sql_statements).
constexpr bool is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' ||
         c >= 0x80;
}

// A table: words are most of a migration's bytes, and this test runs on each.
constexpr struct WordChars {
  bool is[256] = {};
  constexpr WordChars() {
    for (int c = 0; c < 256; ++c) is[c] = is_word_byte(static_cast<unsigned char>(c));
  }
} word_chars;

bool is_word_char(char c) { return word_chars.is[static_cast<unsigned char>(c)]; }

/// What a byte can begin, so the scanner dispatches on one table look-up.
enum class Lead : unsigned char { other, space, dash, slash, quote, semicolon, word };

constexpr struct Leads {
  Lead of[256] = {};
  constexpr Leads() {
    for (int c = 0; c < 256; ++c) {
      // What starts SQLite's white space; '\v' only continues it (run()).
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        of[c] = Lead::space;
      } else if (c == '-') {
        of[c] = Lead::dash;
      } else if (c == '/') {
        of[c] = Lead::slash;
      } else if (c == '\'' || c == '"' || c == '`' || c == '[') {
        of[c] = Lead::quote;
      } else if (c == ';') {
        of[c] = Lead::semicolon;
      } else if (is_word_byte(static_cast<unsigned char>(c))) {
        of[c] = Lead::word;
      }
    }
  }
} leads;

/// Bytes that can change the scan once a statement's words are kept: the
/// statement's end, a quote, a comment. Everything else is skipped in bulk.
constexpr struct Stops {
  bool is[256] = {};
  constexpr Stops() {
    for (const char c : {';', '\'', '"', '`', '[', '-', '/'}) is[static_cast<unsigned char>(c)] = true;
  }
} stops;

/// `upper(word) == keyword` for an upper-case keyword, without building the string.
bool equals_upper(std::string_view word, std::string_view keyword) {
  if (word.size() != keyword.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    const char c = word[i];
    if ((c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c) != keyword[i]) return false;
  }
  return true;
}

/// Walks the text once. Line and column are counted only up to where a
/// statement starts (sync()), not byte by byte as the scan goes: the same
/// numbers for a fraction of the work.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  std::vector<StatementStart> run() {
    while (position_ < text_.size()) {
      // Past its first words, outside a trigger, a statement's words and
      // punctuation change nothing (most of an INSERT): skip to what may.
      // (Not while `EXPLAIN ...` may still lead to CREATE TRIGGER.)
      if (in_statement_ && !in_trigger_ && words_full_ && prefix_ == Prefix::normal) skip_to_stop();
      if (position_ >= text_.size()) break;
      const char c = text_[position_];
      const Lead lead = leads.of[static_cast<unsigned char>(c)];
      // SQLite's tokenizer: white space starts with a space, tab, newline,
      // CR or form feed, and may go on with vertical tabs; a '\v' anywhere
      // else is a token of its own (an illegal one).
      const bool space = lead == Lead::space || (c == '\v' && in_space_run_);
      in_space_run_ = space;
      if (space) {
        advance(1);
      } else if (c == '\xEF' && text_.compare(position_, 3, "\xEF\xBB\xBF") == 0) {
        advance(3);  // a byte-order mark where a token would start: white space to SQLite's tokenizer
      } else if (lead == Lead::dash && next_is('-')) {
        const std::size_t newline = text_.find('\n', position_);
        position_ = newline == std::string_view::npos ? text_.size() : newline;
      } else if (lead == Lead::slash && next_is('*')) {
        const std::size_t close = text_.find("*/", position_ + 2);
        advance((close == std::string_view::npos ? text_.size() : close + 2) - position_);
      } else if (lead == Lead::quote) {
        start_statement_here();
        note_char(c);
        skip_quoted(c == '[' ? ']' : c);
      } else if (lead == Lead::semicolon) {
        if (in_trigger_ && !trigger_body_closed_) {
          semicolon_in_body_ = in_statement_;
        } else {
          in_statement_ = false;
        }
        advance(1);
      } else if (lead == Lead::word) {
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

  void advance(std::size_t n) { position_ = n < text_.size() - position_ ? position_ + n : text_.size(); }

  /// Brings line_ and column_ up to position_: a line per LF, and the column
  /// counts the characters (UTF-8 lead and ASCII bytes) after the last LF.
  void sync() {
    const char* const end = text_.data() + position_;
    const char* from = text_.data() + synced_;
    while (from < end) {
      const void* newline = std::memchr(from, '\n', static_cast<std::size_t>(end - from));
      if (newline == nullptr) break;
      ++line_;
      column_ = 1;
      from = static_cast<const char*>(newline) + 1;
    }
    for (; from < end; ++from) {
      if ((static_cast<unsigned char>(*from) & 0xC0) != 0x80) ++column_;
    }
    synced_ = position_;
  }

  void skip_to_stop() {
    std::size_t at = position_;
    while (at < text_.size() && !stops.is[static_cast<unsigned char>(text_[at])]) ++at;
    if (at == position_) return;
    // What start_statement_here() would have done at the skipped tokens.
    follows_semicolon_ = false;
    semicolon_in_body_ = false;
    position_ = at;
  }

  void skip_quoted(char close) {
    advance(1);
    while (position_ < text_.size()) {
      const std::size_t at = text_.find(close, position_);
      if (at == std::string_view::npos) {
        position_ = text_.size();
        return;
      }
      // A doubled quote is an escaped quote, not the end.
      if (close != ']' && at + 1 < text_.size() && text_[at + 1] == close) {
        position_ = at + 2;
        continue;
      }
      position_ = at + 1;
      return;
    }
  }

  /// Called at every token but `;`; starts a statement at the first one.
  void start_statement_here() {
    follows_semicolon_ = semicolon_in_body_;
    semicolon_in_body_ = false;
    // As sqlite3_complete(): the body ends only at `END ;`; any token between reopens it.
    trigger_body_closed_ = false;
    if (in_statement_) return;
    sync();
    in_statement_ = true;
    in_trigger_ = false;
    prefix_ = Prefix::start;
    words_full_ = false;
    starts_.emplace_back();
    StatementStart& start = starts_.back();
    start.offset = position_;
    start.line = line_;
    start.column = column_;
  }

  // Only the first StatementWords::capacity words are stored: later ones are
  // compared in place, never copied (INSERTs with many values made copies the
  // bulk of the work).
  void note_char(char c) {
    on_prefix_token(Token::other);
    StatementWords& words = starts_.back().words;
    words.push_upper(std::string_view(&c, 1));
    words_full_ = words.full();
  }

  /// The tokens before a trigger, as sqlite3_complete() reads them:
  /// `[EXPLAIN <tokens>] CREATE [TEMP|TEMPORARY]... TRIGGER`. TRIGGER counts
  /// only in that place, not as a column named "trigger".
  enum class Prefix : unsigned char { start, explain, create, normal };
  enum class Token : unsigned char { explain, create, temp, trigger, end, other };

  void on_prefix_token(Token token) {
    switch (prefix_) {
      case Prefix::start:
        prefix_ = token == Token::explain ? Prefix::explain : token == Token::create ? Prefix::create : Prefix::normal;
        break;
      case Prefix::explain:
        prefix_ = token == Token::create ? Prefix::create : token == Token::other ? Prefix::explain : Prefix::normal;
        break;
      case Prefix::create:
        if (token == Token::trigger) in_trigger_ = true;
        prefix_ = token == Token::temp ? Prefix::create : Prefix::normal;
        break;
      case Prefix::normal:
        break;
    }
  }

  static Token token_of(std::string_view word) {
    if (equals_upper(word, "EXPLAIN")) return Token::explain;
    if (equals_upper(word, "CREATE")) return Token::create;
    if (equals_upper(word, "TEMP") || equals_upper(word, "TEMPORARY")) return Token::temp;
    if (equals_upper(word, "TRIGGER")) return Token::trigger;
    if (equals_upper(word, "END")) return Token::end;
    return Token::other;
  }

  /// Tracks CREATE [TEMP] TRIGGER ... BEGIN ... END, whose body holds
  /// semicolons. The body ends at an END right after one of its `;` (SQLite
  /// ends every statement in it with one) and right before a `;`: not at the
  /// END of a CASE, nor at a column named "end".
  void on_word(std::string_view word) {
    StatementWords& words = starts_.back().words;
    const Token token = prefix_ == Prefix::normal && !in_trigger_ ? Token::other : token_of(word);
    on_prefix_token(token);
    if (in_trigger_ && follows_semicolon_ && token == Token::end) trigger_body_closed_ = true;
    words.push_upper(word);
    words_full_ = words.full();
  }

  std::string_view text_;
  std::size_t position_ = 0;
  std::size_t synced_ = 0;  ///< line_ and column_ are those of this offset
  int line_ = 1;
  int column_ = 1;
  bool in_statement_ = false;
  bool in_trigger_ = false;
  bool trigger_body_closed_ = false;
  bool semicolon_in_body_ = false;  ///< the last token was a `;` inside a trigger body
  bool follows_semicolon_ = false;  ///< the current token comes right after one
  Prefix prefix_ = Prefix::start;
  bool in_space_run_ = false;  ///< the last byte was white space, so a '\v' is too
  bool words_full_ = false;  ///< the statement has its words_kept words
  std::vector<StatementStart> starts_;
};

}  // namespace

std::vector<std::string> StatementWords::strings() const {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < size_; ++i) out.emplace_back((*this)[i]);
  return out;
}

std::vector<StatementStart> statement_starts(std::string_view text) { return Scanner(text).run(); }

}  // namespace migbundle::gen
