// The product as a user ships it: a program whose migrations are compiled in,
// applying them to a database file.   usage: bench_apply DB [--single-transaction]
#include <migbundle/migrate.hpp>

#include <bench/migrations.hpp>

#include <sqlite3.h>

#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DB [--single-transaction]\n", argv[0]);
    return 2;
  }
  migbundle::Options options;
  options.single_transaction = argc > 2 && std::strcmp(argv[2], "--single-transaction") == 0;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "cannot open %s: %s\n", argv[1], sqlite3_errmsg(db));
    return 1;
  }
  const migbundle::Report report = migbundle::migrate(db, bench::db::bundle, options);
  sqlite3_close(db);
  if (!report.ok()) {
    std::fprintf(stderr, "%s\n", report.message());
    return 1;
  }
  std::printf("applied %d migration(s) with SQLite %s\n", report.applied(), sqlite3_libversion());
  return 0;
}
