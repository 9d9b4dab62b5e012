// Applying an embedded bundle to a SQLite database.
#pragma once

#include <migbundle/adopt.hpp>
#include <migbundle/bundle.hpp>
#include <migbundle/report.hpp>

#include <cstdint>

struct sqlite3;

namespace migbundle {

/// Tracking table used when `Options::table` is not set.
inline constexpr const char* default_table = "migbundle_migrations";

/// Where a progress callback is called, relative to one migration.
enum class Phase { before, after };

/// Called before and after each migration that is applied. No heap: a plain
/// function pointer plus a context pointer.
using ProgressCallback = void (*)(void* context, const Migration& migration, Phase phase);

/// Schema (database) that holds the tracking table when `Options::schema` is not set.
inline constexpr const char* default_schema = "main";

/// How `migrate()` behaves. The defaults refuse anything surprising.
struct Options {
  /// Tracking table; must be an identifier (`[A-Za-z_][A-Za-z0-9_]*`, at most 64 bytes).
  /// Two bundles applied to one database each need their own table.
  const char* table = default_table;
  /// The attached database that holds the tracking table (`main`, or the name
  /// given in `ATTACH ... AS name`); an identifier like `table`. Every
  /// statement names it, so a TEMP or attached table of the same name is
  /// never taken for the history.
  const char* schema = default_schema;
  /// Apply only migrations with an id up to and including this one.
  std::int64_t target_id = INT64_MAX;
  /// Accept applied ids that the bundle does not contain (the database is
  /// newer than this binary, e.g. after rolling the binary back).
  bool allow_unknown_applied = false;
  /// Revert applied migrations that this bundle lacks, newest first, with
  /// the downs the database stored when they were applied, before applying
  /// anything (an older image after an A/B fallback). Only migrate() with
  /// Downs (migbundle/rollback.hpp) reverts; plain migrate() refuses it.
  bool revert_unknown = false;
  /// Apply a pending migration whose id is below the newest applied one.
  bool allow_out_of_order = false;
  /// Apply every pending migration in one transaction: all or nothing for the
  /// whole run (and faster: one commit). Refused when a pending migration is
  /// `no-transaction`.
  bool single_transaction = false;
  /// How long to keep retrying, in milliseconds, when another connection holds
  /// the lock migrate() needs and the connection has no busy timeout of its
  /// own (`PRAGMA busy_timeout` reads 0). migrate() waits with a retry loop of
  /// its own: it never installs, changes or removes the connection's busy
  /// handler or timeout. 0: no retries beyond the connection's own handler.
  int busy_timeout_ms = 30000;
  ProgressCallback progress = nullptr;
  void* progress_context = nullptr;
};

/// Applies every pending migration of `bundle` to `db`, in id order, each in
/// its own `BEGIN IMMEDIATE` transaction together with its tracking row.
/// Stops at the first failure, which is rolled back entirely; migrations
/// applied before it stay applied. Never throws, allocates nothing itself.
[[nodiscard]] Report migrate(sqlite3* db, const Bundle& bundle, const Options& options) noexcept;

/// migrate(), first adopting the history of the tool `adoption` describes
/// (migbundle/adopt.hpp, generated beside the bundle) when the database has
/// no migbundle history but that tool's table: what the tool applied, checked
/// against the bundle (its hashes, its versions, no dirty or failed row), is
/// recorded as applied with the tool's times, in one transaction, all or
/// nothing; the tool's table is only read. Then the rest is applied. A
/// mismatch fails with Error::adoption_refused, naming the migration, and
/// changes nothing. Report::adopted() counts what was adopted. A separate
/// overload, so that a binary that never adopts carries none of its code.
[[nodiscard]] Report migrate(sqlite3* db, const Bundle& bundle, const Adoption& adoption,
                             const Options& options) noexcept;

/// `migrate()` with default options.
[[nodiscard]] Report migrate(sqlite3* db, const Bundle& bundle) noexcept;

}  // namespace migbundle
