// `migbundle lock --dir DIR --lock FILE`: records the migrations as released.
#include "commands.hpp"

#include <migbundle/generator/lint.hpp>
#include <migbundle/generator/lock_file.hpp>
#include <migbundle/generator/write_file.hpp>

#include <ostream>

namespace migbundle::gen {

bool run_lock(const LockOptions& options, std::ostream& out, std::ostream& err) {
  const std::vector<MigrationSource> migrations = load_migrations(options.directory);
  for (const Diagnostic& warning : lint_migrations(migrations)) err << format(warning) << '\n';
  const LockFile lock = read_lock_file(options.lock_file);
  require_lock_matches(migrations, lock);
  const std::vector<LockedMigration> extended = extend_lock(migrations, lock);
  write_if_changed(options.lock_file, render_lock_file(extended));
  out << options.lock_file << ": " << extended.size() << " migration(s) locked ("
      << extended.size() - lock.migrations.size() << " new)\n";
  return true;
}

}  // namespace migbundle::gen
