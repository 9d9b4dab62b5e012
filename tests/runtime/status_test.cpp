// migbundle::status(): where a database stands against a bundle, read-only.
#include <migbundle/migrate.hpp>
#include <migbundle/status.hpp>

#include "support/owned_bundle.hpp"
#include "support/report_printing.hpp"
#include "support/test_db.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using migbundle::Bundle;
using migbundle::Error;
using migbundle::Migration;
using migbundle::MigrationState;
using migbundle::Options;
using migbundle::StatusEntry;
using migbundle_test::checksum_a;
using migbundle_test::checksum_b;
using migbundle_test::checksum_c;
using migbundle_test::checksum_e;
using Catch::Matchers::Contains;
using migbundle_test::Db;
using migbundle_test::MigrationSpec;
using migbundle_test::OwnedBundle;

namespace {

const MigrationSpec m1{1, "0001_one.sql", checksum_a, "CREATE TABLE one (x);", 0};
const MigrationSpec m2{2, "0002_two.sql", checksum_b, "CREATE TABLE two (x);", 0};
const MigrationSpec m3{3, "0003_three.sql", checksum_c, "CREATE TABLE three (x);", 0};

/// A copy of one entry: StatusEntry's views are valid during the callback only.
struct Seen {
  MigrationState state;
  std::int64_t id;
  const Migration* migration;
  std::string recorded_name;
  std::string recorded_checksum;
  std::string applied_at;
  std::int64_t execution_ms;
};

void collect(void* context, const StatusEntry& e) {
  static_cast<std::vector<Seen>*>(context)->push_back(Seen{e.state, e.id, e.migration, std::string(e.recorded_name),
                                                            std::string(e.recorded_checksum), std::string(e.applied_at),
                                                            e.execution_ms});
}

std::vector<Seen> status_of(const Db& db, const Bundle& bundle, migbundle::Report& report,
                            const Options& options = Options{}) {
  std::vector<Seen> seen;
  report = migbundle::status(db, bundle, options, collect, &seen);
  return seen;
}

}  // namespace

TEST_CASE("status of a fresh database lists everything pending and creates nothing", "[status]") {
  Db db;
  const OwnedBundle all = {m1, m2, m3};
  migbundle::Report r;
  const auto seen = status_of(db, all.bundle(), r);
  INFO(r.message());
  CHECK(r.ok());
  CHECK(r.already_applied() == 0);
  CHECK(r.current_id() == 0);
  REQUIRE(seen.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(seen[i].state == MigrationState::pending);
    CHECK(seen[i].id == all[i].id);
    CHECK(seen[i].migration == &all[i]);
    CHECK(seen[i].recorded_checksum.empty());
    CHECK(seen[i].applied_at.empty());
  }
  CHECK(db.schema_objects() == 0);
}

TEST_CASE("status lists applied, pending, modified and unknown migrations in id order", "[status]") {
  Db db;
  const OwnedBundle applied = {m1, m2, m3};
  REQUIRE(migbundle::migrate(db, applied.bundle()).ok());
  REQUIRE(db.exec("INSERT INTO migbundle_migrations VALUES (7, 'from_newer', 'ffff', '2030-01-01T00:00:00.000Z', 12)") ==
          SQLITE_OK);

  const OwnedBundle bundle = {
      m1, {2, "0002_two.sql", checksum_e, "CREATE TABLE two (x, y);", 0}, {5, "0005_five.sql", checksum_a, "", 0}};
  migbundle::Report r;
  const auto seen = status_of(db, bundle.bundle(), r);
  INFO(r.message());
  CHECK(r.ok());  // a status reports trouble through the entries, it does not fail
  REQUIRE(seen.size() == 5);

  CHECK(seen[0].id == 1);
  CHECK(seen[0].state == MigrationState::applied);
  CHECK(seen[0].recorded_name == "one");
  CHECK(seen[0].recorded_checksum == migbundle::checksum_hex(bundle[0]).view());
  CHECK_FALSE(seen[0].applied_at.empty());
  CHECK(seen[0].execution_ms >= 0);

  CHECK(seen[1].id == 2);
  CHECK(seen[1].state == MigrationState::modified);
  CHECK(seen[1].recorded_checksum == std::string(64, 'b'));  // checksum_b in hex
  CHECK(seen[1].migration == &bundle[1]);

  CHECK(seen[2].id == 3);
  CHECK(seen[2].state == MigrationState::unknown);
  CHECK(seen[2].migration == nullptr);
  CHECK(seen[2].recorded_name == "three");

  CHECK(seen[3].id == 5);
  CHECK(seen[3].state == MigrationState::pending);

  CHECK(seen[4].id == 7);
  CHECK(seen[4].state == MigrationState::unknown);
  CHECK(seen[4].applied_at == "2030-01-01T00:00:00.000Z");
  CHECK(seen[4].execution_ms == 12);

  CHECK(r.current_id() == 7);
  CHECK(db.count("migbundle_migrations") == 4);  // read only
  CHECK_FALSE(db.has_table("five"));
}

TEST_CASE("status honours a custom tracking table and refuses a bad name", "[status]") {
  Db db;
  Options options;
  options.table = "history_t";
  const OwnedBundle bundle = {m1, m2};
  REQUIRE(migbundle::migrate(db, bundle.first(1), options).ok());
  migbundle::Report r;
  const auto seen = status_of(db, bundle.bundle(), r, options);
  CHECK(r.ok());
  REQUIRE(seen.size() == 2);
  CHECK(seen[0].state == MigrationState::applied);
  CHECK(seen[1].state == MigrationState::pending);

  options.table = "x;drop";
  const auto refused = status_of(db, bundle.bundle(), r, options);
  CHECK(r.error() == Error::invalid_argument);
  CHECK(refused.empty());

  const migbundle::Report null_db = migbundle::status(nullptr, bundle.bundle(), Options{}, nullptr, nullptr);
  CHECK(null_db.error() == Error::invalid_argument);
  CHECK(std::string(null_db.message()) == "error: migbundle::status: the database handle is null");
  CHECK(std::string(null_db.explanation()) == "migbundle::status: the database handle is null");
}

TEST_CASE("status reports a tracking table it cannot read, with SQLite's code and message", "[status]") {
  Db db;
  const OwnedBundle bundle = {m1};
  Options options;
  options.schema = "nowhere";  // no database attached by that name
  const migbundle::Report r = migbundle::status(db, bundle.bundle(), options, nullptr, nullptr);
  CHECK(r.error() == Error::sqlite);
  CHECK(r.sqlite_code() == SQLITE_ERROR);
  CHECK_THAT(r.message(), Catch::Matchers::StartsWith("error: could not read the migration history: "));
  CHECK_THAT(r.explanation(), Catch::Matchers::StartsWith("could not read the migration history: no such table: nowhere."));
}

TEST_CASE("status refuses a tracking table that migbundle did not make", "[status][tracking]") {
  Db db;
  REQUIRE(db.exec("CREATE TABLE migbundle_migrations (id INTEGER PRIMARY KEY)") == SQLITE_OK);
  const OwnedBundle bundle = {m1};
  int calls = 0;
  const migbundle::Report r = migbundle::status(
      db, bundle.bundle(), Options{}, [](void* c, const migbundle::StatusEntry&) { ++*static_cast<int*>(c); }, &calls);
  INFO(r.message());
  CHECK(r.error() == Error::invalid_history);
  CHECK(calls == 0);
  CHECK_THAT(r.message(), Contains("\"main\".\"migbundle_migrations\" is not migbundle's tracking table"));
  CHECK_THAT(r.message(), Contains("a table (id INTEGER PRIMARY KEY)"));
}

TEST_CASE("status works without a callback", "[status]") {
  Db db;
  const OwnedBundle bundle = {m1, m2};
  REQUIRE(migbundle::migrate(db, bundle.bundle()).ok());
  const migbundle::Report r = migbundle::status(db, bundle.bundle(), Options{}, nullptr, nullptr);
  CHECK(r.ok());
  CHECK(r.already_applied() == 2);
  CHECK(r.current_id() == 2);
}
