#include "statement.hpp"

#include "fixed_writer.hpp"

namespace migbundle {

int Statement::prepare(sqlite3* db, const char* before, const char* table, const char* after) noexcept {
  // The longest statement, the tracking table's CREATE with a 64-byte name, is under 230 bytes.
  char sql[256];
  FixedWriter writer(sql, sizeof sql);
  writer << before << '"' << table << '"' << after;
  if (!writer.complete()) return SQLITE_TOOBIG;
  return prepare(db, sql);
}

}  // namespace migbundle
