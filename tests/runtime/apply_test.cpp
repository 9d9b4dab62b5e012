// Applying bundles: order, tracking rows, repeat calls, options, and SQL that a
// hand-written statement splitter would get wrong.
#include <migbundle/migrate.hpp>

#include "support/owned_bundle.hpp"
#include "support/report_printing.hpp"
#include "support/test_db.hpp"

#include <catch2/catch.hpp>

#include <regex>
#include <string>
#include <utility>
#include <vector>

using migbundle::Bundle;
using migbundle::Error;
using migbundle::Migration;
using migbundle::Options;
using migbundle::Phase;
using migbundle_test::checksum_a;
using migbundle_test::checksum_b;
using migbundle_test::checksum_c;
using migbundle_test::Db;
using migbundle_test::OwnedBundle;
using migbundle_test::TempDbFile;
using Catch::Matchers::Contains;

namespace {

// Each migration needs the one before it: applied in any other order, one fails.
const OwnedBundle ordered = {
    {1, "0001_create_users.sql", checksum_a,
     "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE);\n", 0},
    {2, "0002_add_user_name.sql", checksum_b,
     "ALTER TABLE users ADD COLUMN name TEXT;\n"
     "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), title TEXT);\n",
     0},
    {10, "0010_seed.sql", checksum_c,
     "INSERT INTO users (id, email, name) VALUES (1, 'ada@example.com', 'Ada');\n"
     "INSERT INTO posts (user_id, title) SELECT id, 'hello from ' || name FROM users;\n",
     0},
};
const Bundle ordered_bundle = ordered.bundle();

void check_fresh_apply(const Db& db) {
  const migbundle::Report r = migbundle::migrate(db, ordered_bundle);
  INFO(r.message());
  REQUIRE(r.ok());
  CHECK(r.error() == Error::none);
  CHECK(std::string(r.message()).empty());
  CHECK(r.applied() == 3);
  CHECK(r.already_applied() == 0);
  CHECK(r.current_id() == 10);
  CHECK(r.migration() == nullptr);

  // Proof the SQL ran in id order: the seed needed the column and table of migration 2.
  CHECK(db.text("SELECT title FROM posts") == "hello from Ada");

  const auto rows = db.rows(
      "SELECT id, name, checksum, applied_at, execution_ms, typeof(applied_at), typeof(execution_ms) "
      "FROM migbundle_migrations ORDER BY id");
  REQUIRE(rows.size() == 3);
  const std::regex iso8601(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?)");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Migration& m = ordered[i];
    INFO("tracking row " << i << ": applied_at=" << rows[i][3]);
    CHECK(rows[i][0] == std::to_string(m.id));
    CHECK(rows[i][1] == name_of(m));
    CHECK(rows[i][2] == migbundle::checksum_hex(m).view());
    CHECK(std::regex_match(rows[i][3], iso8601));
    CHECK(rows[i][5] == "text");
    CHECK(rows[i][6] == "integer");
    CHECK(std::stoll(rows[i][4]) >= 0);
  }
  // applied_at is a real timestamp of now, not a constant.
  CHECK(db.integer("SELECT count(*) FROM migbundle_migrations "
                   "WHERE abs(julianday(applied_at) - julianday('now')) * 86400 < 300") == 3);

  const migbundle::Report again = migbundle::migrate(db, ordered_bundle);
  INFO(again.message());
  CHECK(again.ok());
  CHECK(again.applied() == 0);
  CHECK(again.already_applied() == 3);
  CHECK(again.current_id() == 10);
  CHECK(db.count("migbundle_migrations") == 3);
  CHECK(db.count("users") == 1);  // the seed did not run twice
}

struct ProgressLog {
  sqlite3* db = nullptr;
  std::vector<std::pair<std::int64_t, Phase>> events;
  std::vector<std::int64_t> recorded_when_called;  // tracking rows for the id at the time of the call
};

void log_progress(void* context, const Migration& migration, Phase phase) {
  auto& log = *static_cast<ProgressLog*>(context);
  log.events.emplace_back(migration.id, phase);
  sqlite3_stmt* s = nullptr;
  std::int64_t n = -1;
  if (sqlite3_prepare_v2(log.db, "SELECT count(*) FROM migbundle_migrations WHERE id = ?1", -1, &s, nullptr) ==
      SQLITE_OK) {
    sqlite3_bind_int64(s, 1, migration.id);
    if (sqlite3_step(s) == SQLITE_ROW) n = sqlite3_column_int64(s, 0);
  } else {
    n = 0;  // the tracking table does not exist yet
  }
  sqlite3_finalize(s);
  log.recorded_when_called.push_back(n);
}

}  // namespace

TEST_CASE("migrate applies a bundle in id order on :memory: and records each migration", "[apply]") {
  Db db;
  REQUIRE(db.open_rc() == SQLITE_OK);
  check_fresh_apply(db);
}

TEST_CASE("migrate applies a bundle in id order on a file and a new connection sees it applied", "[apply]") {
  TempDbFile file("apply");
  {
    Db db(file.path());
    REQUIRE(db.open_rc() == SQLITE_OK);
    check_fresh_apply(db);
  }
  Db reopened(file.path());
  const migbundle::Report r = migbundle::migrate(reopened, ordered_bundle);
  INFO(r.message());
  CHECK(r.ok());
  CHECK(r.applied() == 0);
  CHECK(r.already_applied() == 3);
  CHECK(r.current_id() == 10);
}

TEST_CASE("a custom tracking table is used instead of the default one", "[apply]") {
  Db db;
  Options options;
  options.table = "app_schema_history";
  const migbundle::Report r = migbundle::migrate(db, ordered_bundle, options);
  INFO(r.message());
  REQUIRE(r.ok());
  CHECK(r.applied() == 3);
  CHECK(db.has_table("app_schema_history"));
  CHECK_FALSE(db.has_table("migbundle_migrations"));
  CHECK(db.count("app_schema_history") == 3);

  const migbundle::Report again = migbundle::migrate(db, ordered_bundle, options);
  CHECK(again.ok());
  CHECK(again.applied() == 0);
  CHECK(again.already_applied() == 3);

  // The default table knows nothing, so migration 1 runs again and collides with its own table.
  const migbundle::Report with_default = migbundle::migrate(db, ordered_bundle);
  CHECK(with_default.error() == Error::migration_failed);
  CHECK_THAT(with_default.message(), Contains("already exists"));
}

TEST_CASE("a tracking table name that is not an identifier is refused and nothing is created", "[apply]") {
  const std::string too_long(65, 't');
  const char* const bad_names[] = {"bad name", "1x", "x;drop", too_long.c_str(), "", "x\"y", "t-1", "ta\xc3\xa9"};
  for (const char* name : bad_names) {
    INFO("table name: \"" << name << "\"");
    Db db;
    Options options;
    options.table = name;
    const migbundle::Report r = migbundle::migrate(db, ordered_bundle, options);
    CHECK_FALSE(r.ok());
    CHECK(r.error() == Error::invalid_argument);
    CHECK_THAT(r.message(), Contains("tracking table"));
    CHECK(r.applied() == 0);
    CHECK(db.schema_objects() == 0);
  }
  SECTION("a null name is refused too") {
    Db db;
    Options options;
    options.table = nullptr;
    const migbundle::Report r = migbundle::migrate(db, ordered_bundle, options);
    CHECK(r.error() == Error::invalid_argument);
    CHECK(db.schema_objects() == 0);
  }
  SECTION("64 characters, underscores and digits after the first are accepted") {
    const std::string longest = "_" + std::string(62, 'a') + "9";
    REQUIRE(longest.size() == 64);
    Db db;
    Options options;
    options.table = longest.c_str();
    const migbundle::Report r = migbundle::migrate(db, ordered_bundle, options);
    INFO(r.message());
    CHECK(r.ok());
    CHECK(db.has_table(longest));
  }
}

TEST_CASE("a null database handle is refused", "[apply]") {
  const migbundle::Report r = migbundle::migrate(nullptr, ordered_bundle);
  CHECK(r.error() == Error::invalid_argument);
  CHECK_THAT(r.message(), Contains("null"));
}

TEST_CASE("empty, comment-only and whitespace-only migrations are applied and recorded", "[apply]") {
  const OwnedBundle quiet = {
      {1, "0001_empty.sql", checksum_a, "", 0},
      {2, "0002_comments.sql", checksum_b,
       "-- migbundle: nothing to do yet\n/* a block comment;\n   over lines; */\n-- trailing", 0},
      {3, "0003_blank.sql", checksum_c, "\n\n  \t \n", 0},
  };
  Db db;
  const migbundle::Report r = migbundle::migrate(db, quiet.bundle());
  INFO(r.message());
  REQUIRE(r.ok());
  CHECK(r.applied() == 3);
  CHECK(r.current_id() == 3);
  CHECK(db.text("SELECT group_concat(id, ',') FROM (SELECT id FROM migbundle_migrations ORDER BY id)") == "1,2,3");
}

TEST_CASE("empty statements between semicolons are skipped, like sqlite3_exec does", "[apply]") {
  const OwnedBundle semis = {
      {1, "0001_semis.sql", checksum_a, "CREATE TABLE s1 (x);;\n;\n  ; -- note\nCREATE TABLE s2 (x);;", 0},
      {2, "0002_leading.sql", checksum_b, ";CREATE TABLE s3 (x);", 0},
  };
  Db db;
  const migbundle::Report r = migbundle::migrate(db, semis.bundle());
  INFO(r.message());
  CHECK(r.ok());
  CHECK(r.applied() == 2);
  CHECK(db.has_table("s1"));
  CHECK(db.has_table("s2"));
  CHECK(db.has_table("s3"));
}

TEST_CASE("an empty bundle is fine and changes nothing", "[apply]") {
  Db db;
  const migbundle::Report r = migbundle::migrate(db, Bundle{nullptr, 0});
  INFO(r.message());
  CHECK(r.ok());
  CHECK(r.applied() == 0);
  CHECK(r.already_applied() == 0);
  CHECK(r.current_id() == 0);
  CHECK(db.schema_objects() == 0);

  // And on a database that has history, the empty bundle cannot vouch for it.
  REQUIRE(migbundle::migrate(db, ordered_bundle).ok());
  const migbundle::Report after = migbundle::migrate(db, Bundle{nullptr, 0});
  CHECK(after.error() == Error::unknown_applied);
}

TEST_CASE("a bundle whose array is null but whose size is not is refused", "[apply]") {
  Db db;
  const migbundle::Report r = migbundle::migrate(db, Bundle{nullptr, 3});
  CHECK(r.error() == Error::invalid_argument);
  CHECK(db.schema_objects() == 0);
}

TEST_CASE("a bundle not sorted by strictly increasing id is refused before anything runs", "[apply]") {
  const OwnedBundle unsorted = {
      {1, "0001_a.sql", checksum_a, "CREATE TABLE a (x);", 0},
      {3, "0003_c.sql", checksum_c, "CREATE TABLE c (x);", 0},
      {2, "0002_b.sql", checksum_b, "CREATE TABLE b (x);", 0},
  };
  const OwnedBundle duplicate = {
      {1, "0001_a.sql", checksum_a, "CREATE TABLE a (x);", 0},
      {1, "1_a_again.sql", checksum_b, "CREATE TABLE a2 (x);", 0},
  };
  for (const Bundle& bundle : {unsorted.bundle(), duplicate.bundle()}) {
    Db db;
    const migbundle::Report r = migbundle::migrate(db, bundle);
    INFO(r.message());
    CHECK(r.error() == Error::invalid_argument);
    CHECK_THAT(r.message(), Contains("sorted"));
    REQUIRE(r.migration() != nullptr);
    CHECK_THAT(r.message(), Contains(std::string(file_of(*r.migration()))));
    CHECK(r.applied() == 0);
    CHECK(db.schema_objects() == 0);
  }
}

TEST_CASE("target_id stops after the target and a later call continues", "[apply]") {
  Db db;
  Options options;
  options.target_id = 2;
  const migbundle::Report r = migbundle::migrate(db, ordered_bundle, options);
  INFO(r.message());
  REQUIRE(r.ok());
  CHECK(r.applied() == 2);
  CHECK(r.current_id() == 2);
  CHECK(db.has_table("posts"));
  CHECK(db.count("users") == 0);  // the seed (10) did not run
  CHECK(db.count("migbundle_migrations") == 2);

  SECTION("a target between ids applies up to the one below it") {
    options.target_id = 9;
    const migbundle::Report same = migbundle::migrate(db, ordered_bundle, options);
    CHECK(same.ok());
    CHECK(same.applied() == 0);
    CHECK(same.already_applied() == 2);
    CHECK(same.current_id() == 2);
  }
  SECTION("without a target the rest is applied") {
    const migbundle::Report rest = migbundle::migrate(db, ordered_bundle);
    INFO(rest.message());
    CHECK(rest.ok());
    CHECK(rest.applied() == 1);
    CHECK(rest.already_applied() == 2);
    CHECK(rest.current_id() == 10);
    CHECK(db.count("users") == 1);
  }
  SECTION("a target below the first id applies nothing") {
    Db fresh;
    options.target_id = 0;
    const migbundle::Report none = migbundle::migrate(fresh, ordered_bundle, options);
    CHECK(none.ok());
    CHECK(none.applied() == 0);
    CHECK(none.current_id() == 0);
    CHECK_FALSE(fresh.has_table("users"));
  }
}

TEST_CASE("current_id reports the newest applied id, also when nothing was applied by this call", "[apply]") {
  Db db;
  CHECK(migbundle::migrate(db, ordered.first(1)).current_id() == 1);
  CHECK(migbundle::migrate(db, ordered.first(1)).current_id() == 1);
  CHECK(migbundle::migrate(db, ordered.first(2)).current_id() == 2);
  CHECK(migbundle::migrate(db, ordered_bundle).current_id() == 10);
  CHECK(migbundle::migrate(db, ordered_bundle).current_id() == 10);
}

TEST_CASE("the progress callback is called before and after each applied migration, in order", "[apply]") {
  Db db;
  ProgressLog log;
  log.db = db;
  Options options;
  options.progress = log_progress;
  options.progress_context = &log;

  REQUIRE(migbundle::migrate(db, ordered.first(1), options).ok());
  log.events.clear();
  log.recorded_when_called.clear();

  const migbundle::Report r = migbundle::migrate(db, ordered_bundle, options);
  INFO(r.message());
  REQUIRE(r.ok());
  const std::vector<std::pair<std::int64_t, Phase>> expected = {
      {2, Phase::before}, {2, Phase::after}, {10, Phase::before}, {10, Phase::after}};
  CHECK(log.events == expected);
  // `before` runs before the migration is recorded, `after` once it is committed.
  CHECK(log.recorded_when_called == std::vector<std::int64_t>{0, 1, 0, 1});

  log.events.clear();
  REQUIRE(migbundle::migrate(db, ordered_bundle, options).ok());
  CHECK(log.events.empty());  // nothing applied, nothing reported
}

TEST_CASE("the progress callback hears no `after` for a migration that fails", "[apply]") {
  const OwnedBundle failing = {
      {1, "0001_ok.sql", checksum_a, "CREATE TABLE ok (x);", 0},
      {2, "0002_bad.sql", checksum_b, "CREATE TABLE ok (x);", 0},
      {3, "0003_never.sql", checksum_c, "CREATE TABLE never (x);", 0},
  };
  Db db;
  ProgressLog log;
  log.db = db;
  Options options;
  options.progress = log_progress;
  options.progress_context = &log;
  const migbundle::Report r = migbundle::migrate(db, failing.bundle(), options);
  CHECK(r.error() == Error::migration_failed);
  const std::vector<std::pair<std::int64_t, Phase>> expected = {{1, Phase::before}, {1, Phase::after}, {2, Phase::before}};
  CHECK(log.events == expected);
}

TEST_CASE("statements that return rows (SELECT, PRAGMA, RETURNING) are stepped to completion", "[apply]") {
  const OwnedBundle rowful = {
      {1, "0001_rows.sql", checksum_a,
       "CREATE TABLE t (x INTEGER);\n"
       "INSERT INTO t VALUES (1), (2), (3);\n"
       "SELECT * FROM t;\n"
       "PRAGMA table_info(t);\n"
       "PRAGMA user_version = 7;\n"
       "INSERT INTO t SELECT x + 10 FROM t RETURNING x;\n"
       "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100) SELECT i FROM n;\n"
       "INSERT INTO t VALUES (100);\n",
       0},
  };
  Db db;
  const migbundle::Report r = migbundle::migrate(db, rowful.bundle());
  INFO(r.message());
  REQUIRE(r.ok());
  CHECK(db.count("t") == 7);
  CHECK(db.integer("SELECT sum(x) FROM t") == 1 + 2 + 3 + 11 + 12 + 13 + 100);
  CHECK(db.integer("PRAGMA user_version") == 7);
}

TEST_CASE("triggers with BEGIN...END and strings holding semicolons run as written", "[apply]") {
  const OwnedBundle tricky = {
      {1, "0001_trigger.sql", checksum_a,
       "CREATE TABLE log (msg TEXT);\n"
       "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT);\n"
       "-- a comment; with a semicolon\n"
       "CREATE TRIGGER items_ai AFTER INSERT ON items BEGIN\n"
       "  INSERT INTO log (msg) VALUES ('inserted; ' || new.name);\n"
       "  INSERT INTO log (msg) VALUES ('END; BEGIN; COMMIT;');\n"
       "END;\n"
       "/* block; comment */ INSERT INTO items (name) VALUES ('a;b');\n"
       "INSERT INTO items (name) VALUES ('it''s; \"quoted\"');\n"
       "CREATE TABLE \"odd;name\" (\"semi;col\" TEXT DEFAULT ';');\n"
       "INSERT INTO \"odd;name\" DEFAULT VALUES;\n",
       0},
  };
  Db db;
  const migbundle::Report r = migbundle::migrate(db, tricky.bundle());
  INFO(r.message());
  REQUIRE(r.ok());
  const auto log = db.rows("SELECT msg FROM log ORDER BY rowid");
  REQUIRE(log.size() == 4);
  CHECK(log[0][0] == "inserted; a;b");
  CHECK(log[1][0] == "END; BEGIN; COMMIT;");
  CHECK(log[2][0] == "inserted; it's; \"quoted\"");
  CHECK(db.text("SELECT \"semi;col\" FROM \"odd;name\"") == ";");
  CHECK(db.integer("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'") == 1);
}
