// Test-only: reads back what render_escaped_literal / render_sql_literal wrote,
// the way a C++17 compiler would, so tests can check decode(render(x)) == x
// without trusting the renderer's own idea of its output.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace migbundle::test {

struct LiteralPiece {
  bool raw = false;
  std::size_t begin = 0;        ///< offset of the piece's first character (`R` or `"`) in the source
  std::size_t end = 0;          ///< offset one past its closing quote
  std::string delimiter;        ///< raw pieces only
  std::size_t source_size = 0;  ///< bytes of source text that stand for characters: between the quotes of an
                                ///< ordinary literal, between `delim(` and `)delim` of a raw one
  std::string bytes;            ///< what the piece decodes to
};

struct DecodedLiterals {
  std::vector<LiteralPiece> pieces;
  std::string bytes;  ///< all pieces joined, as adjacent literals are
};

/// Parses a sequence of adjacent narrow string literals separated by blanks
/// and line breaks (nothing else). Throws std::runtime_error on anything a
/// conforming compiler would reject or read differently: an unknown escape,
/// a line break inside an ordinary literal, a bad raw delimiter, a trigraph
/// sequence `??x` in an ordinary literal, a byte outside printable ASCII
/// written as itself, an unterminated literal.
[[nodiscard]] DecodedLiterals decode_literals(std::string_view source);

}  // namespace migbundle::test
