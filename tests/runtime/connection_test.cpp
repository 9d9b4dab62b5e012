// The connection around a migration: no-transaction migrations (WAL, VACUUM),
// foreign keys switched off for table rebuilds and checked before commit,
// read-only databases, and another connection holding the write lock.
#include <migbundle/migrate.hpp>

#include "support/owned_bundle.hpp"
#include "support/report_printing.hpp"
#include "support/test_db.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <thread>

using migbundle::Error;
using migbundle::flag_no_transaction;
using migbundle::Options;
using migbundle_test::checksum_a;
using migbundle_test::checksum_b;
using migbundle_test::checksum_c;
using migbundle_test::checksum_d;
using migbundle_test::Db;
using migbundle_test::MigrationSpec;
using migbundle_test::OwnedBundle;
using migbundle_test::TempDbFile;
using Catch::Matchers::Contains;

// ---- no-transaction migrations ------------------------------------------------------------

TEST_CASE("no-transaction migrations can switch to WAL and VACUUM", "[failure][no_transaction]") {
  const OwnedBundle bundle = {
      {1, "0001_create.sql", checksum_a,
       "CREATE TABLE t (x);\nINSERT INTO t SELECT value FROM json_each('[1,2,3,4,5]');\n", 0},
      {2, "0002_wal.sql", checksum_b, "-- migbundle: no-transaction\nPRAGMA journal_mode = WAL;\n",
       flag_no_transaction},
      {3, "0003_vacuum.sql", checksum_c, "-- migbundle: no-transaction\nDELETE FROM t WHERE x > 3;\nVACUUM;\n",
       flag_no_transaction},
      {4, "0004_after.sql", checksum_d, "INSERT INTO t VALUES (100);\n", 0},
  };
  TempDbFile file("wal");
  {
    Db db(file.path());
    const migbundle::Report r = migbundle::migrate(db, bundle.bundle());
    INFO(r.message());
    REQUIRE(r.ok());
    CHECK(r.applied() == 4);
    CHECK(db.text("PRAGMA journal_mode") == "wal");
    CHECK(db.integer("SELECT sum(x) FROM t") == 1 + 2 + 3 + 100);
    CHECK(db.count("migbundle_migrations") == 4);
    CHECK(sqlite3_get_autocommit(db) != 0);
  }
  Db reopened(file.path());
  CHECK(reopened.text("PRAGMA journal_mode") == "wal");  // persistent: it really ran outside a transaction
  const migbundle::Report again = migbundle::migrate(reopened, bundle.bundle());
  CHECK(again.ok());
  CHECK(again.applied() == 0);
  CHECK(again.already_applied() == 4);
}

TEST_CASE("without the no-transaction flag, VACUUM fails inside the migration's transaction", "[failure][no_transaction]") {
  const OwnedBundle bundle = {
      {1, "0001_vacuum.sql", checksum_a, "CREATE TABLE t (x);\nVACUUM;\n", 0},
  };
  Db db;
  const migbundle::Report r = migbundle::migrate(db, bundle.bundle());
  INFO(r.message());
  CHECK(r.error() == Error::migration_failed);
  CHECK(r.line() == 2);
  CHECK_FALSE(db.has_table("t"));
}

TEST_CASE("a failing no-transaction migration says what stays applied and is not recorded", "[failure][no_transaction]") {
  const OwnedBundle bundle = {
      {1, "0001_first.sql", checksum_a, "CREATE TABLE first (x);\n", 0},
      {2, "0002_loose.sql", checksum_b, "CREATE TABLE nt (x);\nCREATE TABLE nt (x);\n", flag_no_transaction},
  };
  Db db;
  const migbundle::Report r = migbundle::migrate(db, bundle.bundle());
  INFO(r.message());
  CHECK(r.error() == Error::migration_failed);
  CHECK(r.line() == 2);
  CHECK_THAT(r.message(), Contains("outside a transaction"));
  CHECK_THAT(r.message(), Contains("left at migration 1"));
  CHECK(db.has_table("nt"));  // statement 1 ran on its own and stays
  CHECK(db.text("SELECT group_concat(id) FROM migbundle_migrations") == "1");
  CHECK(sqlite3_get_autocommit(db) != 0);
}

TEST_CASE("a no-transaction migration may manage its own transaction", "[failure][no_transaction]") {
  const OwnedBundle bundle = {
      {1, "0001_own.sql", checksum_a, "BEGIN;\nCREATE TABLE own (x);\nCOMMIT;\n", flag_no_transaction},
  };
  Db db;
  const migbundle::Report r = migbundle::migrate(db, bundle.bundle());
  INFO(r.message());
  CHECK(r.ok());
  CHECK(db.has_table("own"));
  CHECK(db.count("migbundle_migrations") == 1);
}

TEST_CASE("a no-transaction migration that leaves a transaction open is an error, and it is closed",
          "[failure][no_transaction]") {
  const OwnedBundle bundle = {
      {1, "0001_open.sql", checksum_a, "BEGIN;\nCREATE TABLE left_open (x);\n", flag_no_transaction},
  };
  Db db;
  const migbundle::Report r = migbundle::migrate(db, bundle.bundle());
  INFO(r.message());
  CHECK_FALSE(r.ok());
  CHECK_THAT(r.message(), Contains("0001_open.sql"));
  CHECK(sqlite3_get_autocommit(db) != 0);  // the caller does not inherit the migration's transaction
  CHECK_FALSE(db.has_table("left_open"));
  CHECK((!db.has_table("migbundle_migrations") || db.count("migbundle_migrations") == 0));
}

TEST_CASE("a no-transaction migration whose SQL ran but whose tracking row failed says it ran", "[failure][no_transaction]") {
  // PRAGMA query_only takes effect at once, outside a transaction: the
  // migration's SQL succeeds, then writing its tracking row is refused.
  const OwnedBundle bundle = {
      {1, "0001_first.sql", checksum_a, "CREATE TABLE first (x);\n", 0},
      {2, "0002_query_only.sql", checksum_b, "-- migbundle: no-transaction\nPRAGMA query_only = ON;\n", flag_no_transaction},
  };
  Db db;
  const migbundle::Report r = migbundle::migrate(db, bundle.bundle());
  INFO(r.message());
  CHECK(r.error() == Error::sqlite);
  CHECK(r.sqlite_code() == SQLITE_READONLY);
  CHECK(r.migration() == &bundle.bundle().migrations[1]);
  CHECK_THAT(r.message(), Contains("Its SQL ran (no-transaction) but it is not recorded"));
  CHECK_THAT(r.message(), !Contains("It was not applied"));
  CHECK_THAT(r.message(), Contains("left at migration 1"));
  CHECK(db.text("PRAGMA query_only") == "1");  // it did run
  CHECK(sqlite3_get_autocommit(db) != 0);
  (void)db.text("PRAGMA query_only = OFF");
  CHECK(db.text("SELECT group_concat(id) FROM migbundle_migrations") == "1");
}

// ---- foreign keys -------------------------------------------------------------------------

namespace {

const MigrationSpec fk_schema{1, "0001_schema.sql", checksum_a,
                              "CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT);\n"
                              "CREATE TABLE child (id INTEGER PRIMARY KEY,\n"
                              "  parent_id INTEGER NOT NULL REFERENCES parent(id) ON DELETE CASCADE);\n"
                              "INSERT INTO parent VALUES (1, 'p1'), (2, 'p2');\n"
                              "INSERT INTO child VALUES (10, 1), (11, 1), (12, 2);\n",
                              0};

// SQLite's documented 12-step rebuild (https://sqlite.org/lang_altertable.html#otheralter):
// with foreign keys on, DROP TABLE parent would cascade-delete every child row.
const MigrationSpec fk_rebuild{2, "0002_rebuild_parent.sql", checksum_b,
                               "CREATE TABLE new_parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT '',\n"
                               "  created TEXT);\n"
                               "INSERT INTO new_parent (id, name) SELECT id, name FROM parent;\n"
                               "DROP TABLE parent;\n"
                               "ALTER TABLE new_parent RENAME TO parent;\n",
                               0};

const MigrationSpec fk_dangling{3, "0003_drop_p1.sql", checksum_c,
                                "CREATE TABLE side_effect (x);\n"
                                "DELETE FROM parent WHERE id = 1;\n",
                                0};

}  // namespace

TEST_CASE("a table rebuild with foreign keys on keeps the child rows and foreign keys stay on", "[failure][foreign_keys]") {
  Db db;
  REQUIRE(db.exec("PRAGMA foreign_keys = ON") == SQLITE_OK);
  REQUIRE(db.integer("PRAGMA foreign_keys") == 1);
  const OwnedBundle bundle = {fk_schema, fk_rebuild};
  const migbundle::Report r = migbundle::migrate(db, bundle.bundle());
  INFO(r.message());
  REQUIRE(r.ok());
  CHECK(r.applied() == 2);
  CHECK(db.count("child") == 3);  // no cascade from DROP TABLE parent
  CHECK(db.count("parent") == 2);
  CHECK(db.text("SELECT sql FROM sqlite_master WHERE name = 'parent'").find("created") != std::string::npos);
  CHECK(db.integer("PRAGMA foreign_keys") == 1);
  // And enforcement really is back on for the application.
  CHECK(db.exec("INSERT INTO child VALUES (99, 12345)") != SQLITE_OK);
  CHECK(db.exec("DELETE FROM parent WHERE id = 2") == SQLITE_OK);
  CHECK(db.count("child") == 2);  // the cascade works again outside migrations
}

TEST_CASE("a migration that leaves a dangling reference is rolled back", "[failure][foreign_keys]") {
  Db db;
  REQUIRE(db.exec("PRAGMA foreign_keys = ON") == SQLITE_OK);
  const OwnedBundle bundle = {fk_schema, fk_rebuild, fk_dangling};
  const migbundle::Report r = migbundle::migrate(db, bundle.bundle());
  INFO(r.message());
  CHECK(r.error() == Error::foreign_key_violation);
  REQUIRE(r.migration() != nullptr);
  CHECK(r.migration()->id == 3);
  CHECK(r.applied() == 2);
  CHECK_THAT(r.message(), Contains("0003_drop_p1.sql"));
  CHECK_THAT(r.message(), Contains("\"child\""));
  CHECK_THAT(r.message(), Contains("\"parent\""));
  CHECK_THAT(r.message(), Contains("rolled back"));
  CHECK_THAT(r.message(), Contains("left at migration 2"));
  CHECK(db.count("parent") == 2);  // the DELETE was undone
  CHECK(db.count("child") == 3);
  CHECK_FALSE(db.has_table("side_effect"));
  CHECK(db.integer("SELECT max(id) FROM migbundle_migrations") == 2);
  CHECK(db.integer("PRAGMA foreign_keys") == 1);
  CHECK(sqlite3_get_autocommit(db) != 0);
}

TEST_CASE("a dangling row that predates the migrations is not blamed on them", "[failure][foreign_keys]") {
  Db db;
  REQUIRE(db.exec("PRAGMA foreign_keys = ON") == SQLITE_OK);
  const OwnedBundle first = {fk_schema};
  REQUIRE(migbundle::migrate(db, first.bundle()).ok());
  // The application left one dangling row behind (written with enforcement off).
  REQUIRE(db.exec("PRAGMA foreign_keys = OFF; INSERT INTO child VALUES (50, 777); PRAGMA foreign_keys = ON;") ==
          SQLITE_OK);
  const MigrationSpec unrelated{3, "0003_unrelated.sql", checksum_c, "CREATE TABLE other (x);\n", 0};
  const MigrationSpec adds_one{4, "0004_adds_one.sql", checksum_d, "INSERT INTO child VALUES (60, 888);\n", 0};

  SECTION("a migration that adds none applies") {
    const OwnedBundle bundle = {fk_schema, fk_rebuild, unrelated};
    const migbundle::Report r = migbundle::migrate(db, bundle.bundle());
    INFO(r.message());
    CHECK(r.ok());
    CHECK(r.applied() == 2);
    CHECK(db.integer("SELECT count(*) FROM pragma_foreign_key_check") == 1);  // the old one is still there
    CHECK(db.integer("SELECT count(*) FROM temp.sqlite_master") == 0);        // no snapshot left behind
  }
  SECTION("a migration that adds one is refused, naming its row, not the old one") {
    const OwnedBundle bundle = {fk_schema, fk_rebuild, unrelated, adds_one};
    const migbundle::Report r = migbundle::migrate(db, bundle.bundle());
    INFO(r.message());
    CHECK(r.error() == Error::foreign_key_violation);
    REQUIRE(r.migration() != nullptr);
    CHECK(r.migration()->id == 4);
    CHECK(r.applied() == 2);
    CHECK_THAT(r.message(), Contains("rowid 60"));
    CHECK(db.integer("SELECT count(*) FROM child WHERE id = 60") == 0);
    CHECK(db.integer("SELECT count(*) FROM temp.sqlite_master") == 0);
  }
  // Found by fuzz_hostile_database (seed regress-fk-no-transaction): the
  // no-transaction path checked without a snapshot, blamed the old row, said
  // "rolled back" and left the migration unrecorded, so it ran every time.
  SECTION("a no-transaction migration that adds none is recorded once") {
    const MigrationSpec vacuum{3, "0003_vacuum.sql", checksum_c, "CREATE TABLE other (x);\nVACUUM;\n",
                               flag_no_transaction};
    const OwnedBundle bundle = {fk_schema, fk_rebuild, vacuum};
    const migbundle::Report r = migbundle::migrate(db, bundle.bundle());
    INFO(r.message());
    CHECK(r.ok());
    CHECK(r.applied() == 2);
    CHECK(db.integer("SELECT count(*) FROM migbundle_migrations WHERE id = 3") == 1);
    CHECK(db.integer("SELECT count(*) FROM temp.sqlite_master") == 0);
    const migbundle::Report again = migbundle::migrate(db, bundle.bundle());
    CHECK(again.ok());
    CHECK(again.applied() == 0);
  }
  SECTION("a no-transaction migration that adds one is named, and not said to be rolled back") {
    const MigrationSpec adds_unrecorded{3, "0003_adds_one.sql", checksum_c, "INSERT INTO child VALUES (60, 888);\n",
                                       flag_no_transaction};
    const OwnedBundle bundle = {fk_schema, fk_rebuild, adds_unrecorded};
    const migbundle::Report r = migbundle::migrate(db, bundle.bundle());
    INFO(r.message());
    CHECK(r.error() == Error::foreign_key_violation);
    REQUIRE(r.migration() != nullptr);
    CHECK(r.migration()->id == 3);
    CHECK_THAT(r.message(), Contains("rowid 60"));
    CHECK_THAT(r.message(), Contains("runs again next time"));
    CHECK_THAT(r.message(), !Contains("rolled back"));
    CHECK(db.integer("SELECT count(*) FROM child WHERE id = 60") == 1);  // it ran outside a transaction
    CHECK(db.integer("SELECT count(*) FROM migbundle_migrations WHERE id = 3") == 0);
    CHECK(db.integer("SELECT count(*) FROM temp.sqlite_master") == 0);
    CHECK(sqlite3_get_autocommit(db) != 0);
  }
  SECTION("and in a single transaction") {
    const OwnedBundle bundle = {fk_schema, fk_rebuild, unrelated};
    Options options;
    options.single_transaction = true;
    const migbundle::Report r = migbundle::migrate(db, bundle.bundle(), options);
    INFO(r.message());
    CHECK(r.ok());
    CHECK(r.applied() == 2);
  }
}

TEST_CASE("with foreign keys off, the connection's setting is left off", "[failure][foreign_keys]") {
  Db db;
  REQUIRE(db.integer("PRAGMA foreign_keys") == 0);
  const OwnedBundle bundle = {fk_schema, fk_rebuild};
  const migbundle::Report r = migbundle::migrate(db, bundle.bundle());
  INFO(r.message());
  CHECK(r.ok());
  CHECK(db.count("child") == 3);
  CHECK(db.integer("PRAGMA foreign_keys") == 0);
}

// ---- read-only and locked databases -------------------------------------------------------

namespace {

const OwnedBundle simple = {
    {1, "0001_one.sql", checksum_a, "CREATE TABLE one (x);\n", 0},
    {2, "0002_two.sql", checksum_b, "CREATE TABLE two (x);\n", 0},
};

}  // namespace

TEST_CASE("a read-only database gives a clear error", "[failure][readonly]") {
  TempDbFile file("ro");
  {
    Db setup(file.path());
    REQUIRE(setup.exec("CREATE TABLE existing (x)") == SQLITE_OK);
  }
  SECTION("with migrations pending") {
    Db db(file.path(), SQLITE_OPEN_READONLY);
    REQUIRE(db.open_rc() == SQLITE_OK);
    const migbundle::Report r = migbundle::migrate(db, simple.bundle());
    INFO(r.message());
    CHECK(r.error() == Error::read_only);  // said up front, not as a SQL error inside a migration
    CHECK(r.sqlite_code() == 0);
    CHECK(r.pending() == 2);
    CHECK_THAT(r.message(), Contains("read-only"));
    CHECK_THAT(r.message(), Contains("2 migration(s) are pending"));
    CHECK_THAT(r.message(), Contains("0001_one.sql"));
    CHECK_THAT(r.message(), Contains("no migration applied"));
    CHECK(r.applied() == 0);
  }
  SECTION("with everything applied, a read-only check succeeds") {
    {
      Db rw(file.path());
      REQUIRE(migbundle::migrate(rw, simple.bundle()).ok());
    }
    Db db(file.path(), SQLITE_OPEN_READONLY);
    const migbundle::Report r = migbundle::migrate(db, simple.bundle());
    INFO(r.message());
    CHECK(r.ok());
    CHECK(r.already_applied() == 2);
  }
}

TEST_CASE("a database locked by another connection fails after the busy timeout and restores it", "[failure][lock]") {
  TempDbFile file("lock");
  Db holder(file.path());
  REQUIRE(holder.exec("CREATE TABLE existing (x)") == SQLITE_OK);
  REQUIRE(holder.exec("BEGIN IMMEDIATE") == SQLITE_OK);

  Db db(file.path());
  REQUIRE(db.integer("PRAGMA busy_timeout") == 0);
  Options options;
  options.busy_timeout_ms = 100;
  const auto started = std::chrono::steady_clock::now();
  const migbundle::Report r = migbundle::migrate(db, simple.bundle(), options);
  const auto waited = std::chrono::steady_clock::now() - started;
  INFO(r.message());
  CHECK(r.error() == Error::sqlite);
  CHECK(r.sqlite_code() == SQLITE_BUSY);
  CHECK((r.extended_code() & 0xff) == SQLITE_BUSY);
  CHECK_THAT(r.message(), Contains("lock"));
  CHECK_THAT(r.message(), Contains("0001_one.sql"));
  CHECK(waited >= std::chrono::milliseconds(80));  // it did wait for the lock
  CHECK(waited < std::chrono::seconds(5));         // and not for the 30 s default
  CHECK(db.integer("PRAGMA busy_timeout") == 0);   // the caller's setting is back
  CHECK(sqlite3_get_autocommit(db) != 0);

  SECTION("once the lock is released the same call succeeds") {
    REQUIRE(holder.exec("ROLLBACK") == SQLITE_OK);
    const migbundle::Report ok = migbundle::migrate(db, simple.bundle(), options);
    INFO(ok.message());
    CHECK(ok.ok());
    CHECK(ok.applied() == 2);
    CHECK(db.integer("PRAGMA busy_timeout") == 0);
  }
  SECTION("a connection's own busy timeout is used and kept") {
    REQUIRE(sqlite3_busy_timeout(db, 250) == SQLITE_OK);
    const auto again_started = std::chrono::steady_clock::now();
    const migbundle::Report again = migbundle::migrate(db, simple.bundle(), options);
    const auto again_waited = std::chrono::steady_clock::now() - again_started;
    CHECK(again.sqlite_code() == SQLITE_BUSY);
    CHECK(again_waited >= std::chrono::milliseconds(200));
    CHECK(db.integer("PRAGMA busy_timeout") == 250);
  }
}

namespace {

struct HandlerLog {
  int calls = 0;
};
/// An application's own busy handler: counts its calls and gives up after a few.
int counting_busy_handler(void* context, int attempts) {
  ++static_cast<HandlerLog*>(context)->calls;
  return attempts < 3 ? 1 : 0;
}

}  // namespace

TEST_CASE("the application's own busy handler is neither replaced nor removed", "[lock]") {
  TempDbFile file("handler");
  Db db(file.path());
  HandlerLog log;
  REQUIRE(sqlite3_busy_handler(db, counting_busy_handler, &log) == SQLITE_OK);
  REQUIRE(db.integer("PRAGMA busy_timeout") == 0);  // what made migrate() install its own, then remove both

  Db holder(file.path());
  REQUIRE(holder.exec("CREATE TABLE existing (x)") == SQLITE_OK);
  REQUIRE(holder.exec("BEGIN IMMEDIATE") == SQLITE_OK);
  Options options;
  options.busy_timeout_ms = 50;
  const migbundle::Report r = migbundle::migrate(db, simple.bundle(), options);
  INFO(r.message());
  CHECK(r.sqlite_code() == SQLITE_BUSY);
  CHECK(log.calls > 0);  // the application's handler was asked while migrate() waited
  REQUIRE(holder.exec("ROLLBACK") == SQLITE_OK);

  // After migrate() returned, the handler is still the one that answers.
  REQUIRE(holder.exec("BEGIN EXCLUSIVE") == SQLITE_OK);
  const int before = log.calls;
  CHECK(db.exec("CREATE TABLE blocked (x)") == SQLITE_BUSY);
  CHECK(log.calls > before);
  REQUIRE(holder.exec("ROLLBACK") == SQLITE_OK);

  const migbundle::Report ok = migbundle::migrate(db, simple.bundle(), options);
  INFO(ok.message());
  CHECK(ok.ok());
  const int after_success = log.calls;
  REQUIRE(holder.exec("BEGIN EXCLUSIVE") == SQLITE_OK);
  CHECK(db.exec("CREATE TABLE blocked (x)") == SQLITE_BUSY);
  CHECK(log.calls > after_success);  // and still after a run that applied everything
  REQUIRE(holder.exec("ROLLBACK") == SQLITE_OK);
}

TEST_CASE("without a busy timeout, migrate() waits by itself for a lock released meanwhile", "[lock]") {
  TempDbFile file("waits");
  Db db(file.path());
  Db holder(file.path());
  REQUIRE(holder.exec("CREATE TABLE existing (x)") == SQLITE_OK);
  REQUIRE(holder.exec("BEGIN IMMEDIATE") == SQLITE_OK);
  std::thread releaser([&holder] {
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    (void)holder.exec("ROLLBACK");
  });
  Options options;
  options.busy_timeout_ms = 5000;
  const migbundle::Report r = migbundle::migrate(db, simple.bundle(), options);
  releaser.join();
  INFO(r.message());
  CHECK(r.ok());
  CHECK(r.applied() == 2);
  CHECK(db.integer("PRAGMA busy_timeout") == 0);  // the connection still has no timeout of its own
}
