// rollback() and migrate() with Downs (migbundle/rollback.hpp): reverting with
// the bundle's downs or with the downs the database stored, newest first,
// nothing lost on a failure; Options::revert_unknown for an older binary (the
// A/B fallback). The firmware images prove the same under QEMU.
#include <migbundle/rollback.hpp>

#include "support/owned_bundle.hpp"
#include "support/test_db.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

using Catch::Matchers::Contains;
using migbundle::DownMigration;
using migbundle::Downs;
using migbundle::Error;
using migbundle::Options;
using migbundle::Report;
using migbundle_test::Db;
using migbundle_test::OwnedBundle;

namespace {

/// Downs for an OwnedBundle, one per migration, in order ("" text with `none` for no down).
class OwnedDowns {
 public:
  void add(const std::string& sql) {
    const migbundle_test::Checksum sum = migbundle_test::pseudo_checksum(sql);
    // The checksum's raw bytes then the SQL, as the generator lays a down out.
    const std::string& text = texts_.emplace_back(std::string(sum.begin(), sum.end()) + sql);
    downs_.push_back(DownMigration{text.c_str(), static_cast<std::uint32_t>(sql.size())});
  }
  void add_none() { downs_.push_back(DownMigration{nullptr, 0}); }
  [[nodiscard]] Downs downs() const { return Downs{downs_.data(), downs_.size()}; }
  [[nodiscard]] Downs first(std::size_t count) const { return Downs{downs_.data(), std::min(count, downs_.size())}; }

 private:
  std::deque<std::string> texts_;
  std::vector<DownMigration> downs_;
};

/// The schema and rows the application sees (the tracking table left out).
std::string app_state(const Db& db) {
  std::string out;
  for (const auto& row : db.rows("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'migbundle%' "
                                 "AND name NOT LIKE 'sqlite_%' ORDER BY type, name")) {
    out += row[0] + " " + row[1] + ": " + row[2] + "\n";
    if (row[0] != "table") continue;
    for (const auto& values : db.rows("SELECT * FROM \"" + row[1] + "\" ORDER BY 1")) {
      out += "  ";
      for (const std::string& v : values) out += v + "|";
      out += "\n";
    }
  }
  return out;
}

/// v1 is migrations 1..2, v2 adds 3 (a table) and 4 (moves data), each with a down.
struct History {
  OwnedBundle bundle;
  OwnedDowns downs;
  History() {
    bundle.add(1, "users", "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n");
    downs.add("DROP TABLE users;\n");
    bundle.add(2, "seed", "INSERT INTO users (name) VALUES ('ada'), ('bob');\n");
    downs.add("DELETE FROM users WHERE name IN ('ada', 'bob');\n");
    bundle.add(3, "notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id), body TEXT);\n");
    downs.add("DROP TABLE notes;\n");
    bundle.add(4, "split_name",
               "ALTER TABLE users ADD COLUMN first TEXT;\nUPDATE users SET first = name;\n");
    downs.add("ALTER TABLE users DROP COLUMN first;\n");
  }
};

}  // namespace

TEST_CASE("rollback() reverts newest first down to the target, each with its tracking row", "[rollback]") {
  History h;
  Db db;
  REQUIRE(migbundle::migrate(db, h.bundle.first(2), h.downs.first(2), Options{}).ok());
  const std::string at_2 = app_state(db);
  const Report up = migbundle::migrate(db, h.bundle.bundle(), h.downs.downs(), Options{});
  INFO(up.message());
  REQUIRE(up.ok());
  REQUIRE(up.applied() == 2);
  REQUIRE(db.integer("SELECT count(*) FROM users WHERE first IS NOT NULL") == 2);

  const Report r = migbundle::rollback(db, h.bundle.bundle(), h.downs.downs(), 2, Options{});
  INFO(r.message());
  CHECK(r.ok());
  CHECK(r.reverted() == 2);
  CHECK(r.current_id() == 2);
  CHECK(r.has_applied());
  CHECK(app_state(db) == at_2);
  CHECK(db.integer("SELECT max(id) FROM migbundle_migrations") == 2);
  CHECK(db.integer("SELECT count(*) FROM migbundle_migrations") == 2);

  SECTION("and then forward again") {
    const Report again = migbundle::migrate(db, h.bundle.bundle(), h.downs.downs(), Options{});
    CHECK(again.ok());
    CHECK(again.applied() == 2);
  }
  SECTION("and to nothing with -1") {
    const Report all = migbundle::rollback(db, h.bundle.bundle(), h.downs.downs(), -1, Options{});
    INFO(all.message());
    CHECK(all.ok());
    CHECK(all.reverted() == 2);
    CHECK_FALSE(all.has_applied());
    CHECK(app_state(db).empty());
  }
  SECTION("a second rollback to the same target does nothing") {
    const Report none = migbundle::rollback(db, h.bundle.bundle(), h.downs.downs(), 2, Options{});
    CHECK(none.ok());
    CHECK(none.reverted() == 0);
  }
}

TEST_CASE("migrate() with Downs stores each down with its row; an older table gains the column, losing nothing",
          "[rollback]") {
  History h;
  Db db;
  REQUIRE(migbundle::migrate(db, h.bundle.first(2)).ok());  // a runtime without downs made the table
  const auto before = db.rows("SELECT id, name, checksum, applied_at, execution_ms FROM migbundle_migrations");
  REQUIRE(migbundle::migrate(db, h.bundle.bundle(), h.downs.downs(), Options{}).ok());
  CHECK(db.rows("SELECT id, name, checksum, applied_at, execution_ms FROM migbundle_migrations WHERE id <= 2") ==
        before);
  CHECK(db.text("SELECT down_sql FROM migbundle_migrations WHERE id = 1") == "<null>");  // applied without it
  CHECK(db.text("SELECT down_sql FROM migbundle_migrations WHERE id = 3") == "DROP TABLE notes;\n");
  CHECK(db.text("SELECT down_sql FROM migbundle_migrations WHERE id = 4") == "ALTER TABLE users DROP COLUMN first;\n");
  // And plain migrate() still reads the table.
  const Report plain = migbundle::migrate(db, h.bundle.bundle());
  CHECK(plain.ok());
  CHECK(plain.already_applied() == 4);
}

TEST_CASE("rollback() refuses before reverting anything when a migration has no down", "[rollback]") {
  History h;
  OwnedDowns partial;
  partial.add("DROP TABLE users;\n");
  partial.add_none();  // 2 has none
  partial.add("DROP TABLE notes;\n");
  partial.add("ALTER TABLE users DROP COLUMN first;\n");
  Db db;
  REQUIRE(migbundle::migrate(db, h.bundle.bundle(), partial.downs(), Options{}).ok());
  const std::string before = app_state(db);
  const Report r = migbundle::rollback(db, h.bundle.bundle(), partial.downs(), 0, Options{});
  INFO(r.message());
  CHECK(r.error() == Error::irreversible);
  CHECK(r.reverted() == 0);
  REQUIRE(r.migration() != nullptr);
  CHECK(r.migration()->id == 2);
  CHECK_THAT(r.message(), Contains("0002_seed.sql") && Contains("no down") && Contains("nothing was reverted") &&
                              Contains("roll back to 2"));
  CHECK(app_state(db) == before);
  CHECK(db.integer("SELECT count(*) FROM migbundle_migrations") == 4);
  // Down to 2 needs no down of 2.
  CHECK(migbundle::rollback(db, h.bundle.bundle(), partial.downs(), 2, Options{}).reverted() == 2);
}

TEST_CASE("a down that fails is rolled back; the database stays at the migration it reached", "[rollback]") {
  History h;
  OwnedDowns bad;
  bad.add("DROP TABLE users;\n");
  bad.add("DELETE FROM users;\n");
  bad.add("DROP TABLE notes;\n");
  bad.add("ALTER TABLE users DROP COLUMN first;\nDELETE FROM users;\nDROP TABLE no_such_table;\n");
  Db db;
  REQUIRE(migbundle::migrate(db, h.bundle.bundle(), bad.downs(), Options{}).ok());
  const std::string before = app_state(db);
  const Report r = migbundle::rollback(db, h.bundle.bundle(), bad.downs(), 2, Options{});
  INFO(r.message());
  CHECK(r.error() == Error::migration_failed);
  CHECK(r.reverted() == 0);
  CHECK_THAT(r.message(), Contains("the down of migration 4 failed at line 3, column 1") &&
                              Contains("statement 3") && Contains("no such table") && Contains("rolled back") &&
                              Contains("left at migration 4"));
  CHECK(app_state(db) == before);  // the column and the rows are back
  CHECK(db.integer("SELECT count(*) FROM migbundle_migrations") == 4);
  CHECK(sqlite3_get_autocommit(db) != 0);
}

TEST_CASE("a down that leaves a dangling foreign key is rolled back", "[rollback][foreign_keys]") {
  OwnedBundle bundle;
  OwnedDowns downs;
  bundle.add(1, "parent", "CREATE TABLE parent (id INTEGER PRIMARY KEY);\nINSERT INTO parent VALUES (1);\n");
  downs.add("DROP TABLE parent;\n");
  bundle.add(2, "child", "CREATE TABLE child (p INTEGER REFERENCES parent(id));\nINSERT INTO child VALUES (1);\n");
  downs.add("DROP TABLE child;\n");
  bundle.add(3, "more_parents", "INSERT INTO parent VALUES (2);\n");
  downs.add("DELETE FROM parent;\n");  // wrong: takes parent 1 too, which child references
  Db db;
  REQUIRE(db.exec("PRAGMA foreign_keys = ON") == SQLITE_OK);
  REQUIRE(migbundle::migrate(db, bundle.bundle(), downs.downs(), Options{}).ok());
  const Report r = migbundle::rollback(db, bundle.bundle(), downs.downs(), 2, Options{});
  INFO(r.message());
  CHECK(r.error() == Error::foreign_key_violation);
  CHECK_THAT(r.message(), Contains("the down of migration 3") && Contains("\"child\"") && Contains("rolled back"));
  CHECK(db.count("parent") == 2);
  CHECK(db.integer("PRAGMA foreign_keys") == 1);
  CHECK(db.integer("SELECT count(*) FROM temp.sqlite_master") == 0);
  // The right down goes through, and foreign keys stay on.
  const Report all = migbundle::rollback(db, bundle.bundle(), downs.downs(), 0, Options{});
  CHECK(all.error() == Error::foreign_key_violation);  // still 3 first: nothing else reverted
  CHECK(db.integer("SELECT max(id) FROM migbundle_migrations") == 3);
}

TEST_CASE("revert_unknown: an older binary reverts what it never knew with the stored downs", "[rollback][ab]") {
  History h;
  Db v1_only;
  REQUIRE(migbundle::migrate(v1_only, h.bundle.first(2), h.downs.first(2), Options{}).ok());
  REQUIRE(v1_only.exec("INSERT INTO users (name) VALUES ('app write')") == SQLITE_OK);

  Db db;
  // Image v2 boots: migrates 1..4, the application writes.
  REQUIRE(migbundle::migrate(db, h.bundle.bundle(), h.downs.downs(), Options{}).ok());
  REQUIRE(db.exec("INSERT INTO users (name, first) VALUES ('app write', 'app')") == SQLITE_OK);
  REQUIRE(db.exec("INSERT INTO notes (user_id, body) VALUES (1, 'dropped with its table')") == SQLITE_OK);

  SECTION("image v1 (1..2, no downs of its own) falls back") {
    const OwnedDowns no_downs_v1 = [] {
      OwnedDowns d;
      d.add_none();
      d.add_none();
      return d;
    }();
    Options options;
    options.revert_unknown = true;
    const Report r = migbundle::migrate(db, h.bundle.first(2), no_downs_v1.downs(), options);
    INFO(r.message());
    CHECK(r.ok());
    CHECK(r.reverted() == 2);
    CHECK(r.applied() == 0);
    CHECK(r.current_id() == 2);
    CHECK(app_state(db) == app_state(v1_only));
    // Plain migrate() of v1 is content now.
    CHECK(migbundle::migrate(db, h.bundle.first(2)).ok());

    SECTION("then v2 again migrates it forward") {
      const Report forward = migbundle::migrate(db, h.bundle.bundle(), h.downs.downs(), Options{});
      CHECK(forward.ok());
      CHECK(forward.applied() == 2);
    }
  }
  SECTION("without revert_unknown the older binary refuses, as before") {
    const Report r = migbundle::migrate(db, h.bundle.first(2), h.downs.first(2), Options{});
    CHECK(r.error() == Error::unknown_applied);
    CHECK(r.reverted() == 0);
  }
  SECTION("plain migrate() refuses revert_unknown: it cannot revert") {
    Options options;
    options.revert_unknown = true;
    const std::string before = app_state(db);
    const Report r = migbundle::migrate(db, h.bundle.first(2), options);
    CHECK(r.error() == Error::invalid_argument);
    CHECK_THAT(r.message(), Contains("rollback.hpp"));
    CHECK(app_state(db) == before);
  }
}

TEST_CASE("revert_unknown refuses, changing nothing, when an unknown migration has no stored down",
          "[rollback][ab]") {
  History h;
  OwnedDowns without_4;
  without_4.add("DROP TABLE users;\n");
  without_4.add("DELETE FROM users;\n");
  without_4.add("DROP TABLE notes;\n");
  without_4.add_none();
  Db db;
  REQUIRE(migbundle::migrate(db, h.bundle.bundle(), without_4.downs(), Options{}).ok());
  const std::string before = app_state(db);
  Options options;
  options.revert_unknown = true;
  const Report r = migbundle::migrate(db, h.bundle.first(2), h.downs.first(2), options);
  INFO(r.message());
  CHECK(r.error() == Error::irreversible);
  CHECK_THAT(r.message(), Contains("migration 4 is unknown to this bundle") && Contains("nothing was reverted"));
  CHECK(r.reverted() == 0);
  CHECK(app_state(db) == before);
  CHECK(db.integer("SELECT count(*) FROM migbundle_migrations") == 4);
}

TEST_CASE("rollback() and migrate() refuse Downs of another size", "[rollback]") {
  History h;
  Db db;
  const Report m = migbundle::migrate(db, h.bundle.bundle(), h.downs.first(3), Options{});
  CHECK(m.error() == Error::invalid_argument);
  CHECK(db.schema_objects() == 0);
  const Report r = migbundle::rollback(db, h.bundle.bundle(), h.downs.first(3), 0, Options{});
  CHECK(r.error() == Error::invalid_argument);
}

// Found by fuzz_hostile_database: -1 once meant "all" whatever the ids, and
// swallowed a migration with id -5. The target is taken as given.
TEST_CASE("rollback() takes its target as given, negative ids too", "[rollback]") {
  OwnedBundle bundle;
  OwnedDowns downs;
  bundle.add(-5, "minus", "CREATE TABLE minus (x);\n");
  downs.add("DROP TABLE minus;\n");
  bundle.add(1, "one", "CREATE TABLE one (x);\n");
  downs.add("DROP TABLE one;\n");
  Db db;
  REQUIRE(migbundle::migrate(db, bundle.bundle(), downs.downs(), Options{}).ok());
  const Report above_minus_one = migbundle::rollback(db, bundle.bundle(), downs.downs(), -1, Options{});
  CHECK(above_minus_one.reverted() == 1);
  CHECK(db.has_table("minus"));
  const Report all = migbundle::rollback(db, bundle.bundle(), downs.downs(), INT64_MIN, Options{});
  CHECK(all.reverted() == 1);
  CHECK_FALSE(db.has_table("minus"));
}
