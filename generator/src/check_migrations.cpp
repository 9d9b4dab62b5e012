#include <migbundle/generator/check_migrations.hpp>

#include <migbundle/generator/lint.hpp>
#include <migbundle/generator/utf8.hpp>

#include <algorithm>

namespace migbundle::gen {

CheckedMigrations check_migrations(const std::filesystem::path& directory, const LockFile* lock, Layout layout,
                                   Engine engine) {
  LoadedMigrations loaded = read_migrations(directory, layout);
  std::vector<Diagnostic> all = std::move(loaded.problems);
  bool any_error = !all.empty();
  for (Diagnostic& d : loaded.warnings) all.push_back(std::move(d));
  const auto lint = [&](const MigrationSource& m) {
    for (Diagnostic& d : lint_migration(m, engine)) {
      if (d.path == m.display_path) d.line = m.source_line(d.line);
      any_error = any_error || d.severity == Severity::error;
      all.push_back(std::move(d));
    }
  };
  for (const MigrationSource& m : loaded.migrations) {
    lint(m);
    if (m.down_text) lint(down_view(m));  // a down runs in a transaction too, when a rollback reverts it
  }
  if (lock != nullptr) {
    for (Diagnostic& d : check_against_lock(loaded.migrations, *lock)) {
      any_error = true;
      all.push_back(std::move(d));
    }
  }
  std::stable_sort(all.begin(), all.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return a.path != b.path ? a.path < b.path : a.line < b.line;
  });
  if (!loaded.detected.empty()) all.insert(all.begin(), detected_layout_note(directory, loaded));
  if (any_error) throw MigrationsError(std::move(all));
  return CheckedMigrations{std::move(loaded.migrations), std::move(all), loaded.layout};
}

Diagnostic detected_layout_note(const std::filesystem::path& directory, const LoadedMigrations& loaded) {
  return Diagnostic{escape_invalid_utf8(directory.generic_string()), 0, 0, Severity::note,
                    "read as the `" + std::string(layout_name(loaded.layout)) + "` layout (detected from " +
                        loaded.detected + "); name it with --layout (LAYOUT in add_migrations()) to skip detection"};
}

Diagnostic no_migrations(const std::filesystem::path& directory, Severity severity) {
  const std::string dir = escape_invalid_utf8(directory.generic_string());
  return Diagnostic{dir, 0, 0, severity,
                    "no migrations found in `" + dir +
                        "` (no `<digits>_<name>.sql` file directly in it): check the directory given, or add a "
                        "first migration such as `0001_init.sql`"};
}

}  // namespace migbundle::gen
