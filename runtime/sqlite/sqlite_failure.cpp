#include "sqlite/sqlite_failure.hpp"

#include <sqlite3.h>

namespace migbundle {

MessageWriter write_sqlite_failure(ReportWriter& report, sqlite3* db, const Migration* m, const char* what,
                                   int extended_code) noexcept {
  report.set_extended_code(extended_code);
  MessageWriter out = report.message(m);
  if (m != nullptr) out << "migration " << m->id << ' ';
  out << what << ": " << sqlite3_errmsg(db) << " (SQLite code " << extended_code << ')';
  return out;
}

}  // namespace migbundle
