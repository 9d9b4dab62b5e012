#include <migbundle/generator/check_migrations.hpp>

#include <migbundle/generator/lint.hpp>
#include <migbundle/generator/utf8.hpp>

#include <migbundle/bundle.hpp>

#include <algorithm>

namespace migbundle::gen {
namespace {

/// The 1-based line of `text` whose `-- migbundle:` directive names `word`; 1 when none does.
int directive_line(const std::string& text, std::string_view word) {
  int line = 1;
  for (std::size_t start = 0; start < text.size(); ++line) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string_view content = std::string_view(text).substr(start, end - start);
    if (content.find("migbundle:") != std::string_view::npos && content.find(word) != std::string_view::npos) return line;
    start = end + 1;
  }
  return 1;
}

/// A baseline (`-- migbundle: baseline`, written by `migbundle squash`)
/// stands for every migration up to its id: it must come first, run in one
/// transaction, and have no down.
void check_baselines(const std::vector<MigrationSource>& migrations, std::vector<Diagnostic>& problems) {
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    const MigrationSource& m = migrations[i];
    if ((m.flags & flag_baseline) == 0) continue;
    const int line = m.source_line(directive_line(m.text, "baseline"));
    const auto error = [&](const std::string& what) {
      problems.push_back({m.display_path, line, 1, Severity::error, what});
    };
    if (i != 0) {
      error("a baseline stands for every migration up to its id, so it must be the first, and `" +
            migrations.front().file_name +
            "` comes before it: remove the directive, or squash with `migbundle squash --upto " + std::to_string(m.id) +
            "`, which moves the older files aside");
    }
    if ((m.flags & flag_no_transaction) != 0) {
      error("a baseline runs in one transaction, all or nothing: remove `no-transaction`");
    }
    if (m.down_text) {
      error("a baseline has no down (reverting it would take every migration it squashes): delete `" + m.down_path +
            "`");
    }
  }
}

}  // namespace

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
  const std::size_t before_baselines = all.size();
  check_baselines(loaded.migrations, all);
  any_error = any_error || all.size() != before_baselines;
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
