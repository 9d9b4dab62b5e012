// The types shared by the generator's output and the runtime: a bundle is a
// plain array of migrations that lives in read-only memory. No dependencies,
// no heap, usable in constant expressions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

/// Version of the layout below. A generated header static_asserts that it
/// matches, so a header generated for another runtime fails at compile time.
#define MIGBUNDLE_BUNDLE_FORMAT 1

namespace migbundle {

/// Flags carried by a migration, from its `-- migbundle:` directives.
enum migration_flags : std::uint32_t {
  /// `-- migbundle: no-transaction`: run outside a transaction (VACUUM, PRAGMA journal_mode).
  flag_no_transaction = 1u << 0,
};

/// One embedded migration. `sql` is the normalised file text (no BOM, LF line
/// endings), exactly the bytes whose SHA-256 is `checksum`.
struct Migration {
  std::int64_t id;
  std::string_view name;      ///< the file name after `<digits>_`, without `.sql`
  std::string_view file;      ///< the file name, e.g. `0001_create_users.sql`
  std::string_view checksum;  ///< SHA-256 of `sql`, 64 lowercase hex digits
  std::string_view sql;
  std::uint32_t flags;
};

/// All migrations of one directory, sorted by strictly increasing id.
struct Bundle {
  const Migration* migrations;
  std::size_t size;

  constexpr const Migration* begin() const noexcept { return migrations; }
  constexpr const Migration* end() const noexcept { return migrations + size; }
};

}  // namespace migbundle
