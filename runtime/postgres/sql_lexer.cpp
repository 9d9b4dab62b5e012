// PostgreSQL's statement boundaries as psql finds them (src/fe_utils/psqlscan.l).
// One token at a time, from a position: the state between tokens is a few
// counters, so nothing is allocated and nothing can throw.
#include "postgres/sql_lexer.hpp"

namespace migbundle::postgres {
namespace {

bool is_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool is_newline(char c) noexcept { return c == '\n' || c == '\r'; }
bool is_horizontal_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; }
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
// Bytes 0x80-0xFF count as letters, as in psqlscan.l: UTF-8 names need no decoding here.
bool is_ident_start(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || u >= 0x80;
}
bool is_ident_cont(char c) noexcept { return is_ident_start(c) || is_digit(c) || c == '$'; }
// A dollar quote's tag: an identifier without `$`.
bool is_tag_cont(char c) noexcept { return is_ident_start(c) || is_digit(c); }

// Not substr(): its range check would throw, and callers pass offsets within the text.
std::string_view slice(std::string_view text, std::size_t begin, std::size_t end) noexcept {
  return std::string_view(text.data() + begin, end - begin);
}

char to_upper(char c) noexcept { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

/// Whether `word` is `upper` (ASCII capitals) in any case.
bool word_is(std::string_view word, std::string_view upper) noexcept {
  if (word.size() != upper.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (to_upper(word[i]) != upper[i]) return false;
  }
  return true;
}

enum class TokenKind : unsigned char {
  end,         ///< nothing but whitespace and comments left
  word,        ///< an identifier or keyword, unquoted
  literal,     ///< a string, quoted identifier, dollar-quoted body, number or parameter
  symbol,      ///< one character: `;`, `(`, `)`, an operator's character...
  open_comment ///< a `/*` never closed: the rest of the text
};

struct Token {
  TokenKind kind = TokenKind::end;
  std::size_t begin = 0;
  std::size_t end = 0;
  LexProblem problem = LexProblem::none;
  std::size_t problem_offset = 0;
};

/// Past whitespace and comments from `at`; an unterminated `/*` sets `open_comment`.
std::size_t skip_space_and_comments(std::string_view text, std::size_t at, std::size_t& open_comment) noexcept {
  open_comment = std::string_view::npos;
  const std::size_t n = text.size();
  while (at < n) {
    if (is_space(text[at])) {
      ++at;
    } else if (text[at] == '-' && at + 1 < n && text[at + 1] == '-') {
      while (at < n && !is_newline(text[at])) ++at;
    } else if (text[at] == '/' && at + 1 < n && text[at + 1] == '*') {
      // Comments nest: each `/*` inside needs its own `*/`.
      const std::size_t start = at;
      std::size_t depth = 1;
      at += 2;
      while (at < n && depth > 0) {
        if (text[at] == '/' && at + 1 < n && text[at + 1] == '*') {
          ++depth;
          at += 2;
        } else if (text[at] == '*' && at + 1 < n && text[at + 1] == '/') {
          --depth;
          at += 2;
        } else {
          ++at;
        }
      }
      if (depth > 0) {
        open_comment = start;
        return n;
      }
    } else {
      break;
    }
  }
  return at;
}

/// After a string's closing quote at `after - 1`: the offset just past the
/// `'` that continues it ('a'<newline>'b' is one string), or 0 when none does.
/// Only whitespace with a newline and `--` comments may come between.
std::size_t continuation(std::string_view text, std::size_t after) noexcept {
  bool newline = false;
  std::size_t at = after;
  while (at < text.size()) {
    const char c = text[at];
    if (is_horizontal_space(c)) {
      ++at;
    } else if (is_newline(c)) {
      newline = true;
      ++at;
    } else if (c == '-' && at + 1 < text.size() && text[at + 1] == '-') {
      while (at < text.size() && !is_newline(text[at])) ++at;
    } else {
      break;
    }
  }
  if (newline && at < text.size() && text[at] == '\'') return at + 1;
  return 0;
}

/// A quoted string whose first content byte is at `at`, its token starting
/// at `token_begin`. `backslashes`: E'' (a backslash escapes the next byte).
Token scan_string(std::string_view text, std::size_t token_begin, std::size_t at, bool backslashes) noexcept {
  const std::size_t n = text.size();
  std::size_t segment_begin = token_begin;
  while (true) {
    bool closed = false;
    while (at < n) {
      const char c = text[at];
      if (backslashes && c == '\\') {
        at += 2;  // E'\'' : the quote after a backslash is content
      } else if (c == '\'') {
        if (at + 1 < n && text[at + 1] == '\'') {
          at += 2;  // '' is a quote inside the string
        } else {
          ++at;
          closed = true;
          break;
        }
      } else {
        ++at;
      }
    }
    if (!closed) return Token{TokenKind::literal, token_begin, n, LexProblem::unterminated_string, segment_begin};
    const std::size_t next = continuation(text, at);
    if (next == 0) return Token{TokenKind::literal, token_begin, at, LexProblem::none, 0};
    segment_begin = next - 1;
    at = next;
  }
}

/// A quoted identifier whose first content byte is at `at`.
Token scan_quoted_identifier(std::string_view text, std::size_t token_begin, std::size_t at) noexcept {
  const std::size_t n = text.size();
  while (at < n) {
    if (text[at] == '"') {
      if (at + 1 < n && text[at + 1] == '"') {
        at += 2;
      } else {
        return Token{TokenKind::literal, token_begin, at + 1, LexProblem::none, 0};
      }
    } else {
      ++at;
    }
  }
  return Token{TokenKind::literal, token_begin, n, LexProblem::unterminated_quoted_identifier, token_begin};
}

/// The length of a dollar-quote delimiter (`$$`, `$tag$`) at `at`, or 0.
std::size_t delimiter_length(std::string_view text, std::size_t at) noexcept {
  if (at >= text.size() || text[at] != '$') return 0;
  std::size_t i = at + 1;
  if (i < text.size() && is_ident_start(text[i])) {
    while (i < text.size() && is_tag_cont(text[i])) ++i;
  }
  if (i < text.size() && text[i] == '$') return i + 1 - at;
  return 0;
}

/// The token at `at`, which is neither whitespace nor a comment.
Token scan_token(std::string_view text, std::size_t at) noexcept {
  const std::size_t n = text.size();
  const char c = text[at];
  const char next = at + 1 < n ? text[at + 1] : '\0';
  if (c == '\'') return scan_string(text, at, at + 1, false);
  if (c == '"') return scan_quoted_identifier(text, at, at + 1);
  // A prefix letter counts only where a token starts (`namee'x'` is a name and a plain string).
  if ((c == 'E' || c == 'e') && next == '\'') return scan_string(text, at, at + 2, true);
  if ((c == 'B' || c == 'b' || c == 'X' || c == 'x' || c == 'N' || c == 'n') && next == '\'') {
    return scan_string(text, at, at + 2, false);
  }
  if ((c == 'U' || c == 'u') && next == '&') {
    const char quote = at + 2 < n ? text[at + 2] : '\0';
    if (quote == '\'') return scan_string(text, at, at + 3, false);
    if (quote == '"') return scan_quoted_identifier(text, at, at + 3);
    // psql takes this `u` alone, and not as a word.
    return Token{TokenKind::symbol, at, at + 1, LexProblem::none, 0};
  }
  if (c == '$') {
    if (is_digit(next)) {  // $1: a parameter, never a quote
      std::size_t i = at + 1;
      while (i < n && is_digit(text[i])) ++i;
      if (i < n && is_ident_start(text[i])) {
        while (i < n && is_ident_cont(text[i])) ++i;
      }
      return Token{TokenKind::literal, at, i, LexProblem::none, 0};
    }
    const std::size_t length = delimiter_length(text, at);
    if (length == 0) return Token{TokenKind::symbol, at, at + 1, LexProblem::none, 0};
    const std::string_view delimiter = slice(text, at, at + length);
    const std::size_t close = text.find(delimiter, at + length);
    if (close == std::string_view::npos) {
      return Token{TokenKind::literal, at, n, LexProblem::unterminated_dollar_quote, at};
    }
    return Token{TokenKind::literal, at, close + length, LexProblem::none, 0};
  }
  if (is_ident_start(c)) {
    std::size_t i = at + 1;
    while (i < n && is_ident_cont(text[i])) ++i;
    return Token{TokenKind::word, at, i, LexProblem::none, 0};
  }
  if (is_digit(c)) {
    // Digits, `_`, a fraction and anything glued on as an identifier
    // (PostgreSQL 16's integer_junk): `1e'x'` is a number and a plain string.
    std::size_t i = at + 1;
    while (i < n && (is_digit(text[i]) || text[i] == '_')) ++i;
    if (i + 1 < n && text[i] == '.' && is_digit(text[i + 1])) {
      ++i;
      while (i < n && (is_digit(text[i]) || text[i] == '_')) ++i;
    }
    if (i < n && is_ident_start(text[i])) {
      while (i < n && is_ident_cont(text[i])) ++i;
    }
    return Token{TokenKind::literal, at, i, LexProblem::none, 0};
  }
  return Token{TokenKind::symbol, at, at + 1, LexProblem::none, 0};
}

/// The next token at or after `at`, whitespace and comments skipped.
Token next_token(std::string_view text, std::size_t at) noexcept {
  std::size_t open_comment = 0;
  at = skip_space_and_comments(text, at, open_comment);
  if (open_comment != std::string_view::npos) {
    return Token{TokenKind::open_comment, open_comment, text.size(), LexProblem::unterminated_comment, open_comment};
  }
  if (at >= text.size()) return Token{TokenKind::end, text.size(), text.size(), LexProblem::none, 0};
  return scan_token(text, at);
}

bool is_symbol(const Token& token, std::string_view text, char c) noexcept {
  return token.kind == TokenKind::symbol && text[token.begin] == c;
}

/// psql's heuristic for SQL-standard function bodies: in a statement whose
/// words start CREATE [OR REPLACE] FUNCTION/PROCEDURE, BEGIN ... END (and
/// CASE ... END inside it) outside parentheses hold their `;`.
class BodyTracker {
 public:
  void word(std::string_view w, unsigned paren_depth) noexcept {
    if (word_is(w, "CREATE") || word_is(w, "FUNCTION") || word_is(w, "PROCEDURE") || word_is(w, "OR") ||
        word_is(w, "REPLACE")) {
      if (count_ < sizeof initials_) initials_[count_] = static_cast<char>(to_upper(w[0]));
    }
    if (count_ < sizeof initials_) ++count_;
    const bool routine = initials_[0] == 'C' &&
                         (initials_[1] == 'F' || initials_[1] == 'P' ||
                          (initials_[1] == 'O' && initials_[2] == 'R' && (initials_[3] == 'F' || initials_[3] == 'P')));
    if (!routine || paren_depth != 0) return;
    if (word_is(w, "BEGIN")) {
      ++depth_;
    } else if (word_is(w, "CASE")) {
      if (depth_ >= 1) ++depth_;
    } else if (word_is(w, "END")) {
      if (depth_ > 0) --depth_;
    }
  }
  [[nodiscard]] unsigned depth() const noexcept { return depth_; }

 private:
  char initials_[4] = {0, 0, 0, 0};  // the first letter of CREATE/OR/REPLACE/FUNCTION/PROCEDURE at its place
  std::size_t count_ = 0;
  unsigned depth_ = 0;
};

/// The leading tokens of a statement, read on demand.
class Words {
 public:
  explicit Words(std::string_view text) noexcept : text_(text) { advance(); }

  /// Whether the current token is the word `upper`; steps past it when it is.
  bool accept(std::string_view upper) noexcept {
    if (!is(upper)) return false;
    advance();
    return true;
  }
  [[nodiscard]] bool is(std::string_view upper) const noexcept {
    return token_.kind == TokenKind::word && word_is(slice(text_, token_.begin, token_.end), upper);
  }
  [[nodiscard]] bool at_symbol(char c) const noexcept { return is_symbol(token_, text_, c); }
  /// Whether the statement ends here (its `;`, or the text's end).
  [[nodiscard]] bool at_end() const noexcept {
    return token_.kind == TokenKind::end || token_.kind == TokenKind::open_comment || at_symbol(';');
  }
  void advance() noexcept {
    token_ = next_token(text_, pos_);
    pos_ = token_.end;
  }
  /// Whether the current token is a false boolean: FALSE, OFF or 0.
  [[nodiscard]] bool at_false() const noexcept {
    const std::string_view t = slice(text_, token_.begin, token_.end);
    return is("FALSE") || is("OFF") || (token_.kind == TokenKind::literal && t == "0");
  }
  /// Steps over a parenthesised group; the current token must be its `(`.
  void skip_group() noexcept {
    unsigned depth = 0;
    do {
      if (at_symbol('(')) ++depth;
      if (at_symbol(')')) --depth;
      advance();
    } while (depth > 0 && !(token_.kind == TokenKind::end || token_.kind == TokenKind::open_comment));
  }
  /// Whether the word `upper` comes before the statement's end.
  bool find(std::string_view upper) noexcept {
    while (!at_end()) {
      if (is(upper)) return true;
      advance();
    }
    return false;
  }

 private:
  std::string_view text_;
  Token token_;
  std::size_t pos_ = 0;
};

}  // namespace

bool next_statement(std::string_view text, std::size_t from, StatementSpan& out) noexcept {
  if (from > text.size()) from = text.size();
  Token token = next_token(text, from);
  while (is_symbol(token, text, ';')) token = next_token(text, token.end);
  if (token.kind == TokenKind::end) return false;

  out = StatementSpan{};
  out.begin = token.begin;
  unsigned paren_depth = 0;
  BodyTracker body;
  while (true) {
    if (token.problem != LexProblem::none) {
      out.end = text.size();
      out.problem = token.problem;
      out.problem_offset = token.problem_offset;
      return true;
    }
    if (token.kind == TokenKind::end) {
      out.end = text.size();
      return true;
    }
    if (token.kind == TokenKind::word) {
      body.word(slice(text, token.begin, token.end), paren_depth);
    } else if (is_symbol(token, text, '(')) {
      ++paren_depth;
    } else if (is_symbol(token, text, ')')) {
      if (paren_depth > 0) --paren_depth;
    } else if (is_symbol(token, text, ';') && paren_depth == 0 && body.depth() == 0) {
      out.end = token.end;
      return true;
    }
    token = next_token(text, token.end);
  }
}

const char* transaction_control_name(std::string_view statement) noexcept {
  Words words(statement);
  if (words.accept("BEGIN")) return words.is("ATOMIC") ? nullptr : "BEGIN";
  if (words.accept("START")) return words.is("TRANSACTION") ? "START TRANSACTION" : nullptr;
  if (words.accept("COMMIT")) return words.is("PREPARED") ? "COMMIT PREPARED" : "COMMIT";
  if (words.accept("END")) return "END";
  if (words.accept("ABORT")) return "ABORT";
  if (words.accept("ROLLBACK")) {
    if (words.is("PREPARED")) return "ROLLBACK PREPARED";
    if (!words.accept("WORK")) words.accept("TRANSACTION");
    // ROLLBACK TO [SAVEPOINT] s stays inside the migration's transaction.
    return words.is("TO") ? nullptr : "ROLLBACK";
  }
  if (words.accept("PREPARE")) {
    // PREPARE TRANSACTION 'id'; `PREPARE transaction AS ...` names a prepared statement.
    if (!words.accept("TRANSACTION")) return nullptr;
    return words.at_end() || words.is("AS") || words.at_symbol('(') ? nullptr : "PREPARE TRANSACTION";
  }
  return nullptr;
}

bool is_transaction_control(std::string_view statement) noexcept {
  return transaction_control_name(statement) != nullptr;
}

const char* transaction_refusal_name(std::string_view statement) noexcept {
  Words words(statement);
  if (words.accept("VACUUM")) return "VACUUM";
  if (words.accept("CREATE")) {
    if (words.accept("DATABASE")) return "CREATE DATABASE";
    if (words.accept("TABLESPACE")) return "CREATE TABLESPACE";
    if (words.accept("SUBSCRIPTION")) return "CREATE SUBSCRIPTION";
    words.accept("UNIQUE");
    if (words.accept("INDEX")) return words.is("CONCURRENTLY") ? "CREATE INDEX CONCURRENTLY" : nullptr;
    return nullptr;
  }
  if (words.accept("DROP")) {
    if (words.accept("DATABASE")) return "DROP DATABASE";
    if (words.accept("TABLESPACE")) return "DROP TABLESPACE";
    if (words.accept("SUBSCRIPTION")) return "DROP SUBSCRIPTION";
    if (words.accept("INDEX")) return words.is("CONCURRENTLY") ? "DROP INDEX CONCURRENTLY" : nullptr;
    return nullptr;
  }
  if (words.accept("REINDEX")) {
    // REINDEX [(options)] {INDEX|TABLE|SCHEMA|DATABASE|SYSTEM} [CONCURRENTLY] name
    bool concurrently = false;
    if (words.at_symbol('(')) {
      // (CONCURRENTLY [boolean], VERBOSE, TABLESPACE t): on unless followed by a false value.
      while (!words.at_end()) {
        if (words.accept("CONCURRENTLY")) {
          concurrently = !words.at_false();
          continue;
        }
        const bool closing = words.at_symbol(')');
        words.advance();
        if (closing) break;
      }
    }
    if (words.accept("SCHEMA")) return "REINDEX SCHEMA";
    if (words.accept("DATABASE")) return "REINDEX DATABASE";
    if (words.accept("SYSTEM")) return "REINDEX SYSTEM";
    if (words.accept("INDEX") || words.accept("TABLE")) {
      if (words.is("CONCURRENTLY")) concurrently = true;
      return concurrently ? "REINDEX CONCURRENTLY" : nullptr;
    }
    return nullptr;
  }
  if (words.accept("ALTER")) {
    if (words.accept("SYSTEM")) return "ALTER SYSTEM";
    if (words.accept("DATABASE")) {
      // ALTER DATABASE name SET TABLESPACE t (not SET parameter ...)
      if (words.at_end()) return nullptr;
      words.advance();
      return words.accept("SET") && words.is("TABLESPACE") ? "ALTER DATABASE ... SET TABLESPACE" : nullptr;
    }
    if (words.accept("TABLE")) {
      while (words.find("DETACH")) {
        words.advance();
        if (!words.accept("PARTITION")) continue;
        if (words.at_end()) return nullptr;
        words.advance();  // the partition's name, perhaps schema-qualified
        while (words.at_symbol('.')) {
          words.advance();
          if (!words.at_end()) words.advance();
        }
        if (words.is("CONCURRENTLY")) return "ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY";
      }
    }
    return nullptr;
  }
  if (words.accept("CLUSTER")) {
    // CLUSTER [VERBOSE] / CLUSTER (options): every table at once, which needs transactions of its own.
    if (words.at_symbol('(')) words.skip_group();
    words.accept("VERBOSE");
    return words.at_end() ? "CLUSTER without a table" : nullptr;
  }
  if (words.accept("DISCARD")) return words.is("ALL") ? "DISCARD ALL" : nullptr;
  return nullptr;
}

bool refused_in_transaction(std::string_view statement) noexcept {
  return transaction_refusal_name(statement) != nullptr;
}

}  // namespace migbundle::postgres
