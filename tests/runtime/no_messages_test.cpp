// The runtime built with MIGBUNDLE_MESSAGES=0 (CMake: MIGBUNDLE_RUNTIME_MESSAGES=OFF),
// as a firmware short of flash builds it: the same behaviour and the same facts
// in every Report, and a message that is `file:line:col: error: <error name>`
// and SQLite's code, without the prose. This executable links that build of
// the runtime, not migbundle::runtime.
#include <migbundle/migrate.hpp>
#include <migbundle/status.hpp>

#include "support/owned_bundle.hpp"
#include "support/test_db.hpp"

#include <catch2/catch.hpp>

#include <string>

using migbundle::Error;
using migbundle_test::checksum_a;
using migbundle_test::checksum_b;
using migbundle_test::checksum_c;
using migbundle_test::checksum_e;
using migbundle_test::Db;
using migbundle_test::MigrationSpec;
using migbundle_test::OwnedBundle;

namespace {

const MigrationSpec create_a{1, "0001_create_a.sql", checksum_a, "CREATE TABLE a (x);\n", 0};
const MigrationSpec create_b{2, "0002_create_b.sql", checksum_b, "CREATE TABLE b (x);\n", 0};

}  // namespace

TEST_CASE("without messages: applying works and reports the same counts", "[no-messages]") {
  Db db;
  const OwnedBundle bundle = {create_a, create_b};
  const migbundle::Report first = migbundle::migrate(db, bundle.bundle());
  CHECK(first.ok());
  CHECK(std::string(first.message()).empty());
  CHECK(first.applied() == 2);
  CHECK(first.current_id() == 2);
  const migbundle::Report again = migbundle::migrate(db, bundle.bundle());
  CHECK(again.ok());
  CHECK(again.applied() == 0);
  CHECK(again.already_applied() == 2);
  CHECK(db.has_table("b"));
}

TEST_CASE("without messages: a failing statement keeps its location, codes and rollback", "[no-messages]") {
  Db db;
  const OwnedBundle bundle = {
      create_a, {2, "0002_broken.sql", checksum_b, "CREATE TABLE c1 (x);\nCREATE TABLE c2 (id INTEGER,, y);\n", 0}};
  const migbundle::Report r = migbundle::migrate(db, bundle.bundle());
  REQUIRE(r.error() == Error::migration_failed);
  CHECK(r.line() == 2);
  CHECK(r.column() == 29);
  CHECK(r.statement_index() == 1);
  CHECK(r.extended_code() == SQLITE_ERROR);
  CHECK(std::string(r.message()) == "0002_broken.sql:2:29: error: migration_failed, SQLite code 1");
  CHECK(std::string(r.explanation()) == "migration_failed, SQLite code 1");
  CHECK(r.current_id() == 1);
  CHECK(db.has_table("a"));
  CHECK_FALSE(db.has_table("c1"));  // rolled back, first statement included
}

TEST_CASE("without messages: transaction control is refused with its location", "[no-messages]") {
  Db db;
  const OwnedBundle bundle = {{1, "0001_tx.sql", checksum_a, "CREATE TABLE t (x);\nCOMMIT;\n", 0}};
  const migbundle::Report r = migbundle::migrate(db, bundle.bundle());
  REQUIRE(r.error() == Error::migration_failed);
  CHECK(std::string(r.message()) == "0001_tx.sql:2:1: error: migration_failed");
  CHECK_FALSE(db.has_table("t"));
}

TEST_CASE("without messages: history errors carry their error name and migration", "[no-messages]") {
  Db db;
  const OwnedBundle released = {create_a, create_b};
  REQUIRE(migbundle::migrate(db, released.bundle()).ok());

  SECTION("edited after release") {
    const OwnedBundle edited = {create_a, {2, "0002_create_b.sql", checksum_e, "CREATE TABLE b (x, y);\n", 0}};
    const migbundle::Report r = migbundle::migrate(db, edited.bundle());
    CHECK(r.error() == Error::checksum_mismatch);
    REQUIRE(r.migration() != nullptr);
    CHECK(r.migration()->id == 2);
    CHECK(std::string(r.message()) == "0002_create_b.sql:1:1: error: checksum_mismatch");
  }
  SECTION("database newer than the bundle") {
    const OwnedBundle older = {create_a};
    const migbundle::Report r = migbundle::migrate(db, older.bundle());
    CHECK(r.error() == Error::unknown_applied);
    CHECK(r.current_id() == 2);
    CHECK(std::string(r.message()) == "error: unknown_applied");
  }
}

TEST_CASE("without messages: a pending migration below an applied one is refused", "[no-messages]") {
  Db db;
  const OwnedBundle later = {{5, "0005_e.sql", checksum_e, "CREATE TABLE e (x);\n", 0}};
  REQUIRE(migbundle::migrate(db, later.bundle()).ok());
  const OwnedBundle merged = {create_a, {5, "0005_e.sql", checksum_e, "CREATE TABLE e (x);\n", 0}};
  const migbundle::Report r = migbundle::migrate(db, merged.bundle());
  CHECK(r.error() == Error::out_of_order);
  CHECK(std::string(r.message()) == "0001_create_a.sql:1:1: error: out_of_order");
  CHECK_FALSE(db.has_table("a"));
}

TEST_CASE("without messages: a dangling foreign key is rolled back and named", "[no-messages]") {
  Db db;
  REQUIRE(db.exec("PRAGMA foreign_keys = ON") == SQLITE_OK);
  const OwnedBundle bundle = {
      {1, "0001_parent.sql", checksum_a, "CREATE TABLE p (id INTEGER PRIMARY KEY);\n", 0},
      {2, "0002_child.sql", checksum_b,
       "CREATE TABLE c (p INTEGER REFERENCES p(id));\nINSERT INTO c VALUES (7);\n", 0}};
  const migbundle::Report r = migbundle::migrate(db, bundle.bundle());
  CHECK(r.error() == Error::foreign_key_violation);
  CHECK(std::string(r.message()) == "0002_child.sql: error: foreign_key_violation");
  CHECK(r.current_id() == 1);
  CHECK_FALSE(db.has_table("c"));
}

TEST_CASE("without messages: invalid arguments, in migrate and in status", "[no-messages]") {
  const OwnedBundle bundle = {create_a};
  const migbundle::Report r = migbundle::migrate(nullptr, bundle.bundle());
  CHECK(r.error() == Error::invalid_argument);
  CHECK(std::string(r.message()) == "error: invalid_argument");

  Db db;
  migbundle::Options options;
  options.table = "not a name";
  const migbundle::Report s = migbundle::status(db, bundle.bundle(), options, nullptr, nullptr);
  CHECK(s.error() == Error::invalid_argument);
  CHECK(std::string(s.message()) == "error: invalid_argument");
}

TEST_CASE("without messages: status reports a SQLite failure by name and code", "[no-messages]") {
  Db db;
  const OwnedBundle bundle = {create_a};
  migbundle::Options options;
  options.schema = "nowhere";  // no database attached by that name
  const migbundle::Report r = migbundle::status(db, bundle.bundle(), options, nullptr, nullptr);
  CHECK(r.error() == Error::sqlite);
  CHECK(std::string(r.message()) == "error: sqlite, SQLite code 1");
  CHECK(std::string(r.explanation()) == "sqlite, SQLite code 1");
}

TEST_CASE("without messages: a SQLite failure names its code", "[no-messages]") {
  Db db;
  const OwnedBundle bundle = {create_a};
  REQUIRE(db.exec("PRAGMA query_only = ON") == SQLITE_OK);  // every write fails with SQLITE_READONLY
  const migbundle::Report r = migbundle::migrate(db, bundle.bundle());
  CHECK(r.error() == Error::sqlite);
  CHECK(r.sqlite_code() == SQLITE_READONLY);
  CHECK(std::string(r.message()) ==
        "0001_create_a.sql: error: sqlite, SQLite code " + std::to_string(r.extended_code()));
}
