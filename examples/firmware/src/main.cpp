// The migbundle demo on a Cortex-M3 with no filesystem: SQLite with a RAM
// VFS and a static heap, the demo's migrations embedded by add_migrations().
// It applies the bundle, prints what happened, opens the database again to
// show that nothing is pending, writes some of the app's data, then runs the
// next release's bundle, whose new migration fails, and proves the database
// is exactly as it was. It prints the status table and the memory it used,
// and returns 0 only if every step did what it should (the exit code reaches
// the host through semihosting).
#include <sqlite3.h>

#include <cstdint>
#include <demo/migrations.hpp>
#include <migbundle/migrate.hpp>
#include <migbundle/status.hpp>
#include <next_release/migrations.hpp>

#include "board.hpp"
#include "console.hpp"
#include "database_state.hpp"
#include "ram_vfs.hpp"

#ifndef FIRMWARE_SQLITE_HEAP_BYTES
#error "FIRMWARE_SQLITE_HEAP_BYTES must be defined by the build"
#endif

// Bundle format 5: each migration costs this much flash beyond its checksum, file name and SQL (docs/firmware.md).
static_assert(sizeof(migbundle::Migration) == 56, "a Migration is 56 bytes on Cortex-M (33 of them the checksum)");

namespace {

using firmware::out;

enum ExitCode : int {
  success = 0,
  first_run_failed = 1,
  second_run_not_idle = 2,
  // 3: a fault or trap (startup.cpp, cxx_support.cpp)
  setup_failed = 4,
  update_not_refused = 5,   ///< the next release's broken migration did not fail as it should
  update_changed_data = 6,  ///< it failed, but the database is not what it was before
  update_not_spilled = 7,   ///< it wrote nothing into the database file, so the rollback proved nothing
  status_failed = 8,        ///< status() of the next release's bundle failed
};

// SQLite's only memory: its zero-malloc allocator (memsys5) over this buffer.
alignas(8) unsigned char sqlite_heap[FIRMWARE_SQLITE_HEAP_BYTES];

constexpr const char* database_name = "app.db";

/// Deepest stack a migrate() call used below its caller, SQLite included.
std::size_t migrate_stack = 0;

/// Which migrations of a bundle (by index) a step saw; a bundle has at most 64 here.
struct MigrationSet {
  const migbundle::Bundle& bundle;
  std::uint64_t bits = 0;

  void add(const migbundle::Migration& m) noexcept { bits |= std::uint64_t{1} << index_of(m); }
  [[nodiscard]] bool contains(const migbundle::Migration& m) const noexcept {
    return ((bits >> index_of(m)) & 1u) != 0;
  }

 private:
  std::size_t index_of(const migbundle::Migration& m) const noexcept {
    return static_cast<std::size_t>(&m - bundle.begin());
  }
};

void record_applied(void* context, const migbundle::Migration& m, migbundle::Phase phase) {
  if (phase == migbundle::Phase::after) static_cast<MigrationSet*>(context)->add(m);
}

void record_recorded(void* context, const migbundle::StatusEntry& entry) {
  if (entry.state != migbundle::MigrationState::pending && entry.migration != nullptr) {
    static_cast<MigrationSet*>(context)->add(*entry.migration);
  }
}

/// One run of the app: open the database, apply `bundle`, print, close.
/// `cache_pages`, when not 0: the connection's page cache, in pages. Returns the report.
migbundle::Report apply_once(const char* title, const migbundle::Bundle& bundle, int cache_pages = 0) {
  out << "== " << title << " ==\n";
  sqlite3* db = nullptr;
  if (sqlite3_open(database_name, &db) != SQLITE_OK) {
    out << "cannot open " << database_name << ": " << sqlite3_errmsg(db) << '\n';
    sqlite3_close(db);
    return migbundle::migrate(nullptr, bundle);  // an error report, for the caller
  }
  // Foreign keys on, as an app would have them: migration 4 rebuilds a table safely anyway.
  sqlite3_exec(db, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
  if (cache_pages != 0) {
    char* pragma = sqlite3_mprintf("PRAGMA cache_size = %d", cache_pages);  // from SQLite's static heap
    sqlite3_exec(db, pragma, nullptr, nullptr, nullptr);
    sqlite3_free(pragma);
  }

  MigrationSet before{bundle};
  (void)migbundle::status(db, bundle, migbundle::Options{}, record_recorded, &before);
  MigrationSet now{bundle};
  migbundle::Options options;
  options.progress = record_applied;
  options.progress_context = &now;
  board::mark_stack();
  const std::size_t depth = board::stack_in_use();
  const std::uint32_t started = board::uptime_ms();
  const migbundle::Report report = migbundle::migrate(db, bundle, options);
  const std::uint32_t took = board::uptime_ms() - started;
  const std::size_t used = board::stack_peak_since_mark() - depth;
  if (used > migrate_stack) migrate_stack = used;

  out << "    id  ";
  out.left("name", 22) << "  ";
  out.left("status", 16) << "  checksum\n";
  for (const migbundle::Migration& m : bundle) {
    const char* status = before.contains(m)         ? "already applied"
                         : now.contains(m)          ? "applied now"
                         : report.migration() == &m ? "FAILED"
                                                    : "pending";
    out << "  ";
    out.right(m.id, 4) << "  ";
    out.left(name_of(m), 22) << "  ";
    out.left(status, 16) << "  " << migbundle::checksum_hex(m).view().substr(0, 12) << '\n';
  }
  if (!report.ok()) {
    out << report.message() << '\n';
  } else if (report.applied() == 0) {
    out << "Nothing pending: the database is up to date at migration " << report.current_id() << " (" << bundle.size
        << " migrations).\n";
  } else {
    out << "Applied " << report.applied() << " migration(s), " << report.already_applied()
        << " were already applied; the database is at migration " << report.current_id() << ". ("
        << static_cast<int>(took) << " ms)\n";
  }
  sqlite3_close(db);
  out << '\n';
  return report;
}

/// The app at work between releases: a user, a project and three tasks, two of them done.
bool write_app_data() {
  sqlite3* db = nullptr;
  bool ok = sqlite3_open(database_name, &db) == SQLITE_OK &&
            sqlite3_exec(db,
                         "INSERT INTO users (id, email, name) VALUES (1, 'ann@example.com', 'Ann');"
                         "INSERT INTO projects (id, owner_id, title) VALUES (1, 1, 'Firmware 1.1');"
                         "INSERT INTO tasks (project_id, title, done, priority) VALUES"
                         " (1, 'Measure the runtime', 1, 1), (1, 'Boot under QEMU', 1, 2), (1, 'Ship it', 0, 2);",
                         nullptr, nullptr, nullptr) == SQLITE_OK;
  if (!ok) out << "the app could not write its data: " << sqlite3_errmsg(db) << '\n';
  sqlite3_close(db);
  return ok;
}

void print_state(const char* when, const firmware::DatabaseState& state) {
  out << "  " << when << ": " << state.objects << " schema objects, " << state.rows << " rows, content ";
  out.hex(state.content);
  out << "; " << state.pages << " pages (" << state.free_pages << " free), ";
  out.bytes(static_cast<std::int64_t>(state.file_size))
      << " bytes; integrity_check " << (state.intact ? "ok" : "FAILED") << '\n';
}

// The next release's bundle: the demo's migrations and one more that fails.
// It must be refused at the right file and line and leave the database, the
// app's data and the tracking table exactly as they were. Its
// cache of 8 pages is smaller than what migration 100 writes, so changed
// pages reach the database file before the failure and the rollback has to
// restore them from the journal: the path on which a VFS or a runtime would
// lose data.
ExitCode apply_failing_update() {
  const firmware::DatabaseState before = firmware::read_database_state(database_name);
  const firmware::RamFileUsage file_before = firmware::database_file_usage();
  const migbundle::Report update =
      apply_once("third run: the next release, whose new migration fails", next_release::db::bundle, 8);
  const firmware::RamFileUsage file_after = firmware::database_file_usage();
  const firmware::DatabaseState after = firmware::read_database_state(database_name);
  out << "== the database after the failed update ==\n";
  out << "  SQLite wrote ";
  out.bytes(static_cast<std::int64_t>(file_after.written - file_before.written))
      << " bytes into the database file (spilled pages, then the originals put back)";
  if (file_after.peak > file_before.peak) {  // the peak since reset, so only a new one is the update's
    out << "; it grew to ";
    out.bytes(static_cast<std::int64_t>(file_after.peak)) << " bytes before the failure";
  }
  out << '\n';
  print_state("before", before);
  print_state("after ", after);
  const migbundle::Migration& newest = *(next_release::db::bundle.end() - 1);
  if (update.ok() || update.error() != migbundle::Error::migration_failed || update.migration() != &newest ||
      update.line() == 0 || update.applied() != 0 || update.current_id() != (demo::db::bundle.end() - 1)->id) {
    out << "the update was not refused as it should be\n\n";
    return update_not_refused;
  }
  if (file_after.written == file_before.written) {
    out << "the update's pages never reached the database file: the rollback had nothing to restore\n\n";
    return update_not_spilled;
  }
  if (!before.intact || !(before == after)) {
    out << "the failed update changed the database\n\n";
    return update_changed_data;
  }
  out << "  unchanged: migration " << newest.id << " was rolled back entirely, the app's data kept\n\n";
  return success;
}

const char* state_name(migbundle::MigrationState state) noexcept {
  switch (state) {
    case migbundle::MigrationState::applied:
      return "applied";
    case migbundle::MigrationState::pending:
      return "pending";
    case migbundle::MigrationState::modified:
      return "MODIFIED";
    case migbundle::MigrationState::unknown:
      return "UNKNOWN";
    case migbundle::MigrationState::squashed:
      return "squashed";
  }
  return "?";
}

void print_status_row(void*, const migbundle::StatusEntry& entry) {
  out << "  ";
  out.right(entry.id, 4) << "  ";
  out.left(entry.migration != nullptr ? name_of(*entry.migration) : entry.recorded_name, 22) << "  ";
  out.left(state_name(entry.state), 9) << "  ";
  out.left(entry.applied_at, 24) << "  ";
  out.right(entry.execution_ms, 5) << '\n';
}

/// The status table of the next release's bundle, as `migbundle status`
/// prints it (its failed migration pending), and the journal mode migration 5
/// asked for. Returns false when reading fails.
bool print_status() {
  sqlite3* db = nullptr;
  if (sqlite3_open(database_name, &db) != SQLITE_OK) {
    sqlite3_close(db);
    return false;
  }
  out << "== status ==\n    id  ";
  out.left("name", 22) << "  ";
  out.left("state", 9) << "  ";
  out.left("applied at", 24) << "  "
                             << "   ms\n";
  const migbundle::Report report =
      migbundle::status(db, next_release::db::bundle, migbundle::Options{}, print_status_row, nullptr);
  if (!report.ok()) out << report.message() << '\n';

  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &statement, nullptr) == SQLITE_OK &&
      sqlite3_step(statement) == SQLITE_ROW) {
    out << "journal_mode: " << reinterpret_cast<const char*>(sqlite3_column_text(statement, 0))
        << " (migration 5 asked for WAL, which needs shared memory this VFS does not have; SQLite kept its mode)\n";
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  out << '\n';
  return report.ok();
}

void print_memory() {
  sqlite3_int64 heap_now = 0;
  sqlite3_int64 heap_peak = 0;
  sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &heap_now, &heap_peak, 0);
  sqlite3_int64 largest_now = 0;
  sqlite3_int64 largest = 0;
  sqlite3_status64(SQLITE_STATUS_MALLOC_SIZE, &largest_now, &largest, 0);
  out << "== memory ==\n";
  out << "  SQLite heap (memsys5, static): peak ";
  out.bytes(heap_peak) << " of ";
  out.bytes(static_cast<std::int64_t>(sizeof sqlite_heap)) << " bytes, largest request ";
  out.bytes(largest) << '\n';
  std::size_t count = 0;
  const firmware::RamFileUsage* files = firmware::ram_file_usage(count);
  for (std::size_t i = 0; i < count; ++i) {
    out << "  RAM file " << files[i].role << ": peak ";
    out.bytes(static_cast<std::int64_t>(files[i].peak)) << " of ";
    out.bytes(static_cast<std::int64_t>(files[i].capacity)) << " bytes\n";
  }
  out << "  stack: peak ";
  out.bytes(static_cast<std::int64_t>(board::stack_peak())) << " of ";
  out.bytes(static_cast<std::int64_t>(board::stack_size())) << " bytes; deepest migrate() call, SQLite included: ";
  out.bytes(static_cast<std::int64_t>(migrate_stack)) << " bytes\n\n";
}

}  // namespace

int main() {
  out << "migbundle firmware: " << demo::db::bundle.size << " embedded migrations (" << next_release::db::bundle.size
      << " in the next release's bundle), SQLite " << sqlite3_libversion() << ", no filesystem, no malloc\n\n";
  if (next_release::db::bundle.size > 64) {
    out << "this demo tracks at most 64 migrations\n";
    return setup_failed;
  }
  if (sqlite3_config(SQLITE_CONFIG_HEAP, sqlite_heap, static_cast<int>(sizeof sqlite_heap), 32) != SQLITE_OK ||
      sqlite3_initialize() != SQLITE_OK) {
    out << "SQLite could not start on its static heap\n";
    return setup_failed;
  }

  const migbundle::Report first = apply_once("first run: a new database", demo::db::bundle);
  if (!first.ok() || first.applied() != static_cast<int>(demo::db::bundle.size)) return first_run_failed;

  const migbundle::Report second = apply_once("second run: the database closed and reopened", demo::db::bundle);
  if (!second.ok() || second.applied() != 0 || second.already_applied() != static_cast<int>(demo::db::bundle.size)) {
    return second_run_not_idle;
  }
  if (!write_app_data()) return setup_failed;
  const ExitCode update = apply_failing_update();
  if (update != success) return update;
  if (!print_status()) return status_failed;
  print_memory();
  out << "firmware: OK\n";
  return success;
}
