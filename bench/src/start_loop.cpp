// The up-to-date start without process start: open + migrate() (nothing
// pending) + close, and the same with a history stamp (migbundle/stamp.hpp),
// against open + PRAGMA user_version + close, in one process, interleaved
// block by block so all see the same machine load.
// usage: bench_start_loop DB [ITERATIONS [BLOCKS]]; prints JSON, microseconds per call.
#include <migbundle/migrate.hpp>
#include <migbundle/stamp.hpp>

#include <bench/migrations.hpp>

#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;

sqlite3* open_database(const char* path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "cannot open %s\n", path);
    std::exit(1);
  }
  return db;
}

void check_migrate(sqlite3* db) {
  const migbundle::Report report = migbundle::migrate(db, bench::db::bundle);
  if (!report.ok() || report.applied() != 0) {
    std::fprintf(stderr, "expected an up-to-date database: %s\n", report.message());
    std::exit(1);
  }
}

void check_stamped_migrate(sqlite3* db) {
  const migbundle::Report report =
      migbundle::migrate(db, bench::db::bundle, migbundle::Options{}, migbundle::StampField::user_version);
  if (!report.ok() || report.applied() != 0) {
    std::fprintf(stderr, "expected an up-to-date database: %s\n", report.message());
    std::exit(1);
  }
}

void check_user_version(sqlite3* db) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &statement, nullptr) != SQLITE_OK ||
      sqlite3_step(statement) != SQLITE_ROW) {
    std::fprintf(stderr, "cannot read user_version\n");
    std::exit(1);
  }
  sqlite3_finalize(statement);
}

template <typename Body>
double microseconds_per_call(int calls, Body body) {
  const auto start = clock_type::now();
  for (int i = 0; i < calls; ++i) body();
  const std::chrono::duration<double, std::micro> elapsed = clock_type::now() - start;
  return elapsed.count() / calls;
}

void print(const char* name, const std::vector<double>& values, bool last) {
  std::printf("  \"%s\": [", name);
  for (std::size_t i = 0; i < values.size(); ++i) std::printf("%s%.3f", i > 0 ? ", " : "", values[i]);
  std::printf("]%s\n", last ? "" : ",");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DB [ITERATIONS [BLOCKS]]\n", argv[0]);
    return 2;
  }
  const char* path = argv[1];
  const int iterations = argc > 2 ? std::atoi(argv[2]) : 1000;
  const int blocks = argc > 3 ? std::atoi(argv[3]) : 10;
  const int calls = iterations / blocks > 0 ? iterations / blocks : 1;

  std::vector<double> open_migrate, open_stamped, open_user_version, migrate_only, user_version_only;
  sqlite3* kept = open_database(path);  // for the "on an open connection" pair
  check_migrate(kept);                  // warm: the schema is read once here
  check_stamped_migrate(kept);          // and the stamp written, once
  for (int block = 0; block < blocks; ++block) {
    const auto with_migrate = [&] {
      sqlite3* db = open_database(path);
      check_migrate(db);
      sqlite3_close(db);
    };
    const auto with_stamped = [&] {
      sqlite3* db = open_database(path);
      check_stamped_migrate(db);
      sqlite3_close(db);
    };
    const auto with_user_version = [&] {
      sqlite3* db = open_database(path);
      check_user_version(db);
      sqlite3_close(db);
    };
    // Alternate which goes first, so a drift in machine load favours neither.
    if (block % 2 == 0) {
      open_migrate.push_back(microseconds_per_call(calls, with_migrate));
      open_stamped.push_back(microseconds_per_call(calls, with_stamped));
      open_user_version.push_back(microseconds_per_call(calls, with_user_version));
    } else {
      open_user_version.push_back(microseconds_per_call(calls, with_user_version));
      open_stamped.push_back(microseconds_per_call(calls, with_stamped));
      open_migrate.push_back(microseconds_per_call(calls, with_migrate));
    }
    migrate_only.push_back(microseconds_per_call(calls, [&] { check_migrate(kept); }));
    user_version_only.push_back(microseconds_per_call(calls, [&] { check_user_version(kept); }));
  }
  sqlite3_close(kept);
  std::printf("{\n  \"calls_per_block\": %d,\n", calls);
  print("open_migrate", open_migrate, false);
  print("open_stamped", open_stamped, false);
  print("open_user_version", open_user_version, false);
  print("migrate_only", migrate_only, false);
  print("user_version_only", user_version_only, true);
  std::printf("}\n");
  return 0;
}
