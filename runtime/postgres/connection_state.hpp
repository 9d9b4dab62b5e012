// What migrate() and status() check of a caller's connection before they use
// it, and the one setting they change for the call: the client encoding,
// UTF-8 while they run (a migration's text is UTF-8), restored after.
#pragma once

#include "core/report_writer.hpp"

#include <libpq-fe.h>

namespace migbundle::postgres {

class ConnectionState {
 public:
  explicit ConnectionState(PGconn* connection) noexcept : connection_(connection) {}
  ConnectionState(const ConnectionState&) = delete;
  ConnectionState& operator=(const ConnectionState&) = delete;
  /// Restores the client encoding, if check() changed it.
  ~ConnectionState();

  /// The connection is open, outside any transaction, and the table and
  /// schema names fit PostgreSQL's 63 bytes; then switches the client
  /// encoding to UTF-8 where it is another. False: `report` says why (`who`
  /// names the call).
  [[nodiscard]] bool check(ReportWriter& report, const char* who, const char* schema, const char* table) noexcept;

 private:
  PGconn* connection_;
  char saved_encoding_[32] = {};  ///< the caller's client encoding, when check() changed it
};

}  // namespace migbundle::postgres
