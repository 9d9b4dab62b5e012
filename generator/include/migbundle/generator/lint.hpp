// Mistakes in a migration that can be caught before it ships.
#pragma once

#include <migbundle/generator/diagnostic.hpp>
#include <migbundle/generator/load_migrations.hpp>

#include <vector>

namespace migbundle::gen {

/// The problems of one migration: errors (a NUL byte, text that is not UTF-8,
/// transaction control, statements SQLite refuses inside a transaction
/// without `-- migbundle: no-transaction`) and warnings (`PRAGMA foreign_keys`,
/// a silent no-op inside a transaction). Each names the file, line and column.
[[nodiscard]] std::vector<Diagnostic> lint_migration(const MigrationSource& migration);

/// Lints every migration: throws MigrationsError with all errors (and the
/// warnings beside them) when there is any error; otherwise returns the warnings.
std::vector<Diagnostic> lint_migrations(const std::vector<MigrationSource>& migrations);

}  // namespace migbundle::gen
