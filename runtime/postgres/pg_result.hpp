// libpq's results, owned: a PGresult is cleared when its owner goes out of
// scope, on every path (the runtime has no exceptions, but many early returns).
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <string_view>

namespace migbundle::postgres {

class PgResult {
 public:
  PgResult() noexcept = default;
  explicit PgResult(PGresult* result) noexcept : result_(result) {}
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;
  ~PgResult() { reset(); }

  void reset(PGresult* result = nullptr) noexcept {
    if (result_ != nullptr) PQclear(result_);
    result_ = result;
  }
  [[nodiscard]] PGresult* get() const noexcept { return result_; }
  /// Hands the result over: the caller clears it.
  [[nodiscard]] PGresult* release() noexcept {
    PGresult* result = result_;
    result_ = nullptr;
    return result;
  }
  [[nodiscard]] ExecStatusType status() const noexcept {
    return result_ != nullptr ? PQresultStatus(result_) : PGRES_FATAL_ERROR;
  }
  /// A command that returns no rows succeeded.
  [[nodiscard]] bool command_ok() const noexcept { return status() == PGRES_COMMAND_OK; }
  /// A query succeeded (it may return no rows).
  [[nodiscard]] bool tuples_ok() const noexcept { return status() == PGRES_TUPLES_OK; }
  [[nodiscard]] int rows() const noexcept { return result_ != nullptr ? PQntuples(result_) : 0; }
  /// A value in text format; empty for NULL.
  [[nodiscard]] std::string_view text(int row, int column) const noexcept {
    return {PQgetvalue(result_, row, column), static_cast<std::size_t>(PQgetlength(result_, row, column))};
  }
  [[nodiscard]] bool is_null(int row, int column) const noexcept { return PQgetisnull(result_, row, column) != 0; }
  /// A bigint, boolean ('t'/'f' as 1/0) or integer column's value.
  [[nodiscard]] std::int64_t integer(int row, int column) const noexcept;

 private:
  PGresult* result_ = nullptr;
};

/// A query with text parameters (`$1`...), its result owned. Parameters are
/// NUL-terminated strings: libpq takes no lengths for text parameters.
[[nodiscard]] inline PGresult* exec_params(PGconn* connection, const char* sql, int count,
                                           const char* const* values) noexcept {
  return PQexecParams(connection, sql, count, nullptr, values, nullptr, nullptr, 0);
}

/// Decimal text of an int64 for a query parameter, on the stack.
struct IntText {
  char text[24];
  explicit IntText(std::int64_t value) noexcept;
};

}  // namespace migbundle::postgres
