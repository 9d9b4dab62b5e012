// The runtime allocates nothing itself. This executable replaces every global
// operator new/delete with a counting version and counts only while
// migbundle::migrate() runs. SQLite allocates through its own malloc layer, not
// operator new, so the count isolates the runtime's C++ code; SQLite's
// allocations are counted separately through SQLITE_CONFIG_MALLOC, to show
// that hook sees them (they are expected, and not asserted to be zero).
//
// Built as its own executable: the replacement must not leak into other tests.
#include <migbundle/migrate.hpp>
#include <migbundle/status.hpp>

#include "support/owned_bundle.hpp"
#include "support/report_printing.hpp"
#include "support/test_db.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>

namespace {

std::atomic<bool> counting{false};
std::atomic<long> new_calls{0};
std::atomic<long> delete_calls{0};

void* counted_alloc(std::size_t size, std::size_t alignment = 0) {
  if (counting.load(std::memory_order_relaxed)) new_calls.fetch_add(1, std::memory_order_relaxed);
  if (size == 0) size = 1;
  void* p = nullptr;
  if (alignment > alignof(std::max_align_t)) {
    if (posix_memalign(&p, alignment, (size + alignment - 1) / alignment * alignment) != 0) p = nullptr;
  } else {
    p = std::malloc(size);
  }
  return p;
}

void counted_free(void* p) noexcept {
  if (p == nullptr) return;
  if (counting.load(std::memory_order_relaxed)) delete_calls.fetch_add(1, std::memory_order_relaxed);
  std::free(p);
}

void* alloc_or_throw(std::size_t size, std::size_t alignment = 0) {
  void* p = counted_alloc(size, alignment);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

}  // namespace

// Every replaceable global allocation function of C++17.
void* operator new(std::size_t size) { return alloc_or_throw(size); }
void* operator new[](std::size_t size) { return alloc_or_throw(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return counted_alloc(size); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept { return counted_alloc(size); }
void* operator new(std::size_t size, std::align_val_t a) { return alloc_or_throw(size, static_cast<std::size_t>(a)); }
void* operator new[](std::size_t size, std::align_val_t a) { return alloc_or_throw(size, static_cast<std::size_t>(a)); }
void* operator new(std::size_t size, std::align_val_t a, const std::nothrow_t&) noexcept {
  return counted_alloc(size, static_cast<std::size_t>(a));
}
void* operator new[](std::size_t size, std::align_val_t a, const std::nothrow_t&) noexcept {
  return counted_alloc(size, static_cast<std::size_t>(a));
}
void operator delete(void* p) noexcept { counted_free(p); }
void operator delete[](void* p) noexcept { counted_free(p); }
void operator delete(void* p, std::size_t) noexcept { counted_free(p); }
void operator delete[](void* p, std::size_t) noexcept { counted_free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { counted_free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { counted_free(p); }
void operator delete(void* p, std::align_val_t) noexcept { counted_free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { counted_free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { counted_free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { counted_free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { counted_free(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { counted_free(p); }

namespace {

// ---- SQLite's allocations, wrapped (informational) ----------------------------------------

sqlite3_mem_methods sqlite_default{};
std::atomic<long> sqlite_mallocs{0};

void* sqlite_counting_malloc(int n) {
  if (counting.load(std::memory_order_relaxed)) sqlite_mallocs.fetch_add(1, std::memory_order_relaxed);
  return sqlite_default.xMalloc(n);
}
void* sqlite_counting_realloc(void* p, int n) {
  if (counting.load(std::memory_order_relaxed)) sqlite_mallocs.fetch_add(1, std::memory_order_relaxed);
  return sqlite_default.xRealloc(p, n);
}

/// Installed before SQLite is first used (SQLITE_CONFIG_* must precede sqlite3_initialize).
bool install_sqlite_counter() {
  if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &sqlite_default) != SQLITE_OK) return false;
  sqlite3_mem_methods counting_methods = sqlite_default;
  counting_methods.xMalloc = sqlite_counting_malloc;
  counting_methods.xRealloc = sqlite_counting_realloc;
  return sqlite3_config(SQLITE_CONFIG_MALLOC, &counting_methods) == SQLITE_OK;
}
const bool sqlite_counter_installed = install_sqlite_counter();

struct Counts {
  long news;
  long deletes;
  long sqlite_allocations;
};

/// Runs `f` with counting on; returns what was counted during it alone.
template <typename F>
Counts count_during(F&& f) {
  new_calls = 0;
  delete_calls = 0;
  sqlite_mallocs = 0;
  counting = true;
  f();
  counting = false;
  return Counts{new_calls.load(), delete_calls.load(), sqlite_mallocs.load()};
}

using migbundle_test::checksum_a;
using migbundle_test::checksum_b;
using migbundle_test::checksum_c;
using migbundle_test::MigrationSpec;
using migbundle_test::OwnedBundle;

const MigrationSpec users{1, "0001_users.sql", checksum_a,
                         "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT UNIQUE);\n", 0};
const MigrationSpec seed{2, "0002_seed.sql", checksum_b,
                         "INSERT INTO users (email) VALUES ('a@example.com');\nSELECT * FROM users;\n"
                         "CREATE TRIGGER t AFTER INSERT ON users BEGIN SELECT 1; END;\n",
                         0};
// Built before anything is counted: the test owns this storage, as a generated header would.
const OwnedBundle good = {users, seed};
const OwnedBundle with_failure = {
    users,
    seed,
    {3, "0003_broken.sql", checksum_c, "CREATE TABLE ok (x);\nINSERT INTO users (email) VALUES ('a@example.com');\n",
     0},
};

}  // namespace

TEST_CASE("the counting operator new sees allocations (the harness works)", "[heap]") {
  const Counts counts = count_during([] {
    std::string text(200, 'x');  // beyond any small-string buffer
    volatile char sink = text[100];
    (void)sink;
  });
  CHECK(counts.news >= 1);
  CHECK(counts.deletes >= 1);
}

TEST_CASE("migrate() and status() do not allocate with operator new on success, failure and already-applied paths", "[heap]") {
  REQUIRE(sqlite_counter_installed);
  migbundle_test::Db db;  // opened before counting: opening is the caller's business
  REQUIRE(db.open_rc() == SQLITE_OK);
  REQUIRE(db.exec("PRAGMA foreign_keys = ON") == SQLITE_OK);  // exercises the foreign-key path too

  migbundle::Report report;
  const Counts success = count_during([&] { report = migbundle::migrate(db, good.bundle()); });
  INFO(report.message());
  REQUIRE(report.ok());
  REQUIRE(report.applied() == 2);
  CHECK(success.news == 0);
  CHECK(success.deletes == 0);
  // The SQLite hook works: preparing statements allocates in SQLite's own layer.
  CHECK(success.sqlite_allocations > 0);

  const Counts already = count_during([&] { report = migbundle::migrate(db, good.bundle()); });
  REQUIRE(report.ok());
  REQUIRE(report.already_applied() == 2);
  CHECK(already.news == 0);
  CHECK(already.deletes == 0);

  const Counts failure =
      count_during([&] { report = migbundle::migrate(db, with_failure.bundle()); });
  REQUIRE(report.error() == migbundle::Error::migration_failed);
  REQUIRE(report.line() == 2);
  CHECK(failure.news == 0);
  CHECK(failure.deletes == 0);

  migbundle::Options single;
  single.single_transaction = true;
  const Counts all_at_once =
      count_during([&] { report = migbundle::migrate(db, with_failure.bundle(), single); });
  REQUIRE(report.error() == migbundle::Error::migration_failed);
  CHECK(all_at_once.news == 0);

  const Counts status = count_during([&] {
    report = migbundle::status(db, with_failure.bundle(), migbundle::Options{}, nullptr, nullptr);
  });
  REQUIRE(report.ok());
  REQUIRE(report.already_applied() == 2);
  CHECK(status.news == 0);

  migbundle::Options bad_table;
  bad_table.table = "no such; table";
  const Counts refused = count_during([&] { report = migbundle::migrate(db, good.bundle(), bad_table); });
  REQUIRE(report.error() == migbundle::Error::invalid_argument);
  CHECK(refused.news == 0);
}

TEST_CASE("migrate() adopting another tool's history does not allocate with operator new", "[heap]") {
  migbundle_test::Db db;
  REQUIRE(db.exec("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT UNIQUE);"
                  "CREATE TABLE goose_db_version (id INTEGER PRIMARY KEY AUTOINCREMENT, version_id INTEGER NOT NULL, "
                  "is_applied INTEGER NOT NULL, tstamp TIMESTAMP DEFAULT (datetime('now')));"
                  "INSERT INTO goose_db_version (version_id, is_applied) VALUES (0, 1), (1, 1);") == SQLITE_OK);
  const migbundle::PeerMigration keys[] = {{"1", ""}, {"2", ""}};
  const migbundle::Adoption adoption{migbundle::PeerTool::goose, "goose_db_version", keys, 2};
  migbundle::Report report;
  const Counts adopting =
      count_during([&] { report = migbundle::migrate(db, good.bundle(), adoption, migbundle::Options{}); });
  INFO(report.message());
  REQUIRE(report.ok());
  REQUIRE(report.adopted() == 1);
  CHECK(adopting.news == 0);
  CHECK(adopting.deletes == 0);
}
