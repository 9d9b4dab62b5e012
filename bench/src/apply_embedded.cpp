// The product as a user ships it: a program whose migrations are compiled in,
// applying them to a database file.
//   usage: bench_apply DB [--single-transaction] [--foreign-keys]
// --foreign-keys: PRAGMA foreign_keys = ON first, as an application that
// enforces them does; migrate() then checks them before every commit.
#include <migbundle/migrate.hpp>

#include <bench/migrations.hpp>

#include <sqlite3.h>

#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DB [--single-transaction] [--foreign-keys]\n", argv[0]);
    return 2;
  }
  migbundle::Options options;
  bool foreign_keys = false;
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--single-transaction") == 0) {
      options.single_transaction = true;
    } else if (std::strcmp(argv[i], "--foreign-keys") == 0) {
      foreign_keys = true;
    } else {
      std::fprintf(stderr, "unknown argument %s\n", argv[i]);
      return 2;
    }
  }
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "cannot open %s: %s\n", argv[1], sqlite3_errmsg(db));
    return 1;
  }
  if (foreign_keys) sqlite3_exec(db, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
  const migbundle::Report report = migbundle::migrate(db, bench::db::bundle, options);
  sqlite3_close(db);
  if (!report.ok()) {
    std::fprintf(stderr, "%s\n", report.message());
    return 1;
  }
  std::printf("applied %d migration(s) with SQLite %s\n", report.applied(), sqlite3_libversion());
  return 0;
}
