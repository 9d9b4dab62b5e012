#include <migbundle/migrate.hpp>

#include "core/history.hpp"
#include "core/message_writer.hpp"
#include "core/plan.hpp"
#include "core/report_writer.hpp"
#include "core/table_ref.hpp"
#include "core/text_position.hpp"
#include "sqlite/adoption_step.hpp"
#include "sqlite/down_step.hpp"
#include "sqlite/lock_wait.hpp"
#include "sqlite/sqlite_failure.hpp"
#include "sqlite/statement.hpp"
#include "sqlite/statement_runner.hpp"
#include "sqlite/tracking_table.hpp"

#include <sqlite3.h>

namespace migbundle {
namespace {

/// Milliseconds from SQLite's VFS clock: the runtime needs no clock of its own.
std::int64_t now_ms() noexcept {
  sqlite3_vfs* vfs = sqlite3_vfs_find(nullptr);
  sqlite3_int64 julian_ms = 0;
  if (vfs != nullptr && vfs->iVersion >= 2 && vfs->xCurrentTimeInt64 != nullptr) {
    vfs->xCurrentTimeInt64(vfs, &julian_ms);
  }
  return julian_ms;
}

int read_int_pragma(sqlite3* db, const char* sql, int& value) noexcept {
  Statement statement;
  int rc = statement.prepare(db, sql);
  if (rc != SQLITE_OK) return rc;
  rc = sqlite3_step(statement.get());
  if (rc == SQLITE_ROW) {
    value = sqlite3_column_int(statement.get(), 0);
    return SQLITE_OK;
  }
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

}  // namespace

/// One call of migrate() on SQLite: the connection, its transactions and the
/// tracking table's SQL. What the history's rows mean, what to apply and the
/// report's words are the core's (core/plan.hpp, core/report_writer.hpp).
class Runner {
 public:
  /// Fills `report`, the caller's return value itself (see ReportWriter).
  Runner(sqlite3* db, const Bundle& bundle, const Options& options, const AdoptionStep* adoption,
         const DownStep* downs, Report& report) noexcept
      : report_(report), db_(db), bundle_(bundle), options_(options), adoption_(adoption), downs_(downs) {}

  void run() noexcept {
    if (!check_arguments(db_ != nullptr, bundle_, options_, report_)) return;
    const Migration* first_pending = nullptr;
    if (configure_connection() && adopt() && revert_unknown() && read_history(first_pending) &&
        first_pending != nullptr) {
      if (options_.single_transaction) {
        apply_all_at_once(first_pending);
      } else {
        for (const Migration* m = first_pending; m != bundle_.end() && m->id <= options_.target_id; ++m) {
          if (applied_among_pending(*m)) continue;
          if (!apply(*m)) break;
        }
      }
    }
    if (history_read_) report_.set_pending(pending_at_read_ - report_.report().applied() - applied_elsewhere_);
  }

 private:
  // ---- arguments and connection ----------------------------------------------------------

  /// Reads the caller's busy timeout and foreign-key setting. Nothing of the
  /// connection is changed for good: foreign keys are switched off around a
  /// migration and back on, and the busy handler is never touched (SQLite
  /// cannot hand back a handler the application installed, so replacing it
  /// would lose it); where the connection has no timeout, migrate() retries
  /// by itself for up to Options::busy_timeout_ms.
  bool configure_connection() noexcept {
    int busy_timeout = 0;
    int rc = read_int_pragma(db_, "PRAGMA busy_timeout", busy_timeout);
    if (rc == SQLITE_OK) rc = read_int_pragma(db_, "PRAGMA foreign_keys", foreign_keys_);
    if (rc != SQLITE_OK) return fail_sqlite(MIGBUNDLE_PROSE("could not read the connection's settings"), rc);
    retry_budget_ms_ = busy_timeout == 0 && options_.busy_timeout_ms > 0 ? options_.busy_timeout_ms : 0;
    return true;
  }

  [[nodiscard]] TableRef table() const noexcept { return TableRef{options_.schema, options_.table}; }

  /// Another tool's history first, when migrate() was called with an Adoption.
  bool adopt() noexcept {
    return adoption_ == nullptr ||
           adoption_->run(db_, bundle_, *adoption_->adoption, options_, retry_budget_ms_, report_);
  }

  /// Options::revert_unknown: the applied migrations this bundle lacks, reverted first.
  bool revert_unknown() noexcept {
    if (!options_.revert_unknown) return true;
    if (downs_ == nullptr) {
      return report_.fail_argument(MIGBUNDLE_PROSE("migbundle::migrate: Options::revert_unknown needs migrate() with "
                                                   "the bundle's Downs (migbundle/rollback.hpp)"));
    }
    return downs_->revert_unknown(db_, bundle_, *downs_->downs, options_, report_);
  }

  // ---- history ---------------------------------------------------------------------------

  /// Reads the tracking table once and validates it against the bundle. The
  /// common case, nothing pending, ends here after this one read. While
  /// another connection holds an exclusive lock the read is tried again.
  bool read_history(const Migration*& first_pending) noexcept {
    LockWait wait(retry_budget_ms_);
    int rc = SQLITE_OK;
    Plan plan;
    do {
      plan = Plan{};
      plan.target_id = options_.target_id;
      plan.bundle = &bundle_;
      rc = scan_history(plan);
    } while (is_busy(rc) && wait.next());
    if (rc != SQLITE_OK) return fail_sqlite(MIGBUNDLE_PROSE("could not read the migration history"), rc);
    if (tracking_.exists && !tracking_.valid()) return fail_not_migbundles(report_, table(), tracking_);
    first_pending = plan.first_pending;
    const bool cannot_write = first_pending != nullptr && (read_only(options_.schema) || read_only("main"));
    const bool accepted = vet(plan, bundle_, options_, cannot_write, report_);
    if (plan.trusted()) {
      history_read_ = true;
      history_newest_ = plan.newest;
      pending_at_read_ = plan.pending;
    }
    return accepted;
  }

  int scan_history(Plan& plan) noexcept {
    int rc = inspect_tracking_table(db_, table(), tracking_);
    if (rc != SQLITE_OK || (tracking_.exists && !tracking_.valid())) return rc;
    table_exists_ = tracking_.exists;
    return walk_history(db_, bundle_, table(), table_exists_, &Plan::add, &plan);
  }

  bool read_only(const char* schema) noexcept { return sqlite3_db_readonly(db_, schema) == 1; }

  // ---- applying ----------------------------------------------------------------------------

  enum class Outcome { applied, already_applied, failed };

  /// Applies one migration unless another connection already did. Returns false to stop.
  bool apply(const Migration& m) noexcept {
    notify(m, Phase::before);
    set_foreign_keys(false);
    Outcome outcome = Outcome::failed;
    if ((flags_of(m) & flag_no_transaction) != 0u) {
      outcome = apply_without_transaction(m);
    } else {
      if (begin(m) && note_foreign_key_violations(m)) outcome = apply_inside(m);
      if (outcome == Outcome::applied && !commit(m)) outcome = Outcome::failed;
      if (outcome != Outcome::applied) rollback();  // after the report read SQLite's message
    }
    set_foreign_keys(true);
    if (outcome == Outcome::failed) return false;
    report_.note_applied(m, outcome == Outcome::applied);
    if (outcome == Outcome::applied) notify(m, Phase::after);
    return true;
  }

  /// Options::single_transaction: every pending migration in one transaction,
  /// all or nothing. The report counts nothing as applied until the commit.
  void apply_all_at_once(const Migration* first) noexcept {
    const Migration* const end = bundle_.end();
    for (const Migration* m = first; m != end && m->id <= options_.target_id; ++m) {
      if ((flags_of(*m) & flag_no_transaction) != 0u) {
        MessageWriter out = report_.message(m);
        out << "migration " << m->id << " is no-transaction, which single_transaction cannot include. Nothing was applied. ";
        (void)report_.conclude(out, Error::invalid_argument);
        return;
      }
    }
    set_foreign_keys(false);
    int applied = 0;
    std::int64_t newest = report_.report().current_id();
    SkippedRuns skipped;
    bool ok = begin(*first) && note_foreign_key_violations(*first);
    const Migration* m = first;
    for (; ok && m != end && m->id <= options_.target_id; ++m) {
      Outcome outcome = Outcome::already_applied;
      if (!applied_among_pending(*m)) {
        notify(*m, Phase::before);
        outcome = apply_inside(*m);
      }
      ok = outcome != Outcome::failed && (outcome == Outcome::applied || skip(*m, skipped));
      if (outcome == Outcome::applied) {
        ++applied;
        if (m->id > newest || !report_.report().has_applied()) newest = m->id;
      }
    }
    ok = ok && commit(*(m - 1));
    if (!ok) rollback();
    set_foreign_keys(true);
    if (!ok) return;
    report_.note_run_committed(applied, newest);
    for (const Migration* done = first; done != m; ++done) {
      if (!skipped.contains(done)) notify(*done, Phase::after);
    }
  }

  /// Remembers that `m` was applied before this run reached it; false (and
  /// the run fails, to be rolled back) when that needs more runs than the stack holds.
  bool skip(const Migration& m, SkippedRuns& skipped) noexcept {
    if (skipped.add(&m)) return true;
    MessageWriter out = report_.message(&m);
    out << "applied migrations lie among the pending ones in over " << SkippedRuns::capacity
        << " places: the run was rolled back. Run it without single_transaction. ";
    return report_.conclude(out, Error::sqlite);
  }

  void notify(const Migration& m, Phase phase) noexcept {
    if (options_.progress != nullptr) options_.progress(options_.progress_context, m, phase);
  }

  /// Inside the open write transaction: unless another connection applied `m`
  /// meanwhile, runs its statements and writes its tracking row.
  Outcome apply_inside(const Migration& m) noexcept {
    const std::int64_t started = now_ms();
    bool applied_elsewhere = false;
    if (!check_applied_under_lock(m, applied_elsewhere)) return Outcome::failed;
    if (applied_elsewhere) return Outcome::already_applied;
    StatementFailure failure;
    if (!run_statements(db_, sql_of(m), false, retry_budget_ms_, failure)) {
      fail_statement(m, failure);
      return Outcome::failed;
    }
    return record(m, now_ms() - started) ? Outcome::applied : Outcome::failed;
  }

  /// Foreign keys were off while migrations ran (so a table rebuild does not
  /// cascade): prove nothing new dangles, then commit. A COMMIT that meets
  /// readers' locks (rollback journal) stays open and is tried again.
  bool commit(const Migration& m) noexcept {
    if (foreign_keys_ != 0 && !check_foreign_keys(m)) return false;
    const int rc = exec_waiting("COMMIT");
    if (rc == SQLITE_OK) fk_clean_ = foreign_keys_ != 0 && !fk_snapshot_;
    fk_snapshot_ = false;  // a TEMP snapshot is dropped before the commit, or goes with the rollback
    return rc == SQLITE_OK || fail_commit(m);
  }

  /// PRAGMA foreign_keys is a no-op inside a transaction: switched around it, where it was on.
  void set_foreign_keys(bool on) noexcept {
    if (foreign_keys_ != 0) sqlite3_exec(db_, on ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF", nullptr, nullptr, nullptr);
  }

  /// For `-- migbundle: no-transaction`: such SQL (VACUUM, journal_mode) cannot
  /// run in a transaction, so it must be safe to run twice should two
  /// processes race past the check; its tracking row follows it at once.
  Outcome apply_without_transaction(const Migration& m) noexcept {
    const std::int64_t started = now_ms();
    bool applied_elsewhere = false;
    if (!begin(m)) return Outcome::failed;
    const bool checked = check_applied_under_lock(m, applied_elsewhere);
    rollback();
    if (!checked) return Outcome::failed;
    if (applied_elsewhere) return Outcome::already_applied;
    // Violations that predate it, kept outside any transaction (its SQL
    // commits as it goes), so that the check before its row is written
    // blames it only for what it left.
    if (!note_foreign_key_violations(m)) return Outcome::failed;
    const bool snapshot = fk_snapshot_;
    Outcome outcome = Outcome::failed;
    StatementFailure failure;
    if (!run_statements(db_, sql_of(m), true, retry_budget_ms_, failure)) {
      fail_statement(m, failure);
      rollback();
    } else if (sqlite3_get_autocommit(db_) == 0) {
      // It began a transaction and did not end it: undo that rather than hand it to the caller.
      rollback();
      MessageWriter out = report_.message(&m);
      out << "migration " << m.id << " (no-transaction) left a transaction open: it was rolled back, the migration "
             "not recorded. End it with COMMIT. ";
      (void)report_.conclude(out, Error::migration_failed);
    } else {
      ran_unrecorded_ = &m;  // from here on, a failure must not claim that nothing of it ran
      fk_clean_ = false;     // its statements were not checked
      if (begin(m) && check_applied_under_lock(m, applied_elsewhere)) {
        outcome = applied_elsewhere ? Outcome::already_applied : Outcome::applied;
      }
      if (outcome == Outcome::applied && !(record(m, now_ms() - started) && commit(m))) outcome = Outcome::failed;
      if (outcome != Outcome::applied) rollback();
      ran_unrecorded_ = nullptr;
    }
    // Made outside any transaction, so still there after a failure; after a
    // success the check dropped it already, and this fails harmlessly.
    if (snapshot) sqlite3_exec(db_, "DROP TABLE temp.migbundle_fk_before", nullptr, nullptr, nullptr);
    fk_snapshot_ = false;
    return outcome;
  }

  /// BEGIN IMMEDIATE or COMMIT, waiting out other connections' locks (lock_wait.hpp).
  int exec_waiting(const char* sql) noexcept { return migbundle::exec_waiting(db_, sql, retry_budget_ms_); }

  /// Takes the write lock, waiting while another connection holds it.
  bool begin(const Migration& m) noexcept {
    const int rc = exec_waiting("BEGIN IMMEDIATE");
    if (rc == SQLITE_OK) return true;
    fail_migration_sqlite(m, is_busy(rc) ? MIGBUNDLE_PROSE("could not take the write lock: another connection held it past the timeout")
                                         : MIGBUNDLE_PROSE("could not start its transaction"));
    return false;
  }

  /// Under the write lock, re-reads whether `m` is applied: another process
  /// may have applied it since the history was read.
  bool check_applied_under_lock(const Migration& m, bool& applied) noexcept {
    Statement statement;
    if (!table_exists_) {
      if (create_tracking_table(db_, table()) != SQLITE_OK) {
        return fail_migration_sqlite(m, MIGBUNDLE_PROSE("could not create the tracking table"));
      }
      table_exists_ = true;
    }
    const int rc = look_up(m, statement);
    if (rc == SQLITE_ROW) {
      const std::string_view recorded = column_text(statement.get(), 0);
      if (!checksum_matches(recorded, m)) return report_.fail_checksum(m, recorded, column_text(statement.get(), 1));
      applied = true;
      ++applied_elsewhere_;
      if (!may_be_applied(m, history_newest_)) report_.note_already_applied();  // ids up to it were counted by read_history
      return true;
    }
    if (rc != SQLITE_DONE) return fail_migration_sqlite(m, MIGBUNDLE_PROSE("could not read the migration history"));
    applied = false;
    return true;
  }

  /// Its own INSERT, not insert_tracking_row(), which also binds a time
  /// another tool kept: without that, every firmware image is 76 B smaller.
  bool record(const Migration& m, std::int64_t elapsed_ms) noexcept {
    const ChecksumHex checksum = recorded_checksum(m);  // declared before the statement: bound as SQLITE_STATIC
    Statement statement;
    int rc = statement.prepare(db_, "INSERT INTO ", table(),
                               " (id, name, checksum, applied_at, execution_ms) "
                               "VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?4)");
    if (rc == SQLITE_OK) {
      sqlite3_bind_int64(statement.get(), 1, m.id);
      sqlite3_bind_text(statement.get(), 2, name_of(m).data(), static_cast<int>(name_of(m).size()), SQLITE_STATIC);
      sqlite3_bind_text(statement.get(), 3, checksum.text, 64, SQLITE_STATIC);
      sqlite3_bind_int64(statement.get(), 4, elapsed_ms < 0 ? 0 : elapsed_ms);
      rc = sqlite3_step(statement.get());
    }
    if (rc != SQLITE_DONE) return fail_migration_sqlite(m, MIGBUNDLE_PROSE("could not write its tracking row"));
    if (downs_ != nullptr && downs_->store(db_, table(), bundle_, *downs_->downs, m) != SQLITE_OK) {
      return fail_migration_sqlite(m, MIGBUNDLE_PROSE("could not store its down"));
    }
    return true;
  }

  /// Where foreign keys are on, and unless the last commit proved the
  /// database clean, looks for violations that predate `m`: a dangling row
  /// left by the application must not be blamed on every migration. When
  /// there are some, they are copied into a TEMP table (inside the
  /// transaction, dropped before the commit) so that only new ones count.
  bool note_foreign_key_violations(const Migration& m) noexcept {
    if (foreign_keys_ == 0 || fk_clean_) return true;
    Statement statement;
    int rc = statement.prepare(db_, "PRAGMA foreign_key_check");
    if (rc == SQLITE_OK) rc = sqlite3_step(statement.get());
    if (rc == SQLITE_DONE) return true;
    if (rc == SQLITE_ROW) {
      rc = sqlite3_exec(db_,
                        "CREATE TEMP TABLE migbundle_fk_before AS SELECT*FROM pragma_foreign_key_check",
                        nullptr, nullptr, nullptr);
      fk_snapshot_ = rc == SQLITE_OK;
      if (fk_snapshot_) return true;
    }
    return fail_migration_sqlite(m, MIGBUNDLE_PROSE("could not run PRAGMA foreign_key_check"));
  }

  /// Foreign keys were off while the migration ran (so a table rebuild does
  /// not cascade); before committing, prove it left no new dangling reference.
  bool check_foreign_keys(const Migration& m) noexcept {
    Statement statement;
    // Columns: table, rowid, parent, foreign key index.
    int rc = statement.prepare(db_, fk_snapshot_ ? "SELECT*FROM pragma_foreign_key_check EXCEPT SELECT*FROM "
                                                   "temp.migbundle_fk_before"
                                                 : "PRAGMA foreign_key_check");
    if (rc == SQLITE_OK) rc = sqlite3_step(statement.get());
    if (rc == SQLITE_DONE) {
      if (fk_snapshot_ && sqlite3_exec(db_, "DROP TABLE temp.migbundle_fk_before", nullptr, nullptr, nullptr) != SQLITE_OK) {
        return fail_migration_sqlite(m, MIGBUNDLE_PROSE("could not drop its foreign-key snapshot"));
      }
      return true;
    }
    if (rc != SQLITE_ROW) return fail_migration_sqlite(m, MIGBUNDLE_PROSE("could not run PRAGMA foreign_key_check"));
    MessageWriter out = report_.message(&m);
    out << "migration " << m.id << " violates a foreign key: table \"" << column_text(statement.get(), 0) << "\" rowid "
        << static_cast<std::int64_t>(sqlite3_column_int64(statement.get(), 1)) << " references a missing row of \""
        << column_text(statement.get(), 2)
        << (ran_unrecorded_ == &m ? "\". Its SQL ran (no-transaction) and stays; it is not recorded, so it runs again next "
                                    "time: repair such rows, and make the migration safe to run twice. "
                                  : "\". It was rolled back: delete or repair such rows in the migration. ");
    return report_.conclude(out, Error::foreign_key_violation);
  }

  void rollback() noexcept {
    if (sqlite3_get_autocommit(db_) == 0) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    table_exists_ = false;  // it may have been created in the transaction just undone; CREATE IF NOT EXISTS again
    fk_snapshot_ = false;   // created inside the transaction, gone with it
  }

  /// Reads `m`'s row of the tracking table: SQLITE_ROW (its checksum is
  /// column 0 of `statement`, its name column 1), SQLITE_DONE when there is
  /// none, or an error.
  int look_up(const Migration& m, Statement& statement) noexcept {
    int rc = statement.prepare(db_, "SELECT checksum, name FROM ", table(), " WHERE id = ?1");
    if (rc == SQLITE_OK) {
      sqlite3_bind_int64(statement.get(), 1, m.id);
      rc = sqlite3_step(statement.get());
    }
    return rc;
  }

  /// Out of order (allowed): whether `m`, at or below the newest id the
  /// history held, is recorded already. Such ones lie among the pending ones,
  /// counted by read_history(); only they need the look-up.
  bool applied_among_pending(const Migration& m) noexcept {
    if (!may_be_applied(m, history_newest_)) return false;
    Statement statement;
    return look_up(m, statement) == SQLITE_ROW;
  }

  // ---- reporting: SQLite's part ------------------------------------------------------------

  /// Only before the history has been read: where the database stands is
  /// unknown then, so say that rather than "no migration applied".
  bool fail_sqlite(const char* what, int rc) noexcept {
    const int code = sqlite3_extended_errcode(db_);
    MessageWriter out = sqlite_failure(nullptr, what, code != 0 ? code : rc);
    out << "Nothing was applied; where the database stands could not be read.";
    return report_.fail(Error::sqlite);
  }

  /// `[migration <id> ]<what>: <SQLite's message> (SQLite code <n>). `
  MessageWriter sqlite_failure(const Migration* m, const char* what, int extended_code) noexcept {
    MessageWriter out = write_sqlite_failure(report_, db_, m, what, extended_code);
    out << ". ";
    return out;
  }

  bool fail_migration_sqlite(const Migration& m, const char* what) noexcept {
    return fail_migration_sqlite(m, what, sqlite3_extended_errcode(db_));
  }

  bool fail_migration_sqlite(const Migration& m, const char* what, int extended_code) noexcept {
    MessageWriter out = sqlite_failure(&m, what, extended_code);
    out << (ran_unrecorded_ == &m ? "Its SQL ran (no-transaction) but it is not recorded, so it runs again next time. "
                                  : "It was not applied. ");
    return report_.conclude(out, Error::sqlite);
  }

  /// COMMIT failed. After SQLITE_BUSY nothing was written, but after an I/O
  /// error SQLite cannot tell whether the commit reached the disk (the rollback
  /// journal may be deleted already, or the WAL frame written and found again
  /// by recovery): say so, rather than claim that `m` was not applied.
  bool fail_commit(const Migration& m) noexcept {
    const int code = sqlite3_extended_errcode(db_);
    if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED) {
      return fail_migration_sqlite(m, MIGBUNDLE_PROSE("could not commit"), code);
    }
    MessageWriter out = sqlite_failure(&m, MIGBUNDLE_PROSE("could not commit"), code);
    out << "SQLite cannot tell if such a commit reached the disk (entirely or not at all): run migrate again. ";
    return report_.conclude(out, Error::sqlite, &m);
  }

  void fail_statement(const Migration& m, const StatementFailure& failure) noexcept {
    const TextPosition at = position_of(sql_of(m), failure.offset);
    report_.locate(at.line, at.column, failure.statement_index + 1);
    report_.set_extended_code(failure.extended_code);
    MessageWriter out = report_.message(&m);
    out << failure.reason;
    if (failure.extended_code != 0) out << " (SQLite code " << failure.extended_code << ')';
    out << " in statement " << failure.statement_index + 1 << " of migration " << m.id << ". ";
    if ((flags_of(m) & flag_no_transaction) != 0u) {
      out << "It ran outside a transaction (no-transaction): earlier statements stay, it is not recorded. ";
    } else if (options_.single_transaction) {
      out << "The whole run was rolled back (single transaction). ";
    } else {
      out << "It was rolled back. ";
    }
    (void)report_.conclude(out, Error::migration_failed);
  }

  ReportWriter report_;  // first: its address is the Runner's, so a call into it passes `this` as it is
  sqlite3* db_;
  const Bundle& bundle_;
  const Options& options_;
  const AdoptionStep* adoption_;
  const DownStep* downs_;
  TrackingTable tracking_;  ///< as the history read found it (a member: the read is retried, and the stack is small)
  int retry_budget_ms_ = 0;  ///< how long to wait for a lock: 0 where the connection has a timeout of its own
  int foreign_keys_ = 0;
  bool fk_clean_ = false;     ///< the last commit proved that no foreign key dangles
  bool fk_snapshot_ = false;  ///< violations that predate the migration are in temp.migbundle_fk_before
  bool table_exists_ = false;
  bool history_read_ = false;
  int pending_at_read_ = 0;
  int applied_elsewhere_ = 0;  ///< pending when the history was read, then found applied by another connection
  std::int64_t history_newest_ = 0;  ///< newest id recorded when the history was read
  const Migration* ran_unrecorded_ = nullptr;  ///< a no-transaction migration whose SQL ran, not yet recorded
};

Report run_migrate(sqlite3* db, const Bundle& bundle, const Options& options, const AdoptionStep* adoption,
                   const DownStep* downs) noexcept {
  Report report;  // returned in place (NRVO): the Runner writes into the caller's
  Runner(db, bundle, options, adoption, downs, report).run();
  return report;
}

Report migrate(sqlite3* db, const Bundle& bundle, const Options& options) noexcept {
  return run_migrate(db, bundle, options, nullptr);
}

Report migrate(sqlite3* db, const Bundle& bundle) noexcept { return migrate(db, bundle, Options{}); }

}  // namespace migbundle
