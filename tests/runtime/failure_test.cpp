// A migration's SQL fails: where it is reported (file, line, column, statement),
// with which SQLite codes, and what the database holds afterwards.
#include <migbundle/migrate.hpp>

#include "support/owned_bundle.hpp"
#include "support/report_printing.hpp"
#include "support/test_db.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

using migbundle::Bundle;
using migbundle::Error;
using migbundle_test::checksum_a;
using migbundle_test::checksum_b;
using migbundle_test::checksum_c;
using migbundle_test::checksum_d;
using migbundle_test::Db;
using migbundle_test::MigrationSpec;
using migbundle_test::OwnedBundle;
using Catch::Matchers::Contains;
using namespace std::string_view_literals;

namespace {

constexpr std::string_view bad_sql =
    "CREATE TABLE c1 (x INTEGER);\n"
    "INSERT INTO c1 VALUES (1);\n"
    "CREATE TABLE c2 (id INTEGER,, name TEXT);\n"
    "CREATE TABLE c3 (x);\n";

const MigrationSpec create_a{1, "0001_create_a.sql", checksum_a, "CREATE TABLE a (x);\n", 0};
const MigrationSpec create_b{2, "0002_create_b.sql", checksum_b, "CREATE TABLE b (x);\n", 0};
const MigrationSpec after{4, "0004_after.sql", checksum_d, "CREATE TABLE d (x);\n", 0};
const OwnedBundle with_syntax_error = {
    create_a,
    create_b,
    {3, "0003_broken.sql", checksum_c, std::string(bad_sql), 0},
    after,
};

/// A one-migration bundle around `sql`; `storage` keeps the text alive.
Bundle single(OwnedBundle& storage, std::string_view sql, std::uint16_t flags = 0) {
  storage.add({1, "0001_only.sql", checksum_a, std::string(sql), flags});
  return storage.bundle();
}

}  // namespace

TEST_CASE("a syntax error is reported at its line and column and the migration is rolled back", "[failure]") {
  Db db;
  const migbundle::Report r = migbundle::migrate(db, with_syntax_error.bundle());
  INFO(r.message());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error() == Error::migration_failed);
  REQUIRE(r.migration() != nullptr);
  CHECK(r.migration()->id == 3);
  CHECK(r.line() == 3);
  // The second comma of ",," is the token SQLite stops at (sqlite3_error_offset).
  const std::string_view line3 = "CREATE TABLE c2 (id INTEGER,, name TEXT);";
  CHECK(r.column() == static_cast<int>(line3.find(",,")) + 2);
  CHECK(r.statement_index() == 2);
  CHECK(r.extended_code() == SQLITE_ERROR);
  CHECK(r.sqlite_code() == SQLITE_ERROR);
  CHECK_THAT(r.message(), Contains("0003_broken.sql:3:"));
  CHECK_THAT(r.message(), Contains("0003_broken.sql:3:" + std::to_string(r.column()) + ":"));
  CHECK_THAT(r.message(), Contains("syntax error"));
  CHECK_THAT(r.message(), Contains("rolled back"));
  CHECK_THAT(r.message(), Contains("left at migration 2"));
  CHECK(r.applied() == 2);
  CHECK(r.current_id() == 2);

  // Earlier migrations stay; nothing of migration 3 (not even its first statements) remains.
  CHECK(db.has_table("a"));
  CHECK(db.has_table("b"));
  CHECK_FALSE(db.has_table("c1"));
  CHECK_FALSE(db.has_table("c2"));
  CHECK_FALSE(db.has_table("d"));
  CHECK(db.text("SELECT group_concat(id, ',') FROM (SELECT id FROM migbundle_migrations ORDER BY id)") == "1,2");
  CHECK(sqlite3_get_autocommit(db) != 0);  // no transaction left open

  SECTION("the fixed migration then applies with the rest") {
    const OwnedBundle fixed = {
        create_a,
        create_b,
        {3, "0003_broken.sql", checksum_c, "CREATE TABLE c1 (x);\nCREATE TABLE c2 (id INTEGER, name TEXT);\n", 0},
        after,
    };
    const migbundle::Report again = migbundle::migrate(db, fixed.bundle());
    INFO(again.message());
    CHECK(again.ok());
    CHECK(again.applied() == 2);
    CHECK(again.already_applied() == 2);
    CHECK(db.has_table("c2"));
    CHECK(db.has_table("d"));
  }
}

TEST_CASE("a failure in the first migration says no migration is applied", "[failure]") {
  Db db;
  OwnedBundle storage;
  const migbundle::Report r = migbundle::migrate(db, single(storage, "CREATE TABLE ok (x);\nSELEC 1;\n"));
  INFO(r.message());
  CHECK(r.error() == Error::migration_failed);
  CHECK(r.line() == 2);
  CHECK(r.column() == 1);
  CHECK(r.statement_index() == 1);
  CHECK_THAT(r.message(), Contains("no migration applied"));
  CHECK_FALSE(db.has_table("ok"));
}

TEST_CASE("a runtime error reports the line where its statement starts", "[failure]") {
  constexpr std::string_view sql =
      "CREATE TABLE u (email TEXT UNIQUE);\n"
      "INSERT INTO u VALUES ('a@example.com');\n"
      "-- the same address again: a constraint violation while running, not while parsing\n"
      "\n"
      "  INSERT INTO u\n"
      "    VALUES ('a@example.com');\n";
  Db db;
  OwnedBundle storage;
  const migbundle::Report r = migbundle::migrate(db, single(storage, sql));
  INFO(r.message());
  CHECK(r.error() == Error::migration_failed);
  CHECK(r.line() == 5);
  CHECK(r.column() == 3);
  CHECK(r.statement_index() == 2);  // comments are not statements
  CHECK(r.extended_code() == SQLITE_CONSTRAINT_UNIQUE);
  CHECK(r.sqlite_code() == SQLITE_CONSTRAINT);
  CHECK_THAT(r.message(), Contains("0001_only.sql:5:3:"));
  CHECK_THAT(r.message(), Contains("UNIQUE constraint failed"));
  CHECK_THAT(r.message(), Contains(std::to_string(SQLITE_CONSTRAINT_UNIQUE)));
  CHECK_FALSE(db.has_table("u"));
  CHECK_FALSE((db.has_table("migbundle_migrations") && db.count("migbundle_migrations") != 0));
}

TEST_CASE("a runtime error after empty statements is placed at its statement, not at the semicolons", "[failure]") {
  constexpr std::string_view sql =
      "CREATE TABLE u (x NOT NULL);;\n"
      "; ;INSERT INTO u VALUES (NULL);\n";
  Db db;
  OwnedBundle storage;
  const migbundle::Report r = migbundle::migrate(db, single(storage, sql));
  INFO(r.message());
  CHECK(r.error() == Error::migration_failed);
  CHECK(r.extended_code() == SQLITE_CONSTRAINT_NOTNULL);
  CHECK(r.line() == 2);
  CHECK(r.column() == 4);
  CHECK(r.statement_index() == 1);
}

TEST_CASE("columns count UTF-8 characters, not bytes", "[failure]") {
  // 'ä' is 2 bytes, '€' 3, '𝄞' 4: the bad second comma is character 29 but byte 35 of its line.
  constexpr std::string_view sql =
      "CREATE TABLE t (x, y);\n"
      "-- ünïcödé in a comment above does not shift the line below\n"
      "INSERT INTO t VALUES ('\xC3\xA4\xE2\x82\xAC\xF0\x9D\x84\x9E',, 2);\n";
  Db db;
  OwnedBundle storage;
  const migbundle::Report r = migbundle::migrate(db, single(storage, sql));
  INFO(r.message());
  CHECK(r.error() == Error::migration_failed);
  CHECK(r.line() == 3);
  CHECK(r.column() == 29);
  CHECK_THAT(r.message(), Contains("0001_only.sql:3:29:"));
}

TEST_CASE("transaction control inside a transactional migration is refused before it runs", "[failure]") {
  const char* const statements[] = {
      "BEGIN;",       "BEGIN IMMEDIATE TRANSACTION;", "COMMIT;", "commit transaction;", "END;",
      "end transaction;", "ROLLBACK;", "rollback transaction;", "/* sneaky */ COMMIT;", "-- line\n  Rollback;",
      ";COMMIT;",     "; ; -- empty statements first\nEND;",
  };
  for (const char* statement : statements) {
    const std::string sql = std::string("CREATE TABLE before_tc (x);\n") + statement + "\nCREATE TABLE after_tc (x);\n";
    INFO("SQL:\n" << sql);
    Db db;
    OwnedBundle storage;
    const migbundle::Report r = migbundle::migrate(db, single(storage, sql));
    INFO(r.message());
    CHECK(r.error() == Error::migration_failed);
    CHECK(r.statement_index() == 1);
    CHECK(r.line() >= 2);
    CHECK(r.extended_code() == 0);  // our refusal, not SQLite's
    CHECK_THAT(r.message(), Contains("transaction"));
    CHECK_FALSE(db.has_table("before_tc"));  // the transaction was not ended early
    CHECK_FALSE(db.has_table("after_tc"));
    CHECK(sqlite3_get_autocommit(db) != 0);
  }
}

TEST_CASE("savepoints and ROLLBACK TO are allowed inside a migration", "[failure]") {
  constexpr std::string_view sql =
      "SAVEPOINT sp;\n"
      "CREATE TABLE discarded (x);\n"
      "ROLLBACK TO sp;\n"
      "CREATE TABLE discarded_too (x);\n"
      "ROLLBACK TRANSACTION TO SAVEPOINT sp;\n"
      "RELEASE SAVEPOINT sp;\n"
      "SAVEPOINT inner_sp;\n"
      "CREATE TABLE kept (x);\n"
      "RELEASE inner_sp;\n";
  Db db;
  OwnedBundle storage;
  const migbundle::Report r = migbundle::migrate(db, single(storage, sql));
  INFO(r.message());
  REQUIRE(r.ok());
  CHECK_FALSE(db.has_table("discarded"));
  CHECK_FALSE(db.has_table("discarded_too"));
  CHECK(db.has_table("kept"));
  CHECK(db.count("migbundle_migrations") == 1);
}

TEST_CASE("a NUL byte in a migration's SQL is reported, not silently cut off", "[failure]") {
  SECTION("between statements") {
    constexpr std::string_view sql = "CREATE TABLE n1 (x);\nCREATE TABLE n2 (x);\0CREATE TABLE n3 (x);\n"sv;
    Db db;
    OwnedBundle storage;
    const migbundle::Report r = migbundle::migrate(db, single(storage, sql));
    INFO(r.message());
    CHECK(r.error() == Error::migration_failed);
    CHECK_THAT(r.message(), Contains("NUL"));
    CHECK(r.line() == 2);
    CHECK(r.column() == 21);
    CHECK_FALSE(db.has_table("n1"));
    CHECK_FALSE(db.has_table("n3"));
  }
  SECTION("inside a statement") {
    constexpr std::string_view sql = "CREATE TABLE n4 (x\0, y);\n"sv;
    Db db;
    OwnedBundle storage;
    const migbundle::Report r = migbundle::migrate(db, single(storage, sql));
    INFO(r.message());
    CHECK(r.error() == Error::migration_failed);
    CHECK(r.line() == 1);
    CHECK_FALSE(db.has_table("n4"));
  }
  SECTION("inside a block comment, which would hide the statements after it") {
    constexpr std::string_view sql = "CREATE TABLE n5 (x);\n/* \0 */ CREATE TABLE n6 (x);\n"sv;
    Db db;
    OwnedBundle storage;
    const migbundle::Report r = migbundle::migrate(db, single(storage, sql));
    INFO(r.message());
    CHECK(r.error() == Error::migration_failed);
    CHECK_THAT(r.message(), Contains("NUL"));
    CHECK(r.line() == 2);
    CHECK_FALSE(db.has_table("n5"));
    CHECK_FALSE(db.has_table("n6"));
  }
  SECTION("at the very end") {
    constexpr std::string_view sql = "CREATE TABLE n7 (x);\0"sv;
    Db db;
    OwnedBundle storage;
    const migbundle::Report r = migbundle::migrate(db, single(storage, sql));
    INFO(r.message());
    CHECK(r.error() == Error::migration_failed);
    CHECK_THAT(r.message(), Contains("NUL"));
  }
}
