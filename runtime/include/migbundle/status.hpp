// Reading where a database stands against a bundle, changing nothing.
#pragma once

#include <migbundle/bundle.hpp>
#include <migbundle/migrate.hpp>
#include <migbundle/report.hpp>

#include <cstdint>

struct sqlite3;

namespace migbundle {

enum class MigrationState {
  applied,   ///< in the database with the bundle's checksum
  pending,   ///< in the bundle, not yet in the database
  modified,  ///< in the database with another checksum: the file was edited after release
  unknown,   ///< in the database, not in the bundle: the database is newer than this binary
  squashed,  ///< in the database from before the bundle's baseline (`migbundle squash`) replaced it: applied
};

/// One row of a status listing. Valid only during the callback.
struct StatusEntry {
  MigrationState state;
  std::int64_t id;
  const Migration* migration;         ///< null for `unknown` and `squashed` (the baseline for its own id)
  std::string_view recorded_name;     ///< from the tracking table; empty for `pending`
  std::string_view recorded_checksum; ///< from the tracking table; empty for `pending`
  std::string_view applied_at;        ///< ISO-8601 UTC; empty for `pending`
  std::int64_t execution_ms;          ///< how long it took; 0 for `pending`
};

/// Called once per migration, in id order.
using StatusCallback = void (*)(void* context, const StatusEntry& entry);

/// Lists every migration of the bundle and of the database's history, in id
/// order, with its state. Reads only; a database without a tracking table has
/// everything pending. The report counts applied ones in `already_applied()`
/// and carries SQLite errors; `ok()` stays true when entries are modified or
/// unknown (that is what a status is for).
[[nodiscard]] Report status(sqlite3* db, const Bundle& bundle, const Options& options, StatusCallback callback,
                            void* context) noexcept;

}  // namespace migbundle
