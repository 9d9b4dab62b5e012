// Down migrations: the SQL that reverts each migration of a bundle, written
// by the generator beside the bundle when the folder holds any
// (`<id>_<name>.down.sql`, or another tool's down part). Constant data, no
// heap. A separate object, not part of the Bundle, so that a binary that
// never reverts carries none of it. The data (DownMigration, Downs) is in
// migbundle/migration.hpp, which generated sources include alone.
#pragma once

#include <migbundle/bundle.hpp>
#include <migbundle/migration.hpp>

#include <string_view>

namespace migbundle {

/// Whether the migration has a down.
[[nodiscard]] constexpr bool has_down(const DownMigration& d) noexcept { return d.text != nullptr; }

/// The normalised down text (no BOM, LF line endings), followed by a NUL;
/// empty for a migration without a down.
[[nodiscard]] constexpr std::string_view sql_of(const DownMigration& d) noexcept {
  return d.text == nullptr ? std::string_view{} : std::string_view{d.text + checksum_size, d.size};
}

/// The SHA-256 of sql_of(d), checksum_size raw bytes; null without a down.
[[nodiscard]] constexpr const char* checksum_of(const DownMigration& d) noexcept { return d.text; }

}  // namespace migbundle
