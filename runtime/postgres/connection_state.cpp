#include "postgres/connection_state.hpp"

#include "postgres/pg_failure.hpp"
#include "postgres/pg_result.hpp"
#include "postgres/tracking_table.hpp"

#include <cstring>

namespace migbundle::postgres {

ConnectionState::~ConnectionState() {
  if (saved_encoding_[0] != '\0' && PQstatus(connection_) == CONNECTION_OK) {
    (void)PQsetClientEncoding(connection_, saved_encoding_);
  }
}

bool ConnectionState::check(ReportWriter& report, const char* who, const char* schema, const char* table) noexcept {
  if (PQstatus(connection_) != CONNECTION_OK) {
    MessageWriter out = report.message(nullptr);
    out << who << ": the connection is not open (" << one_line(PQerrorMessage(connection_)) << "). Nothing was applied.";
    return report.fail(Error::invalid_argument);
  }
  if (PQtransactionStatus(connection_) != PQTRANS_IDLE) {
    MessageWriter out = report.message(nullptr);
    out << who << ": the connection is inside a transaction (or busy with a query): migbundle runs each migration "
                  "in a transaction of its own. Commit or roll back first. Nothing was applied.";
    return report.fail(Error::invalid_argument);
  }
  for (const char* name : {schema, table}) {
    if (std::strlen(name) > static_cast<std::size_t>(max_identifier)) {
      MessageWriter out = report.message(nullptr);
      out << who << ": \"" << name << "\" is longer than PostgreSQL's " << max_identifier
          << " bytes for a name, which it would cut: choose a shorter one.";
      return report.fail(Error::invalid_argument);
    }
  }
  const char* encoding = pg_encoding_to_char(PQclientEncoding(connection_));
  if (encoding != nullptr && std::strcmp(encoding, "UTF8") != 0) {
    if (std::strlen(encoding) >= sizeof saved_encoding_ || PQsetClientEncoding(connection_, "UTF8") != 0) {
      MessageWriter out = report.message(nullptr);
      out << who << ": could not switch the client encoding from " << encoding << " to UTF8 ("
          << one_line(PQerrorMessage(connection_)) << "). Nothing was applied.";
      return report.fail(Error::sqlite);
    }
    std::strcpy(saved_encoding_, encoding);  // fits: checked above
  }
  return true;
}

}  // namespace migbundle::postgres
