// Several processes migrating one database at once, for the runtime's
// concurrency test and the reliability race test: real processes via fork(),
// each with its own connection, released together by one barrier so that they
// really contend for SQLite's write lock. Each child reports back in one
// atomic pipe write. POSIX only.
#pragma once

#include <migbundle/migrate.hpp>

#include <sqlite3.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

namespace migbundle_test {

/// What one child tells the parent, in one atomic pipe write.
struct ChildResult {
  int ok;
  int attempted;  ///< migrations it found pending and went for (progress callback, Phase::before)
  int applied;
  int already_applied;
  long long current_id;
  char message[migbundle::Report::message_capacity];
};
// Larger, and the children's writes could interleave in the pipe.
static_assert(sizeof(ChildResult) <= PIPE_BUF, "one write() must stay atomic");

/// The child's whole life: wait for the barrier, open `path`, migrate, report, exit.
/// `options.progress` is taken over to count `attempted`.
[[noreturn]] inline void migrate_child(const std::string& path, const migbundle::Bundle& bundle,
                                       migbundle::Options options, int start_fd, int result_fd) {
  char go = 0;
  while (read(start_fd, &go, 1) < 0 && errno == EINTR) {
  }
  ChildResult result{};
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    std::snprintf(result.message, sizeof result.message, "could not open the database: %s", sqlite3_errmsg(db));
  } else {
    options.progress = [](void* context, const migbundle::Migration&, migbundle::Phase phase) {
      if (phase == migbundle::Phase::before) ++*static_cast<int*>(context);
    };
    options.progress_context = &result.attempted;
    const migbundle::Report r = migbundle::migrate(db, bundle, options);
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

/// What the parent saw. Problems are collected, not thrown, so that every
/// child forked is still released and reaped; each test asserts in its own way.
struct ChildrenOutcome {
  bool started = false;  ///< false when pipe() failed and no child ran
  std::vector<ChildResult> results;
  std::vector<std::string> problems;  ///< fork() failures, torn results, children that did not exit cleanly
};

/// Forks `count` children that each run migrate() on `path` with `options`,
/// starts them at once, and waits for all of them.
inline ChildrenOutcome migrate_in_children(int count, const std::string& path, const migbundle::Bundle& bundle,
                                           const migbundle::Options& options = {}) {
  ChildrenOutcome outcome;
  int start_pipe[2];
  int result_pipe[2];
  if (pipe(start_pipe) != 0) {
    outcome.problems.push_back("pipe() failed");
    return outcome;
  }
  if (pipe(result_pipe) != 0) {
    close(start_pipe[0]);
    close(start_pipe[1]);
    outcome.problems.push_back("pipe() failed");
    return outcome;
  }
  outcome.started = true;
  std::vector<pid_t> children;
  for (int i = 0; i < count; ++i) {
    const pid_t pid = fork();
    if (pid == 0) {
      close(start_pipe[1]);
      close(result_pipe[0]);
      migrate_child(path, bundle, options, start_pipe[0], result_pipe[1]);
    }
    if (pid < 0) {
      outcome.problems.push_back("fork() failed");
      break;
    }
    children.push_back(pid);
  }
  close(start_pipe[0]);
  close(result_pipe[1]);
  // Closing the write end releases every child's read() at once: the barrier.
  close(start_pipe[1]);

  ChildResult result{};
  while (true) {
    const ssize_t n = read(result_pipe[0], &result, sizeof result);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // EOF: every child has exited (or closed its end)
    if (n != static_cast<ssize_t>(sizeof result)) {
      outcome.problems.push_back("a torn result from a child");
      break;
    }
    outcome.results.push_back(result);
  }
  close(result_pipe[0]);
  for (pid_t pid : children) {
    int status = 0;
    pid_t waited = -1;
    while ((waited = waitpid(pid, &status, 0)) < 0 && errno == EINTR) {
    }
    if (waited != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
      outcome.problems.push_back("a child did not exit cleanly");
  }
  return outcome;
}

}  // namespace migbundle_test
