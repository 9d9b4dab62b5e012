// `migbundle lock --dir DIR --lock FILE`: records the migrations as released.
// The one command that may create a lock file.
#include "commands.hpp"

#include <migbundle/generator/check_migrations.hpp>
#include <migbundle/generator/lock_file.hpp>
#include <migbundle/generator/write_file.hpp>

#include <algorithm>
#include <ostream>

namespace migbundle::gen {

bool run_lock(const LockOptions& options, std::ostream& out, std::ostream& err) {
  const LockFile lock = read_lock_file(options.lock_file, MissingLock::empty);
  const CheckedMigrations checked = check_migrations(options.directory, &lock, options.layout);
  for (const Diagnostic& warning : checked.warnings) err << format(warning) << '\n';
  if (checked.migrations.empty()) err << format(no_migrations(options.directory, Severity::warning)) << '\n';
  const std::vector<LockedMigration> extended = extend_lock(checked.migrations, lock);
  write_if_changed(options.lock_file, render_lock_file(extended));
  // Counted, not subtracted: after a squash the lock holds fewer entries than before.
  const auto locked_before = [&](const LockedMigration& m) {
    return std::any_of(lock.migrations.begin(), lock.migrations.end(),
                       [&](const LockedMigration& l) { return l.id == m.id && l.file == m.file; });
  };
  const auto added =
      std::count_if(extended.begin(), extended.end(), [&](const LockedMigration& m) { return !locked_before(m); });
  const auto kept = static_cast<std::ptrdiff_t>(extended.size()) - added;
  out << options.lock_file << ": " << extended.size() << " migration(s) locked (" << added << " new";
  if (static_cast<std::ptrdiff_t>(lock.migrations.size()) > kept) {
    out << ", " << static_cast<std::ptrdiff_t>(lock.migrations.size()) - kept << " squashed replaced by the baseline";
  }
  out << ")\n";
  return true;
}

}  // namespace migbundle::gen
