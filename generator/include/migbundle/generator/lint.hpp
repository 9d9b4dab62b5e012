// Mistakes in a migration that can be caught before it ships.
#pragma once

#include <migbundle/generator/diagnostic.hpp>
#include <migbundle/generator/engine.hpp>
#include <migbundle/generator/load_migrations.hpp>

#include <vector>

namespace migbundle::gen {

/// The problems of one migration: errors (a NUL byte, text that is not UTF-8,
/// transaction control, statements SQLite refuses inside a transaction
/// without `-- migbundle: no-transaction`) and warnings (`PRAGMA foreign_keys`,
/// a silent no-op inside a transaction). Each names the file, line and column.
///
/// For Engine::postgres the statements are read as psql reads them
/// (runtime/postgres/sql_lexer.hpp) and the errors are: a NUL byte, text that
/// is not UTF-8, transaction control, a statement PostgreSQL refuses inside a
/// transaction block without `-- migbundle: no-transaction`, a no-transaction
/// migration of more than one statement (PostgreSQL runs one query string as
/// one implicit transaction), and a string, quoted identifier, dollar quote or
/// comment left open (at the line where it begins). SQLite's own rules
/// (VACUUM, ATTACH, PRAGMA) are not applied.
[[nodiscard]] std::vector<Diagnostic> lint_migration(const MigrationSource& migration, Engine engine = Engine::sqlite);

/// Lints every migration: throws MigrationsError with all errors (and the
/// warnings beside them) when there is any error; otherwise returns the warnings.
std::vector<Diagnostic> lint_migrations(const std::vector<MigrationSource>& migrations, Engine engine = Engine::sqlite);

}  // namespace migbundle::gen
