// Applies the embedded bundle to a fresh in-memory database, or to a database
// file; built with CONSUMER_ADOPT, adopting the history of the tool the
// bundle's adoption table names first; built with CONSUMER_DOWNS, storing the
// downs, then rolling back to the first migration and migrating again; built
// with CONSUMER_SCHEMA, checking the database's schema for drift after
// migrating (a fourth argument, SQL, is run first: a change made by hand).
// Usage: consumer [expected-count [database-file [sql]]]; exits non-zero when
// migrating fails, applies a different number of migrations, or finds drift.
#include <consumer/migrations.hpp>
#include <migbundle/migrate.hpp>
#if CONSUMER_DOWNS
#include <migbundle/rollback.hpp>
#endif
#if CONSUMER_SCHEMA
#include <migbundle/schema.hpp>
#endif

#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
  const long expected = argc > 1 ? std::strtol(argv[1], nullptr, 10) : static_cast<long>(consumer::db::bundle.size);
  sqlite3* db = nullptr;
  const char* path = argc > 2 ? argv[2] : ":memory:";
  if (sqlite3_open(path, &db) != SQLITE_OK) {
    std::fprintf(stderr, "consumer: cannot open %s\n", path);
    return 1;
  }
#if CONSUMER_ADOPT
  const migbundle::Report r = migbundle::migrate(db, consumer::db::bundle, consumer::db::adoption, migbundle::Options{});
  std::printf("consumer: adopted %d from %s\n", r.adopted(), migbundle::peer_tool_name(consumer::db::adoption.tool));
#elif CONSUMER_DOWNS
  migbundle::Report r = migbundle::migrate(db, consumer::db::bundle, consumer::db::downs, migbundle::Options{});
  if (r.ok() && consumer::db::bundle.size > 0) {
    const migbundle::Report back = migbundle::rollback(db, consumer::db::bundle, consumer::db::downs,
                                                       consumer::db::bundle.migrations[0].id, migbundle::Options{});
    std::printf("consumer: reverted %d, now at %lld\n", back.reverted(), static_cast<long long>(back.current_id()));
    if (!back.ok()) std::fprintf(stderr, "consumer: rollback failed: %s\n", back.message());
    r = migbundle::migrate(db, consumer::db::bundle, consumer::db::downs, migbundle::Options{});  // applies those again
  }
#else
  const migbundle::Report r = migbundle::migrate(db, consumer::db::bundle);
#endif
#if CONSUMER_SCHEMA
  if (argc > 3) sqlite3_exec(db, argv[3], nullptr, nullptr, nullptr);
  const migbundle::Report drift = migbundle::check_schema(
      db, consumer::db::schema, migbundle::Options{},
      [](void*, const migbundle::DriftEntry& e) {
        const char* kind = e.kind == migbundle::Drift::missing ? "missing" : e.kind == migbundle::Drift::extra ? "extra" : "different";
        std::printf("consumer: drift: %s %.*s %.*s\n", kind, static_cast<int>(e.type.size()), e.type.data(),
                    static_cast<int>(e.name.size()), e.name.data());
      },
      nullptr);
  std::printf("consumer: schema %s (%zu objects)\n", drift.ok() ? "clean" : "drifted", consumer::db::schema.size);
  if (!drift.ok()) {
    std::fprintf(stderr, "consumer: %s\n", drift.message());
    sqlite3_close(db);
    return 3;
  }
#endif
  sqlite3_close(db);
  std::printf("consumer: applied %d of %zu migrations\n", r.applied(), consumer::db::bundle.size);
  // Each migration's id and name as the bundle holds them (the layout tests check the names).
  for (std::size_t i = 0; i < consumer::db::bundle.size; ++i) {
    const migbundle::Migration& m = consumer::db::bundle.migrations[i];
    std::printf("consumer: migration %lld %.*s\n", static_cast<long long>(m.id), static_cast<int>(name_of(m).size()),
                name_of(m).data());
  }
  if (!r.ok()) {
    std::fprintf(stderr, "consumer: migrate failed: %s\n", r.message());
    return 1;
  }
  if (r.applied() != expected) {
    std::fprintf(stderr, "consumer: expected %ld applied migrations\n", expected);
    return 1;
  }
  return 0;
}
