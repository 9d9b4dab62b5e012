// `migbundle verify --dir DIR`: every migration applied, in order, to an
// in-memory database, so bad SQL fails the build instead of a device.
#include "baseline.hpp"
#include "commands.hpp"
#include "database.hpp"
#include "loaded_bundle.hpp"
#include "postgres_database.hpp"
#include "report_diagnostic.hpp"
#include "schema_snapshot.hpp"

#include <migbundle/generator/check_migrations.hpp>
#include <migbundle/generator/lock_file.hpp>
#include <migbundle/migrate.hpp>
#include <migbundle/rollback.hpp>

#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace migbundle::gen {
namespace {

/// The schema the application sees, as check_schema() lists it (without
/// SQLite's own objects and the tracking table): type and name -> its SQL.
using Schema = std::map<std::pair<std::string, std::string>, std::string>;

Schema schema_of(sqlite3* db, const Options& options, const std::string& where) {
  Schema schema;
  for (SchemaEntry& object : list_schema(db, options, where)) {
    schema[{std::move(object.type), std::move(object.name)}] = std::move(object.sql);
  }
  return schema;
}

/// The first way `after` differs from `before`, in words; empty when equal.
std::string schema_difference(const Schema& before, const Schema& after) {
  for (const auto& [key, sql] : before) {
    const auto found = after.find(key);
    if (found == after.end()) return key.first + " `" + key.second + "` is missing";
    if (found->second != sql) return key.first + " `" + key.second + "` differs: before `" + sql + "`, after `" + found->second + "`";
  }
  for (const auto& [key, sql] : after) {
    if (before.count(key) == 0) return key.first + " `" + key.second + "` is left over";
  }
  return "";
}

/// Up, down, up again: every down restores the schema its up found, and
/// the up then applies again to the same schema. From the newest down to
/// the first migration without one (a rollback stops there too).
/// False, with the problem, when a down fails or restores something else.
bool verify_downs(const VerifyOptions& options, const LoadedBundle& loaded, std::ostream& out, std::ostream& err) {
  Database database(":memory:", true);
  database.load_extensions(options.extensions);
  sqlite3_exec(database.get(), "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
  const Bundle& bundle = loaded.bundle();
  Options runtime_options;
  const auto schema_now = [&] { return schema_of(database.get(), runtime_options, options.directory); };
  std::vector<Schema> schemas{schema_now()};  // schemas[k]: after the first k migrations
  for (std::size_t k = 0; k < bundle.size; ++k) {
    runtime_options.target_id = bundle.migrations[k].id;
    const Report report = migrate(database.get(), bundle, loaded.downs(), runtime_options);
    if (!report.ok()) {
      err << format(diagnostic_of(report, loaded, options.directory)) << '\n';
      return false;
    }
    schemas.push_back(schema_now());
  }
  std::size_t verified = 0;
  for (std::size_t k = bundle.size; k > 0; --k) {
    const MigrationSource& source = loaded.sources()[k - 1];
    if (!source.down_text) break;
    const std::int64_t below = k >= 2 ? bundle.migrations[k - 2].id : -1;
    const Report reverted = rollback(database.get(), bundle, loaded.downs(), below, runtime_options);
    const std::string difference = reverted.ok() ? schema_difference(schemas[k - 1], schema_now()) : "";
    if (!reverted.ok() || !difference.empty()) {
      Diagnostic problem{source.down_path, 1, 1, Severity::error, ""};
      if (!reverted.ok()) {
        problem.line = reverted.line() > 0 ? down_view(source).source_line(reverted.line()) : 1;
        problem.column = reverted.column() > 0 ? reverted.column() : 1;
        problem.message = reverted.explanation();
      } else {
        problem.message = "reverting migration " + std::to_string(source.id) +
                          " with this down does not give back the schema before it: " + difference +
                          ". A down must undo exactly what its up did";
      }
      err << format(problem) << '\n';
      return false;
    }
    runtime_options.target_id = bundle.migrations[k - 1].id;
    const Report again = migrate(database.get(), bundle, loaded.downs(), runtime_options);
    const std::string again_difference = again.ok() ? schema_difference(schemas[k], schema_now()) : "";
    if (!again.ok() || !again_difference.empty()) {
      Diagnostic problem = again.ok() ? Diagnostic{source.display_path, 1, 1, Severity::error, ""}
                                      : diagnostic_of(again, loaded, options.directory);
      if (again.ok()) {
        problem.message = "applied again after its down, migration " + std::to_string(source.id) +
                          " gives another schema: " + again_difference + ". Its down leaves something behind";
      } else {
        problem.message = "cannot be applied again after its down (" + std::string(again.explanation()) +
                          "): the down leaves something behind that the up does not expect";
      }
      err << format(problem) << '\n';
      return false;
    }
    // Back down to where the next (older) down starts from.
    const Report down_again = rollback(database.get(), bundle, loaded.downs(), below, runtime_options);
    if (!down_again.ok()) {
      err << format(Diagnostic{source.down_path, 1, 1, Severity::error, down_again.explanation()}) << '\n';
      return false;
    }
    ++verified;
  }
  out << "verified " << verified << " down(s): each gives back the schema before its up, and the up applies again";
  if (verified < bundle.size) {
    out << " (not below " << loaded.sources()[bundle.size - verified - 1].file_name << ", which has no down)";
  }
  out << '\n';
  return true;
}

/// A baseline (`migbundle squash`) proven again against the migrations it
/// squashed, while they are in DIR/.squashed: it must give their schema, rows
/// and header fields. True when there is nothing to prove.
bool verify_baseline(const VerifyOptions& options, const MigrationSource& first, std::ostream& out,
                     std::ostream& err) {
  if ((first.flags & flag_baseline) == 0) return true;
  const std::filesystem::path aside = std::filesystem::path(options.directory) / ".squashed";
  std::error_code error;
  if (!std::filesystem::is_directory(aside, error)) {
    out << "baseline " << first.file_name << " not proven again: the migrations it squashed are not in "
        << aside.generic_string() << " (squash proved it when it wrote it)\n";
    return true;
  }
  CheckedMigrations squashed = check_migrations(aside, nullptr, Layout::migbundle);
  std::vector<MigrationSource>& files = squashed.migrations;
  files.erase(std::remove_if(files.begin(), files.end(), [&](const MigrationSource& m) { return m.id > first.id; }),
              files.end());
  if (files.empty() || files.back().id != first.id) {
    err << first.display_path << ":1:1: error: a baseline stands for the migrations up to its id, " << first.id
        << ", but " << aside.generic_string() << " holds "
        << (files.empty() ? std::string("none of them") : "them only up to " + std::to_string(files.back().id))
        << ": put the squashed files back there, or remove the folder\n";
    return false;
  }
  const std::string difference = baseline_difference(files, first, options.extensions, options.directory);
  if (!difference.empty()) {
    err << first.display_path << ":1:1: error: does not give what the " << files.size() << " migrations in "
        << aside.generic_string() << " give (it was edited, or they were: squash again from the released files): "
        << difference << '\n';
    return false;
  }
  out << "proved baseline " << first.file_name << ": it gives the schema, rows and header fields of the "
      << files.size() << " migrations in " << aside.generic_string() << '\n';
  return true;
}

}  // namespace

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
  if (!verify_baseline(options, loaded.sources().front(), out, err)) return false;
  return !loaded.has_downs() || verify_downs(options, loaded, out, err);
}

}  // namespace migbundle::gen
