// A migrations directory read and checked in one pass, so one run reports
// every error of every file: names, directives, lint, the lock file.
#pragma once

#include <migbundle/generator/diagnostic.hpp>
#include <migbundle/generator/engine.hpp>
#include <migbundle/generator/load_migrations.hpp>
#include <migbundle/generator/lock_file.hpp>

#include <filesystem>
#include <optional>
#include <string>
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

/// check_migrations()'s checks a migration at a time, for a folder read one
/// file at a time: check() each migration in id order while its text is
/// loaded, add() what reading found, then finish().
class MigrationChecks {
 public:
  MigrationChecks(const LockFile* lock, Engine engine);  ///< `lock` (may be null) must outlive the checks
  /// Diagnostics found elsewhere (reading the folder); `problems`: each is an error, whatever its severity.
  void add(std::vector<Diagnostic>&& diagnostics, bool problems = false);
  /// The lint of `m` and its down, the baseline rule, and the lock.
  void check(const MigrationSource& m);
  [[nodiscard]] bool any_error() const { return any_error_; }
  /// Every diagnostic sorted by file and line, `detected` first: thrown as a
  /// MigrationsError when any is an error, else returned (the warnings).
  std::vector<Diagnostic> finish(std::optional<Diagnostic> detected = std::nullopt);

 private:
  void lint(const MigrationSource& m);
  void check_baseline(const MigrationSource& m);

  Engine engine_;
  std::optional<LockCheck> lock_;
  std::vector<Diagnostic> all_;
  bool any_error_ = false;
  std::size_t checked_ = 0;
  std::string first_file_;  ///< the first migration's: a baseline after it names it
};

/// For a folder read with `auto`: "layout X, detected from F", placed on the directory.
[[nodiscard]] Diagnostic detected_layout_note(const std::filesystem::path& directory, Layout layout,
                                              const std::string& because);

/// "no migrations found in DIR", as an error or a warning, placed on the directory.
[[nodiscard]] Diagnostic no_migrations(const std::filesystem::path& directory, Severity severity);

}  // namespace migbundle::gen
