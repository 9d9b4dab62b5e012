// `migbundle apply --dir DIR --db FILE`: for development and CI databases.
#include "commands.hpp"
#include "database.hpp"
#include "loaded_bundle.hpp"
#include "postgres_database.hpp"
#include "report_diagnostic.hpp"

#include <migbundle/generator/check_migrations.hpp>
#include <migbundle/generator/peer_identity.hpp>
#include <migbundle/migrate.hpp>
#include <migbundle/rollback.hpp>
#include <migbundle/table_name.hpp>

#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

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
  progress.applied.push_back({{"id", migration.id}, {"file", std::string(file_of(migration))}, {"ms", elapsed.count()}});
  if (!progress.quiet) *progress.out << "applied " << file_of(migration) << " (" << elapsed.count() << " ms)\n";
}

/// What the tool of `--adopt` knows each migration by, in the runtime's form.
class AdoptionTable {
 public:
  AdoptionTable(const ApplyOptions& options, const LoadedBundle& loaded)
      : tool_(*options.adopt),
        table_(options.peer_table.empty() ? std::string(peer_default_table(tool_)) : options.peer_table),
        identities_(peer_identities(tool_, options.directory, loaded.sources())) {
    for (const PeerIdentity& identity : identities_) migrations_.push_back({identity.key.c_str(), identity.hash.c_str()});
  }
  AdoptionTable(const AdoptionTable&) = delete;  // the Adoption points into this object
  AdoptionTable& operator=(const AdoptionTable&) = delete;

  [[nodiscard]] Adoption adoption() const { return Adoption{tool_, table_.c_str(), migrations_.data(), migrations_.size()}; }
  [[nodiscard]] const std::string& table() const { return table_; }

 private:
  PeerTool tool_;
  std::string table_;
  std::vector<PeerIdentity> identities_;
  std::vector<PeerMigration> migrations_;
};

}  // namespace

bool run_apply(const ApplyOptions& options, std::ostream& out, std::ostream& err) {
  const bool on_postgres = is_postgres_url(options.database);
  if (on_postgres && (options.adopt || !options.extensions.empty() || options.revert_unknown)) {
    throw UsageError(std::string(options.adopt ? "--adopt" : options.revert_unknown ? "--revert-unknown" : "--load-extension") +
                     " works on SQLite databases, not on PostgreSQL");
  }
  if (options.adopt && options.revert_unknown) throw UsageError("--revert-unknown and --adopt do not go together");
  require_table_name(options.table);
  if (!options.peer_table.empty() && !is_valid_table_name(options.peer_table.c_str())) {
    throw UsageError("--peer-table `" + options.peer_table +
                     "` is not a table name: use letters, digits and `_`, not starting with a digit");
  }
  // A PostgreSQL database: its lint (dollar quotes, BEGIN ATOMIC bodies, one-statement no-transaction).
  CheckedMigrations checked = check_migrations(options.directory, nullptr, options.layout,
                                               on_postgres ? Engine::postgres : Engine::sqlite);
  for (const Diagnostic& warning : checked.warnings) err << format(warning) << '\n';
  // Before the database is created: an empty (or wrong) --dir must not leave one behind.
  if (checked.migrations.empty()) throw MigrationsError({no_migrations(options.directory, Severity::error)});
  const LoadedBundle loaded(std::move(checked.migrations));
  std::optional<AdoptionTable> adoption;
  if (options.adopt) adoption.emplace(options, loaded);
  // Extensions tried on a scratch connection first: one that does not load
  // must not leave a new, empty database file behind.
  if (!options.extensions.empty()) Database(":memory:", true).load_extensions(options.extensions);
  std::optional<Database> database;
  if (!on_postgres) {
    database.emplace(options.database, true);
    database->load_extensions(options.extensions);
  }
  const std::string shown = shown_database(options.database);

  Progress progress{&out, &loaded, options.json, {}, nlohmann::ordered_json::array()};
  Options runtime_options;
  if (!options.table.empty()) runtime_options.table = options.table.c_str();
  if (options.target_id) runtime_options.target_id = *options.target_id;
  if (options.adopt_only) runtime_options.target_id = std::numeric_limits<std::int64_t>::min();
  runtime_options.allow_unknown_applied = options.allow_unknown_applied;
  runtime_options.allow_out_of_order = options.allow_out_of_order;
  runtime_options.revert_unknown = options.revert_unknown;
  runtime_options.single_transaction = options.single_transaction;
  runtime_options.progress = on_progress;
  runtime_options.progress_context = &progress;
  const Report report = on_postgres ? migrate_postgres(options.database, loaded.bundle(), runtime_options)
                        : adoption ? migrate(database->get(), loaded.bundle(), adoption->adoption(), runtime_options)
                        // With downs, as an embedded bundle with them: each is stored with its row, for rollback.
                        : loaded.has_downs() || options.revert_unknown
                            ? migrate(database->get(), loaded.bundle(), loaded.downs(), runtime_options)
                            : migrate(database->get(), loaded.bundle(), runtime_options);
  if (report.error() == Error::invalid_argument) throw UsageError(report.message());

  if (options.json) {
    nlohmann::ordered_json result = {{"ok", report.ok()},
                                     {"database", shown},
                                     {"applied", progress.applied},
                                     {"adopted", report.adopted()},
                                     {"reverted", report.reverted()},
                                     {"already_applied", report.already_applied()},
                                     {"has_applied", report.has_applied()},
                                     {"current_id", report.current_id()},
                                     {"pending", report.pending()}};
    if (!report.ok()) result["error"] = error_json(report, loaded);
    // Replacing, never throwing: the migrations are applied by now, and a
    // database path that is not UTF-8 must not turn that into a crash.
    out << result.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  } else if (report.ok()) {
    if (adoption) {
      out << shown << ": ";
      if (report.adopted() > 0) {
        out << "adopted " << report.adopted() << " migration(s) that " << peer_tool_name(*options.adopt)
            << " applied (`" << adoption->table() << "` is left as it is)\n";
      } else if (report.already_applied() > 0) {
        // Adopted counts count as already applied: with none adopted, this was the history before.
        out << "already has migbundle history (" << report.already_applied()
            << " migration(s) recorded); nothing adopted\n";
      } else {
        out << "no `" << adoption->table() << "` table: nothing to adopt from " << peer_tool_name(*options.adopt)
            << '\n';
      }
    }
    if (report.reverted() > 0) {
      out << shown << ": reverted " << report.reverted()
          << " migration(s) this directory lacks, with the downs the database stored\n";
    }
    // `current_id()` is 0 also when nothing is applied, and 0 is a valid id: ask has_applied().
    out << shown << ": ";
    if (report.applied() > 0) {
      out << "applied " << report.applied() << " migration(s); now at migration " << report.current_id();
    } else if (report.has_applied()) {
      out << "up to date at migration " << report.current_id();
    } else {
      out << "no migration applied";
    }
    if (report.pending() > 0) {
      out << "; " << report.pending() << " migration(s) still pending";
      if (options.adopt_only) {
        out << " (--adopt-only)";
      } else if (options.target_id) {
        out << " beyond --target " << *options.target_id;
      }
    } else if (report.applied() == 0) {
      out << " (nothing pending)";
    }
    out << '\n';
  }
  if (!report.ok()) {
    err << format(diagnostic_of(report, loaded, shown)) << '\n';
    // The runtime names its Options fields; say which flag this command takes for them.
    if (report.error() == Error::unknown_applied) err << "note: here that is --allow-unknown-applied\n";
    if (report.error() == Error::out_of_order) err << "note: here that is --allow-out-of-order\n";
  }
  return report.ok();
}

}  // namespace migbundle::gen
