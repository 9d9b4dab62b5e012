// The types shared by the generator's output and the runtime: a bundle is a
// plain array of migrations that lives in read-only memory. No dependencies,
// no heap, usable in constant expressions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

/// Version of the layout below. A generated header static_asserts that it
/// matches, so a header generated for another runtime fails at compile time.
#define MIGBUNDLE_BUNDLE_FORMAT 3

namespace migbundle {

/// Flags carried by a migration, from its `-- migbundle:` directives.
enum migration_flags : std::uint8_t {
  /// `-- migbundle: no-transaction`: run outside a transaction (VACUUM, PRAGMA journal_mode).
  flag_no_transaction = 1u << 0,
  /// `-- migbundle: baseline` (written by `migbundle squash`): this first
  /// migration of the bundle stands for every migration up to its id. A new
  /// database applies it; one that applied the squashed migrations keeps them,
  /// recorded; one that stops below its id is refused (Error::below_baseline).
  flag_baseline = 1u << 1,
};

/// One embedded migration: 56 bytes on 32-bit Arm and on x86-64, with the
/// file name and the SQL in one array and the checksum as raw bytes, so a
/// migration costs flash for little more than its SQL. An aggregate: a
/// generated array of them is a constant initialiser in read-only memory.
struct Migration {
  std::int64_t id;
  /// The file name immediately followed by the SQL, one array (no separator),
  /// and a NUL byte after the SQL: the runtime hands SQLite the SQL with its
  /// terminator, so each statement is parsed in place (a string literal and
  /// std::string::data() both end so).
  const char* text;
  std::uint32_t sql_size;     ///< bytes of SQL after the file name
  std::uint8_t file_size;     ///< bytes of the file name at the start of `text` (the generator refuses longer names)
  /// The name is a slice of the file name: after `<digits>_` and before
  /// `.sql` in migbundle's layout, elsewhere where the tool's layout puts it
  /// (`<version>_<name>/up.sql`, `<version>_<name>.up.sql`).
  std::uint8_t name_offset;
  std::uint8_t name_size;
  std::uint8_t flags;         ///< migration_flags
  std::uint8_t checksum[32];  ///< SHA-256 of sql(), raw (the tracking table keeps it as 64 lowercase hex digits)

  /// The file name, e.g. `0001_create_users.sql`.
  [[nodiscard]] constexpr std::string_view file() const noexcept { return {text, file_size}; }
  /// The migration's name, e.g. `create_users` (a slice of the file name).
  [[nodiscard]] constexpr std::string_view name() const noexcept { return {text + name_offset, name_size}; }
  /// The normalised file text (no BOM, LF line endings), exactly the bytes whose SHA-256 is `checksum`.
  [[nodiscard]] constexpr std::string_view sql() const noexcept { return {text + file_size, sql_size}; }
};

/// A checksum as 64 lowercase hex digits and a NUL, on the stack.
struct ChecksumHex {
  char text[65];

  [[nodiscard]] constexpr std::string_view view() const noexcept { return {text, 64}; }
};

/// `m.checksum` as the tracking table records it: 64 lowercase hex digits.
[[nodiscard]] constexpr ChecksumHex checksum_hex(const Migration& m) noexcept {
  ChecksumHex hex{};
  for (std::size_t i = 0; i < 64; ++i) {
    const unsigned nibble = (i % 2 == 0 ? m.checksum[i / 2] >> 4 : m.checksum[i / 2]) & 0x0fu;
    // Arithmetic, not a "0123456789abcdef" table: a constexpr function's
    // local table is copied onto the stack at every call.
    hex.text[i] = static_cast<char>(nibble < 10 ? '0' + nibble : 'a' + (nibble - 10));
  }
  return hex;  // hex.text[64] is the NUL left by value-initialisation
}

/// All migrations of one directory, sorted by strictly increasing id.
struct Bundle {
  const Migration* migrations;
  std::size_t size;

  constexpr const Migration* begin() const noexcept { return migrations; }
  constexpr const Migration* end() const noexcept { return migrations + size; }
};

}  // namespace migbundle
