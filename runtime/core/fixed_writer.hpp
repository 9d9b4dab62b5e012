// Builds text into a caller-owned buffer: messages and SQL without the heap
// and without printf (which pulls kilobytes into a firmware image).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace migbundle {

class FixedWriter {
 public:
  FixedWriter(char* buffer, std::size_t capacity) noexcept : buffer_(buffer), capacity_(capacity) {
    if (capacity_ > 0) buffer_[0] = '\0';
  }

  FixedWriter& operator<<(std::string_view text) noexcept {
    for (char c : text) put(c);
    return *this;
  }
  FixedWriter& operator<<(const char* text) noexcept {
    return *this << std::string_view(text != nullptr ? text : "");
  }
  FixedWriter& operator<<(char c) noexcept {
    put(c);
    return *this;
  }
  FixedWriter& operator<<(std::int64_t value) noexcept {
    char digits[24];
    std::size_t n = 0;
    // Negate through unsigned so INT64_MIN does not overflow.
    std::uint64_t magnitude = value < 0 ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
    do {
      digits[n++] = static_cast<char>('0' + magnitude % 10);
      magnitude /= 10;
    } while (magnitude != 0);
    if (value < 0) put('-');
    while (n > 0) put(digits[--n]);
    return *this;
  }
  FixedWriter& operator<<(int value) noexcept { return *this << static_cast<std::int64_t>(value); }

  /// False once something did not fit; the text is then cut, still terminated.
  [[nodiscard]] bool complete() const noexcept { return !truncated_; }
  [[nodiscard]] const char* c_str() const noexcept { return buffer_; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }

 private:
  void put(char c) noexcept {
    if (size_ + 1 >= capacity_) {
      truncated_ = true;
      return;
    }
    buffer_[size_++] = c;
    buffer_[size_] = '\0';
  }

  char* buffer_;
  std::size_t capacity_;
  std::size_t size_ = 0;
  bool truncated_ = false;
};

}  // namespace migbundle
