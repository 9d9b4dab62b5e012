#include <migbundle/generator/load_migrations.hpp>

#include "layout_readers.hpp"

#include <algorithm>
#include <system_error>

namespace migbundle::gen {

namespace {

LoadedMigrations read_layout(const std::filesystem::path& directory, Layout layout) {
  switch (layout) {
    case Layout::automatic:
    case Layout::migbundle: return read_migbundle_layout(directory);
    case Layout::drizzle: return read_drizzle_layout(directory);
    case Layout::wrangler: return read_wrangler_layout(directory);
    case Layout::sqlx: return read_sqlx_layout(directory);
    case Layout::goose: return read_goose_layout(directory);
    case Layout::sql_migrate: return read_sql_migrate_layout(directory);
    case Layout::dbmate: return read_dbmate_layout(directory);
    case Layout::golang_migrate: return read_golang_migrate_layout(directory);
    case Layout::diesel: return read_diesel_layout(directory);
    case Layout::flyway: return read_flyway_layout(directory);
    case Layout::prisma: return read_prisma_layout(directory);
    case Layout::maragudk: return read_maragudk_layout(directory);
    case Layout::popx: return read_popx_layout(directory);
  }
  return read_migbundle_layout(directory);
}

void sort_by_place(std::vector<Diagnostic>& diagnostics) {
  std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return a.path != b.path ? a.path < b.path : a.line < b.line;
  });
}

}  // namespace

void require_migrations_directory(const std::filesystem::path& directory) {
  std::error_code error;
  if (!std::filesystem::is_directory(directory, error)) {
    throw UsageError("migrations directory `" + directory.generic_string() + "` does not exist or is not a directory");
  }
}

LoadedMigrations read_migrations(const std::filesystem::path& directory, Layout layout) {
  require_migrations_directory(directory);
  std::string detected;
  if (layout == Layout::automatic) {
    const DetectedLayout found = detect_layout(directory);
    layout = found.layout;
    detected = found.because;
  }
  LoadedMigrations loaded = read_layout(directory, layout);
  // Every layout's downs alike: normalised and checksummed here, once.
  for (MigrationSource& m : loaded.migrations) (void)finish_down(m, loaded.problems);
  loaded.layout = layout;
  loaded.detected = std::move(detected);
  sort_by_place(loaded.problems);
  sort_by_place(loaded.warnings);
  return loaded;
}

std::vector<MigrationSource> load_migrations(const std::filesystem::path& directory, Layout layout) {
  LoadedMigrations loaded = read_migrations(directory, layout);
  if (!loaded.problems.empty()) throw MigrationsError(std::move(loaded.problems));
  return std::move(loaded.migrations);
}

}  // namespace migbundle::gen
