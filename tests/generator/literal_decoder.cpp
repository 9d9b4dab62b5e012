#include "literal_decoder.hpp"

#include <stdexcept>

namespace migbundle::test {
namespace {

[[noreturn]] void fail(const std::string& what, std::size_t at) {
  throw std::runtime_error("decode_literals: " + what + " at offset " + std::to_string(at));
}

bool is_octal(char c) { return c >= '0' && c <= '7'; }
bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_printable(char c) { return c >= 0x20 && c <= 0x7E; }

// [lex.string]: a d-char is any basic source character except space, parentheses, backslash and the
// control characters tab, vertical tab, form feed and newline.
bool is_d_char(char c) { return is_printable(c) && c != ' ' && c != '(' && c != ')' && c != '\\'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

LiteralPiece read_raw(std::string_view s, std::size_t& i) {
  // At `R"`.
  LiteralPiece piece;
  piece.raw = true;
  i += 2;
  while (i < s.size() && s[i] != '(') {
    if (!is_d_char(s[i])) fail("invalid raw-literal delimiter character", i);
    piece.delimiter += s[i++];
  }
  if (i >= s.size()) fail("unterminated raw-literal delimiter", i);
  if (piece.delimiter.size() > 16) fail("raw-literal delimiter longer than 16 characters", i);
  ++i;  // (
  const std::string closing = ")" + piece.delimiter + "\"";
  const std::size_t end = s.find(closing, i);
  if (end == std::string_view::npos) fail("unterminated raw literal", i);
  piece.bytes = std::string(s.substr(i, end - i));
  piece.source_size = piece.bytes.size();
  // The renderer promises raw pieces only for plain ASCII text: no byte whose
  // meaning depends on the source character set or on line-ending conversion.
  for (std::size_t k = 0; k < piece.bytes.size(); ++k) {
    const char c = piece.bytes[k];
    if (!is_printable(c) && c != '\t' && c != '\n') fail("raw literal holds a byte outside printable ASCII", i + k);
  }
  i = end + closing.size();
  return piece;
}

LiteralPiece read_ordinary(std::string_view s, std::size_t& i) {
  // At `"`.
  LiteralPiece piece;
  const std::size_t start = ++i;
  for (;;) {
    if (i >= s.size()) fail("unterminated literal", start);
    const char c = s[i];
    if (c == '"') break;
    if (c == '\n' || c == '\r') fail("line break inside an ordinary literal", i);
    if (!is_printable(c)) fail("byte outside printable ASCII written as itself", i);
    if (c == '?' && i + 2 < s.size() && s[i + 1] == '?') {
      // `??=`, `??/` ... are trigraphs before C++17 (and with -trigraphs).
      const char t = s[i + 2];
      if (t == '=' || t == '/' || t == '\'' || t == '(' || t == ')' || t == '!' || t == '<' || t == '>' || t == '-') {
        fail("trigraph sequence", i);
      }
    }
    if (c != '\\') {
      piece.bytes += c;
      ++i;
      continue;
    }
    if (i + 1 >= s.size()) fail("escape at end of input", i);
    const char e = s[i + 1];
    i += 2;
    switch (e) {
      case 'n':
        piece.bytes += '\n';
        continue;
      case 't':
        piece.bytes += '\t';
        continue;
      case 'r':
        piece.bytes += '\r';
        continue;
      case 'v':
        piece.bytes += '\v';
        continue;
      case 'f':
        piece.bytes += '\f';
        continue;
      case 'a':
        piece.bytes += '\a';
        continue;
      case 'b':
        piece.bytes += '\b';
        continue;
      case '"':
        piece.bytes += '"';
        continue;
      case '\'':
        piece.bytes += '\'';
        continue;
      case '\\':
        piece.bytes += '\\';
        continue;
      case '?':
        piece.bytes += '?';
        continue;
      default:
        break;
    }
    if (is_octal(e)) {
      int value = e - '0';
      for (int n = 1; n < 3 && i < s.size() && is_octal(s[i]); ++n, ++i) value = value * 8 + (s[i] - '0');
      if (value > 0xFF) fail("octal escape out of range for char", i);
      piece.bytes += static_cast<char>(value);
      continue;
    }
    if (e == 'x') {
      // A hex escape takes every hex digit that follows: the trap the renderer avoids.
      if (i >= s.size() || !is_hex(s[i])) fail("\\x without digits", i);
      int value = 0;
      while (i < s.size() && is_hex(s[i])) {
        value = value * 16 + hex_value(s[i++]);
        if (value > 0xFF) fail("hex escape out of range for char", i);
      }
      piece.bytes += static_cast<char>(value);
      continue;
    }
    fail(std::string("unknown escape \\") + e, i - 2);
  }
  piece.source_size = i - start;
  ++i;  // closing quote
  return piece;
}

}  // namespace

DecodedLiterals decode_literals(std::string_view source) {
  DecodedLiterals result;
  std::size_t i = 0;
  while (i < source.size()) {
    const char c = source[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      ++i;
      continue;
    }
    LiteralPiece piece;
    const std::size_t begin = i;
    if (c == 'R' && i + 1 < source.size() && source[i + 1] == '"') {
      piece = read_raw(source, i);
    } else if (c == '"') {
      piece = read_ordinary(source, i);
    } else {
      fail(std::string("unexpected character '") + c + "' between literals", i);
    }
    piece.begin = begin;
    piece.end = i;
    result.bytes += piece.bytes;
    result.pieces.push_back(std::move(piece));
  }
  if (result.pieces.empty()) fail("no literal", 0);
  return result;
}

}  // namespace migbundle::test
