#include <migbundle/postgres/migrate.hpp>

#include "core/history.hpp"
#include "core/message_writer.hpp"
#include "core/plan.hpp"
#include "core/report_writer.hpp"
#include "core/table_ref.hpp"
#include "core/text_position.hpp"
#include "postgres/advisory_lock.hpp"
#include "postgres/connection_state.hpp"
#include "postgres/pg_failure.hpp"
#include "postgres/pg_result.hpp"
#include "postgres/session_settings.hpp"
#include "postgres/sql_lexer.hpp"
#include "postgres/tracking_table.hpp"

#include <chrono>
#include <cstring>

namespace migbundle::postgres {
namespace {

std::int64_t elapsed_ms(std::chrono::steady_clock::time_point since) noexcept {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - since).count();
}

/// What a migration's SQL is, found by the lexer before it is sent.
struct SqlShape {
  int statements = 0;
  const char* transaction_control = nullptr;  ///< its command (`COMMIT`); then `at` is that statement
  std::size_t at = 0;
  LexProblem problem = LexProblem::none;
};

SqlShape shape_of(std::string_view sql) noexcept {
  SqlShape shape;
  StatementSpan span;
  for (std::size_t from = 0; next_statement(sql, from, span); from = span.end) {
    ++shape.statements;
    if (span.problem != LexProblem::none) {
      shape.problem = span.problem;
      shape.at = span.problem_offset;
      break;
    }
    if (shape.transaction_control == nullptr) {
      shape.transaction_control = transaction_control_name(sql.substr(span.begin, span.end - span.begin));
      if (shape.transaction_control != nullptr) shape.at = span.begin;
    }
    if (span.end <= from) break;  // no progress: never loop
  }
  return shape;
}

/// 0-based index of the statement that holds `offset`.
int statement_holding(std::string_view sql, std::size_t offset) noexcept {
  StatementSpan span;
  int index = 0;
  for (std::size_t from = 0; next_statement(sql, from, span) && span.end <= offset && span.end > from; from = span.end) {
    ++index;
  }
  return index;
}

/// Offset of the first token of the 0-based `index`th statement (the text's
/// size when there are fewer).
std::size_t statement_start(std::string_view sql, int index) noexcept {
  StatementSpan span;
  for (std::size_t from = 0; next_statement(sql, from, span); from = span.end) {
    if (index-- == 0) return span.begin;
    if (span.end <= from) break;
  }
  return sql.size();
}

migbundle::Options core_options(const Options& options) noexcept {
  migbundle::Options core;
  core.table = options.table;
  core.schema = options.schema;
  core.target_id = options.target_id;
  core.allow_unknown_applied = options.allow_unknown_applied;
  core.allow_out_of_order = options.allow_out_of_order;
  core.single_transaction = options.single_transaction;
  core.progress = options.progress;
  core.progress_context = options.progress_context;
  return core;
}

}  // namespace

/// One call of migrate() on PostgreSQL: the connection, its transactions, the
/// advisory lock and the tracking table's SQL. What the history's rows mean,
/// what to apply and the report's words are the core's.
class Runner {
 public:
  Runner(PGconn* connection, const Bundle& bundle, const Options& options, Report& report) noexcept
      : report_(report),
        connection_(connection),
        bundle_(bundle),
        options_(options),
        core_(core_options(options)),
        lock_key_(advisory_lock_key(options.schema, options.table)) {}

  void run() noexcept {
    if (!check_arguments(connection_ != nullptr, bundle_, core_, report_)) return;
    ConnectionState state(connection_);
    if (!state.check(report_, "migbundle::postgres::migrate", options_.schema, options_.table)) return;
    const Migration* first_pending = nullptr;
    if (read_history(first_pending) && first_pending != nullptr) {
      if (take_lock()) {
        // Another process may have applied some while this one waited: read again, under the lock.
        if (read_history(first_pending) && first_pending != nullptr && ensure_table() && take_settings()) {
          if (options_.single_transaction) {
            apply_all_at_once(first_pending);
          } else {
            for (const Migration* m = first_pending; m != bundle_.end() && m->id <= options_.target_id; ++m) {
              if (!apply(*m)) break;
            }
          }
        }
        end_transaction_if_open();
        if (!connection_lost(connection_)) release_advisory_lock(connection_, lock_key_);
      }
    }
    if (history_read_) report_.set_pending(pending_at_read_ - report_.report().applied() - applied_elsewhere_);
  }

 private:
  [[nodiscard]] TableRef table() const noexcept { return TableRef{options_.schema, options_.table}; }

  // ---- history ---------------------------------------------------------------------------

  bool read_history(const Migration*& first_pending) noexcept {
    PgResult failed;
    if (!inspect_tracking_table(connection_, table(), tracking_, failed)) {
      return fail_query(failed, MIGBUNDLE_PROSE("could not read the migration history"));
    }
    if (tracking_.exists && !tracking_.valid) return fail_not_migbundles(report_, table(), tracking_);
    Plan plan;
    plan.target_id = options_.target_id;
    plan.bundle = &bundle_;
    if (!walk_history(connection_, bundle_, table(), tracking_.exists, &Plan::add, &plan, failed)) {
      return fail_query(failed, MIGBUNDLE_PROSE("could not read the migration history"));
    }
    first_pending = plan.first_pending;
    bool cannot_write = false;
    if (first_pending != nullptr && !read_only(cannot_write)) return false;
    const bool accepted = vet(plan, bundle_, core_, cannot_write, report_);
    if (plan.trusted()) {
      history_read_ = true;
      history_newest_ = plan.newest;
      pending_at_read_ = plan.pending;
    }
    return accepted;
  }

  /// A hot standby, or `default_transaction_read_only`: vet() then refuses pending migrations.
  bool read_only(bool& cannot_write) noexcept {
    PgResult result(PQexec(connection_, "SELECT pg_catalog.current_setting('transaction_read_only') = 'on'"));
    if (!result.tuples_ok() || result.rows() != 1) {
      return fail_query(result, MIGBUNDLE_PROSE("could not read whether the session may write"));
    }
    cannot_write = result.integer(0, 0) != 0;
    return true;
  }

  bool take_lock() noexcept {
    PgResult failed;
    const LockOutcome outcome =
        take_advisory_lock(connection_, lock_key_, options_.lock_timeout_ms, lock_pid_, failed);
    if (outcome == LockOutcome::taken) return true;
    if (outcome == LockOutcome::failed) return fail_query(failed, MIGBUNDLE_PROSE("could not take the advisory lock"));
    MessageWriter out = report_.message(nullptr);
    out << "another process held migbundle's advisory lock on \"" << options_.schema << "\".\"" << options_.table
        << "\" (key " << lock_key_ << ") for over " << options_.lock_timeout_ms
        << " ms: it is migrating this database. Nothing was applied; run again once it is done (pg_locks shows "
           "who holds it), or raise Options::lock_timeout_ms. ";
    return report_.conclude(out, Error::sqlite);
  }

  /// The schema and the table, once, under the lock (in its own transaction).
  bool ensure_table() noexcept {
    if (tracking_.exists) return true;
    PgResult failed;
    if (!create_tracking_table(connection_, table(), !tracking_.schema_exists, failed)) {
      MessageWriter out = write_pg_failure(report_, connection_, failed.get(), nullptr,
                                           MIGBUNDLE_PROSE("could not create the tracking table"));
      out << "Nothing was applied. ";
      return report_.conclude(out, Error::sqlite);
    }
    tracking_.exists = true;
    return true;
  }

  /// The session's own settings before anything runs, to put back what a migration changes.
  bool take_settings() noexcept {
    PgResult failed;
    if (settings_.take(connection_, failed)) return true;
    MessageWriter out = write_pg_failure(report_, connection_, failed.get(), nullptr,
                                         MIGBUNDLE_PROSE("could not read the session's settings"));
    out << "Nothing was applied. ";
    return report_.conclude(out, Error::sqlite);
  }

  /// After `m` changed session settings (a `SET` outside a function), puts
  /// back the caller's: the next migration and the caller see them as before.
  bool restore_settings(const Migration& m) noexcept {
    settings_changed_ = false;
    PgResult failed;
    if (settings_.restore(connection_, failed)) return true;
    MessageWriter out = write_pg_failure(report_, connection_, failed.get(), &m,
                                         MIGBUNDLE_PROSE("changed session settings (SET) that could not be put back"));
    out << "The migrations after it were not applied. ";
    return report_.conclude(out, Error::sqlite);
  }

  // ---- applying ----------------------------------------------------------------------------

  enum class Outcome { applied, already_applied, failed };

  bool apply(const Migration& m) noexcept {
    notify(m, Phase::before);
    const Outcome outcome =
        (flags_of(m) & flag_no_transaction) != 0u ? apply_without_transaction(m) : apply_in_transaction(m);
    if (outcome == Outcome::failed) return false;
    report_.note_applied(m, outcome == Outcome::applied);
    if (outcome == Outcome::applied) notify(m, Phase::after);
    return !settings_changed_ || restore_settings(m);
  }

  Outcome apply_in_transaction(const Migration& m) noexcept {
    const auto started = std::chrono::steady_clock::now();
    bool applied_elsewhere = false;
    if (!begin_checked(m, applied_elsewhere)) return Outcome::failed;
    if (applied_elsewhere) {
      end_transaction_if_open();
      return Outcome::already_applied;
    }
    if (!run_sql(m) || !record_and_commit(m, elapsed_ms(started), true)) {
      end_transaction_if_open();
      return Outcome::failed;
    }
    return Outcome::applied;
  }

  /// `-- migbundle: no-transaction` (CREATE INDEX CONCURRENTLY and the like):
  /// PostgreSQL would run a multi-statement query as one implicit
  /// transaction, so such a migration holds one statement (the generator's
  /// lint and shape_of() see to it), sent alone; its tracking row follows at once.
  Outcome apply_without_transaction(const Migration& m) noexcept {
    const auto started = std::chrono::steady_clock::now();
    bool applied_elsewhere = false;
    const bool checked = begin_checked(m, applied_elsewhere);
    end_transaction_if_open();
    if (!checked) return Outcome::failed;
    if (applied_elsewhere) return Outcome::already_applied;
    if (!run_sql(m)) return Outcome::failed;
    ran_unrecorded_ = &m;  // from here on, a failure must not claim that nothing of it ran
    if (!no_invalid_index(m)) {
      ran_unrecorded_ = nullptr;
      return Outcome::failed;
    }
    Outcome outcome = Outcome::failed;
    if (begin_checked(m, applied_elsewhere)) {
      if (applied_elsewhere) {
        outcome = Outcome::already_applied;
      } else if (record_and_commit(m, elapsed_ms(started), true)) {
        outcome = Outcome::applied;
      }
    }
    end_transaction_if_open();
    ran_unrecorded_ = nullptr;
    return outcome;
  }

  /// A CREATE INDEX CONCURRENTLY that was interrupted (the process or server
  /// killed) leaves its index INVALID, and the re-run's IF NOT EXISTS then
  /// keeps it: an index that never works, recorded as applied. Before such a
  /// migration is recorded, no index it names may be invalid (unless one is
  /// being built right now, by another session).
  bool no_invalid_index(const Migration& m) noexcept {
    constexpr const char* query =
        "SELECT pg_catalog.format('%I.%I', n.nspname, c.relname) FROM pg_catalog.pg_index i"
        " JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
        " WHERE NOT i.indisvalid AND pg_catalog.strpos(pg_catalog.lower($1), pg_catalog.lower(c.relname)) > 0"
        " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_stat_progress_create_index p WHERE p.index_relid = i.indexrelid)"
        " ORDER BY 1 LIMIT 1";
    const char* values[] = {sql_of(m).data()};  // NUL-terminated (bundle.hpp)
    PgResult result(exec_params(connection_, query, 1, values));
    if (!result.tuples_ok()) return fail_migration_query(m, result, MIGBUNDLE_PROSE("could not check its indexes"));
    if (result.rows() == 0) return true;
    MessageWriter out = report_.message_at_top(m);
    out << "migration " << m.id << " (no-transaction) ran, but index " << result.text(0, 0)
        << " is INVALID: a CREATE INDEX CONCURRENTLY was interrupted (this run's, or an earlier one's that IF NOT "
           "EXISTS kept). It is not recorded. Run DROP INDEX CONCURRENTLY "
        << result.text(0, 0) << ", then migrate again. ";
    return report_.conclude(out, Error::migration_failed);
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
    bool applied_elsewhere = false;
    if (!begin_checked(*first, applied_elsewhere)) {
      end_transaction_if_open();
      return;
    }
    int applied = 0;
    std::int64_t newest = report_.report().current_id();
    SkippedRuns skipped;
    bool ok = true;
    const Migration* m = first;
    for (; ok && m != end && m->id <= options_.target_id; ++m) {
      bool recorded = m == first ? applied_elsewhere : false;
      if (m != first && may_be_applied(*m, history_newest_) && !(ok = is_recorded(*m, recorded))) break;
      if (recorded) {
        if (!(ok = skip(*m, skipped))) break;
        continue;
      }
      notify(*m, Phase::before);
      const auto migration_started = std::chrono::steady_clock::now();
      ok = run_sql(*m) && record_and_commit(*m, elapsed_ms(migration_started), false) &&
           (!settings_changed_ || restore_settings(*m));
      if (ok) {
        ++applied;
        if (m->id > newest || !report_.report().has_applied()) newest = m->id;
      }
    }
    ok = ok && commit(*(m - 1));
    end_transaction_if_open();
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

  /// BEGIN, then in the same round trip: whether this transaction runs in the
  /// server session that holds the advisory lock, and whether `m` is recorded
  /// already. A transaction-pooling proxy (pgbouncer's pool_mode=transaction)
  /// hands each transaction to whichever server session is free, where
  /// migbundle's session lock does not hold: refused, before `m` runs.
  bool begin_checked(const Migration& m, bool& applied) noexcept {
    char sql[320];
    FixedWriter(sql, sizeof sql) << "BEGIN; SELECT pg_catalog.pg_backend_pid(), EXISTS(SELECT 1 FROM " << table()
                                 << " WHERE id = " << m.id << ')';
    PgResult result(PQexec(connection_, sql));
    in_transaction_ = PQtransactionStatus(connection_) != PQTRANS_IDLE;
    if (!result.tuples_ok() || result.rows() != 1) {
      return fail_migration_query(m, result, MIGBUNDLE_PROSE("could not start its transaction"));
    }
    if (result.integer(0, 0) != lock_pid_) {
      MessageWriter out = report_.message(&m);
      out << "migration " << m.id << " would run in server process " << result.integer(0, 0) << ", not in "
          << lock_pid_ << ", which holds migbundle's advisory lock: a transaction-pooling proxy (pgbouncer "
             "pool_mode=transaction?) is in the way, and a session lock cannot keep processes apart there. It was not "
             "applied. Connect directly or through a session-pooled port; the lock stays with that pooled session "
             "until the proxy closes it. ";
      return report_.conclude(out, Error::invalid_argument);
    }
    applied = result.integer(0, 1) != 0;
    if (applied) ++applied_elsewhere_;
    return true;
  }

  /// Inside the single transaction: whether `m` (out of order) is recorded.
  bool is_recorded(const Migration& m, bool& recorded) noexcept {
    char sql[256];
    FixedWriter(sql, sizeof sql) << "SELECT EXISTS(SELECT 1 FROM " << table() << " WHERE id = " << m.id << ')';
    PgResult result(PQexec(connection_, sql));
    if (!result.tuples_ok() || result.rows() != 1) {
      return fail_migration_query(m, result, MIGBUNDLE_PROSE("could not read the migration history"));
    }
    recorded = result.integer(0, 0) != 0;
    return true;
  }

  /// Sends the migration's SQL as one query: PostgreSQL parses and runs its
  /// statements in order, inside the transaction that is open (or, for a
  /// no-transaction migration, its one statement alone). Which statement
  /// failed is the number of results that came back before the error.
  bool run_sql(const Migration& m) noexcept {
    const std::string_view sql = sql_of(m);
    if (std::memchr(sql.data(), '\0', sql.size()) != nullptr) {
      return fail_shape(m, std::strlen(sql.data()), MIGBUNDLE_PROSE("has a NUL byte, which PostgreSQL cannot receive in a query"));
    }
    const SqlShape shape = shape_of(sql);
    if (shape.problem != LexProblem::none) {
      return fail_shape(m, shape.at, MIGBUNDLE_PROSE("has a string, quoted identifier, dollar quote or comment that is never closed"));
    }
    if (shape.transaction_control != nullptr) {
      const TextPosition at = position_of(sql, shape.at);
      report_.locate(at.line, at.column, 0);
      MessageWriter out = report_.message(&m);
      out << "migration " << m.id << " has `" << shape.transaction_control
          << "`, which would end or nest the transaction migbundle runs each migration in: remove it (a migration "
             "that must manage its own transactions cannot; split it, and mark a statement that refuses a "
             "transaction `-- migbundle: no-transaction`). It was not applied. ";
      return report_.conclude(out, Error::migration_failed);
    }
    const bool no_transaction = (flags_of(m) & flag_no_transaction) != 0u;
    if (no_transaction && shape.statements > 1) {
      return fail_shape(m, statement_start(sql, 1),
                        MIGBUNDLE_PROSE("is no-transaction and holds more than one statement, which PostgreSQL would "
                                        "run as one implicit transaction: split it into one migration per statement"));
    }
    if (shape.statements == 0) return true;  // only comments: nothing to send
    if (PQsendQuery(connection_, sql.data()) == 0) {
      return fail_migration_query(m, PgResult(), MIGBUNDLE_PROSE("could not send its SQL"));
    }
    int completed = 0;
    PgResult error;
    for (PGresult* next; (next = PQgetResult(connection_)) != nullptr;) {
      PgResult result(next);
      switch (result.status()) {
        case PGRES_COMMAND_OK:
        case PGRES_TUPLES_OK:
        case PGRES_EMPTY_QUERY:
          ++completed;
          break;
        case PGRES_COPY_IN:  // COPY ... FROM STDIN: a migration has no input to give it
          (void)PQputCopyEnd(connection_, "migbundle: COPY FROM STDIN has no data in a migration; use INSERT");
          break;
        case PGRES_COPY_OUT: {
          char* row = nullptr;
          while (PQgetCopyData(connection_, &row, 0) > 0) PQfreemem(row);
          break;
        }
        default:
          if (error.get() == nullptr) error.reset(result.release());  // the first error; later results only drain
          break;
      }
    }
    if (error.get() != nullptr || connection_lost(connection_)) {
      fail_statement(m, error.get(), completed);
      return false;
    }
    if (!no_transaction && PQtransactionStatus(connection_) != PQTRANS_INTRANS) {
      return fail_shape(m, 0, MIGBUNDLE_PROSE("ended the transaction it ran in"));
    }
    return true;
  }

  /// The tracking row, the digest of the session's settings (did `m` SET
  /// any?) and (`commit_too`) COMMIT, in one round trip: the results tell
  /// which of them failed.
  bool record_and_commit(const Migration& m, std::int64_t execution_ms, bool commit_too) noexcept {
    char sql[1280];
    FixedWriter out(sql, sizeof sql);
    // The name as an E'' literal, quotes and backslashes doubled: libpq's
    // escaping functions allocate, and the name is at most 255 bytes.
    out << "INSERT INTO " << table() << " (id, name, checksum, execution_ms) VALUES (" << m.id << ", E'";
    for (const char c : name_of(m)) {
      if (c == '\'' || c == '\\') out << c;
      out << c;
    }
    out << "', '" << recorded_checksum(m).view() << "', " << (execution_ms < 0 ? 0 : execution_ms) << "); "
        << SessionSettings::digest_query;
    if (commit_too) out << "; COMMIT";
    if (!out.complete() || PQsendQuery(connection_, sql) == 0) {
      return fail_migration_query(m, PgResult(), MIGBUNDLE_PROSE("could not write its tracking row"));
    }
    int completed = 0;
    PgResult error;
    for (PGresult* next; (next = PQgetResult(connection_)) != nullptr;) {
      PgResult result(next);
      if (result.tuples_ok() && result.rows() == 1) {
        settings_changed_ = settings_.changed(result.text(0, 0));
        ++completed;
      } else if (result.command_ok()) {
        ++completed;
      } else if (error.get() == nullptr) {
        error.reset(result.release());
      }
    }
    if (error.get() == nullptr && !connection_lost(connection_)) {
      if (commit_too) in_transaction_ = false;
      return true;
    }
    settings_changed_ = false;  // rolled back with the migration, or the session is gone
    if (completed < 2 || !commit_too) return fail_migration_query(m, error, MIGBUNDLE_PROSE("could not write its tracking row"));
    return fail_commit(m, error);
  }

  bool commit(const Migration& last) noexcept {
    PgResult result(PQexec(connection_, "COMMIT"));
    if (result.command_ok()) {
      in_transaction_ = false;
      return true;
    }
    return fail_commit(last, result);
  }

  /// Rolls back whatever transaction is open (a failed one included).
  void end_transaction_if_open() noexcept {
    if (connection_lost(connection_)) return;
    if (in_transaction_ || PQtransactionStatus(connection_) != PQTRANS_IDLE) PgResult(PQexec(connection_, "ROLLBACK"));
    in_transaction_ = false;
  }

  // ---- reporting: PostgreSQL's part -------------------------------------------------------

  /// Before the history has been read: where the database stands is unknown.
  bool fail_query(const PgResult& failed, const char* what) noexcept {
    MessageWriter out = write_pg_failure(report_, connection_, failed.get(), nullptr, what);
    out << "Nothing was applied; where the database stands could not be read.";
    return report_.fail(Error::sqlite);
  }

  bool fail_migration_query(const Migration& m, const PgResult& failed, const char* what) noexcept {
    MessageWriter out = write_pg_failure(report_, connection_, failed.get(), &m, what);
    out << (ran_unrecorded_ == &m ? "Its SQL ran (no-transaction) but it is not recorded, so it runs again next time. "
                                  : "It was not applied. ");
    return report_.conclude(out, Error::sqlite);
  }

  /// COMMIT failed. A deferred constraint or serialization failure rolled it
  /// back; a lost connection leaves its outcome unknown: say so, rather than
  /// claim that `m` was not applied.
  bool fail_commit(const Migration& m, const PgResult& failed) noexcept {
    if (!connection_lost(connection_)) {
      MessageWriter out = write_pg_failure(report_, connection_, failed.get(), &m, MIGBUNDLE_PROSE("could not commit"));
      out << (options_.single_transaction ? "The whole run was rolled back (single transaction). " : "It was rolled back. ");
      return report_.conclude(out, Error::migration_failed);
    }
    MessageWriter out = write_pg_failure(report_, connection_, failed.get(), &m,
                                         MIGBUNDLE_PROSE("lost the connection while committing"));
    out << "Whether that commit took effect cannot be told from here: run migrate again. ";
    return report_.conclude(out, Error::sqlite, &m);
  }

  /// Refused before it was sent: what the lexer found, at `offset`.
  bool fail_shape(const Migration& m, std::size_t offset, const char* what) noexcept {
    const TextPosition at = position_of(sql_of(m), offset);
    report_.locate(at.line, at.column, 0);
    MessageWriter out = report_.message(&m);
    out << "migration " << m.id << ' ' << what << ". It was not applied. ";
    return report_.conclude(out, Error::migration_failed);
  }

  /// A statement failed: `completed` statements before it succeeded. The
  /// server's position, where it gave one, is in characters of the whole SQL,
  /// and says which statement failed: a syntax error comes back before any
  /// statement ran, since PostgreSQL parses the whole query string first.
  void fail_statement(const Migration& m, const PGresult* error, int completed) noexcept {
    const std::string_view sql = sql_of(m);
    std::size_t offset = statement_start(sql, completed);
    const char* position = error != nullptr ? PQresultErrorField(error, PG_DIAG_STATEMENT_POSITION) : nullptr;
    if (position != nullptr) {
      std::size_t characters = 0;
      for (const char* p = position; *p >= '0' && *p <= '9'; ++p) characters = characters * 10 + static_cast<std::size_t>(*p - '0');
      if (characters > 0) {
        offset = offset_of_character(sql, characters - 1);
        completed = statement_holding(sql, offset);
      }
    }
    const TextPosition at = position_of(sql, offset);
    report_.locate(at.line, at.column, completed + 1);
    MessageWriter out = report_.message(&m);
    write_pg_error(out, report_, connection_, error);
    out << " in statement " << completed + 1 << " of migration " << m.id << ". ";
    write_pg_details(out, error);
    if (connection_lost(connection_)) {
      out << "The connection to the server was lost: PostgreSQL rolled the migration back. ";
    } else if ((flags_of(m) & flag_no_transaction) != 0u) {
      out << "It ran outside a transaction (no-transaction) and is not recorded; a failed CREATE INDEX CONCURRENTLY "
             "leaves an INVALID index behind: drop it before running again. ";
    } else if (options_.single_transaction) {
      out << "The whole run was rolled back (single transaction). ";
    } else {
      out << "It was rolled back. ";
    }
    (void)report_.conclude(out, Error::migration_failed);
  }

  ReportWriter report_;
  PGconn* connection_;
  const Bundle& bundle_;
  const Options& options_;
  const migbundle::Options core_;  ///< the options as the engine-neutral core reads them
  const std::int64_t lock_key_;
  TrackingTable tracking_;
  SessionSettings settings_;
  bool settings_changed_ = false;  ///< the migration just recorded changed session settings
  std::int64_t lock_pid_ = 0;  ///< the server process that holds the advisory lock
  bool in_transaction_ = false;
  bool history_read_ = false;
  int pending_at_read_ = 0;
  int applied_elsewhere_ = 0;
  std::int64_t history_newest_ = 0;
  const Migration* ran_unrecorded_ = nullptr;
};

Report migrate(PGconn* connection, const Bundle& bundle, const Options& options) noexcept {
  Report report;
  Runner(connection, bundle, options, report).run();
  return report;
}

Report migrate(PGconn* connection, const Bundle& bundle) noexcept { return migrate(connection, bundle, Options{}); }

}  // namespace migbundle::postgres
