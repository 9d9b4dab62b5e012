#include "postgres/session_settings.hpp"

namespace migbundle::postgres {
namespace {

constexpr const char* take_query =
    "SELECT coalesce(pg_catalog.array_agg(name ORDER BY name), '{}')::text,"
    " coalesce(pg_catalog.array_agg(coalesce(setting, '') ORDER BY name), '{}')::text,"
    " pg_catalog.md5(coalesce(pg_catalog.string_agg(name || '=' || coalesce(setting, ''), ',' ORDER BY name), ''))"
    " FROM pg_catalog.pg_settings WHERE source = 'session'";

/// Settings that differ from the snapshot ($1 names, $2 values), set back.
/// The transaction_* ones can only be set at a transaction's start, and a
/// SET of them lasts for one transaction anyway. unnest() of two arrays is
/// syntax of FROM (ROWS FROM), not a function: it cannot be schema-qualified.
constexpr const char* restore_query =
    "SELECT count(pg_catalog.set_config(s.name, coalesce(o.setting, s.reset_val), false))"
    " FROM pg_catalog.pg_settings s LEFT JOIN unnest($1::text[], $2::text[]) AS o(name, setting)"
    " ON o.name = s.name"
    " WHERE (s.source = 'session' OR o.name IS NOT NULL)"
    " AND s.setting IS DISTINCT FROM coalesce(o.setting, s.reset_val)"
    " AND s.name NOT IN ('transaction_isolation', 'transaction_read_only', 'transaction_deferrable')";

}  // namespace

bool SessionSettings::take(PGconn* connection, PgResult& failed) noexcept {
  values_.reset(PQexec(connection, take_query));
  if (!values_.tuples_ok() || values_.rows() != 1 || values_.text(0, 2).size() != 32) {
    failed.reset(values_.release());
    return false;
  }
  const std::string_view digest = values_.text(0, 2);
  for (std::size_t i = 0; i < 32; ++i) digest_[i] = digest[i];
  return true;
}

bool SessionSettings::restore(PGconn* connection, PgResult& failed) noexcept {
  const char* values[] = {PQgetvalue(values_.get(), 0, 0), PQgetvalue(values_.get(), 0, 1)};
  failed.reset(exec_params(connection, restore_query, 2, values));
  if (!failed.tuples_ok()) return false;
  failed.reset();
  return true;
}

}  // namespace migbundle::postgres
