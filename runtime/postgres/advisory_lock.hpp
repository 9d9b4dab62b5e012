// The session-level advisory lock migrate() holds while it applies: every
// migbundle process on any host that migrates the same tracking table takes
// the same key, so they apply one at a time and each migration once.
#pragma once

#include "postgres/pg_result.hpp"

#include <cstdint>

namespace migbundle::postgres {

enum class LockOutcome { taken, timed_out, failed };

/// Takes the session-level advisory lock `key`, polling
/// pg_try_advisory_lock() with a growing pause (10 ms to 200 ms) until
/// `timeout_ms` has passed: a blocking pg_advisory_lock() would need the
/// session's lock_timeout changed, and migrate() leaves settings alone.
/// On `taken`, `holder_pid` is the server process that took it, read in the
/// same query (a pooler could send the next query to another one). On
/// `failed`, `failed_result` holds the query's result.
[[nodiscard]] LockOutcome take_advisory_lock(PGconn* connection, std::int64_t key, int timeout_ms,
                                             std::int64_t& holder_pid, PgResult& failed_result) noexcept;

/// Releases it (a lost connection has released it already).
void release_advisory_lock(PGconn* connection, std::int64_t key) noexcept;

}  // namespace migbundle::postgres
