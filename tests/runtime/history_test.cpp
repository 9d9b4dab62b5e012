// Validating the recorded history against the bundle before applying anything:
// edited migrations, a database newer than the binary, out-of-order ids, and a
// tracking table created by another process while it is being read.
#include <migbundle/migrate.hpp>

#include "support/owned_bundle.hpp"
#include "support/report_printing.hpp"
#include "support/test_db.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using migbundle::Bundle;
using migbundle::Error;
using migbundle::Migration;
using migbundle::Options;
using migbundle::Phase;
using migbundle_test::checksum_a;
using migbundle_test::checksum_b;
using migbundle_test::checksum_c;
using migbundle_test::checksum_d;
using migbundle_test::checksum_e;
using migbundle_test::Db;
using migbundle_test::MigrationSpec;
using migbundle_test::OwnedBundle;
using migbundle_test::TempDbFile;
using Catch::Matchers::Contains;

namespace {

const MigrationSpec m1{1, "0001_one.sql", checksum_a, "CREATE TABLE one (x);", 0};
const MigrationSpec m2{2, "0002_two.sql", checksum_b, "CREATE TABLE two (x);", 0};
const MigrationSpec m3{3, "0003_three.sql", checksum_c, "CREATE TABLE three (x);", 0};
const MigrationSpec m4{4, "0004_four.sql", checksum_d, "CREATE TABLE four (x);", 0};

std::string recorded_ids(const Db& db) {
  return db.text("SELECT group_concat(id, ',') FROM (SELECT id FROM migbundle_migrations ORDER BY id)");
}

struct PhaseLog {
  std::vector<std::pair<std::int64_t, Phase>> events;
};
void log_phase(void* context, const Migration& m, Phase phase) {
  static_cast<PhaseLog*>(context)->events.emplace_back(m.id, phase);
}

}  // namespace

TEST_CASE("an applied migration whose checksum changed is refused with both checksums", "[history]") {
  Db db;
  const OwnedBundle released = {m1, m2};
  REQUIRE(migbundle::migrate(db, released.bundle()).ok());

  const OwnedBundle edited = {
      m1, {2, "0002_two.sql", checksum_e, "CREATE TABLE two (x, y);", 0}, m3};
  const migbundle::Report r = migbundle::migrate(db, edited.bundle());
  INFO(r.message());
  CHECK(r.error() == Error::checksum_mismatch);
  REQUIRE(r.migration() != nullptr);
  CHECK(r.migration()->id == 2);
  CHECK_THAT(r.message(), Contains("0002_two.sql"));
  CHECK_THAT(r.message(), Contains(std::string(64, 'b')));  // recorded: checksum_b in hex
  CHECK_THAT(r.message(), Contains(std::string(64, 'e')));  // bundle: checksum_e in hex
  CHECK(r.applied() == 0);
  CHECK_FALSE(db.has_table("three"));  // nothing applied after a refused history
  CHECK(recorded_ids(db) == "1,2");
  CHECK(db.text("SELECT checksum FROM migbundle_migrations WHERE id = 2") == std::string(64, 'b'));
}

TEST_CASE("an applied id that the bundle lacks is refused unless allowed", "[history]") {
  Db db;
  const OwnedBundle newer = {m1, m2, m3};
  REQUIRE(migbundle::migrate(db, newer.bundle()).ok());

  const OwnedBundle older = {m1, m2};
  const Bundle older_bundle = older.bundle();
  const migbundle::Report r = migbundle::migrate(db, older_bundle);
  INFO(r.message());
  CHECK(r.error() == Error::unknown_applied);
  CHECK_THAT(r.message(), Contains("id 3"));
  CHECK_THAT(r.message(), Contains("allow_unknown_applied"));
  CHECK(r.current_id() == 3);

  Options options;
  options.allow_unknown_applied = true;
  const migbundle::Report allowed = migbundle::migrate(db, older_bundle, options);
  INFO(allowed.message());
  CHECK(allowed.ok());
  CHECK(allowed.applied() == 0);
  CHECK(allowed.already_applied() == 2);
  CHECK(allowed.current_id() == 3);

  SECTION("allowed unknown ids do not stop newer migrations of the bundle") {
    const OwnedBundle forked = {m1, m2, m4};
    const migbundle::Report r4 = migbundle::migrate(db, forked.bundle(), options);
    INFO(r4.message());
    CHECK(r4.ok());
    CHECK(r4.applied() == 1);
    CHECK(r4.current_id() == 4);
    CHECK(db.has_table("four"));
  }
}

TEST_CASE("many unknown ids are counted and the first few named", "[history]") {
  Db db;
  OwnedBundle many;
  for (int i = 0; i < 7; ++i) {
    const std::string name = "m" + std::to_string(i + 1);
    many.add({i + 1, std::to_string(i + 1) + "_" + name + ".sql", checksum_a, "CREATE TABLE " + name + " (x);", 0});
  }
  REQUIRE(migbundle::migrate(db, many.bundle()).ok());
  const migbundle::Report r = migbundle::migrate(db, many.first(1));
  INFO(r.message());
  CHECK(r.error() == Error::unknown_applied);
  CHECK_THAT(r.message(), Contains("6 applied migration"));
  CHECK_THAT(r.message(), Contains("2, 3, 4, 5"));
}

TEST_CASE("a pending id below the newest applied one is refused unless allowed", "[history]") {
  Db db;
  const OwnedBundle trunk = {m1, m3};
  REQUIRE(migbundle::migrate(db, trunk.bundle()).ok());

  const OwnedBundle merged = {m1, m2, m3, m4};
  const Bundle merged_bundle = merged.bundle();
  const migbundle::Report r = migbundle::migrate(db, merged_bundle);
  INFO(r.message());
  CHECK(r.error() == Error::out_of_order);
  REQUIRE(r.migration() != nullptr);
  CHECK(r.migration()->id == 2);
  CHECK_THAT(r.message(), Contains("0002_two.sql"));
  CHECK_THAT(r.message(), Contains("allow_out_of_order"));
  CHECK(r.applied() == 0);
  CHECK_FALSE(db.has_table("two"));
  CHECK_FALSE(db.has_table("four"));  // refused as a whole, not partly applied
  CHECK(recorded_ids(db) == "1,3");

  Options options;
  options.allow_out_of_order = true;
  PhaseLog log;
  options.progress = log_phase;
  options.progress_context = &log;
  const migbundle::Report allowed = migbundle::migrate(db, merged_bundle, options);
  INFO(allowed.message());
  CHECK(allowed.ok());
  CHECK(allowed.applied() == 2);
  CHECK(allowed.already_applied() == 2);  // 1 and 3, each counted once
  CHECK(allowed.current_id() == 4);
  CHECK(db.has_table("two"));
  CHECK(db.has_table("four"));
  CHECK(recorded_ids(db) == "1,2,3,4");
  // Only the migrations applied by this call are reported to the callback.
  const std::vector<std::pair<std::int64_t, Phase>> expected = {
      {2, Phase::before}, {2, Phase::after}, {4, Phase::before}, {4, Phase::after}};
  CHECK(log.events == expected);
}

namespace {

// Plays "another process": the moment migrate() looks for the tracking table
// in sqlite_master, a second connection commits migration 1 and its row.
struct Interloper {
  sqlite3* other = nullptr;
  bool fired = false;
};

int create_table_meanwhile(unsigned type, void* context, void* statement, void*) {
  auto& interloper = *static_cast<Interloper*>(context);
  const char* sql = sqlite3_sql(static_cast<sqlite3_stmt*>(statement));
  if (type == SQLITE_TRACE_STMT && !interloper.fired && sql != nullptr &&
      std::string(sql).find("sqlite_master") != std::string::npos) {
    interloper.fired = true;
    sqlite3_exec(interloper.other,
                 "BEGIN IMMEDIATE;"
                 "CREATE TABLE one (x);"
                 "CREATE TABLE migbundle_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT "
                 "NULL, applied_at TEXT NOT NULL, execution_ms INTEGER NOT NULL);"
                 "INSERT INTO migbundle_migrations VALUES (1, 'one', "
                 "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', '2024-01-01T00:00:00.000Z', 0);"
                 "COMMIT;",
                 nullptr, nullptr, nullptr);
  }
  return 0;
}

}  // namespace

TEST_CASE("a tracking table created by another process while the history is read is not an error", "[history]") {
  TempDbFile file("race");
  Db db(file.path());
  Db other(file.path());
  Interloper interloper{other, false};
  sqlite3_trace_v2(db, SQLITE_TRACE_STMT, create_table_meanwhile, &interloper);

  const OwnedBundle bundle = {m1, m2};
  const migbundle::Report r = migbundle::migrate(db, bundle.bundle());
  sqlite3_trace_v2(db, 0, nullptr, nullptr);
  INFO(r.message());
  // The hook relies on migrate() looking the table up in sqlite_master after
  // failing to read it; if that changes, move the hook to the new look-up.
  CHECK(interloper.fired);
  CHECK(r.ok());
  CHECK(r.applied() == 1);
  CHECK(r.already_applied() == 1);
  CHECK(recorded_ids(db) == "1,2");
}
