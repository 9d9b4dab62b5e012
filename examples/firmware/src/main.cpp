// The migbundle demo on a Cortex-M3 with no filesystem: SQLite with a RAM
// VFS and a static heap, the demo's migrations embedded by add_migrations().
// It applies the bundle, prints what happened, opens the database again to
// show that nothing is pending, prints the status table and the memory it
// used, and returns 0 only if every step did what it should (the exit code
// reaches the host through semihosting).
#include <sqlite3.h>

#include <cstdint>
#include <demo/migrations.hpp>
#include <migbundle/migrate.hpp>
#include <migbundle/status.hpp>

#include "board.hpp"
#include "console.hpp"
#include "ram_vfs.hpp"

#ifndef FIRMWARE_SQLITE_HEAP_BYTES
#error "FIRMWARE_SQLITE_HEAP_BYTES must be defined by the build"
#endif

// Bundle format 2: each migration costs this much flash beyond its file name and SQL (docs/firmware.md).
static_assert(sizeof(migbundle::Migration) == 56, "a Migration is 56 bytes on Cortex-M");

namespace {

using firmware::out;

enum ExitCode : int {
  success = 0,
  first_run_failed = 1,
  second_run_not_idle = 2,
  // 3: a fault or trap (startup.cpp, cxx_support.cpp)
  setup_failed = 4,
};

// SQLite's only memory: its zero-malloc allocator (memsys5) over this buffer.
alignas(8) unsigned char sqlite_heap[FIRMWARE_SQLITE_HEAP_BYTES];

constexpr const char* database_name = "app.db";

/// Deepest stack a migrate() call used below its caller, SQLite included.
std::size_t migrate_stack = 0;

/// Which migrations of the bundle (by index) a step saw; the bundle has at most 64 here.
using MigrationSet = std::uint64_t;

std::size_t index_of(const migbundle::Migration& m) noexcept {
  return static_cast<std::size_t>(&m - demo::db::bundle.begin());
}

bool contains(MigrationSet set, const migbundle::Migration& m) noexcept { return ((set >> index_of(m)) & 1u) != 0; }

void record_applied(void* context, const migbundle::Migration& m, migbundle::Phase phase) {
  if (phase == migbundle::Phase::after) *static_cast<MigrationSet*>(context) |= MigrationSet{1} << index_of(m);
}

void record_recorded(void* context, const migbundle::StatusEntry& entry) {
  if (entry.state != migbundle::MigrationState::pending && entry.migration != nullptr) {
    *static_cast<MigrationSet*>(context) |= MigrationSet{1} << index_of(*entry.migration);
  }
}

/// One run of the app: open the database, apply, print, close. Returns the report.
migbundle::Report apply_once(const char* title) {
  out << "== " << title << " ==\n";
  sqlite3* db = nullptr;
  if (sqlite3_open(database_name, &db) != SQLITE_OK) {
    out << "cannot open " << database_name << ": " << sqlite3_errmsg(db) << '\n';
    sqlite3_close(db);
    return migbundle::migrate(nullptr, demo::db::bundle);  // an error report, for the caller
  }
  // Foreign keys on, as an app would have them: migration 4 rebuilds a table safely anyway.
  sqlite3_exec(db, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);

  MigrationSet before = 0;
  (void)migbundle::status(db, demo::db::bundle, migbundle::Options{}, record_recorded, &before);
  MigrationSet now = 0;
  migbundle::Options options;
  options.progress = record_applied;
  options.progress_context = &now;
  board::mark_stack();
  const std::size_t depth = board::stack_in_use();
  const std::uint32_t started = board::uptime_ms();
  const migbundle::Report report = migbundle::migrate(db, demo::db::bundle, options);
  const std::uint32_t took = board::uptime_ms() - started;
  const std::size_t used = board::stack_peak_since_mark() - depth;
  if (used > migrate_stack) migrate_stack = used;

  out << "    id  ";
  out.left("name", 22) << "  ";
  out.left("status", 16) << "  checksum\n";
  for (const migbundle::Migration& m : demo::db::bundle) {
    const char* status = contains(before, m)        ? "already applied"
                         : contains(now, m)         ? "applied now"
                         : report.migration() == &m ? "FAILED"
                                                    : "pending";
    out << "  ";
    out.right(m.id, 4) << "  ";
    out.left(m.name(), 22) << "  ";
    out.left(status, 16) << "  " << migbundle::checksum_hex(m).view().substr(0, 12) << '\n';
  }
  if (!report.ok()) {
    out << report.message() << '\n';
  } else if (report.applied() == 0) {
    out << "Nothing pending: the database is up to date at migration " << report.current_id() << " ("
        << demo::db::bundle.size << " migrations).\n";
  } else {
    out << "Applied " << report.applied() << " migration(s), " << report.already_applied()
        << " were already applied; the database is at migration " << report.current_id() << ". ("
        << static_cast<int>(took) << " ms)\n";
  }
  sqlite3_close(db);
  out << '\n';
  return report;
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
  }
  return "?";
}

void print_status_row(void*, const migbundle::StatusEntry& entry) {
  out << "  ";
  out.right(entry.id, 4) << "  ";
  out.left(entry.migration != nullptr ? entry.migration->name() : entry.recorded_name, 22) << "  ";
  out.left(state_name(entry.state), 9) << "  ";
  out.left(entry.applied_at, 24) << "  ";
  out.right(entry.execution_ms, 5) << '\n';
}

/// The status table, as `migbundle status` prints it, and the journal mode
/// migration 5 asked for. Returns false when reading fails.
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
      migbundle::status(db, demo::db::bundle, migbundle::Options{}, print_status_row, nullptr);
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
  out << "migbundle firmware: " << demo::db::bundle.size << " embedded migrations, SQLite " << sqlite3_libversion()
      << ", no filesystem, no malloc\n\n";
  if (demo::db::bundle.size > 64) {
    out << "this demo tracks at most 64 migrations\n";
    return setup_failed;
  }
  if (sqlite3_config(SQLITE_CONFIG_HEAP, sqlite_heap, static_cast<int>(sizeof sqlite_heap), 32) != SQLITE_OK ||
      sqlite3_initialize() != SQLITE_OK) {
    out << "SQLite could not start on its static heap\n";
    return setup_failed;
  }

  const migbundle::Report first = apply_once("first run: a new database");
  if (!first.ok() || first.applied() != static_cast<int>(demo::db::bundle.size)) return first_run_failed;

  const migbundle::Report second = apply_once("second run: the database closed and reopened");
  if (!second.ok() || second.applied() != 0 || second.already_applied() != static_cast<int>(demo::db::bundle.size)) {
    return second_run_not_idle;
  }
  if (!print_status()) return second_run_not_idle;
  print_memory();
  out << "firmware: OK\n";
  return success;
}
