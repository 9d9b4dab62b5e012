// Down migrations: the SQL that reverts each migration of a bundle, written
// by the generator beside the bundle when the folder holds any
// (`<id>_<name>.down.sql`, or another tool's down part). Constant data, no
// heap. A separate object, not part of the Bundle, so that a binary that
// never reverts carries none of it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace migbundle {

/// The down of one migration. `sql` is null for a migration without one.
struct DownMigration {
  /// The normalised down text (no BOM, LF line endings), with a NUL after it.
  const char* sql;
  std::uint32_t size;         ///< bytes of `sql`
  std::uint8_t checksum[32];  ///< SHA-256 of the down text, raw

  [[nodiscard]] constexpr bool exists() const noexcept { return sql != nullptr; }
  [[nodiscard]] constexpr std::string_view text() const noexcept {
    return sql == nullptr ? std::string_view{} : std::string_view{sql, size};
  }
};

/// One DownMigration per migration of the bundle, in bundle order.
struct Downs {
  const DownMigration* migrations;
  std::size_t size;  ///< must equal the bundle's size

  constexpr const DownMigration* begin() const noexcept { return migrations; }
  constexpr const DownMigration* end() const noexcept { return migrations + size; }
};

}  // namespace migbundle
