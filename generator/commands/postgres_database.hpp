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

}  // namespace migbundle::gen
