// Reads a migrations directory into what the generator embeds.
#pragma once

#include <migbundle/generator/diagnostic.hpp>

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

struct LoadedMigrations {
  std::vector<MigrationSource> migrations;  ///< those read, sorted by id
  std::vector<Diagnostic> problems;         ///< errors, sorted by path and line
};

/// Every migration directly in `directory`, sorted by id, and every problem
/// found on the way. Non-`.sql` files and hidden files are ignored; everything
/// else that is wrong is a problem: a `.sql` name that breaks the rule (with a
/// suggested name no other file has or is told to take), another tool's down,
/// undo or repeatable script, a `.sql` file in a subfolder (Prisma's and
/// diesel's layouts), two files with one id, an unknown directive, an
/// unreadable file, SQL over max_sql_size. A missing directory is a UsageError.
[[nodiscard]] LoadedMigrations read_migrations(const std::filesystem::path& directory);

/// read_migrations(), throwing its problems together as a MigrationsError.
[[nodiscard]] std::vector<MigrationSource> load_migrations(const std::filesystem::path& directory);

/// `directory` as the user gave it, then `relative` (escaped where it is not UTF-8).
[[nodiscard]] std::string display_path_of(const std::filesystem::path& directory, const std::string& relative);

}  // namespace migbundle::gen
