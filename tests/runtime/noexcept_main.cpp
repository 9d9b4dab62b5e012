// Built, together with the runtime's own sources, with -fno-exceptions and
// -fno-rtti, the way firmware builds it. No Catch2 here (it needs exceptions):
// a plain main that returns non-zero when something is wrong.
#include <migbundle/migrate.hpp>

#include <sqlite3.h>

#include <cstdio>
#include <cstring>

namespace {

// Written the way the generator writes them: one array per migration, the
// file name then the SQL, and the checksum's 32 raw bytes as a literal of
// their own (stand-ins: the runtime only compares them).
#define CHECKSUM_OF(b) b b b b b b b b b b b b b b b b b b b b b b b b b b b b b b b b
constexpr char text_1[] =
    "0001_create.sql"
    "CREATE TABLE t (x INTEGER NOT NULL);\nINSERT INTO t VALUES (1);\n";
constexpr char text_2[] =
    "0002_more.sql"
    "INSERT INTO t VALUES (2);\n";
constexpr char text_3[] =
    "0003_broken.sql"
    "INSERT INTO t VALUES (3);\nINSERT INTO t VALUES (NULL);\n";

constexpr migbundle::Migration migrations[] = {
    {1, migbundle::migration_sizes_and_flags(sizeof text_1 - 1 - 15, 15, 5, 6, 0), text_1, CHECKSUM_OF("\021")},
    {2, migbundle::migration_sizes_and_flags(sizeof text_2 - 1 - 13, 13, 5, 4, 0), text_2, CHECKSUM_OF("\042")},
    {3, migbundle::migration_sizes_and_flags(sizeof text_3 - 1 - 15, 15, 5, 6, 0), text_3, CHECKSUM_OF("\063")},
};
static_assert(file_of(migrations[2]) == "0003_broken.sql" && name_of(migrations[2]) == "broken");

int failures = 0;

void expect(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "FAILED: %s\n", what);
    ++failures;
  }
}

int count_rows(sqlite3* db) {
  sqlite3_stmt* s = nullptr;
  int n = -1;
  if (sqlite3_prepare_v2(db, "SELECT count(*) FROM t", -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW) {
    n = sqlite3_column_int(s, 0);
  }
  sqlite3_finalize(s);
  return n;
}

}  // namespace

int main() {
  sqlite3* db = nullptr;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) {
    std::fprintf(stderr, "FAILED: could not open :memory:\n");
    return 1;
  }

  const migbundle::Report ok = migbundle::migrate(db, migbundle::Bundle{migrations, 2});
  if (!ok.ok()) std::fprintf(stderr, "%s\n", ok.message());
  expect(ok.ok(), "the first two migrations apply");
  expect(ok.applied() == 2, "applied() == 2");
  expect(ok.current_id() == 2, "current_id() == 2");
  expect(count_rows(db) == 2, "table t has 2 rows");

  const migbundle::Report failed = migbundle::migrate(db, migbundle::Bundle{migrations, 3});
  expect(failed.error() == migbundle::Error::migration_failed, "migration 3 fails");
  expect(failed.line() == 2, "the failure is on line 2");
  expect(failed.sqlite_code() == SQLITE_CONSTRAINT, "it is a constraint violation");
  expect(std::strstr(failed.message(), "0003_broken.sql:2:") != nullptr, "the message names the file and line");
  expect(count_rows(db) == 2, "migration 3 was rolled back");

  sqlite3_close(db);
  if (failures == 0) std::printf("noexcept build: all checks passed\n");
  return failures == 0 ? 0 : 1;
}
