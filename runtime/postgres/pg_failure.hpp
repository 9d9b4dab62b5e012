// PostgreSQL's failures in a report's message: SQLSTATE, message, detail and
// hint, the same words for migrate() and status().
#pragma once

#include "core/message_writer.hpp"
#include "core/report_writer.hpp"

#include <migbundle/bundle.hpp>

#include <libpq-fe.h>

#include <string_view>

namespace migbundle::postgres {

/// Records the SQLSTATE and starts the message with `[migration <id> ]<what>:
/// <PostgreSQL's message> (SQLSTATE <code>). `, then its detail and hint
/// (write_pg_details()). `result` is the failed result, or null when there is
/// none (the connection failed): libpq's connection message is used then.
/// The caller goes on from there.
MessageWriter write_pg_failure(ReportWriter& report, PGconn* connection, const PGresult* result,
                               const Migration* m, const char* what) noexcept;

/// `<PostgreSQL's message> (SQLSTATE <code>)`; records the SQLSTATE.
void write_pg_error(MessageWriter& out, ReportWriter& report, PGconn* connection, const PGresult* result) noexcept;

/// `DETAIL: <detail>. HINT: <hint>. `, each where the server gave one.
void write_pg_details(MessageWriter& out, const PGresult* result) noexcept;

/// libpq's texts end with a newline, and a connection's message may hold
/// several lines: its first line, for a report.
[[nodiscard]] std::string_view one_line(const char* text) noexcept;

/// Whether the connection to the server is gone (the server stopped, the
/// network failed): nothing more can be sent on it.
[[nodiscard]] inline bool connection_lost(PGconn* connection) noexcept { return PQstatus(connection) == CONNECTION_BAD; }

}  // namespace migbundle::postgres
