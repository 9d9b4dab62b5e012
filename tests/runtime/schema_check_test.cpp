// check_schema() and for_each_schema_object() (migbundle/schema.hpp): the
// schema a bundle's migrations give, taken from a reference database the way
// the generator takes it, against databases changed behind the migrations'
// back. Each change is reported by name and kind; an untouched database is
// clean; nothing is ever changed.
#include <migbundle/migrate.hpp>
#include <migbundle/schema.hpp>

#include "support/owned_bundle.hpp"
#include "support/test_db.hpp"

#include <catch2/catch.hpp>

#include <deque>
#include <string>
#include <vector>

using Catch::Matchers::Contains;
using migbundle::Drift;
using migbundle::DriftEntry;
using migbundle::Error;
using migbundle::LiveSchemaObject;
using migbundle::Options;
using migbundle::Report;
using migbundle::Schema;
using migbundle::SchemaObject;
using migbundle_test::Db;
using migbundle_test::OwnedBundle;

namespace {

OwnedBundle app_bundle() {
  OwnedBundle bundle;
  bundle.add(1, "users",
             "CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL UNIQUE, name TEXT);\n"
             "CREATE INDEX users_by_name ON users (name);\n");
  bundle.add(2, "tasks",
             "CREATE TABLE tasks (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id), title TEXT);\n"
             "CREATE TRIGGER tasks_title AFTER INSERT ON tasks BEGIN UPDATE tasks SET title = trim(title) "
             "WHERE id = NEW.id; END;\n"
             "CREATE VIEW open_tasks AS SELECT * FROM tasks;\n");
  bundle.add(3, "done", "ALTER TABLE tasks ADD COLUMN done INTEGER NOT NULL DEFAULT 0;\n");
  return bundle;
}

/// The schema a bundle gives, as the generator embeds it: every migration
/// applied to a new database, then its objects listed.
class ReferenceSchema {
 public:
  explicit ReferenceSchema(const OwnedBundle& bundle, const Options& options = {}) {
    Db db;
    REQUIRE(migbundle::migrate(db, bundle.bundle(), options).ok());
    const Report listed = migbundle::for_each_schema_object(
        db, options,
        [](void* self, const LiveSchemaObject& o) {
          auto& me = *static_cast<ReferenceSchema*>(self);
          me.types_.emplace_back(o.type);
          me.names_.emplace_back(o.name);
          me.objects_.push_back({me.types_.back().c_str(), me.names_.back().c_str(), o.fingerprint});
        },
        this);
    REQUIRE(listed.ok());
  }
  [[nodiscard]] Schema schema() const { return Schema{objects_.data(), objects_.size()}; }
  [[nodiscard]] std::vector<std::string> names() const { return {names_.begin(), names_.end()}; }

 private:
  std::deque<std::string> types_;
  std::deque<std::string> names_;
  std::vector<SchemaObject> objects_;
};

struct Found {
  std::vector<std::string> entries;  ///< "<kind> <type> <name>"
  static void add(void* self, const DriftEntry& e) {
    const char* kind = e.kind == Drift::missing ? "missing" : e.kind == Drift::extra ? "extra" : "different";
    static_cast<Found*>(self)->entries.push_back(std::string(kind) + " " + std::string(e.type) + " " +
                                                 std::string(e.name));
  }
};

/// A database at the bundle's newest migration.
Db migrated(const OwnedBundle& bundle) {
  Db db;
  REQUIRE(migbundle::migrate(db, bundle.bundle()).ok());
  return db;
}

std::string schema_text(const Db& db) {
  std::string out;
  for (const auto& row : db.rows("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")) {
    out += row[0] + " " + row[1] + " " + row[2] + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("the schema is listed in a fixed order, without SQLite's objects and the tracking table", "[schema]") {
  const OwnedBundle bundle = app_bundle();
  const ReferenceSchema reference(bundle);
  // Tables, indexes, views, triggers, each by name; no sqlite_sequence, no
  // sqlite_autoindex_users_1, no migbundle_migrations.
  CHECK(reference.names() == std::vector<std::string>{"tasks", "users", "users_by_name", "open_tasks", "tasks_title"});
}

TEST_CASE("an untouched database is clean, and the fingerprints are the same on every new database", "[schema]") {
  const OwnedBundle bundle = app_bundle();
  const ReferenceSchema reference(bundle);
  const Db db = migrated(bundle);
  Found found;
  const Report r = migbundle::check_schema(db, reference.schema(), Options{}, Found::add, &found);
  CHECK(r.ok());
  CHECK(std::string(r.message()).empty());
  CHECK(found.entries.empty());
}

TEST_CASE("a hand-made index, a dropped trigger and an altered column are each named", "[schema]") {
  const OwnedBundle bundle = app_bundle();
  const ReferenceSchema reference(bundle);

  SECTION("a hand-made index is extra") {
    const Db db = migrated(bundle);
    REQUIRE(db.exec("CREATE INDEX hand_made ON tasks (title)") == SQLITE_OK);
    const std::string before = schema_text(db);
    Found found;
    const Report r = migbundle::check_schema(db, reference.schema(), Options{}, Found::add, &found);
    CHECK(r.error() == Error::drift);
    CHECK(found.entries == std::vector<std::string>{"extra index hand_made"});
    CHECK_THAT(r.message(), Contains("0 object(s) missing, 1 extra, 0 different; the first: index `hand_made` is not "
                                     "in the migrations"));
    CHECK(schema_text(db) == before);  // nothing changed
  }
  SECTION("a dropped trigger is missing") {
    const Db db = migrated(bundle);
    REQUIRE(db.exec("DROP TRIGGER tasks_title") == SQLITE_OK);
    Found found;
    const Report r = migbundle::check_schema(db, reference.schema(), Options{}, Found::add, &found);
    CHECK(r.error() == Error::drift);
    CHECK(found.entries == std::vector<std::string>{"missing trigger tasks_title"});
    CHECK_THAT(r.message(), Contains("trigger `tasks_title` is missing"));
  }
  SECTION("an altered column makes its table different") {
    const Db db = migrated(bundle);
    REQUIRE(db.exec("ALTER TABLE users RENAME COLUMN name TO full_name") == SQLITE_OK);
    Found found;
    const Report r = migbundle::check_schema(db, reference.schema(), Options{}, Found::add, &found);
    CHECK(r.error() == Error::drift);
    // The rename rewrites the index on that column too: both are named.
    CHECK(found.entries == std::vector<std::string>{"different table users", "different index users_by_name"});
    CHECK_THAT(r.message(), Contains("table `users` differs from the migrations'"));
  }
  SECTION("all at once, in the listing's order, with the counts") {
    const Db db = migrated(bundle);
    REQUIRE(db.exec("DROP VIEW open_tasks; CREATE TABLE audit (at TEXT); "
                    "ALTER TABLE tasks ADD COLUMN note TEXT") == SQLITE_OK);
    Found found;
    const Report r = migbundle::check_schema(db, reference.schema(), Options{}, Found::add, &found);
    CHECK(found.entries ==
          std::vector<std::string>{"extra table audit", "different table tasks", "missing view open_tasks"});
    CHECK_THAT(r.message(), Contains("1 object(s) missing, 1 extra, 1 different; the first: table `audit`"));
  }
}

TEST_CASE("pending migrations show as drift: check after migrate()", "[schema]") {
  const OwnedBundle bundle = app_bundle();
  const ReferenceSchema reference(bundle);
  Db db;
  Options up_to_2;
  up_to_2.target_id = 2;
  REQUIRE(migbundle::migrate(db, bundle.bundle(), up_to_2).ok());
  Found found;
  CHECK(migbundle::check_schema(db, reference.schema(), Options{}, Found::add, &found).error() == Error::drift);
  CHECK(found.entries == std::vector<std::string>{"different table tasks"});
  REQUIRE(migbundle::migrate(db, bundle.bundle()).ok());
  CHECK(migbundle::check_schema(db, reference.schema(), Options{}, nullptr, nullptr).ok());
}

TEST_CASE("another tracking table name and an attached schema are honoured", "[schema]") {
  const OwnedBundle bundle = app_bundle();
  Options options;
  options.table = "history";
  const ReferenceSchema reference(bundle, options);
  CHECK(reference.names().size() == 5);  // `history` left out like migbundle_migrations
  Db db;
  REQUIRE(migbundle::migrate(db, bundle.bundle(), options).ok());
  CHECK(migbundle::check_schema(db, reference.schema(), options, nullptr, nullptr).ok());
  // Looked at with the default table name, `history` is a table the migrations do not give.
  Found found;
  CHECK_FALSE(migbundle::check_schema(db, reference.schema(), Options{}, Found::add, &found).ok());
  CHECK(found.entries == std::vector<std::string>{"extra table history"});

  // An attached database is read through its schema name.
  REQUIRE(db.exec("ATTACH ':memory:' AS aux") == SQLITE_OK);
  Options aux = options;
  aux.schema = "aux";
  Found in_aux;
  CHECK(migbundle::check_schema(db, reference.schema(), aux, Found::add, &in_aux).error() == Error::drift);
  CHECK(in_aux.entries.size() == 5);  // everything missing there
}

TEST_CASE("bad arguments are refused without reading", "[schema]") {
  const OwnedBundle bundle = app_bundle();
  const ReferenceSchema reference(bundle);
  CHECK(migbundle::check_schema(nullptr, reference.schema(), Options{}, nullptr, nullptr).error() ==
        Error::invalid_argument);
  Options bad;
  bad.table = "no such; table";
  const Db db = migrated(bundle);
  CHECK(migbundle::check_schema(db, reference.schema(), bad, nullptr, nullptr).error() == Error::invalid_argument);
  CHECK(migbundle::check_schema(db, Schema{nullptr, 3}, Options{}, nullptr, nullptr).error() ==
        Error::invalid_argument);
}

TEST_CASE("the fingerprint covers type, name, table and SQL, each apart", "[schema]") {
  using migbundle::schema_fingerprint;
  const auto base = schema_fingerprint("index", "i", "t", "CREATE INDEX i ON t (a)");
  CHECK(base == schema_fingerprint("index", "i", "t", "CREATE INDEX i ON t (a)"));
  CHECK(base != schema_fingerprint("index", "i", "t", "CREATE INDEX i ON t (b)"));
  CHECK(base != schema_fingerprint("table", "i", "t", "CREATE INDEX i ON t (a)"));
  CHECK(base != schema_fingerprint("index", "it", "", "CREATE INDEX i ON t (a)"));  // the separator counts
  // FNV-1a 64 of "a\0b\0c\0d", computed by hand from the definition.
  std::uint64_t h = 14695981039346656037ull;
  for (const char c : std::string("a\0b\0c\0d", 7)) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  CHECK(schema_fingerprint("a", "b", "c", "d") == h);
}
