// One large migration: SQLite must parse each statement in place. Handed the
// text without its terminating NUL, SQLite copies all of the remaining text
// for every statement, which made applying quadratic (160k INSERTs: 14 s
// against 0.36 s for the sqlite3 CLI) and failed a long migration of short
// statements against SQLITE_LIMIT_SQL_LENGTH. Time is measured in bench/;
// here the copies show as memory, which SQLite counts exactly.
#include <migbundle/migrate.hpp>

#include "support/owned_bundle.hpp"
#include "support/report_printing.hpp"
#include "support/test_db.hpp"

#include <catch2/catch.hpp>

#include <string>

using migbundle::Error;
using migbundle_test::Db;
using migbundle_test::OwnedBundle;

namespace {

/// `count` short INSERTs into t, one a line.
std::string inserts(int count) {
  std::string sql = "CREATE TABLE t (x INTEGER);\n";
  for (int i = 0; i < count; ++i) sql += "INSERT INTO t VALUES (" + std::to_string(i) + ");\n";
  return sql;
}

}  // namespace

TEST_CASE("a migration longer than SQLITE_LIMIT_SQL_LENGTH applies when each statement is short", "[apply][large]") {
  Db db;
  const std::string sql = inserts(500);  // about 15 KB
  REQUIRE(sql.size() > 10000);
  sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, 1000);
  OwnedBundle bundle;
  bundle.add(1, "many_inserts", sql);
  const migbundle::Report r = migbundle::migrate(db, bundle.bundle());
  INFO(r.message());
  REQUIRE(r.ok());
  CHECK(db.count("t") == 500);

  SECTION("a statement longer than the limit still fails, at that statement") {
    OwnedBundle long_one;
    long_one.add(2, "long_statement", "INSERT INTO t VALUES (1);\nINSERT INTO t VALUES ('" + std::string(2000, 'x') + "');\n");
    OwnedBundle both;
    both.add(1, "many_inserts", sql);
    both.add(2, "long_statement", std::string(sql_of(long_one[0])));
    const migbundle::Report failed = migbundle::migrate(db, both.bundle());
    INFO(failed.message());
    CHECK(failed.error() == Error::migration_failed);
    CHECK(failed.statement_index() == 1);
    CHECK(failed.line() == 2);
    CHECK(failed.sqlite_code() == SQLITE_TOOBIG);
  }
}

TEST_CASE("a large migration is parsed in place, not copied once per statement", "[apply][large]") {
  Db db;
  const std::string sql = inserts(40000);  // about 1.2 MB
  OwnedBundle bundle;
  bundle.add(1, "many_inserts", sql);
  sqlite3_int64 before = sqlite3_memory_used();
  sqlite3_memory_highwater(1);  // reset the peak to what is in use now
  const migbundle::Report r = migbundle::migrate(db, bundle.bundle());
  const sqlite3_int64 peak = sqlite3_memory_highwater(0) - before;
  INFO(r.message());
  REQUIRE(r.ok());
  CHECK(db.count("t") == 40000);
  // A copy of the remaining text would take up to the whole 1.2 MB at once.
  INFO("SQLite's peak memory during migrate(): " << peak << " bytes for " << sql.size() << " bytes of SQL");
  CHECK(peak < static_cast<sqlite3_int64>(sql.size()) / 2);
}
