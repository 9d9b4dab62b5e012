// An A/B update on a board: two images of one app, built from this file, boot
// one after the other on the same database, which lives in "flash" (a host
// file, persistent_files.cpp) across resets.
//   image v2 (FIRMWARE_AB_IMAGE=2): the demo's migrations 1-5 and 6, which
//     archives the done tasks (it changes data) and has a down;
//   image v1 (FIRMWARE_AB_IMAGE=1): migrations 1-5 only, and no downs of its own.
// Every boot calls migrate() with the image's downs and Options::revert_unknown:
// v2 stores the down of 6 in the database as it applies it; v1, booted after
// v2 (the fallback), finds 6 applied, which it never knew, and reverts it with
// that stored down. On its first boot on a new device the app writes its data.
// Each boot prints what migrate() did, whether check_schema() finds the schema
// the image's migrations give (after a revert too), the app's state (schema
// and rows, the tracking table left out: its timestamps differ from boot to
// boot) and the applied ids; tests/firmware/run_ab_update.cmake compares boots.
//
// Semihosting arguments: `cut=N` simulates a power cut before the Nth change
// migrate() makes to the database or its journal: the files are saved as
// they are at that moment and the board stops (exit code 9). `tamper` adds a
// hand-made index before the drift check, which names it (exit code 8).
#include <sqlite3.h>

#include <cstdint>
#include <cstring>
#include <iterator>
#include <migbundle/rollback.hpp>
#include <migbundle/schema.hpp>
#include <migbundle/status.hpp>

#include "console.hpp"
#include "database_state.hpp"
#include "persistent_files.hpp"
#include "ram_vfs.hpp"
#include "semihosting.hpp"

#if FIRMWARE_AB_IMAGE == 2
#include <ab_v2/migrations.hpp>
#elif FIRMWARE_AB_IMAGE == 1
#include <ab_v1/migrations.hpp>
#else
#error "FIRMWARE_AB_IMAGE must be 1 or 2"
#endif

#ifndef FIRMWARE_SQLITE_HEAP_BYTES
#error "FIRMWARE_SQLITE_HEAP_BYTES must be defined by the build"
#endif

namespace {

using firmware::out;

enum ExitCode : int {
  success = 0,
  migrate_failed = 1,
  // 3: a fault or trap (startup.cpp, cxx_support.cpp)
  setup_failed = 4,
  flash_invalid = 5,   ///< the flash file is not an image of the RAM files
  flash_unsaved = 6,   ///< the host did not take the flash file
  app_failed = 7,      ///< the app could not write or read its data
  drift_found = 8,     ///< the schema is not the one the image's migrations give (check_schema())
  power_cut = 9,       ///< the simulated power cut happened (cut=N)
};

alignas(8) unsigned char sqlite_heap[FIRMWARE_SQLITE_HEAP_BYTES];

constexpr const char* database_name = "app.db";
constexpr const char* flash_file = "ab_flash.bin";

#if FIRMWARE_AB_IMAGE == 2
constexpr int image = 2;
const migbundle::Bundle& bundle = ab_v2::db::bundle;
const migbundle::Schema& schema = ab_v2::db::schema;
migbundle::Downs image_downs() { return ab_v2::db::downs; }
#else
constexpr int image = 1;
const migbundle::Bundle& bundle = ab_v1::db::bundle;
const migbundle::Schema& schema = ab_v1::db::schema;
// v1 was built before its team wrote downs: an empty entry for each migration
// (room for 64). It reverts what v2 applied with the downs v2 left in the database.
constexpr migbundle::DownMigration no_downs[64] = {};
migbundle::Downs image_downs() {
  return {no_downs, bundle.size <= std::size(no_downs) ? bundle.size : 0};  // 0: migrate() refuses, naming it
}
#endif

// ---- the simulated power cut ----------------------------------------------------------------
long cut_before = 0;  // 0: none
long changes = 0;

void count_change(const char* file, const char* change) {
  ++changes;
  if (changes != cut_before) return;
  out << "power cut before change " << static_cast<std::int64_t>(changes) << " (" << change << " of the " << file
      << ")\n";
  out.flush();
  // What the flash holds at this moment is all that survives.
  semihosting::exit(firmware::save_ram_files(flash_file) ? power_cut : flash_unsaved);
}

/// `cut=N` among the semihosting arguments, or 0.
long cut_argument() {
  char line[128];
  if (!semihosting::command_line(line, sizeof line)) return 0;
  for (char* word = line; *word != '\0';) {
    while (*word == ' ') ++word;
    if (std::strncmp(word, "cut=", 4) == 0) {
      long n = 0;
      for (const char* digit = word + 4; *digit >= '0' && *digit <= '9'; ++digit) n = n * 10 + (*digit - '0');
      return n;
    }
    while (*word != '\0' && *word != ' ') ++word;
  }
  return 0;
}

/// Whether `word` is among the semihosting arguments.
bool has_argument(const char* word) {
  char line[128];
  if (!semihosting::command_line(line, sizeof line)) return false;
  const std::size_t size = std::strlen(word);
  for (const char* at = std::strstr(line, word); at != nullptr; at = std::strstr(at + 1, word)) {
    const bool starts = at == line || at[-1] == ' ';
    if (starts && (at[size] == '\0' || at[size] == ' ')) return true;
  }
  return false;
}

void print_drift(void*, const migbundle::DriftEntry& entry) {
  const char* kind = entry.kind == migbundle::Drift::missing ? "missing"
                     : entry.kind == migbundle::Drift::extra ? "extra"
                                                             : "different";
  out << "  " << kind << ' ' << entry.type << ' ' << entry.name << '\n';
}

// ---- the app ------------------------------------------------------------------------------------

bool has_users(sqlite3* db) {
  sqlite3_stmt* statement = nullptr;
  const bool found = sqlite3_prepare_v2(db, "SELECT 1 FROM users LIMIT 1", -1, &statement, nullptr) == SQLITE_OK &&
                     sqlite3_step(statement) == SQLITE_ROW;
  sqlite3_finalize(statement);
  return found;
}

/// On a new device, the app's data: a user, a project and three tasks, two of
/// them done. Every timestamp given, so that two devices hold the same bytes.
bool write_app_data(sqlite3* db) {
  if (has_users(db)) return true;
  out << "new device: the app writes its data\n";
  return sqlite3_exec(db,
                      "BEGIN;"
                      "INSERT INTO users (id, email, name, created_at)"
                      " VALUES (1, 'ann@example.com', 'Ann', '2025-01-01T00:00:00.000Z');"
                      "INSERT INTO projects (id, owner_id, title) VALUES (1, 1, 'Firmware 1.1');"
                      "INSERT INTO tasks (id, project_id, title, done, priority, updated_at) VALUES"
                      " (1, 1, 'Measure the runtime', 1, 1, '2025-01-01T00:00:01.000Z'),"
                      " (2, 1, 'Boot under QEMU', 1, 2, '2025-01-01T00:00:02.000Z'),"
                      " (3, 1, 'Ship it', 0, 2, '2025-01-01T00:00:03.000Z');"
                      "COMMIT;",
                      nullptr, nullptr, nullptr) == SQLITE_OK;
}

void print_applied(void*, const migbundle::StatusEntry& entry) {
  if (entry.state != migbundle::MigrationState::pending) out << ' ' << entry.id;
}

}  // namespace

int main() {
  out << "migbundle A/B image v" << image << ": " << bundle.size << " migrations\n";
  if (sqlite3_config(SQLITE_CONFIG_HEAP, sqlite_heap, static_cast<int>(sizeof sqlite_heap), 32) != SQLITE_OK ||
      sqlite3_initialize() != SQLITE_OK) {
    out << "SQLite could not start on its static heap\n";
    return setup_failed;
  }
  switch (firmware::load_ram_files(flash_file)) {
    case firmware::LoadResult::fresh:
      out << "flash: empty (a new device)\n";
      break;
    case firmware::LoadResult::loaded:
      out << "flash: database restored\n";
      break;
    case firmware::LoadResult::invalid:
      out << "flash: " << flash_file << " is not an image of this board's files\n";
      return flash_invalid;
  }
  cut_before = cut_argument();

  sqlite3* db = nullptr;
  if (sqlite3_open(database_name, &db) != SQLITE_OK) {
    out << "cannot open " << database_name << ": " << sqlite3_errmsg(db) << '\n';
    sqlite3_close(db);
    return setup_failed;
  }
  sqlite3_exec(db, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);

  migbundle::Options options;
  options.revert_unknown = true;  // the A/B fallback: revert what this image never knew
  firmware::set_change_hook(count_change);
  const migbundle::Report report = migbundle::migrate(db, bundle, image_downs(), options);
  firmware::set_change_hook(nullptr);
  if (!report.ok()) {
    out << report.message() << '\n';
    sqlite3_close(db);
    return migrate_failed;
  }
  out << "migrate: reverted " << report.reverted() << ", applied " << report.applied() << ", at migration "
      << report.current_id() << " (" << static_cast<std::int64_t>(changes) << " changes to the files)\n";
  const bool app_ok = write_app_data(db);
  // `tamper`: a hand-made index, as a field engineer's shell might leave one,
  // for the drift check to name. The device's flash is not saved then.
  const bool tamper = has_argument("tamper");
  if (tamper) sqlite3_exec(db, "CREATE INDEX tasks_by_title ON tasks (title)", nullptr, nullptr, nullptr);
  const migbundle::Report drift = migbundle::check_schema(db, schema, options, print_drift, nullptr);
  out << "schema: " << (drift.ok() ? "as the migrations give it" : "DRIFT") << " (" << schema.size
      << " objects expected)\n";
  if (!drift.ok()) {
    out << drift.message() << '\n';
    sqlite3_close(db);
    return drift_found;
  }
  out << "applied:";
  const migbundle::Report listed = migbundle::status(db, bundle, options, print_applied, nullptr);
  out << '\n';
  sqlite3_close(db);
  if (!app_ok || !listed.ok()) {
    out << "the app could not write or list its data\n";
    return app_failed;
  }

  const firmware::DatabaseState state = firmware::read_database_state(database_name, options.table);
  out << "app state: ";
  out.hex(state.content);
  out << ", " << state.objects << " schema objects, " << state.rows << " rows, integrity_check "
      << (state.intact ? "ok" : "FAILED") << '\n';
  if (!state.intact) return app_failed;
  if (!firmware::save_ram_files(flash_file)) {
    out << "the host did not take " << flash_file << '\n';
    return flash_unsaved;
  }
  out << "firmware A/B v" << image << ": OK\n";
  return success;
}
