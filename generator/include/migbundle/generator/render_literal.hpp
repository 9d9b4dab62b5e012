// Turns arbitrary bytes into C++ string literals that compile everywhere and
// decode to exactly those bytes: nothing in a file can break out of them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace migbundle::gen {

/// Upper bound on the bytes between the quotes of one literal piece. MSVC
/// refuses a single piece over 16,380 bytes (C2026); adjacent pieces are
/// joined by the compiler.
inline constexpr std::size_t max_literal_piece = 16000;

/// One escaped ordinary literal on one line, e.g. `"a\"b\012"`: for names and
/// other short text. Printable ASCII stays readable; every other byte becomes a
/// three-digit octal escape (octal, unlike `\x`, cannot swallow the next
/// character), and `?` is escaped so no trigraph can form.
[[nodiscard]] std::string render_escaped_literal(std::string_view bytes);

/// SQL text as adjacent literal pieces, one per line of output, each line
/// starting with `indent`. Runs of lines that are plain printable ASCII become
/// raw literals `R"sql(...)sql"` so the SQL reads as written; lines holding
/// other bytes (non-ASCII, control characters) become escaped pieces, which
/// keeps the bytes exact whatever the compiler's source character set. Each
/// piece stays under `max_literal_piece` bytes. Empty input gives `""`.
[[nodiscard]] std::string render_sql_literal(std::string_view bytes, std::string_view indent,
                                             std::size_t max_piece = max_literal_piece);

}  // namespace migbundle::gen
