// A bundle whose first migration is a baseline (`migbundle squash`): a new
// database applies it, one that applied the migrations it squashes keeps them
// and goes on, one that stops below it is refused and left as it was.
#include <migbundle/migrate.hpp>
#include <migbundle/status.hpp>

#include "support/owned_bundle.hpp"
#include "support/report_printing.hpp"
#include "support/test_db.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using migbundle::Error;
using migbundle::MigrationState;
using migbundle::StatusEntry;
using migbundle_test::checksum_a;
using migbundle_test::checksum_b;
using migbundle_test::checksum_c;
using migbundle_test::checksum_d;
using migbundle_test::checksum_e;
using Catch::Matchers::Contains;
using migbundle_test::Db;
using migbundle_test::MigrationSpec;
using migbundle_test::OwnedBundle;

namespace {

const MigrationSpec m1{1, "0001_one.sql", checksum_a, "CREATE TABLE one (x);", 0};
const MigrationSpec m2{2, "0002_two.sql", checksum_b, "CREATE TABLE two (x); INSERT INTO two VALUES (2);", 0};
const MigrationSpec m3{3, "0003_three.sql", checksum_c, "CREATE TABLE three (x);", 0};
/// What squashing 1..3 gives: the same schema and rows, at id 3.
const MigrationSpec baseline{3, "0003_baseline.sql", checksum_d,
                             "CREATE TABLE one (x); CREATE TABLE two (x); CREATE TABLE three (x); "
                             "INSERT INTO two VALUES (2);",
                             migbundle::flag_baseline};
const MigrationSpec m4{4, "0004_four.sql", checksum_e, "CREATE TABLE four (x);", 0};

struct Seen {
  MigrationState state;
  std::int64_t id;
  const migbundle::Migration* migration;
};

std::vector<Seen> status_of(const Db& db, const OwnedBundle& bundle) {
  std::vector<Seen> seen;
  const migbundle::Report report = migbundle::status(
      db, bundle.bundle(), migbundle::Options{},
      [](void* context, const StatusEntry& e) {
        static_cast<std::vector<Seen>*>(context)->push_back(Seen{e.state, e.id, e.migration});
      },
      &seen);
  REQUIRE(report.ok());
  return seen;
}

}  // namespace

TEST_CASE("a new database applies the baseline, then what follows it", "[baseline]") {
  Db db;
  const OwnedBundle squashed = {baseline, m4};
  const migbundle::Report r = migbundle::migrate(db, squashed.bundle());
  INFO(r.message());
  REQUIRE(r.ok());
  CHECK(r.applied() == 2);
  CHECK(r.current_id() == 4);
  CHECK(db.text("SELECT group_concat(id || ':' || name, ' ') FROM migbundle_migrations") == "3:baseline 4:four");
  CHECK(db.integer("SELECT x FROM two") == 2);

  const auto seen = status_of(db, squashed);
  REQUIRE(seen.size() == 2);
  CHECK(seen[0].state == MigrationState::applied);
  CHECK(seen[1].state == MigrationState::applied);
}

TEST_CASE("a database that applied the squashed migrations keeps its history and goes on", "[baseline]") {
  Db db;
  const OwnedBundle before = {m1, m2, m3};
  REQUIRE(migbundle::migrate(db, before.bundle()).ok());

  const OwnedBundle squashed = {baseline, m4};
  const migbundle::Report r = migbundle::migrate(db, squashed.bundle());
  INFO(r.message());
  REQUIRE(r.ok());
  CHECK(r.applied() == 1);
  CHECK(r.already_applied() == 3);
  CHECK(r.current_id() == 4);
  CHECK(db.has_table("four"));
  CHECK(db.count("two") == 1);  // the baseline did not run again
  CHECK(db.text("SELECT group_concat(id || ':' || name, ' ') FROM migbundle_migrations") ==
        "1:one 2:two 3:three 4:four");

  const auto seen = status_of(db, squashed);
  REQUIRE(seen.size() == 4);
  CHECK(seen[0].state == MigrationState::squashed);
  CHECK(seen[0].migration == nullptr);
  CHECK(seen[1].state == MigrationState::squashed);
  CHECK(seen[2].state == MigrationState::squashed);  // 3 as `three`: the migration the baseline replaced
  CHECK(seen[2].migration == &squashed[0]);
  CHECK(seen[3].state == MigrationState::applied);

  // Up to date: a second run applies nothing.
  const migbundle::Report again = migbundle::migrate(db, squashed.bundle());
  REQUIRE(again.ok());
  CHECK(again.applied() == 0);
  CHECK(again.already_applied() == 4);
}

TEST_CASE("a database that stops below the baseline is refused and left as it was", "[baseline]") {
  Db db;
  const OwnedBundle older = {m1, m2};
  REQUIRE(migbundle::migrate(db, older.bundle()).ok());
  const std::string history_before = db.text("SELECT group_concat(id || checksum || applied_at) FROM migbundle_migrations");

  const OwnedBundle squashed = {baseline, m4};
  const migbundle::Report r = migbundle::migrate(db, squashed.bundle());
  CHECK(r.error() == Error::below_baseline);
  CHECK(std::string(migbundle::error_name(r.error())) == "below_baseline");
  CHECK_THAT(r.message(), Contains("0003_baseline.sql") && Contains("stops at migration 2") &&
                              Contains("release built before the squash") &&
                              Contains("baseline of migrations up to 3"));
  CHECK(r.applied() == 0);
  CHECK(r.current_id() == 2);
  CHECK_FALSE(db.has_table("three"));
  CHECK_FALSE(db.has_table("four"));
  CHECK(db.text("SELECT group_concat(id || checksum || applied_at) FROM migbundle_migrations") == history_before);
}

TEST_CASE("a baseline edited after a database applied it is still an edit", "[baseline]") {
  Db db;
  const OwnedBundle first = {baseline};
  REQUIRE(migbundle::migrate(db, first.bundle()).ok());
  MigrationSpec edited = baseline;
  edited.checksum = checksum_a;
  const OwnedBundle changed = {edited, m4};
  const migbundle::Report r = migbundle::migrate(db, changed.bundle());
  CHECK(r.error() == Error::checksum_mismatch);
  CHECK_FALSE(db.has_table("four"));
}

TEST_CASE("a history newer than the bundle is still refused beside squashed rows", "[baseline]") {
  Db db;
  const OwnedBundle newer = {m1, m2, m3, m4, {5, "0005_five.sql", checksum_a, "CREATE TABLE five (x);", 0}};
  REQUIRE(migbundle::migrate(db, newer.bundle()).ok());
  const OwnedBundle squashed = {baseline, m4};
  const migbundle::Report r = migbundle::migrate(db, squashed.bundle());
  CHECK(r.error() == Error::unknown_applied);
  CHECK_THAT(r.message(), Contains("id 5"));
}

TEST_CASE("without a baseline, ids below the bundle's first are unknown as before", "[baseline]") {
  Db db;
  const OwnedBundle before = {m1, m2, m3};
  REQUIRE(migbundle::migrate(db, before.bundle()).ok());
  MigrationSpec plain = baseline;
  plain.flags = 0;
  const OwnedBundle not_squashed = {plain, m4};
  const migbundle::Report r = migbundle::migrate(db, not_squashed.bundle());
  CHECK(r.error() == Error::checksum_mismatch);  // 3 recorded as `three`: an edit, not a squash
  CHECK_FALSE(db.has_table("four"));
}

TEST_CASE("error_name names every Error, and no other value", "[report]") {
  const std::vector<std::string> names = {
      "none",         "invalid_argument",      "sqlite",          "migration_failed", "checksum_mismatch",
      "unknown_applied", "out_of_order",       "foreign_key_violation", "invalid_history", "read_only",
      "adoption_refused", "irreversible",      "drift",           "below_baseline"};
  for (std::size_t k = 0; k < names.size(); ++k) {
    CHECK(migbundle::error_name(static_cast<Error>(k)) == names[k]);
  }
  CHECK(std::string(migbundle::error_name(static_cast<Error>(names.size()))) == "unknown");
  static_assert(migbundle::error_name(Error::drift)[0] == 'd', "error_name() is usable in constant expressions");
}
