// libFuzzer: normalisation then literal rendering decode back to exactly the
// normalised bytes, with every piece under the limit — nothing in a file can
// break out of the generated string literals.
#include <migbundle/generator/normalize.hpp>
#include <migbundle/generator/render_literal.hpp>

#include "../generator/literal_decoder.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // The first byte picks a small piece limit so splitting is exercised often.
  const std::size_t limits[] = {4, 5, 7, 16, 64, 1000, migbundle::gen::max_literal_piece};
  const std::size_t limit = limits[data[0] % (sizeof limits / sizeof limits[0])];
  const std::string raw(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::string text = migbundle::gen::normalize_text(raw);
  // Reference normalisation, written the obvious way: drop a leading BOM, then every CRLF pair of the input.
  std::string expected = raw.compare(0, 3, "\xEF\xBB\xBF") == 0 ? raw.substr(3) : raw;
  std::string collapsed;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    if (!(expected[i] == '\r' && i + 1 < expected.size() && expected[i + 1] == '\n')) collapsed += expected[i];
  }
  if (text != collapsed) std::abort();

  // decode_literals throws on anything a compiler would reject or read differently.
  const migbundle::test::DecodedLiterals sql = migbundle::test::decode_literals(
      migbundle::gen::render_sql_literal(text, "  ", limit));
  if (sql.bytes != text) std::abort();
  for (const auto& piece : sql.pieces) {
    if (piece.bytes.size() > limit) std::abort();
  }
  if (migbundle::test::decode_literals(migbundle::gen::render_escaped_literal(text)).bytes != text) std::abort();
  return 0;
}
