// Reads a migrations directory into what the generator embeds.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
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
};

/// Every migration of `directory` (not recursive), sorted by id. Non-`.sql`
/// files and hidden files are ignored; everything else that is wrong (a
/// `.sql` name that breaks the rule, two files with one id, an unknown
/// directive, an unreadable file, SQL over max_sql_size) is collected and thrown together as a
/// MigrationsError. A missing directory is a UsageError.
[[nodiscard]] std::vector<MigrationSource> load_migrations(const std::filesystem::path& directory);

}  // namespace migbundle::gen
