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

}  // namespace

MigrationChecks::MigrationChecks(const LockFile* lock, Engine engine) : engine_(engine) {
  if (lock != nullptr) lock_.emplace(*lock);
}

void MigrationChecks::add(std::vector<Diagnostic>&& diagnostics, bool problems) {
  any_error_ = any_error_ || (problems && !diagnostics.empty());
  for (Diagnostic& d : diagnostics) {
    any_error_ = any_error_ || d.severity == Severity::error;
    all_.push_back(std::move(d));
  }
}

void MigrationChecks::lint(const MigrationSource& m) {
  std::vector<Diagnostic> found = lint_migration(m, engine_);
  for (Diagnostic& d : found) {
    if (d.path == m.display_path) d.line = m.source_line(d.line);
  }
  add(std::move(found));
}

void MigrationChecks::check(const MigrationSource& m) {
  lint(m);
  if (m.down_text) lint(down_view(m));  // a down runs in a transaction too, when a rollback reverts it
  if (checked_ == 0) first_file_ = m.file_name;
  check_baseline(m);
  if (lock_) {
    std::vector<Diagnostic> problems;
    lock_->check(m, problems);
    add(std::move(problems));
  }
  ++checked_;
}

/// A baseline (`-- migbundle: baseline`, written by `migbundle squash`)
/// stands for every migration up to its id: it must come first, run in one
/// transaction, and have no down.
void MigrationChecks::check_baseline(const MigrationSource& m) {
  if ((m.flags & flag_baseline) == 0) return;
  const int line = m.source_line(directive_line(m.text, "baseline"));
  std::vector<Diagnostic> problems;
  const auto error = [&](const std::string& what) {
    problems.push_back({m.display_path, line, 1, Severity::error, what});
  };
  if (checked_ != 0) {
    error("a baseline stands for every migration up to its id, so it must be the first, and `" + first_file_ +
          "` comes before it: remove the directive, or squash with `migbundle squash --upto " + std::to_string(m.id) +
          "`, which moves the older files aside");
  }
  if ((m.flags & flag_no_transaction) != 0) {
    error("a baseline runs in one transaction, all or nothing: remove `no-transaction`");
  }
  if (m.down_text) {
    error("a baseline has no down (reverting it would take every migration it squashes): delete `" + m.down_path + "`");
  }
  add(std::move(problems));
}

std::vector<Diagnostic> MigrationChecks::finish(std::optional<Diagnostic> detected) {
  if (lock_) {
    std::vector<Diagnostic> problems;
    lock_->finish(problems);
    add(std::move(problems));
  }
  std::stable_sort(all_.begin(), all_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return a.path != b.path ? a.path < b.path : a.line < b.line;
  });
  if (detected) all_.insert(all_.begin(), std::move(*detected));
  if (any_error_) throw MigrationsError(std::move(all_));
  return std::move(all_);
}

CheckedMigrations check_migrations(const std::filesystem::path& directory, const LockFile* lock, Layout layout,
                                   Engine engine) {
  LoadedMigrations loaded = read_migrations(directory, layout);
  MigrationChecks checks(lock, engine);
  checks.add(std::move(loaded.problems), true);
  checks.add(std::move(loaded.warnings));
  for (const MigrationSource& m : loaded.migrations) checks.check(m);
  std::optional<Diagnostic> detected;
  if (!loaded.detected.empty()) detected = detected_layout_note(directory, loaded.layout, loaded.detected);
  std::vector<Diagnostic> warnings = checks.finish(std::move(detected));
  return CheckedMigrations{std::move(loaded.migrations), std::move(warnings), loaded.layout};
}

Diagnostic detected_layout_note(const std::filesystem::path& directory, Layout layout, const std::string& because) {
  return Diagnostic{escape_invalid_utf8(directory.generic_string()), 0, 0, Severity::note,
                    "read as the `" + std::string(layout_name(layout)) + "` layout (detected from " + because +
                        "); name it with --layout (LAYOUT in add_migrations()) to skip detection"};
}

Diagnostic no_migrations(const std::filesystem::path& directory, Severity severity) {
  const std::string dir = escape_invalid_utf8(directory.generic_string());
  return Diagnostic{dir, 0, 0, severity,
                    "no migrations found in `" + dir +
                        "` (no `<digits>_<name>.sql` file directly in it): check the directory given, or add a "
                        "first migration such as `0001_init.sql`"};
}

}  // namespace migbundle::gen
