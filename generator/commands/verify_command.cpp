// `migbundle verify --dir DIR`: every migration applied, in order, to an
// in-memory database, so bad SQL fails the build instead of a device.
#include "commands.hpp"
#include "database.hpp"
#include "loaded_bundle.hpp"
#include "postgres_database.hpp"
#include "report_diagnostic.hpp"

#include <migbundle/generator/check_migrations.hpp>
#include <migbundle/generator/lock_file.hpp>
#include <migbundle/migrate.hpp>

#include <optional>
#include <ostream>

namespace migbundle::gen {

bool run_verify(const VerifyOptions& options, std::ostream& out, std::ostream& err) {
  std::optional<LockFile> lock;
  if (options.lock_file) {
    lock = read_lock_file(*options.lock_file, options.allow_missing_lock ? MissingLock::empty : MissingLock::error);
  }
  if (options.engine == Engine::postgres && !options.extensions.empty()) {
    throw UsageError("--load-extension loads a SQLite extension, and `verify --engine postgres` runs no SQLite: drop "
                     "--load-extension, or verify with --engine sqlite");
  }
  if (!options.database.empty() && (options.engine != Engine::postgres || !is_postgres_url(options.database))) {
    throw UsageError("--db is for `verify --engine postgres`, with a postgresql:// server to apply the migrations on "
                     "(SQLite's verify uses an in-memory database)");
  }
  CheckedMigrations checked =
      check_migrations(options.directory, lock ? &*lock : nullptr, options.layout, options.engine);
  for (const Diagnostic& warning : checked.warnings) err << format(warning) << '\n';
  // Verifying nothing proves nothing: a wrong --dir must not pass.
  if (checked.migrations.empty()) throw MigrationsError({no_migrations(options.directory, Severity::error)});
  if (options.engine == Engine::postgres && !options.database.empty()) {
    const LoadedBundle loaded(std::move(checked.migrations));
    std::string scratch, version;
    const Report report = verify_postgres(options.database, loaded.bundle(), scratch, version);
    if (!report.ok()) {
      err << format(diagnostic_of(report, loaded, options.directory)) << '\n';
      return false;
    }
    out << "verified " << report.applied() << " migration(s) from " << options.directory << " on PostgreSQL "
        << version << " (scratch database " << scratch << ", dropped)\n";
    return true;
  }
  if (options.engine == Engine::postgres) {
    // No PostgreSQL server here, and SQLite would refuse PostgreSQL's SQL: the
    // checks above are the verification, and the output says so.
    out << "checked " << checked.migrations.size() << " migration(s) from " << options.directory
        << " for PostgreSQL: names, directives, lint" << (lock ? " and lock file" : "")
        << "; none applied (give --db postgresql://... to apply them on a server)\n";
    return true;
  }
  const LoadedBundle loaded(std::move(checked.migrations));
  Database database(":memory:", true);
  database.load_extensions(options.extensions);
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
