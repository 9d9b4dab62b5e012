// Reading a database's whole state as text, so that "the same state" is one
// string comparison: the schema (sqlite_master) and every row of every table,
// the tracking table reduced to what does not depend on the clock.
#pragma once

#include <migbundle/bundle.hpp>

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <vector>

namespace migbundle_reliability {

/// Schema and rows; rows of each table sorted, values typed (1, '1', x'01', NULL
/// differ). The tracking table contributes id, name and checksum only.
[[nodiscard]] std::string dump_state(sqlite3* db, const std::string& tracking_table = "migbundle_migrations");

/// Ids in the tracking table, ascending; empty when it does not exist.
[[nodiscard]] std::vector<std::int64_t> tracking_ids(sqlite3* db,
                                                     const std::string& tracking_table = "migbundle_migrations");

/// `PRAGMA integrity_check`'s rows joined by newlines ("ok" when healthy),
/// or "<error: ...>" when it could not run.
[[nodiscard]] std::string integrity_check(sqlite3* db);

/// `PRAGMA journal_mode` ("delete", "wal", ...).
[[nodiscard]] std::string journal_mode(sqlite3* db);

/// How many of the bundle's first migrations `ids` is: k when ids are exactly
/// the first k ids of the bundle in order, -1 when they are anything else.
[[nodiscard]] int boundary_of(const std::vector<std::int64_t>& ids, const migbundle::Bundle& bundle);

/// The number of the bundle's migrations with an id up to `current_id`.
[[nodiscard]] int migrations_up_to(std::int64_t current_id, const migbundle::Bundle& bundle);

}  // namespace migbundle_reliability
