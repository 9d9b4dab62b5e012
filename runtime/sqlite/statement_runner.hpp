// Runs a migration's SQL one statement at a time with SQLite's own parser
// (prepare with tail), so triggers, strings holding semicolons and comments
// need no splitter of ours.
#pragma once

#include <cstddef>
#include <string_view>

struct sqlite3;

namespace migbundle {

struct StatementFailure {
  std::size_t offset = 0;   ///< byte offset in the SQL where the error applies
  int statement_index = -1; ///< 0-based
  int extended_code = 0;    ///< SQLite's extended code, 0 for our own refusals
  const char* reason = "";  ///< SQLite's message, or ours; valid until the next SQLite call
};

/// Executes every statement of `sql`, stepping each to completion (rows a
/// statement returns are discarded). Returns false on the first failure and
/// fills `failure`. Transaction control statements are refused before they
/// run, because they would end the transaction the migration depends on,
/// unless `allow_transaction_control` is set (no-transaction migrations).
/// A statement that runs outside a transaction (no-transaction migrations)
/// and finds the database locked is retried for up to `retry_budget_ms`.
///
/// `sql` must be followed by a NUL byte (bundle format 2 guarantees it):
/// SQLite then parses each statement in place. Given a length without the
/// terminator, it copies all the remaining text for every statement, which
/// made one large migration quadratic and let a long migration of short
/// statements fail SQLITE_LIMIT_SQL_LENGTH.
[[nodiscard]] bool run_statements(sqlite3* db, std::string_view sql, bool allow_transaction_control,
                                  int retry_budget_ms, StatementFailure& failure) noexcept;

}  // namespace migbundle
