// One migration as read from disk: its bytes normalised, checksummed and its
// directives read. Every layout reader builds its migrations through here, so
// each tool's folder yields the same kind of migration.
#pragma once

#include <migbundle/generator/diagnostic.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace migbundle::gen {

/// The most SQL one migration may hold: bundle format 2 keeps its size in 32 bits.
inline constexpr std::uint64_t max_sql_size = 0xFFFFFFFFu;

struct MigrationSource {
  std::int64_t id = 0;
  std::string name;          ///< after `<digits>_`, without `.sql`
  std::string file_name;     ///< e.g. `0001_create_users.sql`
  std::string display_path;  ///< directory as the user gave it + file name, for diagnostics
  std::string text;          ///< normalised: no BOM, LF line endings; what is embedded and run
  std::string checksum;      ///< SHA-256 hex of `text`
  std::uint32_t flags = 0;   ///< `migbundle::flag_*` from directives
  std::uintmax_t file_size = 0;  ///< bytes on disk, before normalisation
  /// Where a layout took `text` out of a larger file (goose's Up section,
  /// drizzle's breakpoints): the file's line of each line of `text`. Empty
  /// when `text` is the file's text line for line.
  std::vector<int> source_lines;
  /// The down part the layout keeps beside the up (goose's Down section,
  /// `.down.sql`, diesel's `down.sql`): kept for rollback, never run as up.
  /// Normalised like `text` once read_migrations() returns (finish_down()).
  std::optional<std::string> down_text;
  /// Where the down was read, for diagnostics: the down file, or the up's own
  /// file for a section of it (goose, dbmate). Empty: `display_path`.
  std::string down_path;
  /// As `source_lines`, for a down taken out of a larger file.
  std::vector<int> down_source_lines;
  std::string down_checksum;  ///< SHA-256 hex of `down_text`, normalised

  /// The line of the file on disk that line `line` of `text` came from.
  [[nodiscard]] int source_line(int line) const {
    return line >= 1 && static_cast<std::size_t>(line) <= source_lines.size() ? source_lines[line - 1] : line;
  }
};

/// The whole of a file, as bytes. False when it cannot be opened or read.
[[nodiscard]] bool read_file_bytes(const std::filesystem::path& path, std::string& bytes);

/// Sets `migration`'s text (normalised `sql`), checksum and flags (its
/// directives, problems reported at `migration.display_path`). False, with a
/// problem, when the SQL is larger than a bundle holds.
bool set_migration_sql(MigrationSource& migration, std::string_view sql, std::vector<Diagnostic>& problems);
/// The same for a whole file's bytes, taken over and normalised in place: no copy.
bool set_migration_sql(MigrationSource& migration, std::string&& raw, std::vector<Diagnostic>& problems);
/// The same where `migration.text` already holds the file's bytes: normalised
/// where they are, so a reader reusing one MigrationSource reuses its buffer.
bool take_migration_sql(MigrationSource& migration, std::vector<Diagnostic>& problems);

/// Normalises `migration`'s down text and checksums it. A down runs together
/// with the removal of its tracking row in one transaction, so a
/// `no-transaction` directive in it is a problem; so is one larger than a
/// bundle holds. False, with the problem, when it is not embeddable.
bool finish_down(MigrationSource& migration, std::vector<Diagnostic>& problems);

/// `migration`'s down as a migration of its own (its path, text and line
/// map), for the lint; flags 0. Only where `down_text` is set.
[[nodiscard]] MigrationSource down_view(const MigrationSource& migration);

/// `directory` as the user gave it, then `relative` (escaped where it is not UTF-8).
[[nodiscard]] std::string display_path_of(const std::filesystem::path& directory, const std::string& relative);

}  // namespace migbundle::gen
