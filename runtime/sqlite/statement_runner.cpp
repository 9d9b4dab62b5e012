#include "sqlite/statement_runner.hpp"

#include "sqlite/lock_wait.hpp"
#include "core/message_writer.hpp"
#include "core/text_position.hpp"

#include <sqlite3.h>

namespace migbundle {
namespace {

int error_offset_in_statement(sqlite3* db) noexcept {
#if SQLITE_VERSION_NUMBER >= 3038000
  return sqlite3_error_offset(db);
#else
  (void)db;
  return -1;
#endif
}

/// Where the statement SQLite prepares from `from` begins: past whitespace,
/// comments and empty statements (lone semicolons), which SQLite skips too.
/// Transaction control is recognised, and runtime errors are placed, here.
std::size_t statement_start(std::string_view sql, std::size_t from) noexcept {
  std::size_t start = skip_space_and_comments(sql, from);
  while (start < sql.size() && sql[start] == ';') start = skip_space_and_comments(sql, start + 1);
  return start;
}

}  // namespace

bool run_statements(sqlite3* db, std::string_view sql, bool allow_transaction_control, int retry_budget_ms,
                    StatementFailure& failure) noexcept {
  const char* const begin = sql.data();
  const char* const end = begin + sql.size();
  const char* next = begin;
  int index = 0;
  while (next < end) {
    const std::size_t start = statement_start(sql, static_cast<std::size_t>(next - begin));
    if (start >= sql.size()) break;  // only whitespace, comments and semicolons remain

    sqlite3_stmt* statement = nullptr;
    const char* tail = nullptr;
    // The length includes the NUL that follows the SQL: SQLite reads the text in place (see the header).
    const std::size_t remaining = static_cast<std::size_t>(end - next) + 1;
    const int bytes = remaining <= 0x7fffffff ? static_cast<int>(remaining) : -1;
    const int prepared = sqlite3_prepare_v2(db, next, bytes, &statement, &tail);
    if (prepared != SQLITE_OK) {
      const int offset = error_offset_in_statement(db);
      failure.offset = offset >= 0 ? static_cast<std::size_t>(next - begin) + static_cast<std::size_t>(offset) : start;
      failure.statement_index = index;
      failure.extended_code = sqlite3_extended_errcode(db);
      failure.reason = sqlite3_errmsg(db);
      return false;
    }
    if (statement == nullptr) {
      // Nothing to run. SQLite skips empty statements (`;;`) and comments up
      // to the end of the text, or up to a NUL byte, where it stops reading:
      // what follows a NUL would be lost silently.
      if (tail != nullptr && tail >= end) break;
      if (tail != nullptr && tail > next && *tail != '\0') {
        next = tail;
        continue;
      }
      failure.offset = tail != nullptr && tail >= next && tail < end ? static_cast<std::size_t>(tail - begin) : start;
      failure.statement_index = index;
      failure.extended_code = 0;
      failure.reason = MIGBUNDLE_PROSE("the SQL holds a NUL byte here; SQLite cannot read past it");
      return false;
    }
    if (!allow_transaction_control && is_transaction_control(sql, start)) {
      sqlite3_finalize(statement);
      failure.offset = start;
      failure.statement_index = index;
      failure.extended_code = 0;
      failure.reason = MIGBUNDLE_PROSE(
          "BEGIN/COMMIT/END/ROLLBACK in a migration, which runs in a transaction of its own: remove the "
          "statement, or add `-- migbundle: no-transaction` at the top");
      return false;
    }
    int stepped = SQLITE_ROW;
    LockWait wait(retry_budget_ms);
    for (;;) {
      while (stepped == SQLITE_ROW) stepped = sqlite3_step(statement);
      // Outside a transaction a statement that met a lock did nothing yet, and may be run again.
      if (!is_busy(stepped) || sqlite3_get_autocommit(db) == 0 || !wait.next()) break;
      sqlite3_reset(statement);
      stepped = SQLITE_ROW;
    }
    if (stepped != SQLITE_DONE) {
      // Finalize first: it may replace the connection's message string, so read it afterwards.
      sqlite3_finalize(statement);
      failure.offset = start;
      failure.statement_index = index;
      failure.extended_code = sqlite3_extended_errcode(db);
      failure.reason = sqlite3_errmsg(db);
      return false;
    }
    sqlite3_finalize(statement);
    next = tail;
    ++index;
  }
  return true;
}

}  // namespace migbundle
