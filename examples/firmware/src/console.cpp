#include "console.hpp"

#include "semihosting.hpp"

namespace firmware {

Console out;

namespace {

/// Decimal digits of `value`, backwards, into `digits`; returns how many.
std::size_t to_digits(std::uint64_t value, char (&digits)[20]) noexcept {
  std::size_t n = 0;
  do {
    digits[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  return n;
}

std::uint64_t magnitude(std::int64_t value) noexcept {
  return value < 0 ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
}

}  // namespace

void Console::put(char c) noexcept {
  if (size_ + 1 >= sizeof line_) flush();
  line_[size_++] = c;
  if (c == '\n') flush();
}

void Console::flush() noexcept {
  if (size_ == 0) return;
  line_[size_] = '\0';
  semihosting::write0(line_);
  size_ = 0;
}

Console& Console::operator<<(std::string_view text) noexcept {
  for (char c : text) put(c);
  return *this;
}

Console& Console::operator<<(const char* text) noexcept {
  return *this << std::string_view(text != nullptr ? text : "(null)");
}

Console& Console::operator<<(char c) noexcept {
  put(c);
  return *this;
}

Console& Console::operator<<(std::int64_t value) noexcept {
  char digits[20];
  std::size_t n = to_digits(magnitude(value), digits);
  if (value < 0) put('-');
  while (n > 0) put(digits[--n]);
  return *this;
}

Console& Console::left(std::string_view text, std::size_t width) noexcept {
  if (text.size() > width) text = std::string_view(text.data(), width);
  *this << text;
  for (std::size_t i = text.size(); i < width; ++i) put(' ');
  return *this;
}

Console& Console::right(std::int64_t value, std::size_t width) noexcept {
  char digits[20];
  const std::size_t n = to_digits(magnitude(value), digits);
  const std::size_t length = n + (value < 0 ? 1 : 0);
  for (std::size_t i = length; i < width; ++i) put(' ');
  return *this << value;
}

Console& Console::hex(std::uint64_t value) noexcept {
  static const char digits[] = "0123456789abcdef";
  for (int shift = 60; shift >= 0; shift -= 4) put(digits[(value >> shift) & 0xf]);
  return *this;
}

Console& Console::bytes(std::int64_t value) noexcept {
  char digits[20];
  std::size_t n = to_digits(magnitude(value), digits);
  if (value < 0) put('-');
  while (n > 0) {
    put(digits[--n]);
    if (n > 0 && n % 3 == 0) put(',');
  }
  return *this;
}

}  // namespace firmware
