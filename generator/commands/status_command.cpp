// `migbundle status --dir DIR --db FILE [--json]`: changes nothing.
#include "commands.hpp"
#include "database.hpp"
#include "loaded_bundle.hpp"

#include <migbundle/status.hpp>

#include <nlohmann/json.hpp>

#include <iomanip>
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
  }
  return "?";
}

/// A status row copied out of the callback, where its views are still valid.
struct Row {
  MigrationState state;
  std::int64_t id;
  std::string file;
  std::string path;  ///< directory as given + file, as other diagnostics show it
  std::string checksum;
  std::string recorded_checksum;
  std::string applied_at;
  std::int64_t execution_ms;
};

struct Collector {
  const LoadedBundle* loaded;
  std::vector<Row> rows;
};

void collect(void* context, const StatusEntry& entry) {
  auto& collector = *static_cast<Collector*>(context);
  const bool known = entry.migration != nullptr;
  const std::string file = known ? std::string(entry.migration->file()) : "(not in this directory)";
  const std::string path = known ? collector.loaded->source_of(*entry.migration).display_path : file;
  collector.rows.push_back(Row{entry.state, entry.id, file, path,
                               known ? std::string(checksum_hex(*entry.migration).view()) : std::string(),
                               std::string(entry.recorded_checksum), std::string(entry.applied_at),
                               entry.execution_ms});
}

}  // namespace

bool run_status(const StatusOptions& options, std::ostream& out, std::ostream& err) {
  const LoadedBundle loaded(load_migrations(options.directory));
  const Database database(options.database, false);
  Options runtime_options;
  if (!options.table.empty()) runtime_options.table = options.table.c_str();
  Collector collector{&loaded, {}};
  const Report report = status(database.get(), loaded.bundle(), runtime_options, collect, &collector);
  const std::vector<Row>& rows = collector.rows;
  if (!report.ok()) {
    err << options.database << ": " << report.message() << '\n';
    return false;
  }

  int counts[4] = {0, 0, 0, 0};
  for (const Row& row : rows) ++counts[static_cast<int>(row.state)];
  const bool healthy = counts[static_cast<int>(MigrationState::modified)] == 0 &&
                       counts[static_cast<int>(MigrationState::unknown)] == 0;

  if (options.json) {
    nlohmann::ordered_json migrations = nlohmann::ordered_json::array();
    for (const Row& row : rows) {
      nlohmann::ordered_json item = {{"id", row.id}, {"file", row.file}, {"state", state_name(row.state)}};
      if (!row.checksum.empty()) item["checksum"] = row.checksum;
      if (row.state != MigrationState::pending) {
        item["recorded_checksum"] = row.recorded_checksum;
        item["applied_at"] = row.applied_at;
        item["execution_ms"] = row.execution_ms;
      }
      migrations.push_back(std::move(item));
    }
    const nlohmann::ordered_json result = {
        {"database", options.database},
        {"current_id", report.current_id()},
        {"migrations", migrations},
        {"summary", {{"applied", counts[0]}, {"pending", counts[1]}, {"modified", counts[2]}, {"unknown", counts[3]}}}};
    out << result.dump(2) << '\n';
  } else {
    out << std::left << std::setw(20) << "id" << "  " << std::setw(36) << "file" << "  " << std::setw(8) << "state"
        << "  " << std::setw(24) << "applied at" << "  " << "took\n";
    for (const Row& row : rows) {
      out << std::left << std::setw(20) << row.id << "  " << std::setw(36) << row.file << "  " << std::setw(8)
          << state_name(row.state) << "  " << std::setw(24) << row.applied_at << "  ";
      if (row.state != MigrationState::pending) out << row.execution_ms << " ms";
      out << '\n';
    }
    out << counts[0] << " applied, " << counts[1] << " pending, " << counts[2] << " modified, " << counts[3]
        << " unknown\n";
  }
  for (const Row& row : rows) {
    if (row.state == MigrationState::modified) {
      err << row.path << ":1:1: error: changed after it was applied (database: "
          << row.recorded_checksum << ", file: " << row.checksum << ")\n";
    } else if (row.state == MigrationState::unknown) {
      err << options.database << ": error: migration " << row.id
          << " is applied but not in this directory: the database is newer than these migrations\n";
    }
  }
  return healthy;
}

}  // namespace migbundle::gen
