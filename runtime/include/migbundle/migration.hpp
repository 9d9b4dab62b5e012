// The plain data the generator's output is made of: a bundle is an array of
// migrations in read-only memory. Only <cstddef> and <cstdint>, no member
// functions: a generated source includes this header alone, and at 1,000
// migrations <string_view> cost as much to compile as 40% of the SQL itself.
// The accessors (sql_of(), checksum_hex(), ...) are in migbundle/bundle.hpp.
#pragma once

#include <cstddef>
#include <cstdint>

/// Version of the layout below. A generated header static_asserts that it
/// matches, so a header generated for another runtime fails at compile time.
#define MIGBUNDLE_BUNDLE_FORMAT 5

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

/// Bytes of a raw SHA-256: a Migration's `checksum`, the start of a down's `text`.
inline constexpr std::size_t checksum_size = 32;

/// One embedded migration: 56 bytes on 32-bit Arm, 64 on x86-64. An
/// aggregate: a generated array of them is a constant initialiser in
/// read-only memory, each written as four initialisers:
///
///     id
///     sizes_and_flags: 0x<flags>'<name bytes>'<name offset>'<file name bytes>'<SQL bytes>
///     text:     [file name: file_size bytes][SQL: sql_size bytes][NUL]
///     checksum: [32 bytes: SHA-256 of the SQL, raw][NUL]
///
/// Four, not eight: g++ spends some 15,000 instructions on each field of an
/// initialiser whatever its value, so the five sizes and flags share one word
/// (1,000 migrations: 1.06 times the instructions of the SQL as bare raw
/// strings, against 1.11 with a field each). Literals, not a `text_N`
/// variable and 32 integers: those compiled 1.5 to 1.8 times slower. The
/// checksum stays in the entry, not in the text: an up-to-date start compares
/// every checksum with the tracking table, and inside the texts that read
/// touched every page of the bundle's SQL (1,000 migrations: 5 MB, 0.5 ms).
/// The NUL after the SQL lets the runtime hand SQLite the SQL with its
/// terminator, so each statement is parsed in place (a string literal and
/// std::string::data() both end so). Read it through the accessors of
/// migbundle/bundle.hpp (sql_of(), flags_of(), ...).
struct Migration {
  std::int64_t id;
  /// Bits 0-31: bytes of SQL after the file name. 32-39: bytes of the file
  /// name (the generator refuses longer names). 40-47: where the name starts
  /// within the file name: after `<digits>_` and before `.sql` in migbundle's
  /// layout, elsewhere where the tool's layout puts it (`<version>_<name>/up.sql`,
  /// `<version>_<name>.up.sql`). 48-55: bytes of the name. 56-63: migration_flags.
  std::uint64_t sizes_and_flags;
  const char* text;                  ///< file name, SQL, NUL: see above
  char checksum[checksum_size + 1];  ///< SHA-256 of the SQL, raw; the last byte is the literal's NUL
};

/// A Migration's sizes_and_flags, for code that builds a Migration itself
/// (a generated source writes the word as one hex literal).
constexpr std::uint64_t migration_sizes_and_flags(std::uint32_t sql_size, std::uint8_t file_size,
                                                  std::uint8_t name_offset, std::uint8_t name_size,
                                                  std::uint8_t flags) noexcept {
  return std::uint64_t{sql_size} | std::uint64_t{file_size} << 32 | std::uint64_t{name_offset} << 40 |
         std::uint64_t{name_size} << 48 | std::uint64_t{flags} << 56;
}

/// All migrations of one directory, sorted by strictly increasing id.
struct Bundle {
  const Migration* migrations;
  std::size_t size;
  /// HistoryDigest (history_digest.hpp) of every migration's id and
  /// checksum, written by the generator: a stamped start (stamp.hpp) compares
  /// it and reads no migration. 0, where a Bundle is built by hand: computed
  /// when needed.
  std::uint64_t history_digest = 0;

  constexpr const Migration* begin() const noexcept { return migrations; }
  constexpr const Migration* end() const noexcept { return migrations + size; }
};

/// The down of one migration (migbundle/downs.hpp). `text` is null for a
/// migration without one; otherwise, as a Migration's:
///
///     [32 bytes: SHA-256 of the down SQL, raw][down SQL: size bytes][NUL]
struct DownMigration {
  const char* text;
  std::uint32_t size;  ///< bytes of down SQL after the checksum
};

/// One DownMigration per migration of the bundle, in bundle order.
struct Downs {
  const DownMigration* migrations;
  std::size_t size;  ///< must equal the bundle's size

  constexpr const DownMigration* begin() const noexcept { return migrations; }
  constexpr const DownMigration* end() const noexcept { return migrations + size; }
};

}  // namespace migbundle
