// `migbundle status --dir DIR --db FILE [--json]`: changes nothing (a SQLite
// database is opened read-only), and compares its schema with the one its
// applied migrations give (schema_drift.hpp).
#include "commands.hpp"
#include "database.hpp"
#include "loaded_bundle.hpp"
#include "postgres_database.hpp"
#include "schema_drift.hpp"
#include "text_table.hpp"

#include <migbundle/generator/check_migrations.hpp>
#include <migbundle/generator/utf8.hpp>
#include <migbundle/status.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <optional>
#include <set>
#include <ostream>
#include <vector>

namespace migbundle::gen {
namespace {

const char* state_name(MigrationState state) {
  switch (state) {
    case MigrationState::applied: return "applied";
    case MigrationState::pending: return "pending";
    case MigrationState::modified: return "modified";
    case MigrationState::unknown: return "unknown";
    case MigrationState::squashed: return "squashed";
  }
  return "?";
}

/// A status row copied out of the callback, where its views are still valid.
struct Row {
  MigrationState state;
  std::int64_t id;
  std::string file;
  std::string path;  ///< directory as given + file, as other diagnostics show it
  std::string name;  ///< the migration's name now; empty for `unknown`
  std::string recorded_name;  ///< the name the database recorded when it was applied
  std::string checksum;
  std::string recorded_checksum;
  std::string applied_at;
  std::int64_t execution_ms;

  /// Applied under another name: the file was renamed since.
  [[nodiscard]] bool renamed() const {
    return state != MigrationState::pending && state != MigrationState::unknown &&
           state != MigrationState::squashed && recorded_name != name;
  }
};

/// The ids whose down the database stored (rollback.hpp's `down_sql` column); none without the column.
std::set<std::int64_t> stored_down_ids(sqlite3* db, const std::string& table) {
  std::set<std::int64_t> ids;
  const std::string sql = "SELECT id FROM \"main\".\"" + table + "\" WHERE down_sql IS NOT NULL";
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK) {
    while (sqlite3_step(statement) == SQLITE_ROW) ids.insert(sqlite3_column_int64(statement, 0));
  }
  sqlite3_finalize(statement);
  return ids;
}

struct Collector {
  const LoadedBundle* loaded;
  std::vector<Row> rows;
};

void collect(void* context, const StatusEntry& entry) {
  auto& collector = *static_cast<Collector*>(context);
  const bool known = entry.migration != nullptr;
  const std::string file = known ? std::string(file_of(*entry.migration)) : "(not in this directory)";
  const std::string path = known ? collector.loaded->source_of(*entry.migration).display_path : file;
  collector.rows.push_back(Row{entry.state, entry.id, file, path,
                               known ? std::string(name_of(*entry.migration)) : std::string(),
                               // Recorded by whatever wrote the table: shown as the bytes it holds.
                               escape_invalid_utf8(entry.recorded_name),
                               known ? std::string(checksum_hex(*entry.migration).view()) : std::string(),
                               std::string(entry.recorded_checksum), std::string(entry.applied_at),
                               entry.execution_ms});
}

/// What status says about drift: compared (clean or not), or why not.
struct DriftStatus {
  bool checked = false;
  std::string skipped;       ///< why it was not compared
  std::size_t replayed = 0;  ///< how many applied migrations gave the expected schema
  SchemaDrift drift;
};

DriftStatus drift_status(const StatusOptions& options, const LoadedBundle& loaded, const std::vector<Row>& rows,
                         const std::optional<Database>& database, const Options& runtime_options,
                         const std::string& shown, std::ostream& err) {
  DriftStatus result;
  if (!database) {
    result.skipped = "drift is compared on SQLite databases only; this is PostgreSQL";
    return result;
  }
  int modified = 0, unknown = 0;
  std::vector<const MigrationSource*> applied;
  for (const Row& row : rows) {
    modified += row.state == MigrationState::modified ? 1 : 0;
    unknown += row.state == MigrationState::unknown ? 1 : 0;
    // A squashed history replays as the baseline that stands for it (found at its own id).
    const bool replayed = row.state == MigrationState::applied ||
                          (row.state == MigrationState::squashed && loaded.find(row.id) != nullptr);
    if (replayed) applied.push_back(loaded.find(row.id));
  }
  // Replaying files that are not what ran would report the edit as drift, or hide real drift behind it.
  if (modified != 0 || unknown != 0) {
    result.skipped = "the history is not trustworthy (" + std::to_string(modified) + " modified, " +
                     std::to_string(unknown) + " unknown): the files do not say what ran";
    return result;
  }
  result.replayed = applied.size();
  try {
    // Usually the applied ones are the bundle's first: replayed from the bundle
    // loaded already, up to the last of them. Otherwise (one pending below an
    // applied one) from a bundle of their own: a copy of each.
    const std::vector<MigrationSource>& sources = loaded.sources();
    const bool prefix = applied.size() <= sources.size() &&
                        std::equal(applied.begin(), applied.end(), sources.begin(),
                                   [](const MigrationSource* a, const MigrationSource& b) { return a == &b; });
    std::optional<LoadedBundle> own;
    if (!prefix) {
      std::vector<MigrationSource> copies;
      for (const MigrationSource* m : applied) copies.push_back(*m);
      own.emplace(std::move(copies));
    }
    const std::int64_t upto = applied.empty() ? -1 : applied.back()->id;
    result.drift = find_schema_drift(database->get(), own ? *own : loaded, upto, runtime_options, options.extensions,
                                     options.directory, shown);
    result.checked = true;
  } catch (const MigrationsError& error) {
    // What ran on this database once may need what an empty one lacks (an
    // extension not given here, say): no verdict then, and no exit code from it.
    for (Diagnostic diagnostic : error.diagnostics()) {
      diagnostic.severity = Severity::warning;
      err << format(diagnostic) << '\n';
    }
    result.skipped = "the applied migrations do not replay on an empty database (the warning says where)";
  }
  return result;
}

nlohmann::ordered_json drift_json(const DriftStatus& status) {
  if (!status.checked) return {{"checked", false}, {"reason", status.skipped}};
  nlohmann::ordered_json objects = nlohmann::ordered_json::array();
  for (const DriftObject& object : status.drift.objects) {
    objects.push_back({{"type", object.type}, {"name", object.name}, {"change", drift_name(object.change)}});
  }
  nlohmann::ordered_json result = {
      {"checked", true}, {"clean", status.drift.clean()}, {"migrations", status.replayed}, {"objects", objects}};
  if (!status.drift.clean()) result["diff"] = status.drift.diff;
  if (!status.drift.peer_tables.empty()) result["left_out"] = status.drift.peer_tables;
  if (status.drift.comment_only != 0) result["comment_only"] = status.drift.comment_only;
  return result;
}

/// After the table: one line when clean or not compared; otherwise each
/// object by change, type and name, then the diff of the two schema texts.
void write_drift(std::ostream& out, const DriftStatus& status) {
  if (!status.checked) {
    out << "schema: drift not checked: " << status.skipped << '\n';
    return;
  }
  for (const std::string& table : status.drift.peer_tables) {
    out << "schema: left out: table `" << table << "`, another migration tool's history, which adopting keeps\n";
  }
  if (status.drift.comment_only != 0) {
    out << "schema: " << status.drift.comment_only
        << " object(s) kept with other comments or spacing than the migrations' (as D1 runs SQL): the same\n";
  }
  if (status.drift.clean()) {
    out << "schema: no drift (as the " << status.replayed << " applied migration(s) give it)\n";
    return;
  }
  out << "schema: drift: " << status.drift.objects.size() << " object(s) differ from what the " << status.replayed
      << " applied migration(s) give\n";
  std::vector<std::vector<std::string>> table;
  for (const DriftObject& object : status.drift.objects) {
    table.push_back({drift_name(object.change), object.type, object.name});
  }
  write_table(out, {"change", "type", "name"}, table);
  out << "schema diff (- in the database, + from the migrations):\n" << status.drift.diff;
}

}  // namespace

bool run_status(const StatusOptions& options, std::ostream& out, std::ostream& err) {
  require_table_name(options.table);
  LoadedMigrations read = read_migrations(options.directory, options.layout);
  if (!read.problems.empty()) throw MigrationsError(std::move(read.problems));
  if (!read.detected.empty()) err << format(detected_layout_note(options.directory, read.layout, read.detected)) << '\n';
  std::vector<MigrationSource> migrations = std::move(read.migrations);
  if (migrations.empty()) throw MigrationsError({no_migrations(options.directory, Severity::error)});
  const LoadedBundle loaded(std::move(migrations));
  const bool on_postgres = is_postgres_url(options.database);
  if (on_postgres && !options.extensions.empty()) throw UsageError("--load-extension works on SQLite databases, not on PostgreSQL");
  std::optional<Database> database;
  if (!on_postgres) {
    database.emplace(options.database, false, Access::read_only);
    database->load_extensions(options.extensions);
  }
  Options runtime_options;
  if (!options.table.empty()) runtime_options.table = options.table.c_str();
  Collector collector{&loaded, {}};
  const Report report = on_postgres ? status_postgres(options.database, loaded.bundle(), runtime_options, collect, &collector)
                                    : status(database->get(), loaded.bundle(), runtime_options, collect, &collector);
  const std::string shown = shown_database(options.database);
  if (report.error() == Error::invalid_argument) throw UsageError(report.message());
  const std::vector<Row>& rows = collector.rows;
  if (!report.ok()) {
    err << shown << ": error: " << report.message() << '\n';
    return false;
  }
  // Which applied migrations a rollback can revert, and with which down.
  const std::set<std::int64_t> stored =
      database ? stored_down_ids(database->get(), options.table.empty() ? default_table : options.table)
               : std::set<std::int64_t>();
  const auto down_of = [&](const Row& row) -> const char* {
    if (row.state == MigrationState::pending) return "";
    if (row.state == MigrationState::applied && loaded.find(row.id) != nullptr && loaded.find(row.id)->down_text) {
      return "directory";
    }
    return stored.count(row.id) != 0 ? "stored" : "none";
  };

  int counts[5] = {0, 0, 0, 0, 0};
  for (const Row& row : rows) ++counts[static_cast<int>(row.state)];
  const bool healthy = counts[static_cast<int>(MigrationState::modified)] == 0 &&
                       counts[static_cast<int>(MigrationState::unknown)] == 0;
  const DriftStatus drift = drift_status(options, loaded, rows, database, runtime_options, shown, err);

  if (options.json) {
    nlohmann::ordered_json migrations = nlohmann::ordered_json::array();
    for (const Row& row : rows) {
      nlohmann::ordered_json item = {{"id", row.id}, {"file", row.file}, {"state", state_name(row.state)}};
      if (!row.checksum.empty()) item["checksum"] = row.checksum;
      if (row.state != MigrationState::pending) {
        item["down"] = down_of(row);
        item["recorded_name"] = row.recorded_name;
        item["recorded_checksum"] = row.recorded_checksum;
        item["applied_at"] = row.applied_at;
        item["execution_ms"] = row.execution_ms;
      }
      migrations.push_back(std::move(item));
    }
    const nlohmann::ordered_json result = {
        {"database", shown},
        {"current_id", report.current_id()},
        {"migrations", migrations},
        {"summary", {{"applied", counts[0]}, {"pending", counts[1]}, {"modified", counts[2]}, {"unknown", counts[3]}, {"squashed", counts[4]}}},
        {"drift", drift_json(drift)}};
    // Replacing, never throwing: whatever bytes the tracking table holds.
    out << result.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  } else {
    std::vector<std::vector<std::string>> table;
    bool any_note = false;
    for (const Row& row : rows) {
      std::string note;
      if (row.renamed()) note = "applied as `" + row.recorded_name + "`";
      if (row.state == MigrationState::unknown) note = "recorded as `" + row.recorded_name + "`";
      any_note = any_note || !note.empty();
      table.push_back({std::to_string(row.id), row.file, state_name(row.state), row.applied_at,
                       row.state != MigrationState::pending ? std::to_string(row.execution_ms) + " ms" : "",
                       down_of(row), note});
    }
    std::vector<std::string> header = {"id", "file", "state", "applied at", "took", "down", "note"};
    // The down column only where a rollback could use one: otherwise it would say `none` throughout.
    const bool any_down = std::any_of(rows.begin(), rows.end(), [&](const Row& row) {
      const std::string down = down_of(row);
      return down == "directory" || down == "stored";
    });
    if (!any_down) {
      header.erase(header.begin() + 5);
      for (auto& cells : table) cells.erase(cells.begin() + 5);
    }
    if (!any_note) {
      header.pop_back();
      for (auto& cells : table) cells.pop_back();
    }
    write_table(out, header, table);
    out << counts[0] << " applied, " << counts[1] << " pending, " << counts[2] << " modified, " << counts[3]
        << " unknown";
    if (counts[4] != 0) out << ", " << counts[4] << " squashed (applied before the baseline replaced them)";
    out << '\n';
    write_drift(out, drift);
  }
  for (const Row& row : rows) {
    if (row.state == MigrationState::modified) {
      err << row.path << ":1:1: error: changed after it was applied (database: "
          << row.recorded_checksum << ", file: " << row.checksum << ")\n";
    } else if (row.state == MigrationState::unknown) {
      err << shown << ": error: migration " << row.id << " (`" << row.recorded_name
          << "`) is applied but not in this directory: the database is newer than these migrations\n";
    }
    if (row.renamed()) {
      err << row.path << ":1:1: warning: was applied under the name `" << row.recorded_name
          << "`, which the database records; the file was renamed since. Rename it back to keep the names in "
             "step (migbundle matches applied migrations by id and checksum, so nothing is run again)\n";
    }
  }
  if (drift.checked && !drift.drift.clean()) err << shown << ": error: " << drift.drift.message << '\n';
  return healthy && (!drift.checked || drift.drift.clean());
}

}  // namespace migbundle::gen
