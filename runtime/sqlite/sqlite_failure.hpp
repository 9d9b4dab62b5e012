// SQLite's failures in a report's message, the same words for migrate() and status().
#pragma once

#include "core/message_writer.hpp"
#include "core/report_writer.hpp"

#include <migbundle/bundle.hpp>

struct sqlite3;

namespace migbundle {

/// Records `extended_code` and starts the message with
/// `[migration <id> ]<what>: <SQLite's message> (SQLite code <n>)`; the
/// caller goes on from there.
MessageWriter write_sqlite_failure(ReportWriter& report, sqlite3* db, const Migration* m, const char* what,
                                   int extended_code) noexcept;

}  // namespace migbundle
