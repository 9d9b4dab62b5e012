#include "postgres/advisory_lock.hpp"

#include <migbundle/postgres/migrate.hpp>

#include <algorithm>
#include <chrono>
#include <thread>

namespace migbundle::postgres {

std::int64_t advisory_lock_key(const char* schema, const char* table) noexcept {
  std::uint64_t hash = 14695981039346656037ull;  // FNV-1a, 64-bit
  auto add = [&hash](const char* text) {
    for (; text != nullptr && *text != '\0'; ++text) {
      hash ^= static_cast<unsigned char>(*text);
      hash *= 1099511628211ull;
    }
  };
  add(schema);
  add(".");
  add(table);
  return static_cast<std::int64_t>(hash);  // two's complement: the bigint pg_advisory_lock() takes
}

LockOutcome take_advisory_lock(PGconn* connection, std::int64_t key, int timeout_ms, std::int64_t& holder_pid,
                               PgResult& failed_result) noexcept {
  const IntText key_text(key);
  const char* values[] = {key_text.text};
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms < 0 ? 0 : timeout_ms);
  auto pause = std::chrono::milliseconds(10);
  for (;;) {
    failed_result.reset(exec_params(
        connection, "SELECT pg_catalog.pg_try_advisory_lock($1::bigint), pg_catalog.pg_backend_pid()", 1, values));
    if (!failed_result.tuples_ok() || failed_result.rows() != 1) return LockOutcome::failed;
    if (failed_result.integer(0, 0) != 0) {
      holder_pid = failed_result.integer(0, 1);
      failed_result.reset();
      return LockOutcome::taken;
    }
    failed_result.reset();
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return LockOutcome::timed_out;
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(pause, deadline - now));
    if (pause < std::chrono::milliseconds(200)) pause *= 2;
  }
}

void release_advisory_lock(PGconn* connection, std::int64_t key) noexcept {
  const IntText key_text(key);
  const char* values[] = {key_text.text};
  PgResult(exec_params(connection, "SELECT pg_catalog.pg_advisory_unlock($1::bigint)", 1, values));
}

}  // namespace migbundle::postgres
