// A migrations directory read and checked in one pass, so one run reports
// every error of every file: names, directives, lint, the lock file.
#pragma once

#include <migbundle/generator/diagnostic.hpp>
#include <migbundle/generator/engine.hpp>
#include <migbundle/generator/load_migrations.hpp>
#include <migbundle/generator/lock_file.hpp>

#include <filesystem>
#include <vector>

namespace migbundle::gen {

struct CheckedMigrations {
  std::vector<MigrationSource> migrations;  ///< sorted by id
  std::vector<Diagnostic> warnings;         ///< and, for `auto`, a note of the layout detected
  Layout layout = Layout::migbundle;
};

/// Reads `directory` in `layout` (read_migrations()), lints every migration it
/// could read (problems placed on the file's own lines, also where a layout
/// took the SQL out of a larger file), and compares them with `lock` when one
/// is given. Throws a MigrationsError holding every error found (and the
/// warnings beside them), sorted by file and line; otherwise returns the
/// migrations and the warnings.
/// `engine` chooses the lint's rules (lint_migration()).
[[nodiscard]] CheckedMigrations check_migrations(const std::filesystem::path& directory, const LockFile* lock = nullptr,
                                                 Layout layout = Layout::migbundle, Engine engine = Engine::sqlite);

/// For a folder read with `auto`: "layout X, detected from F", placed on the directory.
[[nodiscard]] Diagnostic detected_layout_note(const std::filesystem::path& directory, const LoadedMigrations& loaded);

/// "no migrations found in DIR", as an error or a warning, placed on the directory.
[[nodiscard]] Diagnostic no_migrations(const std::filesystem::path& directory, Severity severity);

}  // namespace migbundle::gen
