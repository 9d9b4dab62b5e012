// Reads a migrations directory into what the generator embeds.
#pragma once

#include <migbundle/generator/diagnostic.hpp>
#include <migbundle/generator/source.hpp>

#include <filesystem>
#include <vector>

namespace migbundle::gen {

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


}  // namespace migbundle::gen
