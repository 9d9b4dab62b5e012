// Where the statements of a migration start, found without SQLite: enough to
// lint a file at build time (strings, comments and trigger bodies respected).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace migbundle::gen {

struct StatementStart {
  std::size_t offset = 0;
  int line = 1;    ///< 1-based
  int column = 1;  ///< 1-based, in characters
  /// The first few keywords or identifiers, upper-cased (`PRAGMA`, `MAIN`,
  /// `.`, `JOURNAL_MODE`, `=`...), enough to classify the statement.
  std::vector<std::string> words;
};

/// Splits `text` at top-level semicolons. A `;` inside a string, a quoted
/// identifier, a comment, or the BEGIN...END body of CREATE TRIGGER does not
/// end a statement. Text that is only whitespace and comments yields nothing.
[[nodiscard]] std::vector<StatementStart> statement_starts(std::string_view text);

}  // namespace migbundle::gen
