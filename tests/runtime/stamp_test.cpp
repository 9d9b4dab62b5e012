// migrate() with a history stamp (migbundle/stamp.hpp): an up-to-date start
// reads one header field and nothing else; any other start reads the whole
// history, and what a stamped start cannot see, a full read does.
#include <migbundle/history_digest.hpp>
#include <migbundle/migrate.hpp>
#include <migbundle/stamp.hpp>
#include <migbundle/status.hpp>

#include "support/owned_bundle.hpp"
#include "support/report_printing.hpp"
#include "support/test_db.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using migbundle::Error;
using migbundle::Options;
using migbundle::StampField;
using migbundle_test::checksum_a;
using migbundle_test::checksum_b;
using migbundle_test::checksum_c;
using migbundle_test::Db;
using migbundle_test::MigrationSpec;
using migbundle_test::OwnedBundle;

namespace {

const MigrationSpec m1{1, "0001_one.sql", checksum_a, "CREATE TABLE one (x);", 0};
const MigrationSpec m2{2, "0002_two.sql", checksum_b, "CREATE TABLE two (x);", 0};
const MigrationSpec m3{3, "0003_three.sql", checksum_c, "CREATE TABLE three (x);", 0};

/// Every statement a connection runs, as SQLite's trace reports it (nested ones too).
class StatementLog {
 public:
  explicit StatementLog(sqlite3* db) : db_(db) {
    sqlite3_trace_v2(db, SQLITE_TRACE_STMT, &StatementLog::record, this);
  }
  StatementLog(const StatementLog&) = delete;
  StatementLog& operator=(const StatementLog&) = delete;
  ~StatementLog() { sqlite3_trace_v2(db_, 0, nullptr, nullptr); }
  [[nodiscard]] const std::vector<std::string>& statements() const { return statements_; }

 private:
  static int record(unsigned, void* context, void*, void* text) {
    static_cast<StatementLog*>(context)->statements_.emplace_back(static_cast<const char*>(text));
    return 0;
  }
  sqlite3* db_;
  std::vector<std::string> statements_;
};

std::int64_t user_version(const Db& db) { return db.integer("PRAGMA user_version"); }

}  // namespace

TEST_CASE("a stamped migrate() applies, stamps, and then starts by reading the stamp alone", "[stamp]") {
  Db db;
  const OwnedBundle bundle = {m1, m2, m3};
  const std::int32_t stamp = migbundle::history_stamp(bundle.bundle(), Options{});
  CHECK(stamp > 0);

  const migbundle::Report first = migbundle::migrate(db, bundle.bundle(), Options{}, StampField::user_version);
  INFO(first.message());
  REQUIRE(first.ok());
  CHECK(first.applied() == 3);
  CHECK(user_version(db) == stamp);

  StatementLog log(db);
  const migbundle::Report again = migbundle::migrate(db, bundle.bundle(), Options{}, StampField::user_version);
  REQUIRE(again.ok());
  CHECK(again.applied() == 0);
  CHECK(again.already_applied() == 3);
  CHECK(again.current_id() == 3);
  CHECK(again.pending() == 0);
  // One statement, the header field: no tracking table, no schema.
  REQUIRE(log.statements().size() == 1);
  CHECK(log.statements()[0] == "PRAGMA \"main\".user_version");
}

TEST_CASE("a new bundle's stamp differs: the whole history is read, the new migration applied, the stamp moved",
          "[stamp]") {
  Db db;
  const OwnedBundle older = {m1, m2};
  REQUIRE(migbundle::migrate(db, older.bundle(), Options{}, StampField::user_version).ok());
  const std::int64_t old_stamp = user_version(db);

  const OwnedBundle newer = {m1, m2, m3};
  CHECK(migbundle::history_stamp(newer.bundle(), Options{}) != old_stamp);
  StatementLog log(db);
  const migbundle::Report r = migbundle::migrate(db, newer.bundle(), Options{}, StampField::user_version);
  REQUIRE(r.ok());
  CHECK(r.applied() == 1);
  CHECK(db.has_table("three"));
  CHECK(log.statements().size() > 3);  // the tracking table read, the migration, the new stamp
  CHECK(user_version(db) == migbundle::history_stamp(newer.bundle(), Options{}));
}

TEST_CASE("what a stamped start cannot see, a full read does: a tracking table edited by hand", "[stamp]") {
  Db db;
  const OwnedBundle bundle = {m1, m2, m3};
  REQUIRE(migbundle::migrate(db, bundle.bundle(), Options{}, StampField::user_version).ok());
  REQUIRE(db.exec("DELETE FROM migbundle_migrations WHERE id = 2") == SQLITE_OK);

  // The stamp still matches: the stamped start trusts it (the documented trade-off).
  const migbundle::Report trusted = migbundle::migrate(db, bundle.bundle(), Options{}, StampField::user_version);
  CHECK(trusted.ok());
  // Plain migrate() reads the history: 2 pending below 3.
  const migbundle::Report full = migbundle::migrate(db, bundle.bundle());
  CHECK(full.error() == Error::out_of_order);
  // And so does status().
  int pending = 0;
  REQUIRE(migbundle::status(
              db, bundle.bundle(), Options{},
              [](void* context, const migbundle::StatusEntry& e) {
                if (e.state == migbundle::MigrationState::pending) ++*static_cast<int*>(context);
              },
              &pending)
              .ok());
  CHECK(pending == 1);
}

TEST_CASE("a field the application wrote is not a stamp: the whole history is read and the field taken back",
          "[stamp]") {
  Db db;
  const OwnedBundle bundle = {m1, m2};
  REQUIRE(migbundle::migrate(db, bundle.bundle(), Options{}, StampField::application_id).ok());
  CHECK(db.integer("PRAGMA application_id") == migbundle::history_stamp(bundle.bundle(), Options{}));
  CHECK(user_version(db) == 0);  // the other field is left alone
  REQUIRE(db.exec("PRAGMA application_id = 42") == SQLITE_OK);
  StatementLog log(db);
  const migbundle::Report r = migbundle::migrate(db, bundle.bundle(), Options{}, StampField::application_id);
  REQUIRE(r.ok());
  CHECK(r.applied() == 0);
  CHECK(log.statements().size() > 1);
  CHECK(db.integer("PRAGMA application_id") == migbundle::history_stamp(bundle.bundle(), Options{}));
}

TEST_CASE("a stamped start refuses what migrate() refuses, and stamps nothing then", "[stamp]") {
  Db db;
  const OwnedBundle newer = {m1, m2, m3};
  REQUIRE(migbundle::migrate(db, newer.bundle()).ok());
  const OwnedBundle older = {m1, m2};
  const migbundle::Report r = migbundle::migrate(db, older.bundle(), Options{}, StampField::user_version);
  CHECK(r.error() == Error::unknown_applied);
  CHECK(user_version(db) == 0);

  // allow_unknown_applied runs, but the history is not the bundle's: no stamp, so no start trusts one.
  Options lenient;
  lenient.allow_unknown_applied = true;
  REQUIRE(migbundle::migrate(db, older.bundle(), lenient, StampField::user_version).ok());
  CHECK(user_version(db) == 0);
}

TEST_CASE("a run up to a target below the newest neither trusts nor writes the stamp", "[stamp]") {
  Db db;
  const OwnedBundle bundle = {m1, m2, m3};
  Options up_to_2;
  up_to_2.target_id = 2;
  REQUIRE(migbundle::migrate(db, bundle.bundle(), up_to_2, StampField::user_version).ok());
  CHECK(user_version(db) == 0);
  CHECK_FALSE(db.has_table("three"));
}

TEST_CASE("the stamp depends on every id and checksum and on the tracking table", "[stamp]") {
  const OwnedBundle bundle = {m1, m2, m3};
  MigrationSpec edited = m2;
  edited.checksum = checksum_c;
  const OwnedBundle other = {m1, edited, m3};
  const std::int32_t stamp = migbundle::history_stamp(bundle.bundle(), Options{});
  CHECK(migbundle::history_stamp(other.bundle(), Options{}) != stamp);
  Options table;
  table.table = "history";
  CHECK(migbundle::history_stamp(bundle.bundle(), table) != stamp);
  const OwnedBundle empty;
  CHECK(migbundle::history_stamp(empty.bundle(), Options{}) > 0);
}

TEST_CASE("the history digest: a known answer, and a bundle's own digest is what the stamp uses", "[stamp]") {
  // Fixed, so that a stamp written by one release is recognised by the next:
  // FNV-1a 64 over the id, then the checksum's four little-endian words.
  migbundle::HistoryDigest digest;
  char checksum[32];
  for (int i = 0; i < 32; ++i) checksum[i] = static_cast<char>(i);
  digest.add(1, checksum);
  CHECK(digest.value() == 0x1b3d05e8aee2f00cu);  // computed apart, in Python

  const OwnedBundle owned = {m1, m2, m3};
  const migbundle::Bundle computed = owned.bundle();  // history_digest 0: computed from the migrations
  REQUIRE(computed.history_digest == 0);
  migbundle::HistoryDigest by_hand;
  for (const migbundle::Migration& m : computed) by_hand.add(m.id, migbundle::checksum_of(m));
  CHECK(migbundle::history_digest(computed) == by_hand.value());
  migbundle::Bundle given = computed;  // as the generator writes it
  given.history_digest = by_hand.value();
  CHECK(migbundle::history_stamp(given, Options{}) == migbundle::history_stamp(computed, Options{}));
  // A given digest is taken as it is, the migrations not read again.
  given.history_digest = by_hand.value() + 1;
  CHECK(migbundle::history_stamp(given, Options{}) != migbundle::history_stamp(computed, Options{}));
}
