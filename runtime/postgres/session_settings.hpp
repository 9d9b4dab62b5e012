// The caller's session settings, kept across a run: a migration's `SET
// search_path = ''` (pg_dump's output starts with such lines) must neither
// reach the next migration nor the caller. psql gives each file a session of
// its own; migrate() puts back, after each migration, whatever it changed.
#pragma once

#include "postgres/pg_result.hpp"

#include <string_view>

namespace migbundle::postgres {

class SessionSettings {
 public:
  /// The query whose one value is a digest of the session's own settings
  /// (pg_settings rows with source `session`): sent after each migration,
  /// in the round trip that records it, so an unchanged session costs nothing more.
  static constexpr const char* digest_query =
      "SELECT pg_catalog.md5(coalesce(pg_catalog.string_agg(name || '=' || coalesce(setting, ''), ',' ORDER BY name), ''))"
      " FROM pg_catalog.pg_settings WHERE source = 'session'";

  /// Reads the session's own settings now (held in libpq's result, no heap of ours).
  [[nodiscard]] bool take(PGconn* connection, PgResult& failed) noexcept;

  /// Whether `digest` (digest_query's value) differs from the one take() read.
  [[nodiscard]] bool changed(std::string_view digest) const noexcept { return digest != std::string_view(digest_, 32); }

  /// Puts back every setting that differs from what take() read: the
  /// caller's own value, or the value before any SET (reset_val).
  [[nodiscard]] bool restore(PGconn* connection, PgResult& failed) noexcept;

 private:
  PgResult values_;  ///< one row: names and settings as text arrays
  char digest_[33] = {};
};

}  // namespace migbundle::postgres
