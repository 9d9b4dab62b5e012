#include "postgres_database.hpp"

#include <migbundle/generator/diagnostic.hpp>

#if MIGBUNDLE_HAS_POSTGRES
#include <migbundle/postgres/migrate.hpp>

#include <libpq-fe.h>

#include "libpq_on_demand.hpp"

#include <unistd.h>

#include <chrono>
#include <memory>
#endif

namespace migbundle::gen {
namespace {

bool starts_with(const std::string& text, const char* prefix) { return text.rfind(prefix, 0) == 0; }

#if MIGBUNDLE_HAS_POSTGRES
struct ConnectionCloser {
  void operator()(PGconn* connection) const { PQfinish(connection); }
};
using Connection = std::unique_ptr<PGconn, ConnectionCloser>;

/// Why a connection failed, without libpq's trailing newline: libpq's
/// message; or, where libpq is loaded on demand and could not be, why not.
std::string connection_problem(const PGconn* connection) {
  if (connection == nullptr) {
    const char* problem = libpq_load_problem();
    if (problem == nullptr) return "out of memory";
    return std::string("libpq could not be loaded (") + problem +
           "); install it, e.g. `apt-get install libpq5` on Debian, `brew install libpq` on macOS";
  }
  std::string reason = PQerrorMessage(connection);
  while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' ')) reason.pop_back();
  return reason;
}

/// Connects, or throws MigrationsError with libpq's reason.
Connection connect(const std::string& url) {
  Connection connection(PQconnectdb(url.c_str()));
  if (connection == nullptr || PQstatus(connection.get()) != CONNECTION_OK) {
    const std::string reason = connection_problem(connection.get());
    throw MigrationsError({Diagnostic{shown_database(url), 0, 0, Severity::error,
                                      "could not connect to PostgreSQL: " + reason +
                                          ". Check the URI (postgresql://user@host:port/database) and that the "
                                          "server is running"}});
  }
  return connection;
}

postgres::Options postgres_options(const Options& options) {
  postgres::Options pg;
  pg.table = options.table;
  pg.target_id = options.target_id;
  pg.allow_unknown_applied = options.allow_unknown_applied;
  pg.allow_out_of_order = options.allow_out_of_order;
  pg.single_transaction = options.single_transaction;
  pg.progress = options.progress;
  pg.progress_context = options.progress_context;
  return pg;
}
/// Connects to database `name` on the server `url` reaches: libpq expands the
/// first dbname as a whole connection string, and the second overrides its database.
Connection connect_to(const std::string& url, const std::string& name) {
  const char* keywords[] = {"dbname", "dbname", nullptr};
  const char* values[] = {url.c_str(), name.c_str(), nullptr};
  Connection connection(PQconnectdbParams(keywords, values, 1));
  if (connection == nullptr || PQstatus(connection.get()) != CONNECTION_OK) {
    const std::string reason = connection_problem(connection.get());
    throw MigrationsError({Diagnostic{shown_database(url), 0, 0, Severity::error,
                                      "could not connect to the scratch database " + name + ": " + reason}});
  }
  return connection;
}

/// Runs `sql` on `connection`, or throws MigrationsError with PostgreSQL's message.
void execute(PGconn* connection, const std::string& sql, const std::string& url, const std::string& what) {
  PGresult* result = PQexec(connection, sql.c_str());
  const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
  std::string reason = ok ? "" : PQresultErrorMessage(result);
  PQclear(result);
  if (ok) return;
  while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' ')) reason.pop_back();
  throw MigrationsError({Diagnostic{shown_database(url), 0, 0, Severity::error, what + ": " + reason}});
}
#else
[[noreturn]] void no_postgres() {
  throw UsageError("this migbundle was built without libpq, so it cannot reach PostgreSQL: install libpq-dev "
                   "(scripts/setup.sh does) and rebuild");
}
#endif

}  // namespace

bool is_postgres_url(const std::string& database) {
  return starts_with(database, "postgresql://") || starts_with(database, "postgres://");
}

std::string shown_database(const std::string& database) {
  if (!is_postgres_url(database)) return database;
  // scheme://user:password@host...: the password between the first ':' after the scheme and the '@'.
  const std::size_t authority = database.find("://") + 3;
  const std::size_t at = database.find('@', authority);
  const std::size_t slash = database.find('/', authority);
  if (at == std::string::npos || (slash != std::string::npos && slash < at)) return database;
  const std::size_t colon = database.find(':', authority);
  if (colon == std::string::npos || colon > at) return database;
  return database.substr(0, colon + 1) + "***" + database.substr(at);
}

#if MIGBUNDLE_HAS_POSTGRES
Report migrate_postgres(const std::string& url, const Bundle& bundle, const Options& options) {
  const Connection connection = connect(url);
  return postgres::migrate(connection.get(), bundle, postgres_options(options));
}

Report status_postgres(const std::string& url, const Bundle& bundle, const Options& options, StatusCallback callback,
                       void* context) {
  const Connection connection = connect(url);
  return postgres::status(connection.get(), bundle, postgres_options(options), callback, context);
}

Report verify_postgres(const std::string& url, const Bundle& bundle, std::string& scratch,
                       std::string& server_version) {
  const Connection server = connect(url);
  const int version = PQserverVersion(server.get());
  server_version = std::to_string(version / 10000) + "." + std::to_string(version % 10000);
  const auto ticks = std::chrono::steady_clock::now().time_since_epoch().count();
  scratch = "migbundle_verify_" + std::to_string(getpid()) + "_" + std::to_string(ticks % 1000000000);
  execute(server.get(), "CREATE DATABASE \"" + scratch + "\"", url,
          "could not create the scratch database " + scratch + " (verify needs the CREATEDB privilege)");
  // Dropped however the run ends: a failed verify must not leave databases behind.
  struct Dropper {
    PGconn* server;
    const std::string& name;
    ~Dropper() {
      PGresult* result = PQexec(server, ("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)").c_str());
      PQclear(result);
    }
  } dropper{server.get(), scratch};
  Report report;
  {
    const Connection connection = connect_to(url, scratch);
    report = postgres::migrate(connection.get(), bundle, postgres::Options{});
  }
  return report;
}

#else
Report verify_postgres(const std::string&, const Bundle&, std::string&, std::string&) { no_postgres(); }
Report migrate_postgres(const std::string&, const Bundle&, const Options&) { no_postgres(); }
Report status_postgres(const std::string&, const Bundle&, const Options&, StatusCallback, void*) { no_postgres(); }
#endif

}  // namespace migbundle::gen
