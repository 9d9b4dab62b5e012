// Up-to-date start: what a program pays at every start to learn that nothing
// is pending.   usage: bench_start DB [--stamped]
// --stamped: migrate() with a history stamp in PRAGMA user_version
// (migbundle/stamp.hpp), which reads that field alone when it matches.
#include <migbundle/migrate.hpp>
#include <migbundle/stamp.hpp>

#include <bench/migrations.hpp>

#include <sqlite3.h>

#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) return 1;
  const bool stamped = argc > 2 && std::strcmp(argv[2], "--stamped") == 0;
  const migbundle::Report report =
      stamped ? migbundle::migrate(db, bench::db::bundle, migbundle::Options{}, migbundle::StampField::user_version)
              : migbundle::migrate(db, bench::db::bundle);
  sqlite3_close(db);
  if (!report.ok() || report.applied() != 0) {
    std::fprintf(stderr, "expected an up-to-date database: %s (applied %d)\n", report.message(), report.applied());
    return 1;
  }
  return 0;
}
