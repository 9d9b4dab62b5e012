// rollback(), and migrate() keeping downs (migbundle/rollback.hpp). In a
// translation unit of its own, reached from migrate() only through the
// pointer migrate() with Downs hands it: a binary that never reverts links none of it.
#include <migbundle/rollback.hpp>

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

/// The bundle's migration with `id`, or null (the bundle is sorted by id).
const Migration* find(const Bundle& bundle, std::int64_t id) noexcept {
  std::size_t low = 0;
  std::size_t high = bundle.size;
  while (low < high) {
    const std::size_t middle = low + (high - low) / 2;
    if (bundle.migrations[middle].id < id) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low < bundle.size && bundle.migrations[low].id == id ? bundle.migrations + low : nullptr;
}

/// Whether the tracking table has the column that keeps downs.
bool has_down_column(sqlite3* db, const TableRef& table) noexcept {
  Statement statement;
  return statement.prepare(db, "SELECT down_sql FROM ", table, " LIMIT 0") == SQLITE_OK;
}

int store_down(sqlite3* db, const TableRef& table, const Bundle& bundle, const Downs& downs, const Migration& m) noexcept {
  const DownMigration& down = downs.migrations[&m - bundle.begin()];
  if (!has_down(down)) return SQLITE_OK;
  if (!has_down_column(db, table)) {
    Statement add;
    int rc = add.prepare(db, "ALTER TABLE ", table, " ADD COLUMN down_sql TEXT");
    if (rc == SQLITE_OK) rc = sqlite3_step(add.get());
    if (rc != SQLITE_DONE) return rc;
  }
  Statement statement;
  int rc = statement.prepare(db, "UPDATE ", table, " SET down_sql = ?1 WHERE id = ?2");
  if (rc != SQLITE_OK) return rc;
  const std::string_view sql = sql_of(down);
  sqlite3_bind_text(statement.get(), 1, sql.data(), static_cast<int>(sql.size()), SQLITE_STATIC);
  sqlite3_bind_int64(statement.get(), 2, m.id);
  rc = sqlite3_step(statement.get());
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/// The SQL of one down, where it lives: the bundle's (read-only memory) or a
/// copy of the stored one in SQLite's allocator (the row must not stay read
/// while the down runs: SQLite refuses to drop a table under an open read).
class DownText {
 public:
  DownText() noexcept = default;
  DownText(const DownText&) = delete;
  DownText& operator=(const DownText&) = delete;
  ~DownText() { sqlite3_free(copy_); }

  void point_at(std::string_view text) noexcept { text_ = text; }
  bool copy(std::string_view text) noexcept {
    copy_ = static_cast<char*>(sqlite3_malloc64(text.size() + 1));
    if (copy_ == nullptr) return false;
    for (std::size_t i = 0; i < text.size(); ++i) copy_[i] = text[i];
    copy_[text.size()] = '\0';  // run_statements() parses in place up to the NUL
    text_ = std::string_view(copy_, text.size());
    return true;
  }
  [[nodiscard]] std::string_view text() const noexcept { return text_; }

 private:
  char* copy_ = nullptr;
  std::string_view text_;
};

/// One rollback(), or the revert_unknown step of migrate(): the applied
/// migrations above `floor`, newest first, each in its own transaction.
class Reverter {
 public:
  Reverter(sqlite3* db, const Bundle& bundle, const Downs& downs, const Options& options, ReportWriter& report) noexcept
      : report_(report), db_(db), bundle_(bundle), downs_(downs), options_(options) {}

  /// rollback(): everything above `target_id`.
  bool rollback(std::int64_t target_id) noexcept {
    if (!check_downs() || !configure()) return false;
    if (!table_exists_) return true;  // nothing applied, nothing to revert
    floor_ = target_id;
    unknown_only_ = false;
    return check_every_down() && revert_all();
  }

  /// migrate() with Options::revert_unknown: the unknown applied ones above every known applied one.
  bool revert_unknown() noexcept {
    if (!configure()) return false;
    if (!table_exists_) return true;
    unknown_only_ = true;
    if (!find_newest_known()) return false;
    return check_every_down() && revert_all();
  }

 private:
  [[nodiscard]] TableRef table() const noexcept { return TableRef{options_.schema, options_.table}; }

  bool check_downs() noexcept {
    if (downs_.size == bundle_.size && (downs_.size == 0 || downs_.migrations != nullptr)) return true;
    return report_.fail_argument(MIGBUNDLE_PROSE("migbundle: the Downs do not belong to this bundle (not one "
                                                 "entry a migration): pass the downs generated with it"));
  }

  bool configure() noexcept {
    Statement pragma;
    int rc = pragma.prepare(db_, "PRAGMA busy_timeout");
    if (rc == SQLITE_OK) rc = sqlite3_step(pragma.get());
    const int busy_timeout = rc == SQLITE_ROW ? sqlite3_column_int(pragma.get(), 0) : 0;
    retry_budget_ms_ = busy_timeout == 0 && options_.busy_timeout_ms > 0 ? options_.busy_timeout_ms : 0;
    rc = pragma.prepare(db_, "PRAGMA foreign_keys");
    if (rc == SQLITE_OK) rc = sqlite3_step(pragma.get());
    foreign_keys_ = rc == SQLITE_ROW && sqlite3_column_int(pragma.get(), 0) != 0;
    TrackingTable tracking;
    rc = inspect_tracking_table(db_, table(), tracking);
    if (rc != SQLITE_OK) return fail_sqlite(nullptr, MIGBUNDLE_PROSE("could not read the migration history"));
    if (tracking.exists && !tracking.valid()) return fail_not_migbundles(report_, table(), tracking);
    table_exists_ = tracking.exists;
    stored_downs_ = table_exists_ && has_down_column(db_, table());
    return note_where_it_stands();
  }

  /// The report's current_id() and has_applied(), from the table.
  bool note_where_it_stands() noexcept {
    if (!table_exists_) return true;
    Statement statement;
    int rc = statement.prepare(db_, "SELECT max(id), count(*) FROM ", table(), "");
    if (rc == SQLITE_OK) rc = sqlite3_step(statement.get());
    if (rc != SQLITE_ROW) return fail_sqlite(nullptr, MIGBUNDLE_PROSE("could not read the migration history"));
    report_.note_history(0, sqlite3_column_int64(statement.get(), 0), sqlite3_column_int64(statement.get(), 1) > 0);
    return true;
  }

  /// revert_unknown: the floor is the newest applied id the bundle knows.
  bool find_newest_known() noexcept {
    Statement statement;
    int rc = statement.prepare(db_, "SELECT id FROM ", table(), " ORDER BY id DESC");
    floor_ = INT64_MIN;
    while (rc == SQLITE_OK && (rc = sqlite3_step(statement.get())) == SQLITE_ROW) {
      const std::int64_t id = sqlite3_column_int64(statement.get(), 0);
      if (find(bundle_, id) != nullptr) {
        floor_ = id;
        rc = SQLITE_DONE;
        break;
      }
      rc = SQLITE_OK;
    }
    if (rc != SQLITE_DONE) return fail_sqlite(nullptr, MIGBUNDLE_PROSE("could not read the migration history"));
    return true;
  }

  /// Before anything is reverted: every migration above the floor has a down.
  bool check_every_down() noexcept {
    Statement statement;
    int rc = statement.prepare(db_, stored_downs_ ? "SELECT id, checksum, down_sql IS NOT NULL FROM "
                                                  : "SELECT id, checksum, 0 FROM ",
                               table(), " WHERE id > ?1 ORDER BY id DESC");
    if (rc == SQLITE_OK) sqlite3_bind_int64(statement.get(), 1, floor_);
    while (rc == SQLITE_OK && (rc = sqlite3_step(statement.get())) == SQLITE_ROW) {
      const std::int64_t id = sqlite3_column_int64(statement.get(), 0);
      const Migration* known = find(bundle_, id);
      const bool stored = sqlite3_column_int(statement.get(), 2) != 0;
      if (!stored && bundle_down(known, column_text(statement.get(), 1)) == nullptr) return fail_irreversible(id, known);
      rc = SQLITE_OK;
    }
    if (rc != SQLITE_DONE) return fail_sqlite(nullptr, MIGBUNDLE_PROSE("could not read the migration history"));
    return true;
  }

  /// The bundle's down for the applied migration `known` recorded with
  /// `checksum`, or null: none, or the bundle's migration is not the one applied.
  const DownMigration* bundle_down(const Migration* known, std::string_view checksum) const noexcept {
    if (known == nullptr || !checksum_matches(checksum, *known)) return nullptr;
    const DownMigration& down = downs_.migrations[known - bundle_.begin()];
    return has_down(down) ? &down : nullptr;
  }

  bool fail_irreversible(std::int64_t id, const Migration* known) noexcept {
    MessageWriter out = report_.message(known);
    out << "migration " << id;
    if (known == nullptr) {
      out << " is unknown to this bundle and the database stored no down for it (the binary that applied it had "
             "none): nothing was reverted. Revert it with the binary that has its down, or leave it "
             "(Options::allow_unknown_applied). ";
    } else {
      out << " has no down, in the bundle or stored with it: nothing was reverted. Add its down ("
          << "`<id>_<name>.down.sql` beside it) and rebuild, or roll back to " << id << " or above. ";
    }
    return report_.conclude(out, Error::irreversible);
  }

  bool revert_all() noexcept {
    for (;;) {
      bool done = false;
      if (!revert_newest(done)) return false;
      if (done) return true;
    }
  }

  /// Reverts the newest applied migration above the floor, if any (`done` when none is left).
  bool revert_newest(bool& done) noexcept {
    set_foreign_keys(false);
    const int rc = exec_waiting(db_, "BEGIN IMMEDIATE", retry_budget_ms_);
    if (rc != SQLITE_OK) {
      set_foreign_keys(true);
      return fail_sqlite(nullptr, is_busy(rc) ? MIGBUNDLE_PROSE("could not take the write lock: another connection "
                                                                "held it past the timeout")
                                              : MIGBUNDLE_PROSE("could not start a transaction"));
    }
    const bool ok = revert_under_lock(done);
    if (!ok || done) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    set_foreign_keys(true);
    return ok;
  }

  /// Inside the write transaction; commits when it reverted one.
  bool revert_under_lock(bool& done) noexcept {
    // Read again under the lock: another connection may have reverted or applied meanwhile.
    Statement row;
    int rc = row.prepare(db_, stored_downs_ ? "SELECT id, checksum, down_sql FROM " : "SELECT id, checksum, NULL FROM ",
                         table(), " WHERE id > ?1 ORDER BY id DESC LIMIT 1");
    if (rc == SQLITE_OK) {
      sqlite3_bind_int64(row.get(), 1, floor_);
      rc = sqlite3_step(row.get());
    }
    if (rc == SQLITE_DONE) {
      done = true;
      return true;
    }
    if (rc != SQLITE_ROW) return fail_sqlite(nullptr, MIGBUNDLE_PROSE("could not read the migration history"));
    const std::int64_t id = sqlite3_column_int64(row.get(), 0);
    const Migration* known = find(bundle_, id);
    if (unknown_only_ && known != nullptr) {  // a binary that knows it applied it meanwhile: not ours to revert
      done = true;
      return true;
    }
    DownText down;
    const DownMigration* from_bundle = bundle_down(known, column_text(row.get(), 1));
    if (from_bundle != nullptr) {
      down.point_at(sql_of(*from_bundle));
    } else if (sqlite3_column_type(row.get(), 2) != SQLITE_NULL) {
      if (!down.copy(column_text(row.get(), 2))) {
        return fail_sqlite(known, MIGBUNDLE_PROSE("could not copy its stored down (out of memory)"));
      }
    } else {
      return fail_irreversible(id, known);  // appeared after the check: another connection applied it
    }
    row.finalize();  // the row read ends here, before the down drops anything
    if (!snapshot_foreign_keys(known)) return false;
    StatementFailure failure;
    if (!run_statements(db_, down.text(), false, retry_budget_ms_, failure)) {
      return fail_down(id, known, down.text(), failure);
    }
    Statement remove;
    rc = remove.prepare(db_, "DELETE FROM ", table(), " WHERE id = ?1");
    if (rc == SQLITE_OK) {
      sqlite3_bind_int64(remove.get(), 1, id);
      rc = sqlite3_step(remove.get());
    }
    if (rc != SQLITE_DONE) return fail_sqlite(known, MIGBUNDLE_PROSE("could not remove its tracking row"));
    if (!check_foreign_keys(id, known)) return false;
    rc = exec_waiting(db_, "COMMIT", retry_budget_ms_);
    if (rc != SQLITE_OK) return fail_sqlite(known, MIGBUNDLE_PROSE("could not commit its revert"));
    fk_snapshot_ = false;
    return note_where_it_stands() && count_reverted();
  }

  bool count_reverted() noexcept {
    report_.note_reverted(report_.report().current_id(), report_.report().has_applied());
    return true;
  }

  /// PRAGMA foreign_keys is a no-op inside a transaction: switched around it,
  /// where it was on, so that a down's table rebuild does not cascade.
  void set_foreign_keys(bool on) noexcept {
    if (foreign_keys_) sqlite3_exec(db_, on ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF", nullptr, nullptr, nullptr);
  }

  /// Dangling references that predate the down, kept so that only new ones count.
  bool snapshot_foreign_keys(const Migration* known) noexcept {
    fk_snapshot_ = false;
    if (!foreign_keys_) return true;
    Statement statement;
    int rc = statement.prepare(db_, "PRAGMA foreign_key_check");
    if (rc == SQLITE_OK) rc = sqlite3_step(statement.get());
    if (rc == SQLITE_DONE) return true;
    if (rc == SQLITE_ROW) {
      statement.finalize();
      rc = sqlite3_exec(db_, "CREATE TEMP TABLE migbundle_fk_before AS SELECT*FROM pragma_foreign_key_check", nullptr,
                        nullptr, nullptr);
      fk_snapshot_ = rc == SQLITE_OK;
      if (fk_snapshot_) return true;
    }
    return fail_sqlite(known, MIGBUNDLE_PROSE("could not run PRAGMA foreign_key_check"));
  }

  bool check_foreign_keys(std::int64_t id, const Migration* known) noexcept {
    if (!foreign_keys_) return true;
    Statement statement;
    int rc = statement.prepare(db_, fk_snapshot_ ? "SELECT*FROM pragma_foreign_key_check EXCEPT SELECT*FROM "
                                                   "temp.migbundle_fk_before"
                                                 : "PRAGMA foreign_key_check");
    if (rc == SQLITE_OK) rc = sqlite3_step(statement.get());
    if (rc == SQLITE_DONE) {
      statement.finalize();
      if (fk_snapshot_ && sqlite3_exec(db_, "DROP TABLE temp.migbundle_fk_before", nullptr, nullptr, nullptr) != SQLITE_OK) {
        return fail_sqlite(known, MIGBUNDLE_PROSE("could not drop its foreign-key snapshot"));
      }
      return true;
    }
    if (rc != SQLITE_ROW) return fail_sqlite(known, MIGBUNDLE_PROSE("could not run PRAGMA foreign_key_check"));
    MessageWriter out = report_.message(known);
    out << "the down of migration " << id << " leaves a dangling foreign key: table \""
        << column_text(statement.get(), 0) << "\" rowid " << static_cast<std::int64_t>(sqlite3_column_int64(statement.get(), 1))
        << " references a missing row of \"" << column_text(statement.get(), 2)
        << "\". It was rolled back: delete or repair such rows in the down. ";
    return report_.conclude(out, Error::foreign_key_violation);
  }

  bool fail_down(std::int64_t id, const Migration* known, std::string_view sql, const StatementFailure& failure) noexcept {
    const TextPosition at = position_of(sql, failure.offset);
    report_.set_extended_code(failure.extended_code);
    MessageWriter out = report_.message(known);
    out << "the down of migration " << id << " failed at line " << at.line << ", column " << at.column
        << " of the down, in statement " << failure.statement_index + 1 << ": " << failure.reason;
    if (failure.extended_code != 0) out << " (SQLite code " << failure.extended_code << ')';
    // After the message's `file: ` prefix, which names the up: line() and column() are in the down.
    report_.locate(at.line, at.column, failure.statement_index + 1);
    out << ". It was rolled back. ";
    return report_.conclude(out, Error::migration_failed);
  }

  bool fail_sqlite(const Migration* known, const char* what) noexcept {
    MessageWriter out = write_sqlite_failure(report_, db_, known, what, sqlite3_extended_errcode(db_));
    out << ". Nothing more was reverted. ";
    return report_.conclude(out, Error::sqlite);
  }

  ReportWriter& report_;
  sqlite3* db_;
  const Bundle& bundle_;
  const Downs& downs_;
  const Options& options_;
  std::int64_t floor_ = INT64_MIN;
  int retry_budget_ms_ = 0;
  bool foreign_keys_ = false;
  bool fk_snapshot_ = false;
  bool table_exists_ = false;
  bool stored_downs_ = false;  ///< the table has the down_sql column
  bool unknown_only_ = false;
};

bool revert_unknown_step(sqlite3* db, const Bundle& bundle, const Downs& downs, const Options& options,
                         ReportWriter& report) noexcept {
  return Reverter(db, bundle, downs, options, report).revert_unknown();
}

}  // namespace

Report migrate(sqlite3* db, const Bundle& bundle, const Downs& downs, const Options& options) noexcept {
  if (downs.size != bundle.size || (downs.size > 0 && downs.migrations == nullptr)) {
    Report report;
    ReportWriter writer(report);
    writer.fail_argument(MIGBUNDLE_PROSE("migbundle::migrate: the Downs do not belong to this bundle (not one entry "
                                         "a migration): pass the downs generated with it"));
    return report;
  }
  const DownStep step{&store_down, &revert_unknown_step, &downs};
  return run_migrate(db, bundle, options, nullptr, &step);
}

Report rollback(sqlite3* db, const Bundle& bundle, const Downs& downs, std::int64_t target_id,
                const Options& options) noexcept {
  Report report;  // returned in place (NRVO)
  ReportWriter writer(report);
  if (check_arguments(db != nullptr, bundle, options, writer)) {
    Reverter(db, bundle, downs, options, writer).rollback(target_id);
  }
  return report;
}

}  // namespace migbundle
