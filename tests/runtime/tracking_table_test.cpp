// The tracking table is the only record of what ran, so the runtime must find
// the right one and trust it only when it is migbundle's: never a TEMP or
// attached look-alike, never a table whose ids could be text, never a row
// whose checksum is not one migbundle wrote.
#include <migbundle/migrate.hpp>
#include <migbundle/status.hpp>

#include "support/owned_bundle.hpp"
#include "support/report_printing.hpp"
#include "support/test_db.hpp"

#include <catch2/catch.hpp>

#include <string>

using migbundle::Error;
using migbundle::Options;
using migbundle_test::checksum_a;
using migbundle_test::checksum_b;
using migbundle_test::checksum_c;
using migbundle_test::Db;
using migbundle_test::MigrationSpec;
using migbundle_test::OwnedBundle;
using migbundle_test::TempDbFile;
using Catch::Matchers::Contains;

namespace {

const MigrationSpec m1{1, "0001_one.sql", checksum_a, "CREATE TABLE one (x);\n", 0};
const MigrationSpec m2{2, "0002_two.sql", checksum_b, "CREATE TABLE two (x);\n", 0};
const MigrationSpec m3{3, "0003_three.sql", checksum_c, "CREATE TABLE three (x);\n", 0};

/// How many times the migration creating `three` ran: it inserts one row each time.
const MigrationSpec m3_counting{3, "0003_three.sql", checksum_c,
                                "CREATE TABLE IF NOT EXISTS runs (n);\nINSERT INTO runs VALUES (3);\n", 0};

const char* const tracking_ddl =
    " (id INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL, "
    "execution_ms INTEGER NOT NULL)";

std::string sql_quote(const std::string& text) { return "'" + text + "'"; }

}  // namespace

// ---- which table: always the one in Options::schema ---------------------------------------------

TEST_CASE("a migrated database attached as aux does not pass for main's history", "[tracking]") {
  TempDbFile aux_file("aux");
  const OwnedBundle bundle = {m1, m2};
  {
    Db aux(aux_file.path());
    REQUIRE(migbundle::migrate(aux, bundle.bundle()).ok());
  }
  Db db;  // a fresh main database
  REQUIRE(db.exec("ATTACH " + sql_quote(aux_file.path()) + " AS aux") == SQLITE_OK);
  const migbundle::Report r = migbundle::migrate(db, bundle.bundle());
  INFO(r.message());
  REQUIRE(r.ok());
  CHECK(r.applied() == 2);  // it was "already applied" when the table name resolved to aux's
  CHECK(db.integer("SELECT count(*) FROM main.sqlite_master WHERE name IN ('one', 'two')") == 2);
  CHECK(db.integer("SELECT count(*) FROM main.migbundle_migrations") == 2);
  CHECK(db.integer("SELECT count(*) FROM aux.migbundle_migrations") == 2);  // aux's history untouched
}

TEST_CASE("a TEMP table of the tracking table's name neither hides nor receives the history", "[tracking]") {
  TempDbFile file("temp");
  const OwnedBundle bundle = {m1, m2};
  {
    Db db(file.path());
    REQUIRE(db.exec(std::string("CREATE TEMP TABLE migbundle_migrations") + tracking_ddl) == SQLITE_OK);
    const migbundle::Report r = migbundle::migrate(db, bundle.bundle());
    INFO(r.message());
    REQUIRE(r.ok());
    CHECK(r.applied() == 2);
    CHECK(db.integer("SELECT count(*) FROM temp.migbundle_migrations") == 0);
    CHECK(db.integer("SELECT count(*) FROM main.migbundle_migrations") == 2);
  }
  Db again(file.path());  // the rows were not in a table that vanished at close
  const migbundle::Report r = migbundle::migrate(again, bundle.bundle());
  INFO(r.message());
  CHECK(r.ok());
  CHECK(r.applied() == 0);
  CHECK(r.already_applied() == 2);
}

TEST_CASE("Options::schema keeps the history in an attached database", "[tracking]") {
  TempDbFile history_file("history");
  Db db;
  REQUIRE(db.exec("ATTACH " + sql_quote(history_file.path()) + " AS history") == SQLITE_OK);
  const OwnedBundle bundle = {m1, m2};
  Options options;
  options.schema = "history";
  const migbundle::Report r = migbundle::migrate(db, bundle.bundle(), options);
  INFO(r.message());
  REQUIRE(r.ok());
  CHECK(r.applied() == 2);
  CHECK(db.integer("SELECT count(*) FROM history.migbundle_migrations") == 2);
  CHECK(db.integer("SELECT count(*) FROM main.sqlite_master WHERE name = 'migbundle_migrations'") == 0);
  CHECK(db.has_table("one"));  // the migrations themselves run on main

  int entries = 0;
  const migbundle::Report s = migbundle::status(
      db, bundle.bundle(), options,
      [](void* c, const migbundle::StatusEntry& e) { *static_cast<int*>(c) += e.state == migbundle::MigrationState::applied; },
      &entries);
  CHECK(s.ok());
  CHECK(entries == 2);

  SECTION("a schema that is not attached is a SQLite error, and nothing runs") {
    Db fresh;
    options.schema = "missing";
    const migbundle::Report missing = migbundle::migrate(fresh, bundle.bundle(), options);
    INFO(missing.message());
    CHECK(missing.error() == Error::sqlite);
    CHECK_THAT(missing.message(), Contains("missing"));
    CHECK(fresh.schema_objects() == 0);
  }
  SECTION("a schema name that is not an identifier is refused") {
    options.schema = "main\".x";
    const migbundle::Report bad = migbundle::migrate(db, bundle.bundle(), options);
    CHECK(bad.error() == Error::invalid_argument);
    CHECK_THAT(bad.message(), Contains("schema name"));
  }
}

// ---- whose table: refuse what migbundle did not make ----------------------------------------

TEST_CASE("a tracking table with TEXT ids cannot make a migration run twice", "[tracking]") {
  // The defect: untyped columns held id '3' as TEXT; the history read 3 as
  // applied while the check under the lock (id = 3) found nothing, and 3 ran again.
  Db db;
  const OwnedBundle first = {m1, m2, m3_counting};
  REQUIRE(migbundle::migrate(db, first.bundle()).ok());
  REQUIRE(db.exec("CREATE TABLE copy AS SELECT * FROM migbundle_migrations; DROP TABLE migbundle_migrations;"
                  "CREATE TABLE migbundle_migrations (id, name, checksum, applied_at, execution_ms);"
                  "INSERT INTO migbundle_migrations SELECT CAST(id AS TEXT), name, checksum, applied_at, "
                  "execution_ms FROM copy; DROP TABLE copy;") == SQLITE_OK);
  REQUIRE(db.text("SELECT typeof(id) FROM migbundle_migrations WHERE id = '3'") == "text");
  Options options;
  options.allow_out_of_order = true;
  const migbundle::Report r = migbundle::migrate(db, first.bundle(), options);
  INFO(r.message());
  CHECK(r.error() == Error::invalid_history);
  CHECK(r.applied() == 0);
  CHECK(db.count("runs") == 1);  // migration 3 ran once, ever
  CHECK_THAT(r.message(), Contains("\"main\".\"migbundle_migrations\" is not migbundle's tracking table"));
  CHECK_THAT(r.message(), Contains("a table (id , name , checksum , applied_at , execution_ms )"));
  CHECK_THAT(r.message(), Contains("Options::table"));
}

TEST_CASE("every shape of table that is not migbundle's is refused before anything runs", "[tracking]") {
  struct Case {
    const char* ddl;
    const char* says;
  };
  const Case cases[] = {
      {"CREATE TABLE migbundle_migrations (id INTEGER PRIMARY KEY, name TEXT)", "a table (id INTEGER PRIMARY KEY, name TEXT)"},
      {"CREATE TABLE migbundle_migrations (id TEXT PRIMARY KEY, name TEXT, checksum TEXT, applied_at TEXT, "
       "execution_ms INTEGER)",
       "(id TEXT PRIMARY KEY, name TEXT"},
      {"CREATE TABLE migbundle_migrations (id INTEGER, name TEXT, checksum TEXT, applied_at TEXT, execution_ms "
       "INTEGER)",
       "(id INTEGER, name TEXT"},
      {"CREATE TABLE migbundle_migrations (id INTEGER PRIMARY KEY, name TEXT, checksum BLOB, applied_at TEXT, "
       "execution_ms INTEGER)",
       "checksum BLOB"},
      {"CREATE TABLE migbundle_migrations (id INTEGER PRIMARY KEY, name TEXT, checksum TEXT, applied_at TEXT, "
       "execution_ms INTEGER) WITHOUT ROWID",
       "the key not the rowid)"},
      {"CREATE TABLE migbundle_migrations (id INTEGER PRIMARY KEY DESC, name TEXT, checksum TEXT, applied_at TEXT, "
       "execution_ms INTEGER)",
       "the key not the rowid)"},
      {"CREATE TABLE migbundle_migrations (id INTEGER, name TEXT, checksum TEXT, applied_at TEXT, execution_ms "
       "INTEGER, PRIMARY KEY (id, name))",
       "id INTEGER PRIMARY KEY, name TEXT PRIMARY KEY"},
      {"CREATE VIEW migbundle_migrations AS SELECT 1 AS id, 'x' AS name, 'y' AS checksum, 'z' AS applied_at, 0 AS "
       "execution_ms",
       "a view ("},
  };
  const OwnedBundle bundle = {m1, m2};
  for (const Case& c : cases) {
    Db db;
    REQUIRE(db.exec(c.ddl) == SQLITE_OK);
    const std::int64_t objects = db.schema_objects();
    const migbundle::Report r = migbundle::migrate(db, bundle.bundle());
    INFO(c.ddl << "\n" << r.message());
    CHECK(r.error() == Error::invalid_history);
    CHECK_THAT(r.message(), Contains(c.says));
    CHECK(db.schema_objects() == objects);  // nothing created, nothing applied
  }
}

TEST_CASE("a table made by an older migbundle, or with a column of its own added, is accepted", "[tracking]") {
  Db db;
  REQUIRE(db.exec("create table MIGBUNDLE_MIGRATIONS (ID integer primary key, NAME text not null, CHECKSUM text "
                  "not null, APPLIED_AT text not null, EXECUTION_MS integer not null, note TEXT)") == SQLITE_OK);
  const OwnedBundle bundle = {m1, m2};
  const migbundle::Report r = migbundle::migrate(db, bundle.bundle());
  INFO(r.message());
  CHECK(r.ok());
  CHECK(r.applied() == 2);
}

TEST_CASE("a recorded checksum that migbundle cannot have written is named, not called an edit", "[tracking]") {
  Db db;
  const OwnedBundle bundle = {m1, m2};
  REQUIRE(migbundle::migrate(db, bundle.bundle()).ok());
  const std::string long_checksum = std::string(64, 'b') + "ff";
  REQUIRE(db.exec("UPDATE migbundle_migrations SET checksum = '" + long_checksum + "' WHERE id = 2") == SQLITE_OK);
  const migbundle::Report r = migbundle::migrate(db, bundle.bundle());
  INFO(r.message());
  CHECK(r.error() == Error::invalid_history);
  CHECK_THAT(r.message(), Contains("tracking row of migration 2 has a 66-byte checksum"));
  CHECK_THAT(r.message(), !Contains("was changed after it was applied"));
}

TEST_CASE("another bundle's history in the same table is called that, with what to do", "[tracking]") {
  Db db;
  const OwnedBundle app = {m1, m2};
  REQUIRE(migbundle::migrate(db, app.bundle()).ok());

  SECTION("same ids, other names: the second bundle's first migration") {
    const OwnedBundle plugin = {{1, "0001_plugin_setup.sql", checksum_c, "CREATE TABLE plugin (x);\n", 0}};
    const migbundle::Report r = migbundle::migrate(db, plugin.bundle());
    INFO(r.message());
    CHECK(r.error() == Error::checksum_mismatch);
    CHECK_THAT(r.message(), Contains("recorded as \"one\", not \"plugin_setup\""));
    CHECK_THAT(r.message(), Contains("each needs its own Options::table"));
  }
  SECTION("unknown ids among the bundle's own") {
    const OwnedBundle plugin = {{5, "0005_plugin.sql", checksum_c, "CREATE TABLE plugin (x);\n", 0}};
    const migbundle::Report r = migbundle::migrate(db, plugin.bundle());
    INFO(r.message());
    CHECK(r.error() == Error::unknown_applied);
    CHECK_THAT(r.message(), Contains("another bundle's history"));
    CHECK_THAT(r.message(), Contains("Each bundle needs its own Options::table"));
  }
  SECTION("unknown ids above the bundle's newest still read as a newer database") {
    const OwnedBundle older = {m1};
    const migbundle::Report r = migbundle::migrate(db, older.bundle());
    CHECK(r.error() == Error::unknown_applied);
    CHECK_THAT(r.message(), Contains("newer than this binary"));
  }
}

// ---- id 0 and has_applied() -----------------------------------------------------------------

TEST_CASE("id 0 is a migration like any other, and has_applied() tells it from none", "[tracking][apply]") {
  Db db;
  const OwnedBundle bundle = {{0, "0000_zero.sql", checksum_a, "CREATE TABLE zero (x);\n", 0}, m1};
  Options options;
  options.target_id = 0;
  const migbundle::Report first = migbundle::migrate(db, bundle.bundle(), options);
  INFO(first.message());
  REQUIRE(first.ok());
  CHECK(first.applied() == 1);
  CHECK(first.current_id() == 0);
  CHECK(first.has_applied());
  CHECK(first.pending() == 1);  // migration 1 lies beyond the target
  CHECK(db.has_table("zero"));

  const migbundle::Report fresh = migbundle::migrate(Db(), OwnedBundle{}.bundle());
  CHECK(fresh.current_id() == 0);
  CHECK_FALSE(fresh.has_applied());

  SECTION("a failure after migration 0 says the database is at migration 0, not that none is applied") {
    const OwnedBundle failing = {{0, "0000_zero.sql", checksum_a, "CREATE TABLE zero (x);\n", 0},
                                 {1, "0001_bad.sql", checksum_b, "CREATE TABLE zero (x);\n", 0}};
    const migbundle::Report r = migbundle::migrate(db, failing.bundle());
    INFO(r.message());
    CHECK(r.error() == Error::migration_failed);
    CHECK(r.has_applied());
    CHECK(r.pending() == 1);
    CHECK_THAT(r.message(), Contains("left at migration 0"));
  }
}
