// What the runtime and the tools read from a bundle: views of a Migration's
// file name, name, SQL and checksum. The data itself (Migration, Bundle) is
// in migbundle/migration.hpp, which generated sources include alone. No
// dependencies, no heap, usable in constant expressions.
#pragma once

#include <migbundle/migration.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace migbundle {

/// Bytes of SQL: sql_of(m).size().
[[nodiscard]] constexpr std::uint32_t sql_size_of(const Migration& m) noexcept {
  return static_cast<std::uint32_t>(m.sizes_and_flags);
}

/// Bytes of the file name: file_of(m).size().
[[nodiscard]] constexpr std::uint8_t file_size_of(const Migration& m) noexcept {
  return static_cast<std::uint8_t>(m.sizes_and_flags >> 32);
}

/// Where the name starts within the file name.
[[nodiscard]] constexpr std::uint8_t name_offset_of(const Migration& m) noexcept {
  return static_cast<std::uint8_t>(m.sizes_and_flags >> 40);
}

/// Bytes of the name: name_of(m).size().
[[nodiscard]] constexpr std::uint8_t name_size_of(const Migration& m) noexcept {
  return static_cast<std::uint8_t>(m.sizes_and_flags >> 48);
}

/// The migration's migration_flags (`-- migbundle:` directives).
[[nodiscard]] constexpr std::uint8_t flags_of(const Migration& m) noexcept {
  return static_cast<std::uint8_t>(m.sizes_and_flags >> 56);
}

/// The file name, e.g. `0001_create_users.sql`.
[[nodiscard]] constexpr std::string_view file_of(const Migration& m) noexcept {
  return {m.text, file_size_of(m)};
}

/// The migration's name, e.g. `create_users` (a slice of the file name).
[[nodiscard]] constexpr std::string_view name_of(const Migration& m) noexcept {
  return {m.text + name_offset_of(m), name_size_of(m)};
}

/// The normalised file text (no BOM, LF line endings), exactly the bytes whose
/// SHA-256 is checksum_of(m). A NUL follows it.
[[nodiscard]] constexpr std::string_view sql_of(const Migration& m) noexcept {
  return {m.text + file_size_of(m), sql_size_of(m)};
}

/// The SHA-256 of sql_of(m): checksum_size raw bytes.
[[nodiscard]] constexpr const char* checksum_of(const Migration& m) noexcept { return m.checksum; }

/// A checksum as 64 lowercase hex digits and a NUL, on the stack.
struct ChecksumHex {
  char text[65];

  [[nodiscard]] constexpr std::string_view view() const noexcept { return {text, 64}; }
};

/// checksum_size raw bytes as 64 lowercase hex digits.
[[nodiscard]] constexpr ChecksumHex checksum_hex(const char* raw) noexcept {
  ChecksumHex hex{};
  for (std::size_t i = 0; i < 2 * checksum_size; ++i) {
    // Spelled so for flash: 8 B less on Cortex-M3 and 6 B on M0+ (arm-none-eabi-gcc -Os) than
    // ternaries choosing the shift and the digit.
    // Arithmetic, not a "0123456789abcdef" table: a constexpr function's
    // local table is copied onto the stack at every call.
    unsigned nibble = static_cast<unsigned char>(raw[i / 2]);
    if (i % 2 == 0) nibble >>= 4;
    nibble &= 0x0fu;
    if (nibble >= 10) nibble += 'a' - '0' - 10;
    hex.text[i] = static_cast<char>('0' + nibble);
  }
  return hex;  // hex.text[64] is the NUL left by value-initialisation
}

/// checksum_of(m) as the tracking table records it: 64 lowercase hex digits.
[[nodiscard]] constexpr ChecksumHex checksum_hex(const Migration& m) noexcept { return checksum_hex(checksum_of(m)); }

}  // namespace migbundle
