// Ownership of a prepared statement: finalized on every path out of a scope.
#pragma once

#include <sqlite3.h>

#include "core/table_ref.hpp"

#include <string_view>

namespace migbundle {

class Statement {
 public:
  Statement() noexcept = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(statement_); }

  /// Prepares `sql` (NUL-terminated); returns SQLite's code.
  int prepare(sqlite3* db, const char* sql) noexcept {
    sqlite3_finalize(statement_);
    statement_ = nullptr;
    return sqlite3_prepare_v2(db, sql, -1, &statement_, nullptr);
  }
  /// Prepares `<before>"<schema>"."<table>"<after>`: statements on the
  /// tracking table, always qualified with its schema so that a TEMP or
  /// ATTACHed table of the same name is never taken for it. Both names are
  /// the caller's, validated identifiers.
  int prepare(sqlite3* db, const char* before, const TableRef& table, const char* after) noexcept;

  [[nodiscard]] sqlite3_stmt* get() const noexcept { return statement_; }
  /// Ends the statement now, before the scope does (a read must not stay open under a DROP).
  void finalize() noexcept {
    sqlite3_finalize(statement_);
    statement_ = nullptr;
  }

 private:
  sqlite3_stmt* statement_ = nullptr;
};

/// A text column as bytes with their length (SQLite text may hold NULs).
[[nodiscard]] std::string_view column_text(sqlite3_stmt* statement, int column) noexcept;

}  // namespace migbundle
