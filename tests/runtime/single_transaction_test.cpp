// Options::single_transaction: every pending migration in one transaction, all
// or nothing for the whole run.
#include <migbundle/migrate.hpp>

#include "support/owned_bundle.hpp"
#include "support/report_printing.hpp"
#include "support/test_db.hpp"

#include <catch2/catch.hpp>

#include <utility>
#include <vector>

using migbundle::Error;
using migbundle::flag_no_transaction;
using migbundle::Migration;
using migbundle::Options;
using migbundle::Phase;
using migbundle_test::checksum_a;
using migbundle_test::checksum_b;
using migbundle_test::checksum_c;
using migbundle_test::checksum_d;
using migbundle_test::Db;
using migbundle_test::MigrationSpec;
using migbundle_test::OwnedBundle;
using Catch::Matchers::Contains;

namespace {

const MigrationSpec m1{1, "0001_one.sql", checksum_a, "CREATE TABLE one (x INTEGER PRIMARY KEY);\n", 0};
const MigrationSpec m2{2, "0002_two.sql", checksum_b, "CREATE TABLE two (x REFERENCES one(x));\n", 0};
const MigrationSpec m3{3, "0003_three.sql", checksum_c, "INSERT INTO one VALUES (1);\n", 0};
const MigrationSpec m3_bad{3, "0003_three.sql", checksum_c,
                          "INSERT INTO one VALUES (1);\nINSERT INTO nowhere VALUES (1);\n", 0};
const MigrationSpec m4_dangling{4, "0004_dangling.sql", checksum_d, "INSERT INTO two VALUES (42);\n", 0};

struct Events {
  std::vector<std::pair<std::int64_t, Phase>> list;
};
void record_event(void* context, const Migration& m, Phase phase) {
  static_cast<Events*>(context)->list.emplace_back(m.id, phase);
}

Options single() {
  Options options;
  options.single_transaction = true;
  return options;
}

}  // namespace

TEST_CASE("single_transaction applies every pending migration and reports each one", "[apply][single_transaction]") {
  Db db;
  const OwnedBundle bundle = {m1, m2, m3};
  Events events;
  Options options = single();
  options.progress = record_event;
  options.progress_context = &events;
  const migbundle::Report r = migbundle::migrate(db, bundle.bundle(), options);
  INFO(r.message());
  REQUIRE(r.ok());
  CHECK(r.applied() == 3);
  CHECK(r.current_id() == 3);
  CHECK(db.count("migbundle_migrations") == 3);
  CHECK(db.count("one") == 1);
  // Each applied migration hears `before` and, after the commit, `after`, both in id order.
  std::vector<std::int64_t> before;
  std::vector<std::int64_t> after;
  for (const auto& e : events.list) (e.second == Phase::before ? before : after).push_back(e.first);
  CHECK(before == std::vector<std::int64_t>{1, 2, 3});
  CHECK(after == std::vector<std::int64_t>{1, 2, 3});
  CHECK(events.list.back().second == Phase::after);

  const migbundle::Report again = migbundle::migrate(db, bundle.bundle(), options);
  CHECK(again.ok());
  CHECK(again.applied() == 0);
  CHECK(again.already_applied() == 3);
}

TEST_CASE("single_transaction rolls back the whole run when one migration fails", "[failure][single_transaction]") {
  Db db;
  const OwnedBundle first = {m1};
  REQUIRE(migbundle::migrate(db, first.bundle()).ok());

  const OwnedBundle bundle = {m1, m2, m3_bad};
  const migbundle::Report r = migbundle::migrate(db, bundle.bundle(), single());
  INFO(r.message());
  CHECK(r.error() == Error::migration_failed);
  REQUIRE(r.migration() != nullptr);
  CHECK(r.migration()->id == 3);
  CHECK(r.line() == 2);
  CHECK(r.applied() == 0);
  CHECK(r.current_id() == 1);
  CHECK_THAT(r.message(), Contains("0003_three.sql:2:"));
  CHECK_THAT(r.message(), Contains("left at migration 1"));
  CHECK_FALSE(db.has_table("two"));  // migration 2 ran, then went with the rest
  CHECK(db.count("one") == 0);
  CHECK(db.count("migbundle_migrations") == 1);
  CHECK(sqlite3_get_autocommit(db) != 0);
}

TEST_CASE("single_transaction refuses a pending no-transaction migration before running anything",
          "[failure][single_transaction]") {
  const OwnedBundle bundle = {
      m1, {2, "0002_vacuum.sql", checksum_b, "VACUUM;\n", flag_no_transaction}};
  Db db;
  const migbundle::Report r = migbundle::migrate(db, bundle.bundle(), single());
  INFO(r.message());
  CHECK(r.error() == Error::invalid_argument);
  CHECK_THAT(r.message(), Contains("0002_vacuum.sql"));
  CHECK_THAT(r.message(), Contains("no-transaction"));
  CHECK(db.schema_objects() == 0);
}

TEST_CASE("single_transaction with foreign keys on checks them before the one commit", "[failure][single_transaction]") {
  Db db;
  REQUIRE(db.exec("PRAGMA foreign_keys = ON") == SQLITE_OK);
  const OwnedBundle bundle = {m1, m2, m3, m4_dangling};
  const migbundle::Report r = migbundle::migrate(db, bundle.bundle(), single());
  INFO(r.message());
  CHECK(r.error() == Error::foreign_key_violation);
  CHECK_THAT(r.message(), Contains("\"two\""));
  CHECK(r.applied() == 0);
  CHECK_FALSE(db.has_table("one"));
  CHECK(db.integer("PRAGMA foreign_keys") == 1);

  const migbundle::Report fine = migbundle::migrate(db, bundle.first(3), single());
  INFO(fine.message());
  CHECK(fine.ok());
  CHECK(fine.applied() == 3);
  CHECK(db.integer("PRAGMA foreign_keys") == 1);
}

TEST_CASE("single_transaction reports only what it applied, not migrations applied out of order before it",
          "[apply][single_transaction]") {
  Db db;
  const MigrationSpec m5{5, "0005_five.sql", checksum_d, "CREATE TABLE five (x);\n", 0};
  const OwnedBundle released = {m1, m3, m5};  // 2 and 4 come from a branch merged later
  REQUIRE(migbundle::migrate(db, released.bundle()).ok());
  const OwnedBundle merged = {m1,
                              m2,
                              m3,
                              {4, "0004_four.sql", checksum_a, "CREATE TABLE four (x);\n", 0},
                              m5};
  Events events;
  Options options = single();
  options.allow_out_of_order = true;
  options.progress = record_event;
  options.progress_context = &events;
  const migbundle::Report r = migbundle::migrate(db, merged.bundle(), options);
  INFO(r.message());
  REQUIRE(r.ok());
  CHECK(r.applied() == 2);
  CHECK(r.already_applied() == 3);
  CHECK(r.pending() == 0);
  std::vector<std::int64_t> before;
  std::vector<std::int64_t> after;
  for (const auto& e : events.list) (e.second == Phase::before ? before : after).push_back(e.first);
  CHECK(before == std::vector<std::int64_t>{2, 4});
  CHECK(after == std::vector<std::int64_t>{2, 4});
  CHECK(db.count("migbundle_migrations") == 5);
}
