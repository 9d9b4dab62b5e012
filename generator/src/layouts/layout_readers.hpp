// One reader per folder layout. Each returns the migrations in the order the
// layout runs them (ascending ids) and every problem it found, each naming
// the file and, where it applies, the line.
#pragma once

#include <migbundle/generator/load_migrations.hpp>

#include <filesystem>

namespace migbundle::gen {

[[nodiscard]] LoadedMigrations read_migbundle_layout(const std::filesystem::path& directory);
[[nodiscard]] LoadedMigrations read_drizzle_layout(const std::filesystem::path& directory);
[[nodiscard]] LoadedMigrations read_wrangler_layout(const std::filesystem::path& directory);
[[nodiscard]] LoadedMigrations read_sqlx_layout(const std::filesystem::path& directory);
[[nodiscard]] LoadedMigrations read_goose_layout(const std::filesystem::path& directory);
[[nodiscard]] LoadedMigrations read_dbmate_layout(const std::filesystem::path& directory);
[[nodiscard]] LoadedMigrations read_golang_migrate_layout(const std::filesystem::path& directory);
[[nodiscard]] LoadedMigrations read_diesel_layout(const std::filesystem::path& directory);
[[nodiscard]] LoadedMigrations read_flyway_layout(const std::filesystem::path& directory);
[[nodiscard]] LoadedMigrations read_prisma_layout(const std::filesystem::path& directory);
[[nodiscard]] LoadedMigrations read_maragudk_layout(const std::filesystem::path& directory);
[[nodiscard]] LoadedMigrations read_popx_layout(const std::filesystem::path& directory);
[[nodiscard]] LoadedMigrations read_sql_migrate_layout(const std::filesystem::path& directory);

}  // namespace migbundle::gen
