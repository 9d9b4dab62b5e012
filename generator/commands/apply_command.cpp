// `migbundle apply --dir DIR --db FILE`: for development and CI databases.
#include "commands.hpp"
#include "database.hpp"
#include "loaded_bundle.hpp"
#include "report_diagnostic.hpp"

#include <migbundle/generator/check_migrations.hpp>
#include <migbundle/migrate.hpp>

#include <chrono>
#include <ostream>

namespace migbundle::gen {
namespace {

struct Progress {
  std::ostream* out;
  const LoadedBundle* loaded;
  bool quiet;
  std::chrono::steady_clock::time_point started;
  nlohmann::ordered_json applied = nlohmann::ordered_json::array();
};

void on_progress(void* context, const Migration& migration, Phase phase) {
  auto& progress = *static_cast<Progress*>(context);
  if (phase == Phase::before) {
    progress.started = std::chrono::steady_clock::now();
    return;
  }
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - progress.started);
  progress.applied.push_back({{"id", migration.id}, {"file", std::string(migration.file())}, {"ms", elapsed.count()}});
  if (!progress.quiet) *progress.out << "applied " << migration.file() << " (" << elapsed.count() << " ms)\n";
}

}  // namespace

bool run_apply(const ApplyOptions& options, std::ostream& out, std::ostream& err) {
  require_table_name(options.table);
  CheckedMigrations checked = check_migrations(options.directory, nullptr, options.layout);
  for (const Diagnostic& warning : checked.warnings) err << format(warning) << '\n';
  // Before the database is created: an empty (or wrong) --dir must not leave one behind.
  if (checked.migrations.empty()) throw MigrationsError({no_migrations(options.directory, Severity::error)});
  const LoadedBundle loaded(std::move(checked.migrations));
  // Extensions tried on a scratch connection first: one that does not load
  // must not leave a new, empty database file behind.
  if (!options.extensions.empty()) Database(":memory:", true).load_extensions(options.extensions);
  Database database(options.database, true);
  database.load_extensions(options.extensions);

  Progress progress{&out, &loaded, options.json, {}, nlohmann::ordered_json::array()};
  Options runtime_options;
  if (!options.table.empty()) runtime_options.table = options.table.c_str();
  if (options.target_id) runtime_options.target_id = *options.target_id;
  runtime_options.allow_unknown_applied = options.allow_unknown_applied;
  runtime_options.allow_out_of_order = options.allow_out_of_order;
  runtime_options.single_transaction = options.single_transaction;
  runtime_options.progress = on_progress;
  runtime_options.progress_context = &progress;
  const Report report = migrate(database.get(), loaded.bundle(), runtime_options);
  if (report.error() == Error::invalid_argument) throw UsageError(report.message());

  if (options.json) {
    nlohmann::ordered_json result = {{"ok", report.ok()},
                                     {"database", options.database},
                                     {"applied", progress.applied},
                                     {"already_applied", report.already_applied()},
                                     {"has_applied", report.has_applied()},
                                     {"current_id", report.current_id()},
                                     {"pending", report.pending()}};
    if (!report.ok()) result["error"] = error_json(report, loaded);
    // Replacing, never throwing: the migrations are applied by now, and a
    // database path that is not UTF-8 must not turn that into a crash.
    out << result.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  } else if (report.ok()) {
    // `current_id()` is 0 also when nothing is applied, and 0 is a valid id: ask has_applied().
    out << options.database << ": ";
    if (report.applied() > 0) {
      out << "applied " << report.applied() << " migration(s); now at migration " << report.current_id();
    } else if (report.has_applied()) {
      out << "up to date at migration " << report.current_id();
    } else {
      out << "no migration applied";
    }
    if (report.pending() > 0) {
      out << "; " << report.pending() << " migration(s) still pending";
      if (options.target_id) out << " beyond --target " << *options.target_id;
    } else if (report.applied() == 0) {
      out << " (nothing pending)";
    }
    out << '\n';
  }
  if (!report.ok()) {
    err << format(diagnostic_of(report, loaded, options.database)) << '\n';
    // The runtime names its Options fields; say which flag this command takes for them.
    if (report.error() == Error::unknown_applied) err << "note: here that is --allow-unknown-applied\n";
    if (report.error() == Error::out_of_order) err << "note: here that is --allow-out-of-order\n";
  }
  return report.ok();
}

}  // namespace migbundle::gen
