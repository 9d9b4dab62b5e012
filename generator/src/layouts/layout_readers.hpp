// One reader per folder layout. Each returns the migrations in the order the
// layout runs them (ascending ids) and every problem it found, each naming
// the file and, where it applies, the line.
#pragma once

#include <migbundle/generator/load_migrations.hpp>

#include <filesystem>

namespace migbundle::gen {

/// migbundle's own: `<digits>_<name>.sql` directly in the folder.
[[nodiscard]] LoadedMigrations read_migbundle_layout(const std::filesystem::path& directory);

}  // namespace migbundle::gen
