// migrate() adopting another tool's history first (migbundle/adopt.hpp). In a
// translation unit of its own, reached from migrate() only through the
// pointer this overload hands it: a binary that never adopts links none of it.
#include <migbundle/migrate.hpp>

#include "core/fixed_writer.hpp"
#include "core/history.hpp"
#include "core/message_writer.hpp"
#include "core/peer_match.hpp"
#include "core/report_writer.hpp"
#include "sqlite/adoption_step.hpp"
#include "sqlite/lock_wait.hpp"
#include "sqlite/sqlite_failure.hpp"
#include "sqlite/statement.hpp"
#include "sqlite/tracking_table.hpp"

#include <sqlite3.h>

namespace migbundle {
namespace {

/// Each tool's applied rows, in one shape: key, hash, applied time (as
/// migbundle writes applied_at, or NULL), execution ms, state, and a label for
/// messages. Written around the table's quoted name. States:
enum RowState { row_applied = 0, row_failed = 1, row_skipped = 2, row_unsupported = 3, row_dirty = 4 };
#define MIGBUNDLE_ISO(column) "strftime('%Y-%m-%dT%H:%M:%fZ'," column ")"

struct ToolQuery {
  const char* before;  ///< up to the table's name
  const char* after;   ///< after it
};

ToolQuery query_of(PeerTool tool) noexcept {
  switch (tool) {
    case PeerTool::drizzle:  // created_at is the journal's `when`, not a time of applying
      return {"SELECT CAST(CAST(created_at AS INTEGER) AS TEXT),hash,NULL,0,0,'' FROM ", " ORDER BY created_at"};
    case PeerTool::wrangler:
      return {"SELECT name,''," MIGBUNDLE_ISO("applied_at") ",0,0,'' FROM ", " ORDER BY id"};
    case PeerTool::sqlx:  // execution_time in nanoseconds, -1 when sqlx stopped before writing it
      return {"SELECT CAST(version AS TEXT),lower(hex(checksum))," MIGBUNDLE_ISO("installed_on")
              ",max(execution_time/1000000,0),CASE WHEN success THEN 0 ELSE 1 END,'' FROM ",
              " ORDER BY version"};
    case PeerTool::goose:  // the newest row of each version decides (SQLite's bare columns follow max(id))
      return {"SELECT CAST(version_id AS TEXT),''," MIGBUNDLE_ISO("tstamp")
              ",0,CASE WHEN version_id=0 OR NOT is_applied THEN 2 ELSE 0 END,'',max(id) FROM ",
              " GROUP BY version_id ORDER BY version_id"};
    case PeerTool::golang_migrate:  // one row: the last version, and whether it is dirty
      return {"SELECT CAST(version AS TEXT),'',NULL,0,CASE WHEN dirty THEN 4 ELSE 0 END,'' FROM ", ""};
    case PeerTool::dbmate:
      return {"SELECT version,'',NULL,0,0,'' FROM ", " ORDER BY version"};
    case PeerTool::diesel:
      return {"SELECT version,''," MIGBUNDLE_ISO("run_on") ",0,0,'' FROM ", " ORDER BY version"};
    case PeerTool::flyway:
      return {"SELECT version,CAST(checksum AS TEXT)," MIGBUNDLE_ISO("installed_on")
              ",execution_time,CASE WHEN NOT success THEN 1 WHEN type='SCHEMA' THEN 2 WHEN version IS NULL OR "
              "type<>'SQL' THEN 3 ELSE 0 END,type||' '||script FROM ",
              " ORDER BY installed_rank"};
    case PeerTool::sql_migrate:  // applied_at: Go's time as text, with nanoseconds and a zone offset
      return {"SELECT id,''," MIGBUNDLE_ISO("applied_at") ",0,0,'' FROM ", " ORDER BY id"};
    case PeerTool::prisma:  // quaint binds times as Unix milliseconds
      return {"SELECT migration_name,checksum,CASE WHEN typeof(finished_at) IN ('integer','real') THEN "
              "strftime('%Y-%m-%dT%H:%M:%fZ',finished_at/1000.0,'unixepoch') ELSE " MIGBUNDLE_ISO("finished_at")
              " END,0,CASE WHEN rolled_back_at IS NOT NULL THEN 2 WHEN finished_at IS NULL THEN 1 ELSE 0 END,'' FROM ",
              " ORDER BY started_at,migration_name"};
  }
  return {"", ""};
}

/// The columns each tool's table must have, for a table that lacks them.
const char* columns_of(PeerTool tool) noexcept {
  switch (tool) {
    case PeerTool::drizzle: return "hash, created_at";
    case PeerTool::wrangler: return "id, name, applied_at";
    case PeerTool::sqlx: return "version, success, checksum, installed_on, execution_time";
    case PeerTool::goose: return "id, version_id, is_applied, tstamp";
    case PeerTool::golang_migrate: return "version, dirty";
    case PeerTool::dbmate: return "version";
    case PeerTool::diesel: return "version, run_on";
    case PeerTool::flyway: return "installed_rank, version, type, script, checksum, installed_on, execution_time, success";
    case PeerTool::prisma: return "migration_name, checksum, finished_at, rolled_back_at, started_at";
    case PeerTool::sql_migrate: return "id, applied_at";
  }
  return "";
}

/// One adoption: under its own BEGIN IMMEDIATE, everything the tool applied
/// recorded in migbundle's table, or nothing.
class Adopter {
 public:
  Adopter(sqlite3* db, const Bundle& bundle, const Adoption& adoption, const Options& options, int retry_budget_ms,
          ReportWriter& report) noexcept
      : db_(db), bundle_(bundle), adoption_(adoption), options_(options), retry_budget_ms_(retry_budget_ms),
        report_(report) {}

  bool run() noexcept {
    if (adoption_.size != bundle_.size || (adoption_.size > 0 && adoption_.migrations == nullptr)) {
      return report_.fail_argument(MIGBUNDLE_PROSE("the adoption table does not list the bundle's migrations "
                                                   "(Adoption::size differs from the bundle's): regenerate both"));
    }
    if (adoption_.table == nullptr || !is_valid_table_name(adoption_.table)) {
      return report_.fail_argument(MIGBUNDLE_PROSE("Adoption::table is not a table name (letters, digits, `_`)"));
    }
    bool wanted = false;
    int rc = SQLITE_OK;
    LockWait read_wait(retry_budget_ms_);  // a writer (another adopter) may hold the database for a moment
    do {
      rc = needs_adoption(wanted);
    } while (is_busy(rc) && read_wait.next());
    if (rc != SQLITE_OK) return fail_sqlite(MIGBUNDLE_PROSE("could not look for the tables to adopt"), rc);
    if (!wanted) return true;
    rc = exec_waiting(db_, "BEGIN IMMEDIATE", retry_budget_ms_);
    if (rc != SQLITE_OK) return fail_sqlite(MIGBUNDLE_PROSE("could not start the adoption's transaction"), rc);
    // Under the lock: a concurrent adopter may have finished meanwhile.
    rc = needs_adoption(wanted);
    if (rc != SQLITE_OK || !wanted) {
      rollback();
      return rc == SQLITE_OK || fail_sqlite(MIGBUNDLE_PROSE("could not look for the tables to adopt"), rc);
    }
    const bool adopted = create_tracking_table() && adopt_rows();
    if (!adopted) {
      rollback();
      return false;
    }
    rc = exec_waiting(db_, "COMMIT", retry_budget_ms_);
    if (rc != SQLITE_OK) {
      rollback();
      return fail_sqlite(MIGBUNDLE_PROSE("could not commit the adoption"), rc);
    }
    report_.note_adopted(adopted_);
    return true;
  }

 private:
  [[nodiscard]] TableRef table() const noexcept { return TableRef{options_.schema, options_.table}; }
  [[nodiscard]] TableRef peer() const noexcept { return TableRef{options_.schema, adoption_.table}; }
  [[nodiscard]] const char* tool() const noexcept { return peer_tool_name(adoption_.tool); }

  /// True when migbundle's table has no row and the tool's table exists.
  int needs_adoption(bool& wanted) noexcept {
    wanted = false;
    TrackingTable found;
    int rc = inspect_tracking_table(db_, table(), found);
    if (rc != SQLITE_OK || (found.exists && !found.valid())) return rc;  // migrate() reports a table not migbundle's
    if (found.exists) {
      Statement any;
      rc = any.prepare(db_, "SELECT 1 FROM ", table(), " LIMIT 1");
      if (rc == SQLITE_OK) rc = sqlite3_step(any.get());
      if (rc == SQLITE_ROW) return SQLITE_OK;  // it has history: adopted before, or never the tool's
      if (rc != SQLITE_DONE) return rc;
    }
    Statement exists;
    rc = exists.prepare(db_, "SELECT 1 FROM ", TableRef{options_.schema, "sqlite_master"},
                        " WHERE type='table' AND name=?1");
    if (rc != SQLITE_OK) return rc;
    sqlite3_bind_text(exists.get(), 1, adoption_.table, -1, SQLITE_STATIC);
    rc = sqlite3_step(exists.get());
    wanted = rc == SQLITE_ROW;
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
  }

  void rollback() noexcept {
    if (sqlite3_get_autocommit(db_) == 0) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }

  bool create_tracking_table() noexcept {
    const int rc = migbundle::create_tracking_table(db_, table());
    return rc == SQLITE_OK || fail_sqlite(MIGBUNDLE_PROSE("could not create the tracking table"), rc);
  }

  /// Reads the tool's rows and records each applied one; false (the report
  /// failed) at the first row that refuses the adoption.
  bool adopt_rows() noexcept {
    const ToolQuery query = query_of(adoption_.tool);
    // Built in the report's message buffer (free until a message is written), not in a stack frame.
    FixedWriter writer = report_.scratch();
    writer << query.before << '"' << options_.schema << "\".\"" << adoption_.table << '"' << query.after;
    Statement rows;
    int rc = writer.complete() ? rows.prepare(db_, writer.c_str()) : SQLITE_TOOBIG;
    report_.clear_scratch();
    if (rc != SQLITE_OK) {
      MessageWriter out = refuse(nullptr);
      out << "table \"" << adoption_.table << "\" does not have " << tool() << "'s columns (" << columns_of(adoption_.tool)
          << "): SQLite says \"" << sqlite3_errmsg(db_) << "\". Check which tool migrated this database, and its "
          << "table's name. ";
      return report_.conclude(out, Error::adoption_refused);
    }
    std::size_t cursor = 0;
    int rows_seen = 0;
    while ((rc = sqlite3_step(rows.get())) == SQLITE_ROW) {
      ++rows_seen;
      if (adoption_.tool == PeerTool::golang_migrate && rows_seen > 1) {
        MessageWriter out = refuse(nullptr);
        out << "\"" << adoption_.table << "\" has more than one row; golang-migrate keeps exactly one (the last "
            << "version): check which tool migrated this database (dbmate's table has the same name). ";
        return report_.conclude(out, Error::adoption_refused);
      }
      if (!adopt_row(rows.get(), cursor)) return false;
    }
    if (rc != SQLITE_DONE) return fail_sqlite(MIGBUNDLE_PROSE("could not read the tool's table"), rc);
    return true;
  }

  /// One row of the tool's table; `cursor` is where the last match was, so a
  /// table in the bundle's order is matched in one pass.
  bool adopt_row(sqlite3_stmt* row, std::size_t& cursor) noexcept {
    const std::string_view key = column_text(row, 0);
    const int state = sqlite3_column_int(row, 4);
    if (state == row_skipped) return true;
    const Migration* m = find(key, cursor);
    if (state == row_failed || state == row_dirty) {
      MessageWriter out = refuse(m);
      out << tool() << "'s \"" << adoption_.table << "\" records " << (m != nullptr ? "this migration" : "version ")
                << (m != nullptr ? std::string_view() : key)
                << (state == row_dirty ? " as dirty: it started and did not finish, so what it changed is unknown. "
                                         "Check the database, finish or undo it by hand, mark it clean with the tool, "
                                         "then adopt. "
                                       : " as failed: the tool itself refuses to go on from here. Repair it with the "
                                         "tool, then adopt. ");
      return report_.conclude(out, Error::adoption_refused);
    }
    if (state == row_unsupported) {
      MessageWriter out = refuse(m);
      out << tool() << "'s \"" << adoption_.table << "\" has a row migbundle cannot adopt (" << column_text(row, 5)
          << "): only SQL migrations the tool ran are adopted, not a baseline, a deleted, repeatable or code "
             "migration. ";
      return report_.conclude(out, Error::adoption_refused);
    }
    if (m == nullptr) {
      MessageWriter out = refuse(nullptr);
      out << tool() << "'s \"" << adoption_.table << "\" records " << key
          << ", which this bundle does not have: add that migration's file back, or adopt with the bundle of the "
             "folder that migrated this database. ";
      return report_.conclude(out, Error::adoption_refused);
    }
    const std::size_t index = static_cast<std::size_t>(m - bundle_.begin());
    const std::string_view stored = column_text(row, 1);
    if (!peer_hash_matches(stored, adoption_.migrations[index].hash)) {
      MessageWriter out = refuse(m);
      out << tool() << " recorded migration " << m->id << " with hash " << stored
          << ", not this file's as the tool computes it: it was edited after it was applied. Restore the file as it "
             "was applied (from version control), then adopt. ";
      return report_.conclude(out, Error::adoption_refused);
    }
    if (adoption_.tool == PeerTool::golang_migrate) {
      // The row is the last version applied: every migration up to it is.
      for (const Migration* each = bundle_.begin(); each <= m; ++each) {
        if (!record(*each, nullptr, 0)) return false;
      }
      return true;
    }
    const bool has_time = sqlite3_column_type(row, 2) != SQLITE_NULL;
    return record(*m, has_time ? reinterpret_cast<const char*>(sqlite3_column_text(row, 2)) : nullptr,
                  sqlite3_column_int64(row, 3));
  }

  /// The migration whose key `key` is, searching on from `cursor`.
  const Migration* find(std::string_view key, std::size_t& cursor) noexcept {
    const std::size_t size = bundle_.size;
    for (std::size_t step = 0; step < size; ++step) {
      const std::size_t index = (cursor + step) % size;
      const char* candidate = adoption_.migrations[index].key;
      if (candidate != nullptr && peer_key_matches(adoption_.tool, key, candidate)) {
        cursor = index + 1 < size ? index + 1 : 0;
        return bundle_.begin() + index;
      }
    }
    return nullptr;
  }

  bool record(const Migration& m, const char* applied_at, std::int64_t execution_ms) noexcept {
    const int rc = insert_tracking_row(db_, table(), m, applied_at, execution_ms);
    if (rc == SQLITE_OK) {
      ++adopted_;
      return true;
    }
    if (rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
      MessageWriter out = refuse(&m);
      out << tool() << "'s \"" << adoption_.table << "\" records migration " << m.id
          << " twice: that is not a table the tool wrote. ";
      return report_.conclude(out, Error::adoption_refused);
    }
    MessageWriter out = write_sqlite_failure(report_, db_, &m, MIGBUNDLE_PROSE("could not record it as adopted"), rc);
    out << ". Nothing was adopted. ";
    return report_.conclude(out, Error::sqlite);
  }

  /// Starts a refusal's message, about `m` (its file) when known. The
  /// caller ends it with what to do; conclude() adds that nothing was adopted.
  MessageWriter refuse(const Migration* m) noexcept {
    MessageWriter out = m != nullptr ? report_.message_at_top(*m) : report_.message(nullptr);
    out << "cannot adopt " << tool() << "'s history, nothing was adopted: ";
    return out;
  }

  bool fail_sqlite(const char* what, int rc) noexcept {
    const int code = sqlite3_extended_errcode(db_);
    MessageWriter out = write_sqlite_failure(report_, db_, nullptr, what, code != 0 ? code : rc);
    out << ". Nothing was adopted. ";
    return report_.conclude(out, Error::sqlite);
  }

  sqlite3* db_;
  const Bundle& bundle_;
  const Adoption& adoption_;
  const Options& options_;
  int retry_budget_ms_;
  ReportWriter& report_;
  int adopted_ = 0;
};

bool adopt_history(sqlite3* db, const Bundle& bundle, const Adoption& adoption, const Options& options,
                   int retry_budget_ms, ReportWriter& report) noexcept {
  return Adopter(db, bundle, adoption, options, retry_budget_ms, report).run();
}

}  // namespace

Report migrate(sqlite3* db, const Bundle& bundle, const Adoption& adoption, const Options& options) noexcept {
  const AdoptionStep step{&adopt_history, &adoption};
  return run_migrate(db, bundle, options, &step);
}

}  // namespace migbundle
