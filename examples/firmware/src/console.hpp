// Text output without printf: newlib's printf family brings tens of
// kilobytes and malloc into the image. Lines are gathered in a fixed buffer
// and handed to semihosting whole (one trap per line, not per character).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace firmware {

class Console {
 public:
  Console& operator<<(std::string_view text) noexcept;
  Console& operator<<(const char* text) noexcept;
  Console& operator<<(char c) noexcept;
  Console& operator<<(std::int64_t value) noexcept;
  Console& operator<<(int value) noexcept { return *this << static_cast<std::int64_t>(value); }
  Console& operator<<(std::size_t value) noexcept { return *this << static_cast<std::int64_t>(value); }

  /// `text` left-aligned in `width` columns (cut to `width` when longer).
  Console& left(std::string_view text, std::size_t width) noexcept;
  /// `value` right-aligned in `width` columns.
  Console& right(std::int64_t value, std::size_t width) noexcept;
  /// Bytes with thousands separators, e.g. 12,345.
  Console& bytes(std::int64_t value) noexcept;
  /// `value` as 16 lowercase hexadecimal digits (a hash).
  Console& hex(std::uint64_t value) noexcept;

  void flush() noexcept;

 private:
  void put(char c) noexcept;

  char line_[160] = {};
  std::size_t size_ = 0;
};

/// The one console of this board.
extern Console out;

}  // namespace firmware
