// The checksums other migration tools keep in their tracking tables, computed
// the way each tool does, so that adopting a database they migrated can tell
// whether its files still match what was applied.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace migbundle::gen {

/// SHA-384 (FIPS 180-4) of a migration file's exact bytes. sqlx: `_sqlx_migrations.checksum`, these 48 raw bytes.
[[nodiscard]] std::array<std::uint8_t, 48> sha384(std::string_view bytes) noexcept;

/// sha384() as 96 lowercase hex digits.
[[nodiscard]] std::string sha384_hex(std::string_view bytes);

/// CRC-32 of a SQL migration read line by line, terminators and a leading UTF-8 BOM dropped, as a
/// signed 32-bit value. Flyway: `flyway_schema_history.checksum`.
[[nodiscard]] std::int32_t flyway_checksum(std::string_view file_bytes) noexcept;

}  // namespace migbundle::gen
