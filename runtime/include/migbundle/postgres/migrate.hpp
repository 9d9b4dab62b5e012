// Applying an embedded bundle to a PostgreSQL database, through libpq.
// Its own library, migbundle::postgres: the SQLite runtime never links libpq.
#pragma once

#include <migbundle/bundle.hpp>
#include <migbundle/migrate.hpp>
#include <migbundle/report.hpp>
#include <migbundle/status.hpp>

#include <cstdint>

struct pg_conn;
typedef struct pg_conn PGconn;  // libpq's handle, as libpq-fe.h declares it

namespace migbundle::postgres {

/// Schema that holds the tracking table when `Options::schema` is not set.
inline constexpr const char* default_schema = "public";

/// How long `migrate()` waits, by default, for another migbundle process's lock.
inline constexpr int default_lock_timeout_ms = 60000;

/// How `migrate()` behaves on PostgreSQL. The defaults refuse anything surprising.
struct Options {
  /// Tracking table; an identifier (`[A-Za-z_][A-Za-z0-9_]*`, at most 63
  /// bytes: PostgreSQL's limit), written quoted, so its case is kept.
  const char* table = migbundle::default_table;
  /// Schema of the tracking table, an identifier like `table`; created when missing.
  const char* schema = default_schema;
  /// Apply only migrations with an id up to and including this one.
  std::int64_t target_id = INT64_MAX;
  /// Accept applied ids that the bundle does not contain (the database is newer than this binary).
  bool allow_unknown_applied = false;
  /// Apply a pending migration whose id is below the newest applied one.
  bool allow_out_of_order = false;
  /// Apply every pending migration in one transaction: all or nothing for
  /// the whole run. Refused when a pending migration is `no-transaction`.
  bool single_transaction = false;
  /// How long to wait, in milliseconds, for the advisory lock while another
  /// process migrates the same tracking table (0: fail at once when it is held).
  int lock_timeout_ms = default_lock_timeout_ms;
  ProgressCallback progress = nullptr;
  void* progress_context = nullptr;
};

/// The advisory-lock key migrate() holds for `"<schema>"."<table>"`: the
/// 64-bit FNV-1a hash of the bytes `<schema>.<table>`, as a signed bigint
/// (pg_locks shows it as classid = high 32 bits, objid = low 32 bits).
[[nodiscard]] std::int64_t advisory_lock_key(const char* schema, const char* table) noexcept;

/// Applies every pending migration of `bundle` to the database `connection`
/// is open on, in id order, each in its own transaction together with its
/// tracking row, while holding a session-level advisory lock
/// (advisory_lock_key()) so that processes on any host apply each migration
/// exactly once. Stops at the first failure, which is rolled back entirely;
/// the report then carries PostgreSQL's SQLSTATE, message, detail and hint
/// and the failing line and column in the migration's file. Leaves the
/// connection as it found it: no open transaction, no lock, its settings.
/// Never throws; allocates nothing itself (libpq does, for its results).
[[nodiscard]] Report migrate(PGconn* connection, const Bundle& bundle, const Options& options) noexcept;

/// `migrate()` with default options.
[[nodiscard]] Report migrate(PGconn* connection, const Bundle& bundle) noexcept;

/// Lists every migration of the bundle and of the database's history, in id
/// order, with its state, as migbundle::status() does for SQLite. Reads only:
/// takes no lock and creates nothing.
[[nodiscard]] Report status(PGconn* connection, const Bundle& bundle, const Options& options,
                            StatusCallback callback, void* context) noexcept;

}  // namespace migbundle::postgres
