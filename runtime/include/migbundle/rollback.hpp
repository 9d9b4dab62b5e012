// Reverting migrations with their downs (migbundle/downs.hpp, generated beside
// the bundle), and keeping each applied migration's down in the database so
// that a binary that never knew a migration can still revert it: the older
// image after an A/B fallback. A translation unit of its own: a binary that
// never reverts links none of it.
//
// The tracking table keeps a down in a column `down_sql TEXT` (NULL: none
// stored). It is added by the first migrate() with Downs that stores one
// (`ALTER TABLE ... ADD COLUMN`, in that migration's transaction): nothing
// else of the table changes, and a runtime that predates the column reads the
// table as before (it allows more columns).
#pragma once

#include <migbundle/bundle.hpp>
#include <migbundle/downs.hpp>
#include <migbundle/migrate.hpp>
#include <migbundle/report.hpp>

#include <cstdint>

struct sqlite3;

namespace migbundle {

/// migrate(), also storing each migration's down (when it has one) with its
/// tracking row, in its transaction. With Options::revert_unknown, applied
/// migrations that the bundle lacks are reverted first, newest first, each
/// with the down the database stored for it, in one transaction with the
/// removal of its row. They must be the newest applied ones (above every
/// applied migration the bundle knows: reverting one below would pull the
/// ground from under a newer one) and each must have a stored down; otherwise
/// nothing is reverted and the call fails (Error::unknown_applied,
/// Error::irreversible). Report::reverted() counts them.
[[nodiscard]] Report migrate(sqlite3* db, const Bundle& bundle, const Downs& downs, const Options& options) noexcept;

/// Reverts every applied migration with an id above `target_id` (-1: all, as
/// generated ids are 0 or more; INT64_MIN for a bundle with negative ids),
/// newest first, each in one transaction together with the removal of its
/// tracking row. Each runs the bundle's down when the bundle has that
/// migration unchanged (same checksum), else the down the database stored
/// when it was applied. Before anything is reverted, every one of them must
/// have a down; a migration without one fails the call with
/// Error::irreversible, naming it, and nothing changes. A down that fails
/// (or, with foreign keys on, leaves a new dangling reference) is rolled
/// back, and the database stays at the migration it reached (for a failed
/// down, Report::line(), column() and statement_index() are in the down's
/// text; migration() is its up, or null when the bundle lacks it). Uses
/// Options::table, schema and busy_timeout_ms; Report::reverted() and
/// current_id() say where it ends.
[[nodiscard]] Report rollback(sqlite3* db, const Bundle& bundle, const Downs& downs, std::int64_t target_id,
                              const Options& options) noexcept;

}  // namespace migbundle
