// Drift as `migbundle status --db` shows it: the schema a live SQLite
// database has, against the one the migrations it records as applied give.
// Both sides are listed and rendered by schema_snapshot's code and compared
// by the runtime's check_schema(), so status, `migbundle schema` and an
// embedded check can never disagree on what counts as a difference.
#pragma once

#include <migbundle/generator/load_migrations.hpp>
#include <migbundle/migrate.hpp>
#include <migbundle/schema.hpp>

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <vector>

#include "loaded_bundle.hpp"
#include "schema_snapshot.hpp"

namespace migbundle::gen {

struct DriftObject {
  ::migbundle::Drift change;
  std::string type;
  std::string name;
};

struct SchemaDrift {
  std::vector<DriftObject> objects;  ///< in the listing's order (tables, indexes, views, triggers)
  std::string expected_text;         ///< render_schema_file() of what the applied migrations give
  std::string live_text;             ///< render_schema_file() of the database
  /// line_diff() of the two (`-` in the database, `+` from the migrations); empty when clean.
  std::string diff;
  std::string message;  ///< as check_schema() words it (counts, the first by name); empty when clean
  /// Migration tools' tracking tables (adopt.hpp's default names) the
  /// migrations do not make: adopting keeps them, so they are left out.
  std::vector<std::string> peer_tables;
  /// Objects whose SQL differs from the migrations' in comments and spacing
  /// alone (as D1 keeps it): the same object, not drift.
  int comment_only = 0;

  [[nodiscard]] bool clean() const noexcept { return objects.empty(); }
};

/// Applies `replay`'s migrations up to id `upto` (those the database records
/// as applied: a prefix of the bundle; none when `upto` is below the first)
/// to a new in-memory database, the `extensions` loaded first, and compares
/// its schema with `live`'s, reading `live` only. `options` names the
/// tracking table, left out on both sides. Throws MigrationsError (the
/// migration's file, line and column) when one fails on the empty database,
/// or (placed on `shown_database`) when SQLite cannot list a schema.
[[nodiscard]] SchemaDrift find_schema_drift(sqlite3* live, const LoadedBundle& replay, std::int64_t upto,
                                            const ::migbundle::Options& options,
                                            const std::vector<std::string>& extensions, const std::string& directory,
                                            const std::string& shown_database);

/// "missing", "extra" or "different", as the JSON and the text name a change.
[[nodiscard]] const char* drift_name(::migbundle::Drift change) noexcept;

}  // namespace migbundle::gen
