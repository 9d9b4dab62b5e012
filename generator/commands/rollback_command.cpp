// `migbundle rollback --dir DIR --db FILE --to ID`: reverts applied
// migrations above ID, newest first, through the runtime's rollback(), with
// the folder's downs or the ones the database stored when it applied them.
#include "commands.hpp"
#include "database.hpp"
#include "loaded_bundle.hpp"
#include "report_diagnostic.hpp"

#include <migbundle/generator/check_migrations.hpp>
#include <migbundle/rollback.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <ostream>
#include <string>

namespace migbundle::gen {

bool run_rollback(const RollbackOptions& options, std::ostream& out, std::ostream& err) {
  require_table_name(options.table);
  if (options.database.rfind("postgresql://", 0) == 0 || options.database.rfind("postgres://", 0) == 0) {
    throw UsageError("rollback works on SQLite databases; PostgreSQL's runtime has no rollback yet");
  }
  CheckedMigrations checked = check_migrations(options.directory, nullptr, options.layout, Engine::sqlite);
  for (const Diagnostic& warning : checked.warnings) err << format(warning) << '\n';
  const LoadedBundle loaded(std::move(checked.migrations));
  Database database(options.database, false);  // a database that does not exist has nothing to revert
  database.load_extensions(options.extensions);
  Options runtime_options;
  if (!options.table.empty()) runtime_options.table = options.table.c_str();
  const Report report = rollback(database.get(), loaded.bundle(), loaded.downs(), options.target_id, runtime_options);
  if (report.error() == Error::invalid_argument) throw UsageError(report.message());
  const std::string shown = options.database;

  if (options.json) {
    nlohmann::ordered_json result = {{"ok", report.ok()},
                                     {"database", shown},
                                     {"reverted", report.reverted()},
                                     {"has_applied", report.has_applied()},
                                     {"current_id", report.current_id()}};
    if (!report.ok()) result["error"] = error_json(report, loaded);
    out << result.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  } else if (report.ok()) {
    out << shown << ": ";
    if (report.reverted() > 0) out << "reverted " << report.reverted() << " migration(s); ";
    if (report.has_applied()) {
      out << (report.reverted() > 0 ? "now at migration " : "nothing to revert above ") << report.current_id();
    } else {
      out << "no migration applied";
    }
    out << '\n';
  }
  if (!report.ok()) {
    Diagnostic diagnostic = diagnostic_of(report, loaded, shown);
    if (report.error() == Error::migration_failed && report.migration() != nullptr) {
      // A down failed: the place is in the down's file (its own, or the up's own for goose, dbmate).
      const MigrationSource& source = loaded.source_of(*report.migration());
      if (!source.down_text) {
        diagnostic.line = 0;  // the stored down: no file holds it
        diagnostic.column = 0;
        diagnostic.path = shown;
      } else {
        diagnostic.path = source.down_path;
        diagnostic.line = down_view(source).source_line(report.line());
      }
    }
    err << format(diagnostic) << '\n';
  }
  return report.ok();
}

}  // namespace migbundle::gen
