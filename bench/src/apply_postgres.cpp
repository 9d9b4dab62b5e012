// The product as a user ships it, on PostgreSQL: a program whose migrations are
// compiled in (the same bundle bench_apply embeds), applying them through libpq.
//   usage: bench_apply_postgres CONNINFO [--single-transaction]
// CONNINFO is anything PQconnectdb() takes: "host=/tmp/x dbname=bench" or a postgresql:// URI.
#include <migbundle/postgres/migrate.hpp>

#include <bench/migrations.hpp>

#include <libpq-fe.h>

#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s CONNINFO [--single-transaction]\n", argv[0]);
    return 2;
  }
  migbundle::postgres::Options options;
  options.single_transaction = argc > 2 && std::strcmp(argv[2], "--single-transaction") == 0;
  PGconn* connection = PQconnectdb(argv[1]);
  if (PQstatus(connection) != CONNECTION_OK) {
    std::fprintf(stderr, "cannot connect: %s", PQerrorMessage(connection));
    PQfinish(connection);
    return 1;
  }
  const migbundle::Report report = migbundle::postgres::migrate(connection, bench::db::bundle, options);
  const int server_version = PQserverVersion(connection);
  PQfinish(connection);
  if (!report.ok()) {
    std::fprintf(stderr, "%s\n", report.message());
    return 1;
  }
  std::printf("applied %d migration(s) to PostgreSQL %d.%d\n", report.applied(), server_version / 10000,
              server_version % 10000);
  return 0;
}
