// The migbundle command on PostgreSQL: `--db postgresql://...` (or
// postgres://) is a libpq connection URI, and the command then goes through
// migbundle::postgres instead of the SQLite runtime. A migbundle built
// without libpq says so when given one.
#pragma once

#include <migbundle/bundle.hpp>
#include <migbundle/migrate.hpp>
#include <migbundle/report.hpp>
#include <migbundle/status.hpp>

#include <string>

namespace migbundle::gen {

/// Whether `database` is a PostgreSQL connection URI rather than a SQLite file.
[[nodiscard]] bool is_postgres_url(const std::string& database);

/// `database` as it may be printed: a password in the URI shown as `***`.
[[nodiscard]] std::string shown_database(const std::string& database);

/// migbundle::postgres::migrate() on a connection to `url`, with `options`
/// (the SQLite runtime's Options as the commands fill them: the schema is
/// PostgreSQL's default, `public`). A connection that fails throws
/// MigrationsError naming the database; a migbundle without libpq throws UsageError.
[[nodiscard]] Report migrate_postgres(const std::string& url, const Bundle& bundle, const Options& options);

/// migbundle::postgres::status() on a connection to `url`.
[[nodiscard]] Report status_postgres(const std::string& url, const Bundle& bundle, const Options& options,
                                     StatusCallback callback, void* context);

/// `verify --engine postgres --db URL`: applies the bundle to a scratch
/// database created on the server `url` reaches (`migbundle_verify_<pid>_<n>`,
/// the user needs CREATEDB), then drops it, whatever happened. `scratch`
/// receives its name and `server_version` the server's (`15.18`), for messages.
[[nodiscard]] Report verify_postgres(const std::string& url, const Bundle& bundle, std::string& scratch,
                                     std::string& server_version);

}  // namespace migbundle::gen
