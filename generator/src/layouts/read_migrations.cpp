#include <migbundle/generator/load_migrations.hpp>

#include "layout_readers.hpp"

#include <algorithm>
#include <system_error>

namespace migbundle::gen {

LoadedMigrations read_migrations(const std::filesystem::path& directory) {
  std::error_code error;
  if (!std::filesystem::is_directory(directory, error)) {
    throw UsageError("migrations directory `" + directory.generic_string() + "` does not exist or is not a directory");
  }
  LoadedMigrations loaded = read_migbundle_layout(directory);
  std::stable_sort(loaded.problems.begin(), loaded.problems.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return a.path != b.path ? a.path < b.path : a.line < b.line;
  });
  return loaded;
}

std::vector<MigrationSource> load_migrations(const std::filesystem::path& directory) {
  LoadedMigrations loaded = read_migrations(directory);
  if (!loaded.problems.empty()) throw MigrationsError(std::move(loaded.problems));
  return std::move(loaded.migrations);
}

}  // namespace migbundle::gen
