#include <migbundle/generator/utf8.hpp>

#include <cstdint>
#include <cstdio>
#include <cstring>

namespace migbundle::gen {
namespace {

/// Length of the valid UTF-8 sequence at `i`, or 0 when the byte there starts none.
std::size_t sequence_length(std::string_view text, std::size_t i) noexcept {
  const auto byte = static_cast<unsigned char>(text[i]);
  std::size_t length = 0;
  unsigned min = 0;
  unsigned code = 0;
  if (byte < 0x80) {
    return 1;
  } else if ((byte & 0xE0) == 0xC0) {
    length = 2, min = 0x80, code = byte & 0x1Fu;
  } else if ((byte & 0xF0) == 0xE0) {
    length = 3, min = 0x800, code = byte & 0x0Fu;
  } else if ((byte & 0xF8) == 0xF0) {
    length = 4, min = 0x10000, code = byte & 0x07u;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    const auto next = static_cast<unsigned char>(text[i + k]);
    if ((next & 0xC0) != 0x80) return 0;
    code = (code << 6) | (next & 0x3Fu);
  }
  if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
  return length;
}

}  // namespace

std::size_t first_invalid_utf8(std::string_view text) noexcept {
  std::size_t i = 0;
  while (i < text.size()) {
    // Eight ASCII bytes at a time: most SQL is ASCII.
    std::uint64_t eight = 0;
    while (i + 8 <= text.size() && (std::memcpy(&eight, text.data() + i, 8), (eight & 0x8080808080808080ull) == 0)) i += 8;
    if (i >= text.size()) break;
    const std::size_t length = sequence_length(text, i);
    if (length == 0) return i;
    i += length;
  }
  return std::string_view::npos;
}

std::string escape_invalid_utf8(std::string_view text) {
  std::string shown;
  shown.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = sequence_length(text, i);
    if (length == 0) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02X", static_cast<unsigned char>(text[i]));
      shown += escaped;
      ++i;
    } else {
      shown.append(text.substr(i, length));
      i += length;
    }
  }
  return shown;
}

}  // namespace migbundle::gen
