// The floor for an up-to-date start: open the database and read one number,
// as a program that tracks its schema in PRAGMA user_version does. That reads
// the file header only; with --schema it also runs the cheapest query that
// makes SQLite load the schema, which a program's first real query pays.
// usage: bench_user_version DB [--schema]
#include <sqlite3.h>

#include <cstring>

namespace {

bool step_once(sqlite3* db, const char* sql, int& value) {
  sqlite3_stmt* statement = nullptr;
  const bool ok = sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) == SQLITE_OK &&
                  sqlite3_step(statement) == SQLITE_ROW;
  if (ok) value = sqlite3_column_int(statement, 0);
  sqlite3_finalize(statement);
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  const bool load_schema = argc > 2 && std::strcmp(argv[2], "--schema") == 0;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) return 1;
  int version = -1;
  int tables = 0;
  bool ok = step_once(db, "PRAGMA user_version", version);
  if (ok && load_schema) ok = step_once(db, "SELECT count(*) FROM sqlite_master WHERE name = 'x'", tables);
  sqlite3_close(db);
  return ok ? 0 : 1;
}
