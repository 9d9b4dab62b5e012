// Smoke test of several processes migrating one database at once: they must
// serialise on SQLite's write lock so that each migration runs exactly once.
// (POSIX only: real processes via fork(), each with its own connection.)
#include <migbundle/migrate.hpp>

#include "support/owned_bundle.hpp"
#include "support/report_printing.hpp"
#include "support/test_db.hpp"

#include <catch2/catch.hpp>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

using migbundle::Bundle;
using migbundle_test::checksum_a;
using migbundle_test::Db;
using migbundle_test::OwnedBundle;
using migbundle_test::TempDbFile;

namespace {

constexpr int migration_count = 20;
constexpr int process_count = 8;

/// 20 migrations; each inserts one row into `counter`, so a migration that ran
/// twice shows up as an extra row.
struct CounterBundle {
  OwnedBundle migrations;

  CounterBundle() {
    for (int id = 1; id <= migration_count; ++id) {
      const std::string sql = (id == 1 ? std::string("CREATE TABLE counter (migration INTEGER NOT NULL);\n") : "") +
                              "INSERT INTO counter (migration) VALUES (" + std::to_string(id) + ");\n";
      migrations.add({id, std::to_string(id) + "_step.sql", checksum_a, sql, 0});
    }
  }
  [[nodiscard]] Bundle bundle() const { return migrations.bundle(); }
};

/// What one child process tells the parent, in one atomic pipe write.
struct ChildResult {
  int ok;
  int applied;
  int already_applied;
  long long current_id;
  char message[migbundle::Report::message_capacity];
};
static_assert(sizeof(ChildResult) <= PIPE_BUF, "one write() must stay atomic");

[[noreturn]] void run_child(const std::string& path, const Bundle& bundle, int start_fd, int result_fd) {
  char go = 0;
  while (read(start_fd, &go, 1) < 0 && errno == EINTR) {
  }
  ChildResult result{};
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    std::snprintf(result.message, sizeof result.message, "%s", "could not open the database");
  } else {
    const migbundle::Report r = migbundle::migrate(db, bundle);
    result.ok = r.ok() ? 1 : 0;
    result.applied = r.applied();
    result.already_applied = r.already_applied();
    result.current_id = r.current_id();
    std::snprintf(result.message, sizeof result.message, "%s", r.message());
  }
  sqlite3_close_v2(db);
  const ssize_t written = write(result_fd, &result, sizeof result);
  _exit(written == static_cast<ssize_t>(sizeof result) ? 0 : 3);  // no Catch2 teardown in the child
}

void run_round(const CounterBundle& counter, int round, bool wal) {
  TempDbFile file("concurrent");
  if (wal) {
    Db setup(file.path());
    REQUIRE(setup.text("PRAGMA journal_mode = WAL") == "wal");
  }

  int start_pipe[2];
  int result_pipe[2];
  REQUIRE(pipe(start_pipe) == 0);
  REQUIRE(pipe(result_pipe) == 0);
  std::vector<pid_t> children;
  for (int i = 0; i < process_count; ++i) {
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      close(start_pipe[1]);
      close(result_pipe[0]);
      run_child(file.path(), counter.bundle(), start_pipe[0], result_pipe[1]);
    }
    children.push_back(pid);
  }
  close(start_pipe[0]);
  close(result_pipe[1]);
  // Closing the write end releases every child's read() at once: the barrier.
  close(start_pipe[1]);

  std::vector<ChildResult> results;
  ChildResult result{};
  while (true) {
    const ssize_t n = read(result_pipe[0], &result, sizeof result);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    REQUIRE(n == static_cast<ssize_t>(sizeof result));
    results.push_back(result);
  }
  close(result_pipe[0]);
  for (pid_t pid : children) {
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
  }

  INFO("round " << round << (wal ? " (WAL)" : " (rollback journal)"));
  REQUIRE(results.size() == static_cast<std::size_t>(process_count));
  int applied_total = 0;
  for (const ChildResult& r : results) {
    INFO("child report: " << r.message);
    CHECK(r.ok == 1);
    CHECK(r.applied + r.already_applied == migration_count);
    CHECK(r.current_id == migration_count);
    applied_total += r.applied;
  }
  CHECK(applied_total == migration_count);

  Db db(file.path());
  CHECK(db.count("migbundle_migrations") == migration_count);
  CHECK(db.count("counter") == migration_count);
  CHECK(db.integer("SELECT count(DISTINCT migration) FROM counter") == migration_count);
  CHECK(db.integer("SELECT count(*) FROM counter c JOIN migbundle_migrations m ON m.id = c.migration") ==
        migration_count);
}

}  // namespace

TEST_CASE("8 processes applying one 20-migration bundle at once apply each migration exactly once",
          "[concurrency]") {
  const CounterBundle counter;
  for (int round = 0; round < 5; ++round) {
    run_round(counter, round, /*wal=*/round >= 3);
  }
}
