// `migbundle verify --dir DIR`: every migration applied, in order, to an
// in-memory database, so bad SQL fails the build instead of a device.
#include "commands.hpp"
#include "database.hpp"
#include "loaded_bundle.hpp"
#include "report_diagnostic.hpp"

#include <migbundle/generator/lint.hpp>
#include <migbundle/generator/lock_file.hpp>
#include <migbundle/migrate.hpp>

#include <ostream>

namespace migbundle::gen {

bool run_verify(const VerifyOptions& options, std::ostream& out, std::ostream& err) {
  const LoadedBundle loaded(load_migrations(options.directory));
  for (const Diagnostic& warning : lint_migrations(loaded.sources())) err << format(warning) << '\n';
  if (options.lock_file) require_lock_matches(loaded.sources(), read_lock_file(*options.lock_file));
  const Database database(":memory:", true);
  // Foreign keys on, as most apps run: the runtime's own rebuild safety and
  // foreign_key_check are then exercised here too.
  sqlite3_exec(database.get(), "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
  const Report report = migrate(database.get(), loaded.bundle());
  if (!report.ok()) {
    err << format(diagnostic_of(report, loaded, options.directory)) << '\n';
    return false;
  }
  out << "verified " << report.applied() << " migration(s) from " << options.directory
      << " on an in-memory SQLite " << sqlite3_libversion() << " database\n";
  return true;
}

}  // namespace migbundle::gen
