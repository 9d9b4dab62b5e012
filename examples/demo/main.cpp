// Applies the embedded demo migrations to a database file and prints what
// happened. Run it twice: the second run finds nothing pending.
#include <demo/migrations.hpp>
#include <migbundle/migrate.hpp>
#include <migbundle/status.hpp>

#include <sqlite3.h>

#include <cstdio>
#include <set>
#include <string>

namespace {

/// Collects the ids applied by this run, from the progress callback.
void record_applied(void* context, const migbundle::Migration& migration, migbundle::Phase phase) {
  if (phase == migbundle::Phase::after) static_cast<std::set<std::int64_t>*>(context)->insert(migration.id);
}

/// Ids the database already holds, read with migbundle::status() (which changes nothing).
std::set<std::int64_t> applied_before(sqlite3* db) {
  std::set<std::int64_t> ids;
  const migbundle::Report report = migbundle::status(
      db, demo::db::bundle, migbundle::Options{},
      [](void* context, const migbundle::StatusEntry& entry) {
        if (entry.state != migbundle::MigrationState::pending) static_cast<std::set<std::int64_t>*>(context)->insert(entry.id);
      },
      &ids);
  if (!report.ok()) std::fprintf(stderr, "%s\n", report.message());
  return ids;
}

}  // namespace

int main(int argc, char** argv) {
  const char* path = argc > 1 ? argv[1] : "demo.db";
  sqlite3* db = nullptr;
  if (sqlite3_open(path, &db) != SQLITE_OK) {
    std::fprintf(stderr, "cannot open %s: %s\n", path, sqlite3_errmsg(db));
    sqlite3_close(db);
    return 1;
  }
  // Foreign keys on, as an app would have them: migration 4 rebuilds a table safely anyway.
  sqlite3_exec(db, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);

  const std::set<std::int64_t> before = applied_before(db);
  std::set<std::int64_t> now;
  migbundle::Options options;
  options.progress = record_applied;
  options.progress_context = &now;
  const migbundle::Report report = migbundle::migrate(db, demo::db::bundle, options);

  std::printf("database: %s\n\n", path);
  std::printf("  %4s  %-22s  %-16s  %s\n", "id", "name", "status", "checksum");
  for (const migbundle::Migration& m : demo::db::bundle) {
    const char* status = before.count(m.id) != 0 ? "already applied"
                         : now.count(m.id) != 0  ? "applied now"
                         : report.migration() == &m ? "FAILED"
                                                    : "pending";
    const std::string_view name = name_of(m);
    std::printf("  %4lld  %-22.*s  %-16s  %.12s\n", static_cast<long long>(m.id), static_cast<int>(name.size()),
                name.data(), status, migbundle::checksum_hex(m).text);
  }
  std::printf("\n");
  if (!report.ok()) {
    std::fprintf(stderr, "%s\n", report.message());
    sqlite3_close(db);
    return 1;
  }
  if (report.applied() == 0) {
    std::printf("Nothing pending: the database is up to date at migration %lld (%zu migrations).\n",
                static_cast<long long>(report.current_id()), demo::db::bundle.size);
  } else {
    std::printf("Applied %d migration(s), %d were already applied; the database is at migration %lld.\n",
                report.applied(), report.already_applied(), static_cast<long long>(report.current_id()));
  }
  sqlite3_close(db);
  return 0;
}
