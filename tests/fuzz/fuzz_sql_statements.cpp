// libFuzzer, differential: the generator's statement scanner and lint against
// SQLite itself, for any SQL text (the input, cut at its first NUL and at 1 KiB).
//   (1) Boundaries: SQLite's sqlite3_complete() splits the text into
//       statements (each ends at the first `;` that completes it; a trigger's
//       body, strings, identifiers and comments are SQLite's business). Every
//       piece that holds a token has exactly one scanner start, at its first
//       token (found by skipping white space and comments here); a piece of
//       only white space, comments and `;` has none.
//   (2) Transaction control: a piece SQLite prepares is run inside an open
//       transaction on a scratch database (then rolled back); it is
//       transaction control exactly when SQLite then ends that transaction or
//       refuses to open a second one. The lint must report "`X` inside a
//       migration" at that piece's first token exactly then.
//   (3) Positions: the runtime's position_of() and the lint's lint_position()
//       for a drawn offset equal a count made here (lines at LF, columns in
//       UTF-8 characters).
// The scratch database allows no ATTACH, DETACH or PRAGMA (VACUUM INTO fails
// inside the transaction), values of at most 100,000 bytes, and a statement
// runs for at most 10,000 virtual-machine steps, so fuzzed SQL cannot write
// files, eat memory or loop.
#include <migbundle/generator/lint.hpp>
#include <migbundle/generator/sql_statements.hpp>

#include "core/text_position.hpp"  // runtime/
#include "lint_rules.hpp"          // generator/src/: lint_position()

#include <sqlite3.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

[[noreturn]] void violated(const char* what, const std::string& text, std::size_t at) {
  std::fprintf(stderr, "fuzz_sql_statements: %s at offset %zu in:\n%s\n", what, at, text.c_str());
  std::abort();
}

/// The text as SQLite's tokenizer sees it, for sqlite3_complete(), which
/// takes every '\v' for a token: a '\v' that continues white space (begun by
/// a space, tab, newline, CR or form feed) is white space to the tokenizer,
/// and becomes a space here; any other '\v' is a token, and stays.
/// Likewise a UTF-8 byte-order mark where a token would start is white space
/// to the tokenizer (after which a '\v' is a token again), and an identifier
/// to sqlite3_complete(); it becomes three spaces.
std::string tokenizer_view(std::string text) {
  bool run = false;
  bool in_word = false;  ///< inside an identifier, where a byte-order mark is part of the name
  for (std::size_t i = 0; i < text.size(); ++i) {
    char& c = text[i];
    if (!in_word && text.compare(i, 3, "\xEF\xBB\xBF") == 0) {
      text.replace(i, 3, "   ");
      i += 2;
      run = false;
      continue;
    }
    const bool starts = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    if (c == '\v' && run) c = ' ';
    run = starts || c == ' ';
    const unsigned char u = static_cast<unsigned char>(c);
    in_word = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_' || u == '$' ||
              u >= 0x80;
  }
  return text;
}

/// Past white space and comments from `i`, as SQLite's tokenizer skips them
/// (in tokenizer_view(): no '\v' is white space there any more).
std::size_t skip_space_and_comments(const std::string& text, std::size_t i) {
  for (;;) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\f' ||
                               text[i] == '\r')) {
      ++i;
    }
    if (text.compare(i, 2, "--") == 0) {
      const std::size_t end = text.find('\n', i);
      i = end == std::string::npos ? text.size() : end + 1;
    } else if (text.compare(i, 2, "/*") == 0) {
      const std::size_t end = text.find("*/", i + 2);
      i = end == std::string::npos ? text.size() : end + 2;
    } else {
      return i;
    }
  }
}

struct Piece {
  std::size_t begin;  ///< where the piece starts (after the previous one)
  std::size_t end;    ///< one past its completing `;`, or the end of the text
  std::size_t first;  ///< its first token, or `end` when it holds none
};

/// SQLite's statements: each ends at the first `;` after which the text since its start is complete.
std::vector<Piece> pieces_of(const std::string& text) {
  std::vector<Piece> pieces;
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t end = text.size();
    for (std::size_t semicolon = text.find(';', begin); semicolon != std::string::npos;
         semicolon = text.find(';', semicolon + 1)) {
      if (sqlite3_complete(text.substr(begin, semicolon + 1 - begin).c_str()) != 0) {
        end = semicolon + 1;
        break;
      }
    }
    std::size_t first = skip_space_and_comments(text, begin);
    while (first < end && text[first] == ';') first = skip_space_and_comments(text, first + 1);
    pieces.push_back(Piece{begin, end, first < end ? first : end});
    begin = end;
  }
  return pieces;
}

int deny_outside_effects(void*, int action, const char*, const char*, const char*, const char*) {
  return action == SQLITE_ATTACH || action == SQLITE_DETACH || action == SQLITE_PRAGMA ? SQLITE_DENY : SQLITE_OK;
}

int stop_long_runs(void* steps) { return ++*static_cast<int*>(steps) > 100; }  // called every 100 steps

/// SQLite's judgement of one statement: 1 transaction control, 0 not, -1 it cannot say (no prepare).
int transaction_control(sqlite3* db, const std::string& statement) {
  sqlite3_stmt* s = nullptr;
  const char* tail = nullptr;
  if (sqlite3_prepare_v2(db, statement.c_str(), -1, &s, &tail) != SQLITE_OK || s == nullptr) {
    sqlite3_finalize(s);
    return -1;
  }
  const std::string rest = tokenizer_view(tail);
  std::size_t after = skip_space_and_comments(rest, 0);
  while (after < rest.size() && rest[after] == ';') after = skip_space_and_comments(rest, after + 1);
  if (after != rest.size()) {
    sqlite3_finalize(s);
    return -1;  // SQLite sees more than one statement here: (1) decides that case
  }
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  int steps = 0;
  sqlite3_progress_handler(db, 100, stop_long_runs, &steps);
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
  }
  const bool refused_nesting = rc != SQLITE_DONE && std::string(sqlite3_errmsg(db)).find("cannot start a transaction within a transaction") !=
                                                        std::string::npos &&
                               sqlite3_stmt_isexplain(s) == 0;
  sqlite3_finalize(s);
  sqlite3_progress_handler(db, 0, nullptr, nullptr);
  const bool ended = sqlite3_get_autocommit(db) != 0;
  if (std::getenv("MIGBUNDLE_FUZZ_DESCRIBE") != nullptr) {
    std::fprintf(stderr, "piece [%s]: step %d (%s), ended %d\n", statement.c_str(), rc, sqlite3_errmsg(db), ended);
  }
  if (!ended) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  return ended || refused_nesting ? 1 : 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size < 1024 ? size : 1024);
  text = text.substr(0, text.find('\0'));

  // (1) boundaries
  const std::vector<migbundle::gen::StatementStart> starts = migbundle::gen::statement_starts(text);
  const std::vector<Piece> pieces = pieces_of(tokenizer_view(text));
  std::size_t next = 0;
  for (const Piece& piece : pieces) {
    const bool has_token = piece.first < piece.end;
    if (!has_token) {
      if (next < starts.size() && starts[next].offset < piece.end) violated("a start in a piece SQLite finds empty", text, starts[next].offset);
      continue;
    }
    if (next >= starts.size()) violated("no start for a statement SQLite finds", text, piece.first);
    if (starts[next].offset != piece.first) violated("a start that is not SQLite's statement's first token", text, starts[next].offset);
    ++next;
    if (next < starts.size() && starts[next].offset < piece.end) violated("two starts in one SQLite statement", text, starts[next].offset);
  }
  if (next != starts.size()) violated("a start after SQLite's last statement", text, starts[next].offset);

  // (2) transaction control, for the pieces SQLite prepares
  static sqlite3* db = [] {
    sqlite3* opened = nullptr;
    if (sqlite3_open(":memory:", &opened) != SQLITE_OK) std::abort();
    sqlite3_set_authorizer(opened, deny_outside_effects, nullptr);
    sqlite3_db_config(opened, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_limit(opened, SQLITE_LIMIT_LENGTH, 100000);  // no randomblob(1e9)
    return opened;
  }();
  migbundle::gen::MigrationSource migration;
  migration.display_path = "fuzz.sql";
  migration.text = text;
  std::vector<migbundle::gen::Diagnostic> lint = migbundle::gen::lint_migration(migration);
  const auto flagged_at = [&](const migbundle::gen::StatementStart& start) {
    for (const auto& d : lint) {
      if (d.line == start.line && d.column == start.column &&
          d.message.find("` inside a migration: migbundle runs each migration in its own transaction") !=
              std::string::npos) {
        return true;
      }
    }
    return false;
  };
  next = 0;
  for (const Piece& piece : pieces) {
    if (piece.first >= piece.end) continue;
    const migbundle::gen::StatementStart& start = starts[next++];
    const int control = transaction_control(db, text.substr(piece.begin, piece.end - piece.begin));
    if (control < 0) continue;
    if ((control == 1) != flagged_at(start)) {
      violated(control == 1 ? "transaction control SQLite ends the transaction with, not flagged by the lint"
                            : "flagged as transaction control, which SQLite runs inside a transaction",
               text, start.offset);
    }
  }

  // (3) positions
  if (!text.empty()) {
    const std::size_t offset = (static_cast<std::size_t>(data[0]) * 31u + size) % (text.size() + 1);
    int line = 1;
    int column = 1;
    for (std::size_t i = 0; i < offset; ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
        ++column;
      }
    }
    const migbundle::TextPosition runtime = migbundle::position_of(text, offset);
    const migbundle::gen::LintPosition generator = migbundle::gen::lint_position(text, offset);
    if (runtime.line != line || runtime.column != column) violated("position_of() differs from a count", text, offset);
    if (generator.line != line || generator.column != column) violated("lint_position() differs from a count", text, offset);
  }
  return 0;
}
