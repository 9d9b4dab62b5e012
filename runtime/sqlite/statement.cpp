#include "sqlite/statement.hpp"

#include "core/fixed_writer.hpp"

namespace migbundle {

int Statement::prepare(sqlite3* db, const char* before, const TableRef& table, const char* after) noexcept {
  // The longest statement, the tracking table's CREATE with two 64-byte names, is under 300 bytes.
  char sql[320];
  FixedWriter writer(sql, sizeof sql);
  writer << before << '"' << table.schema << "\".\"" << table.name << '"' << after;
  if (!writer.complete()) return SQLITE_TOOBIG;
  return prepare(db, sql);
}

std::string_view column_text(sqlite3_stmt* statement, int column) noexcept {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
  const int size = sqlite3_column_bytes(statement, column);  // after the text: it may convert the value
  return text != nullptr ? std::string_view(text, static_cast<std::size_t>(size)) : std::string_view();
}

}  // namespace migbundle
