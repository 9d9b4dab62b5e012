// migbundle::postgres::migrate() and status() against a real PostgreSQL server (the
// postgres_server fixture: tests/postgres/server.sh). Each test case works in a database of its
// own, so the cases run in parallel. The bundles come from tests/postgres/migrations/<case>
// through add_migrations(), as users embed theirs.
//
// The server's libpq connection string is read from the file that MIGBUNDLE_PG_CONNINFO_FILE
// names (CTest sets it); without it every case fails, saying so.
#include <migbundle/postgres/migrate.hpp>

#include <migbundle_pg/basic.hpp>
#include <migbundle_pg/concurrently.hpp>
#include <migbundle_pg/history_pgdump_baseline.hpp>
#include <migbundle_pg/order_filled.hpp>
#include <migbundle_pg/order_gapped.hpp>
#include <migbundle_pg/raised.hpp>
#include <migbundle_pg/slow.hpp>
#include <migbundle_pg/syntax_error.hpp>
#include <migbundle_pg/unique_violation.hpp>
#include <migbundle_pg/utf8.hpp>

#include <libpq-fe.h>

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

using migbundle::Bundle;
using migbundle::Error;
using migbundle::Migration;
using migbundle::MigrationState;
using migbundle::Report;
using migbundle::StatusEntry;
using migbundle::postgres::Options;
using Catch::Matchers::Contains;

namespace migbundle {
inline std::ostream& operator<<(std::ostream& out, Error error) { return out << "Error::" << error_name(error); }
inline std::ostream& operator<<(std::ostream& out, MigrationState state) {
  switch (state) {
    case MigrationState::applied: return out << "applied";
    case MigrationState::pending: return out << "pending";
    case MigrationState::modified: return out << "modified";
    case MigrationState::unknown: return out << "unknown";
    case MigrationState::squashed: return out << "squashed";
  }
  return out << "?";
}
}  // namespace migbundle

namespace {

const Bundle& basic = migbundle_pg::basic::bundle;
const Bundle& syntax_error = migbundle_pg::syntax_error::bundle;
const Bundle& unique_violation = migbundle_pg::unique_violation::bundle;
const Bundle& raised = migbundle_pg::raised::bundle;
const Bundle& concurrently = migbundle_pg::concurrently::bundle;
const Bundle& order_gapped = migbundle_pg::order_gapped::bundle;
const Bundle& order_filled = migbundle_pg::order_filled::bundle;
const Bundle& slow = migbundle_pg::slow::bundle;  // pg_sleep() in some migrations
const Bundle& utf8 = migbundle_pg::utf8::bundle;
// A pg_dump --schema-only baseline (SET lines, an empty search_path), then an unqualified migration.
const Bundle& pgdump_baseline = migbundle_pg::history_pgdump_baseline::bundle;

constexpr const char* tracking = "\"public\".\"migbundle_migrations\"";

std::string server_conninfo() {
  const char* file = std::getenv("MIGBUNDLE_PG_CONNINFO_FILE");
  if (file == nullptr || *file == '\0') {
    throw std::runtime_error(
        "MIGBUNDLE_PG_CONNINFO_FILE is not set: run these tests through ctest (the postgres_server fixture), or point "
        "it at the conninfo file that tests/postgres/server.sh start <dir> writes");
  }
  std::ifstream in(file);
  std::string conninfo;
  if (!std::getline(in, conninfo) || conninfo.empty()) {
    throw std::runtime_error(std::string("no connection string in ") + file + ": is the test server running?");
  }
  return conninfo;
}

/// One libpq connection, closed at the end of its scope.
class Connection {
 public:
  explicit Connection(const std::string& dbname) {
    const std::string conninfo = server_conninfo();
    const char* keys[] = {"dbname", "dbname", nullptr};
    const char* values[] = {conninfo.c_str(), dbname.c_str(), nullptr};
    connection_.reset(PQconnectdbParams(keys, values, 1));
    if (PQstatus(connection_.get()) != CONNECTION_OK) {
      throw std::runtime_error("cannot connect to " + dbname + ": " + PQerrorMessage(connection_.get()));
    }
  }

  operator PGconn*() const { return connection_.get(); }  // NOLINT: passed to migrate() as libpq's handle

  /// Runs `sql`; throws with PostgreSQL's message when it fails.
  void exec(const std::string& sql) const {
    Result result(PQexec(connection_.get(), sql.c_str()));
    const ExecStatusType status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      throw std::runtime_error("`" + sql + "` failed: " + PQerrorMessage(connection_.get()));
    }
  }

  /// The first column of the first row as text ("<null>" for NULL, "<none>" for no row).
  std::string text(const std::string& sql) const {
    Result result(PQexec(connection_.get(), sql.c_str()));
    if (PQresultStatus(result.get()) != PGRES_TUPLES_OK) {
      throw std::runtime_error("`" + sql + "` failed: " + PQerrorMessage(connection_.get()));
    }
    if (PQntuples(result.get()) == 0) return "<none>";
    if (PQgetisnull(result.get(), 0, 0)) return "<null>";
    return PQgetvalue(result.get(), 0, 0);
  }

  /// Every row, its columns joined by `|`.
  std::vector<std::string> rows(const std::string& sql) const {
    Result result(PQexec(connection_.get(), sql.c_str()));
    if (PQresultStatus(result.get()) != PGRES_TUPLES_OK) {
      throw std::runtime_error("`" + sql + "` failed: " + PQerrorMessage(connection_.get()));
    }
    std::vector<std::string> out;
    for (int row = 0; row < PQntuples(result.get()); ++row) {
      std::string line;
      for (int column = 0; column < PQnfields(result.get()); ++column) {
        if (column > 0) line += '|';
        line += PQgetisnull(result.get(), row, column) ? "<null>" : PQgetvalue(result.get(), row, column);
      }
      out.push_back(line);
    }
    return out;
  }

  long long integer(const std::string& sql) const { return std::stoll(text(sql)); }

  bool has_relation(const std::string& name) const { return text("SELECT to_regclass('" + name + "') IS NOT NULL") == "t"; }

  /// Advisory locks this session holds.
  long long advisory_locks() const {
    return integer("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()");
  }

  bool idle() const { return PQtransactionStatus(connection_.get()) == PQTRANS_IDLE; }

 private:
  struct Finish {
    void operator()(PGconn* c) const { PQfinish(c); }
  };
  struct Clear {
    void operator()(PGresult* r) const { PQclear(r); }
  };
  using Result = std::unique_ptr<PGresult, Clear>;
  std::unique_ptr<PGconn, Finish> connection_;
};

/// A database of the test's own, created empty and dropped at the end of its scope.
class TestDatabase {
 public:
  TestDatabase() : admin_("postgres") {
    static std::atomic<int> counter{0};
    name_ = "mbt_" + std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" +
            std::to_string(std::chrono::steady_clock::now().time_since_epoch().count() % 1000000);
    admin_.exec("CREATE DATABASE \"" + name_ + "\"");
  }
  ~TestDatabase() {
    try {
      admin_.exec("DROP DATABASE IF EXISTS \"" + name_ + "\" WITH (FORCE)");
    } catch (...) {  // a destructor never throws; a database left behind goes with the server
    }
  }
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  const std::string& name() const { return name_; }
  Connection connect() const { return Connection(name_); }

 private:
  Connection admin_;
  std::string name_;
};

/// A copy of one status entry: StatusEntry's views are valid during the callback only.
struct Seen {
  MigrationState state;
  std::int64_t id;
  const Migration* migration;
  std::string recorded_name;
  std::string recorded_checksum;
  std::string applied_at;
  std::int64_t execution_ms;
};

void collect(void* context, const StatusEntry& e) {
  static_cast<std::vector<Seen>*>(context)->push_back(Seen{e.state, e.id, e.migration, std::string(e.recorded_name),
                                                            std::string(e.recorded_checksum), std::string(e.applied_at),
                                                            e.execution_ms});
}

std::vector<Seen> status_of(PGconn* connection, const Bundle& bundle, Report& report, const Options& options = {}) {
  std::vector<Seen> seen;
  report = migbundle::postgres::status(connection, bundle, options, collect, &seen);
  return seen;
}

std::string hex(const Migration& m) { return std::string(migbundle::checksum_hex(m).view()); }

/// The tracking rows as `id|name|checksum`.
std::vector<std::string> tracking_rows(const Connection& c, const std::string& table = tracking) {
  return c.rows("SELECT id, name, checksum FROM " + table + " ORDER BY id");
}

std::vector<std::string> expected_rows(const Bundle& bundle, std::int64_t up_to = INT64_MAX) {
  std::vector<std::string> out;
  for (const Migration& m : bundle) {
    if (m.id <= up_to) out.push_back(std::to_string(m.id) + "|" + std::string(name_of(m)) + "|" + hex(m));
  }
  return out;
}

/// The connection is as migrate() found it: no transaction open, no advisory lock held.
void check_left_clean(const Connection& c) {
  CHECK(c.idle());
  CHECK(c.advisory_locks() == 0);
}

/// 64-bit FNV-1a, as advisory_lock_key() documents it, computed independently.
std::int64_t fnv1a(const std::string& text) {
  std::uint64_t hash = 14695981039346656037ull;
  for (const char ch : text) {
    hash ^= static_cast<unsigned char>(ch);
    hash *= 1099511628211ull;
  }
  return static_cast<std::int64_t>(hash);
}

}  // namespace

// ---- applying ------------------------------------------------------------------------------

TEST_CASE("an empty database gets every migration, each with its tracking row", "[postgres][apply]") {
  TestDatabase db;
  Connection c = db.connect();
  const Report r = migbundle::postgres::migrate(c, basic);
  INFO(r.message());
  REQUIRE(r.ok());
  CHECK(r.error() == Error::none);
  CHECK(r.applied() == 4);
  CHECK(r.already_applied() == 0);
  CHECK(r.pending() == 0);
  CHECK(r.has_applied());
  CHECK(r.current_id() == 4);
  CHECK(std::string(r.message()).empty());
  CHECK(std::string(r.sqlstate()).empty());

  // What the migrations made, semicolons in strings, comments and dollar quotes included.
  CHECK(c.has_relation("public.accounts"));
  CHECK(c.has_relation("public.account_summary"));
  CHECK(c.text("SELECT string_agg(email, ',' ORDER BY id) FROM accounts") == "alice@example.com,bob@example.com");
  CHECK(c.text("SELECT note FROM accounts WHERE id = 1") == "tab\there; a quote ' and a semicolon;");
  CHECK(c.text("SELECT \"Display Name\" FROM accounts WHERE id = 2") == "Bob\nSecond line");
  CHECK(c.text("SELECT describe(7)") == "$$; 7;");
  CHECK(c.integer("SELECT account_count()") == 2);
  CHECK(c.text("SELECT obj_description('accounts'::regclass)") == "one row per customer; emails are stored lowercase");
  CHECK_THROWS_WITH(c.exec("INSERT INTO accounts (email) VALUES ('no-at-sign')"), Contains("not an email"));

  // The tracking table: one row per migration, with the bundle's name and checksum.
  CHECK(tracking_rows(c) == expected_rows(basic));
  CHECK(c.rows("SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND "
               "table_name = 'migbundle_migrations' AND column_name IN ('id', 'name', 'checksum', 'applied_at', "
               "'execution_ms') ORDER BY column_name") ==
        std::vector<std::string>{"applied_at", "checksum", "execution_ms", "id", "name"});
  CHECK(c.integer("SELECT count(*) FROM " + std::string(tracking) +
                  " WHERE applied_at IS NULL OR execution_ms IS NULL OR execution_ms < 0") == 0);
  check_left_clean(c);
}

TEST_CASE("execution_ms records how long each migration took", "[postgres][apply]") {
  TestDatabase db;
  Connection c = db.connect();
  const Report r = migbundle::postgres::migrate(c, slow);
  INFO(r.message());
  REQUIRE(r.ok());
  // 0002 sleeps 0.3 s, 0003 0.2 s; 0007 does not sleep.
  CHECK(c.integer("SELECT execution_ms FROM " + std::string(tracking) + " WHERE id = 2") >= 300);
  CHECK(c.integer("SELECT execution_ms FROM " + std::string(tracking) + " WHERE id = 3") >= 200);
  CHECK(c.integer("SELECT execution_ms FROM " + std::string(tracking) + " WHERE id = 7") < 10000);
  // applied_at: when each was applied, in order, within this test's minutes.
  CHECK(c.integer("SELECT count(*) FROM " + std::string(tracking) +
                  " WHERE applied_at BETWEEN now() - interval '10 minutes' AND clock_timestamp()") == 7);
}

TEST_CASE("UTF-8 migrations apply on a LATIN1 connection, whose encoding is then restored", "[postgres][connection]") {
  TestDatabase db;
  Connection c = db.connect();
  c.exec("SET client_encoding = 'LATIN1'");
  const Report r = migbundle::postgres::migrate(c, utf8);
  INFO(r.message());
  REQUIRE(r.ok());
  CHECK(c.text("SHOW client_encoding") == "LATIN1");
  CHECK(std::string(PQparameterStatus(c, "client_encoding")) == "LATIN1");
  check_left_clean(c);
  Connection reader = db.connect();  // UTF-8, the server's default here
  CHECK(reader.text("SELECT \"naïve\" || ' ' || price FROM \"café\"") == "crème brûlée ☕ 3,50 €");
}

TEST_CASE("running again applies nothing and changes nothing", "[postgres][apply]") {
  TestDatabase db;
  Connection c = db.connect();
  REQUIRE(migbundle::postgres::migrate(c, basic).ok());
  const std::vector<std::string> before =
      c.rows("SELECT id, name, checksum, applied_at, execution_ms FROM " + std::string(tracking) + " ORDER BY id");
  const Report again = migbundle::postgres::migrate(c, basic);
  INFO(again.message());
  REQUIRE(again.ok());
  CHECK(again.applied() == 0);
  CHECK(again.already_applied() == 4);
  CHECK(again.pending() == 0);
  CHECK(again.current_id() == 4);
  CHECK(c.rows("SELECT id, name, checksum, applied_at, execution_ms FROM " + std::string(tracking) + " ORDER BY id") ==
        before);
  CHECK(c.integer("SELECT count(*) FROM accounts") == 2);
  check_left_clean(c);

  // A fresh connection, as a restarted program has, sees the same.
  Connection other = db.connect();
  const Report third = migbundle::postgres::migrate(other, basic);
  CHECK(third.ok());
  CHECK(third.applied() == 0);
  CHECK(third.already_applied() == 4);
}

TEST_CASE("progress is reported before and after each migration, in id order, under the documented advisory lock",
          "[postgres][apply][lock]") {
  TestDatabase db;
  Connection c = db.connect();
  Connection observer = db.connect();
  struct Observed {
    std::vector<std::string> events;
    const Connection* observer;
    std::int64_t key;
    std::vector<long long> lock_holders;
  } seen{{}, &observer, migbundle::postgres::advisory_lock_key("public", "migbundle_migrations"), {}};
  Options options;
  options.progress_context = &seen;
  options.progress = [](void* context, const Migration& m, migbundle::Phase phase) {
    auto& s = *static_cast<Observed*>(context);
    s.events.push_back((phase == migbundle::Phase::before ? "before " : "after ") + std::to_string(m.id));
    if (phase != migbundle::Phase::before) return;
    // pg_locks shows a bigint key as classid = high 32 bits, objid = low 32 bits, objsubid = 1.
    const auto key = static_cast<std::uint64_t>(s.key);
    s.lock_holders.push_back(s.observer->integer(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1 AND classid = " +
        std::to_string(key >> 32) + " AND objid = " + std::to_string(key & 0xffffffffu) +
        " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"));
  };
  const Report r = migbundle::postgres::migrate(c, basic, options);
  INFO(r.message());
  REQUIRE(r.ok());
  CHECK(seen.events == std::vector<std::string>{"before 1", "after 1", "before 2", "after 2", "before 3", "after 3",
                                                "before 4", "after 4"});
  CHECK(seen.lock_holders == std::vector<long long>{1, 1, 1, 1});
  check_left_clean(c);
}

TEST_CASE("advisory_lock_key() is the 64-bit FNV-1a of <schema>.<table>", "[postgres][lock]") {
  CHECK(migbundle::postgres::advisory_lock_key("public", "migbundle_migrations") ==
        fnv1a("public.migbundle_migrations"));
  CHECK(migbundle::postgres::advisory_lock_key("Ops", "Versions") == fnv1a("Ops.Versions"));
  CHECK(migbundle::postgres::advisory_lock_key("public", "a") != migbundle::postgres::advisory_lock_key("public", "b"));
}

// ---- failures --------------------------------------------------------------------------------

TEST_CASE("a syntax error in statement 3 is reported at its line and column, and its migration rolled back",
          "[postgres][failure]") {
  TestDatabase db;
  Connection c = db.connect();
  const Report r = migbundle::postgres::migrate(c, syntax_error);
  INFO(r.message());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error() == Error::migration_failed);
  REQUIRE(r.migration() != nullptr);
  CHECK(r.migration()->id == 2);
  // `  VALUES (2) WHERE label = 'two';` on line 6: PostgreSQL stops at WHERE, column 14.
  CHECK(r.line() == 6);
  CHECK(r.column() == 14);
  CHECK(r.statement_index() == 2);
  CHECK(std::string(r.sqlstate()) == "42601");
  CHECK(r.sqlite_code() == 0);
  CHECK_THAT(r.message(), Contains("0002_broken.sql:6:14:"));
  CHECK_THAT(r.message(), Contains("syntax error at or near \"WHERE\""));
  CHECK_THAT(r.message(), Contains("42601"));
  CHECK_THAT(r.message(), Contains("rolled back"));
  CHECK_THAT(r.message(), Contains("left at migration 1"));
  CHECK(r.applied() == 1);
  CHECK(r.current_id() == 1);
  CHECK(r.pending() == 2);

  // Migration 1 stays; nothing of migration 2, not even its first two statements, remains.
  CHECK(c.has_relation("widgets"));
  CHECK(c.integer("SELECT count(*) FROM widgets") == 0);
  CHECK_FALSE(c.has_relation("gadgets"));
  CHECK_FALSE(c.has_relation("never_created"));
  CHECK_FALSE(c.has_relation("after_broken"));
  CHECK(tracking_rows(c) == expected_rows(syntax_error, 1));
  check_left_clean(c);

  // The same failure again, and still nothing half-done.
  const Report again = migbundle::postgres::migrate(c, syntax_error);
  CHECK(again.error() == Error::migration_failed);
  CHECK(again.applied() == 0);
  CHECK(again.already_applied() == 1);
  CHECK_FALSE(c.has_relation("gadgets"));
  check_left_clean(c);
}

TEST_CASE("a unique violation carries SQLSTATE 23505, the constraint and PostgreSQL's detail", "[postgres][failure]") {
  TestDatabase db;
  Connection c = db.connect();
  const Report r = migbundle::postgres::migrate(c, unique_violation);
  INFO(r.message());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error() == Error::migration_failed);
  REQUIRE(r.migration() != nullptr);
  CHECK(r.migration()->id == 2);
  CHECK(std::string(r.sqlstate()) == "23505");
  // No position from the server for a run-time error: the failing statement's start.
  CHECK(r.line() == 3);
  CHECK(r.column() == 1);
  CHECK(r.statement_index() == 2);
  CHECK_THAT(r.message(), Contains("0002_duplicate_email.sql:3:1:"));
  CHECK_THAT(r.message(), Contains("users_email_key"));
  CHECK_THAT(r.message(), Contains("Key (email)=(a@example.com) already exists."));
  CHECK_THAT(r.message(), Contains("left at migration 1"));
  CHECK_FALSE(c.has_relation("audit"));
  CHECK(c.integer("SELECT count(*) FROM users") == 1);
  CHECK(tracking_rows(c) == expected_rows(unique_violation, 1));
  check_left_clean(c);
}

TEST_CASE("an exception raised in a DO block carries its SQLSTATE, detail and hint", "[postgres][failure]") {
  TestDatabase db;
  Connection c = db.connect();
  const Report r = migbundle::postgres::migrate(c, raised);
  INFO(r.message());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error() == Error::migration_failed);
  REQUIRE(r.migration() != nullptr);
  CHECK(r.migration()->id == 2);
  CHECK(std::string(r.sqlstate()) == "22023");
  CHECK(r.statement_index() == 1);
  CHECK(r.line() == 2);
  CHECK_THAT(r.message(), Contains("0002_check_quota.sql:2:"));
  CHECK_THAT(r.message(), Contains("quota is not empty"));
  CHECK_THAT(r.message(), Contains("found 3 rows"));
  CHECK_THAT(r.message(), Contains("truncate quota before this migration"));
  CHECK_THAT(r.message(), Contains("left at migration 1"));
  CHECK_FALSE(c.has_relation("quota_checked"));
  check_left_clean(c);
}

TEST_CASE("the caller's session settings survive success and failure", "[postgres][connection]") {
  TestDatabase db;
  Connection c = db.connect();
  c.exec("SET statement_timeout = '123s'");
  c.exec("SET lock_timeout = '45s'");
  c.exec("SET search_path = public, pg_catalog");
  c.exec("SET application_name = 'caller'");
  const auto settings = [&] {
    return c.rows("SELECT current_setting('statement_timeout'), current_setting('lock_timeout'), "
                  "current_setting('search_path'), current_setting('application_name')");
  };
  const std::vector<std::string> before = settings();
  REQUIRE(migbundle::postgres::migrate(c, basic).ok());
  CHECK(settings() == before);
  check_left_clean(c);

  TestDatabase other;
  Connection failing = other.connect();
  failing.exec("SET statement_timeout = '123s'");
  failing.exec("SET lock_timeout = '45s'");
  failing.exec("SET search_path = public, pg_catalog");
  failing.exec("SET application_name = 'caller'");
  REQUIRE_FALSE(migbundle::postgres::migrate(failing, syntax_error).ok());
  CHECK(failing.rows("SELECT current_setting('statement_timeout'), current_setting('lock_timeout'), "
                     "current_setting('search_path'), current_setting('application_name')") == before);
  check_left_clean(failing);
}

TEST_CASE("a migration's session-level SET reaches neither the next migration nor the caller, as with psql -f per file",
          "[postgres][connection]") {
  TestDatabase db;
  Connection c = db.connect();
  const auto settings = [&] {
    return c.rows("SELECT current_setting('search_path'), current_setting('statement_timeout'), "
                  "current_setting('client_min_messages'), current_setting('row_security'), "
                  "current_setting('check_function_bodies')");
  };
  const std::vector<std::string> before = settings();
  // 0001 is pg_dump output: `SELECT pg_catalog.set_config('search_path', '', false)` and SETs,
  // which outlive its transaction; 0002 creates an unqualified table, as a later file does.
  const Report r = migbundle::postgres::migrate(c, pgdump_baseline);
  INFO(r.message());
  CHECK(r.ok());
  CHECK(r.applied() == 2);
  CHECK(c.has_relation("public.ticket_comments"));
  CHECK(settings() == before);
  check_left_clean(c);
}

TEST_CASE("a connection inside the caller's transaction is refused, and that transaction left alone",
          "[postgres][connection]") {
  TestDatabase db;
  Connection c = db.connect();
  c.exec("BEGIN");
  c.exec("CREATE TABLE callers_work (x integer)");
  const Report r = migbundle::postgres::migrate(c, basic);
  INFO(r.message());
  CHECK_FALSE(r.ok());
  CHECK(r.error() == Error::invalid_argument);
  CHECK(r.applied() == 0);
  // migrate() neither committed nor rolled back what the caller had begun.
  CHECK(PQtransactionStatus(c) == PQTRANS_INTRANS);
  CHECK(c.has_relation("callers_work"));
  CHECK_FALSE(c.has_relation("accounts"));
  c.exec("ROLLBACK");
}

TEST_CASE("a null connection is an invalid argument", "[postgres][connection]") {
  const Report r = migbundle::postgres::migrate(nullptr, basic);
  CHECK_FALSE(r.ok());
  CHECK(r.error() == Error::invalid_argument);
  CHECK(r.applied() == 0);
  CHECK_FALSE(std::string(r.message()).empty());
  Report s;
  std::vector<Seen> seen = status_of(nullptr, basic, s);
  CHECK(s.error() == Error::invalid_argument);
  CHECK(seen.empty());
}

TEST_CASE("a connection that failed or whose server session ended is reported, not crashed on",
          "[postgres][connection]") {
  // A connection that never came up.
  PGconn* bad = PQconnectdb("host=/nonexistent-migbundle-socket-dir port=1 user=postgres dbname=postgres");
  REQUIRE(PQstatus(bad) == CONNECTION_BAD);
  const Report r = migbundle::postgres::migrate(bad, basic);
  CHECK_FALSE(r.ok());
  CHECK(r.applied() == 0);
  CHECK_FALSE(std::string(r.message()).empty());
  PQfinish(bad);

  // A session terminated by the server before migrate() runs.
  TestDatabase db;
  Connection c = db.connect();
  Connection admin("postgres");
  admin.exec("SELECT pg_terminate_backend(" + std::to_string(PQbackendPID(c)) + ")");
  const Report dead = migbundle::postgres::migrate(c, basic);
  CHECK_FALSE(dead.ok());
  CHECK(dead.applied() == 0);
  CHECK_FALSE(std::string(dead.message()).empty());
  Connection fresh = db.connect();
  CHECK_FALSE(fresh.has_relation("accounts"));
}

// ---- the history -----------------------------------------------------------------------------

TEST_CASE("an applied migration edited since is refused as checksum_mismatch", "[postgres][history]") {
  TestDatabase db;
  Connection c = db.connect();
  REQUIRE(migbundle::postgres::migrate(c, basic).ok());
  const std::string recorded(64, '0');
  c.exec("UPDATE " + std::string(tracking) + " SET checksum = '" + recorded + "' WHERE id = 2");
  const Report r = migbundle::postgres::migrate(c, basic);
  INFO(r.message());
  CHECK(r.error() == Error::checksum_mismatch);
  REQUIRE(r.migration() != nullptr);
  CHECK(r.migration()->id == 2);
  CHECK_THAT(r.message(), Contains("0002_functions.sql"));
  CHECK_THAT(r.message(), Contains(recorded));
  CHECK_THAT(r.message(), Contains(hex(basic.migrations[1])));
  CHECK(r.applied() == 0);
  check_left_clean(c);

  Report s;
  const std::vector<Seen> seen = status_of(c, basic, s);
  CHECK(s.ok());
  REQUIRE(seen.size() == 4);
  CHECK(seen[1].state == MigrationState::modified);
  CHECK(seen[1].recorded_checksum == recorded);
}

TEST_CASE("an applied id the bundle lacks is refused as unknown_applied unless allowed", "[postgres][history]") {
  TestDatabase db;
  Connection c = db.connect();
  REQUIRE(migbundle::postgres::migrate(c, basic).ok());
  c.exec("INSERT INTO " + std::string(tracking) +
         " (id, name, checksum, applied_at, execution_ms) SELECT 99, 'from_the_future', checksum, applied_at, "
         "execution_ms FROM " + tracking + " WHERE id = 4");
  const Report refused = migbundle::postgres::migrate(c, basic);
  INFO(refused.message());
  CHECK(refused.error() == Error::unknown_applied);
  CHECK_THAT(refused.message(), Contains("99"));
  check_left_clean(c);

  Options options;
  options.allow_unknown_applied = true;
  const Report allowed = migbundle::postgres::migrate(c, basic, options);
  INFO(allowed.message());
  CHECK(allowed.ok());
  CHECK(allowed.applied() == 0);
  CHECK(allowed.current_id() == 99);

  Report s;
  const std::vector<Seen> seen = status_of(c, basic, s);
  REQUIRE(seen.size() == 5);
  CHECK(seen[4].state == MigrationState::unknown);
  CHECK(seen[4].id == 99);
  CHECK(seen[4].migration == nullptr);
  CHECK(seen[4].recorded_name == "from_the_future");
}

TEST_CASE("a pending id below the newest applied one is refused as out_of_order unless allowed",
          "[postgres][history]") {
  TestDatabase db;
  Connection c = db.connect();
  REQUIRE(migbundle::postgres::migrate(c, order_gapped).ok());  // ids 1 and 3
  const Report refused = migbundle::postgres::migrate(c, order_filled);  // 1, 2, 3
  INFO(refused.message());
  CHECK(refused.error() == Error::out_of_order);
  REQUIRE(refused.migration() != nullptr);
  CHECK(refused.migration()->id == 2);
  CHECK_THAT(refused.message(), Contains("0002_b.sql"));
  CHECK_FALSE(c.has_relation("b"));
  check_left_clean(c);

  Options options;
  options.allow_out_of_order = true;
  const Report allowed = migbundle::postgres::migrate(c, order_filled, options);
  INFO(allowed.message());
  CHECK(allowed.ok());
  CHECK(allowed.applied() == 1);
  CHECK(allowed.already_applied() == 2);
  CHECK(allowed.current_id() == 3);
  CHECK(c.has_relation("b"));
  CHECK(tracking_rows(c) == expected_rows(order_filled));
}

TEST_CASE("a tracking table that migbundle did not make is refused as invalid_history", "[postgres][history]") {
  TestDatabase db;
  Connection c = db.connect();
  c.exec("CREATE TABLE " + std::string(tracking) + " (version text PRIMARY KEY, dirty boolean)");
  const Report r = migbundle::postgres::migrate(c, basic);
  INFO(r.message());
  CHECK(r.error() == Error::invalid_history);
  CHECK_THAT(r.message(), Contains("migbundle_migrations"));
  CHECK(r.applied() == 0);
  CHECK_FALSE(c.has_relation("accounts"));
  CHECK(c.integer("SELECT count(*) FROM information_schema.columns WHERE table_name = 'migbundle_migrations'") == 2);
  check_left_clean(c);

  Report s;
  const std::vector<Seen> seen = status_of(c, basic, s);
  CHECK(s.error() == Error::invalid_history);
}

// ---- options ---------------------------------------------------------------------------------

TEST_CASE("Options::schema puts the tracking table in that schema, created when missing, its case kept",
          "[postgres][options]") {
  TestDatabase db;
  Connection c = db.connect();
  Options options;
  options.schema = "app_meta";
  const Report r = migbundle::postgres::migrate(c, basic, options);
  INFO(r.message());
  REQUIRE(r.ok());
  CHECK(tracking_rows(c, "\"app_meta\".\"migbundle_migrations\"") == expected_rows(basic));
  CHECK_FALSE(c.has_relation(tracking));
  CHECK(c.has_relation("public.accounts"));  // the migrations' own objects go where they always would
  const Report again = migbundle::postgres::migrate(c, basic, options);
  CHECK(again.ok());
  CHECK(again.applied() == 0);
  CHECK(again.already_applied() == 4);
  check_left_clean(c);

  TestDatabase quoted;
  Connection q = quoted.connect();
  Options mixed;
  mixed.schema = "Ops";
  mixed.table = "Schema_Versions";
  REQUIRE(migbundle::postgres::migrate(q, order_gapped, mixed).ok());
  CHECK(q.integer("SELECT count(*) FROM \"Ops\".\"Schema_Versions\"") == 2);
  CHECK(q.text("SELECT count(*) FROM pg_namespace WHERE nspname = 'ops'") == "0");
}

TEST_CASE("a schema or table that is not an identifier is an invalid argument, and nothing is created",
          "[postgres][options]") {
  TestDatabase db;
  Connection c = db.connect();
  Options bad_schema;
  bad_schema.schema = "app-meta";
  CHECK(migbundle::postgres::migrate(c, basic, bad_schema).error() == Error::invalid_argument);
  Options bad_table;
  bad_table.table = "versions; DROP TABLE x";
  CHECK(migbundle::postgres::migrate(c, basic, bad_table).error() == Error::invalid_argument);
  Options too_long;
  const std::string name64(64, 't');
  too_long.table = name64.c_str();  // PostgreSQL would silently cut it to 63 bytes
  CHECK(migbundle::postgres::migrate(c, basic, too_long).error() == Error::invalid_argument);
  CHECK_FALSE(c.has_relation("accounts"));
  CHECK(c.integer("SELECT count(*) FROM pg_namespace WHERE nspname = 'app-meta'") == 0);

  Options longest;
  const std::string name63(63, 't');
  longest.table = name63.c_str();
  const Report fits = migbundle::postgres::migrate(c, order_gapped, longest);
  INFO(fits.message());
  CHECK(fits.ok());
  CHECK(c.integer("SELECT count(*) FROM public.\"" + name63 + "\"") == 2);
}

TEST_CASE("target_id stops at that migration, and a later run applies the rest", "[postgres][options]") {
  TestDatabase db;
  Connection c = db.connect();
  Options options;
  options.target_id = 2;
  const Report r = migbundle::postgres::migrate(c, basic, options);
  INFO(r.message());
  REQUIRE(r.ok());
  CHECK(r.applied() == 2);
  CHECK(r.pending() == 2);
  CHECK(r.current_id() == 2);
  CHECK(tracking_rows(c) == expected_rows(basic, 2));
  CHECK_FALSE(c.has_relation("account_summary"));
  const Report rest = migbundle::postgres::migrate(c, basic);
  CHECK(rest.ok());
  CHECK(rest.applied() == 2);
  CHECK(rest.already_applied() == 2);
  CHECK(rest.current_id() == 4);
}

TEST_CASE("single_transaction applies everything in one transaction, or nothing", "[postgres][single_transaction]") {
  Options options;
  options.single_transaction = true;
  {
    TestDatabase db;
    Connection c = db.connect();
    const Report r = migbundle::postgres::migrate(c, basic, options);
    INFO(r.message());
    REQUIRE(r.ok());
    CHECK(r.applied() == 4);
    CHECK(tracking_rows(c) == expected_rows(basic));
    // One transaction: every tracking row carries the same transaction's rows (xmin).
    CHECK(c.integer("SELECT count(DISTINCT xmin::text) FROM " + std::string(tracking)) == 1);
    check_left_clean(c);
  }
  {
    TestDatabase db;
    Connection c = db.connect();
    const Report r = migbundle::postgres::migrate(c, syntax_error, options);
    INFO(r.message());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error() == Error::migration_failed);
    REQUIRE(r.migration() != nullptr);
    CHECK(r.migration()->id == 2);
    CHECK(r.line() == 6);
    CHECK(std::string(r.sqlstate()) == "42601");
    CHECK(r.applied() == 0);
    CHECK_FALSE(r.has_applied());
    CHECK(r.current_id() == 0);
    CHECK_FALSE(c.has_relation("widgets"));  // migration 1 ran, then went with the rest
    if (c.has_relation(tracking)) CHECK(c.integer("SELECT count(*) FROM " + std::string(tracking)) == 0);
    check_left_clean(c);
  }
  {
    TestDatabase db;
    Connection c = db.connect();
    const Report r = migbundle::postgres::migrate(c, concurrently, options);
    INFO(r.message());
    CHECK(r.error() == Error::invalid_argument);
    CHECK_THAT(r.message(), Contains("0002_events_at_index.sql"));
    CHECK_THAT(r.message(), Contains("no-transaction"));
    CHECK(r.applied() == 0);
    CHECK_FALSE(c.has_relation("events"));
    check_left_clean(c);
  }
}

TEST_CASE("a no-transaction migration runs CREATE INDEX CONCURRENTLY", "[postgres][no_transaction]") {
  TestDatabase db;
  Connection c = db.connect();
  const Report r = migbundle::postgres::migrate(c, concurrently);
  INFO(r.message());
  REQUIRE(r.ok());
  CHECK(r.applied() == 3);
  CHECK(c.text("SELECT indisvalid FROM pg_index WHERE indexrelid = 'events_at_idx'::regclass") == "t");
  CHECK(c.has_relation("events_at_idx"));
  CHECK(c.integer("SELECT count(*) FROM events WHERE source = 'api'") == 2000);
  CHECK(tracking_rows(c) == expected_rows(concurrently));
  check_left_clean(c);
}

TEST_CASE("an INVALID index left by an interrupted CREATE INDEX CONCURRENTLY is refused, not recorded",
          "[postgres][no_transaction]") {
  TestDatabase db;
  Connection c = db.connect();
  Options up_to_3;
  up_to_3.target_id = 3;
  REQUIRE(migbundle::postgres::migrate(c, slow, up_to_3).ok());
  // What a crash in the middle of 0004's build leaves: an index of that name, INVALID. A UNIQUE
  // build over duplicate totals fails the same way, leaving it behind.
  CHECK_THROWS(c.exec("CREATE UNIQUE INDEX CONCURRENTLY orders_total_idx ON orders (total)"));
  REQUIRE(c.text("SELECT indisvalid FROM pg_index WHERE indexrelid = 'orders_total_idx'::regclass") == "f");

  const Report r = migbundle::postgres::migrate(c, slow);
  INFO(r.message());
  CHECK(r.error() == Error::migration_failed);
  CHECK(std::string(file_of(*r.migration())) == "0004_orders_total_index.sql");
  CHECK_THAT(r.message(), Contains("index public.orders_total_idx is INVALID") &&
                              Contains("DROP INDEX CONCURRENTLY public.orders_total_idx") &&
                              Contains("The database is left at migration 3."));
  CHECK(c.integer("SELECT count(*) FROM " + std::string(tracking) + " WHERE id >= 4") == 0);
  check_left_clean(c);

  // Doing what the message says completes the run, with a valid index.
  c.exec("DROP INDEX CONCURRENTLY public.orders_total_idx");
  const Report again = migbundle::postgres::migrate(c, slow);
  INFO(again.message());
  REQUIRE(again.ok());
  CHECK(c.text("SELECT indisvalid FROM pg_index WHERE indexrelid = 'orders_total_idx'::regclass") == "t");
  CHECK(tracking_rows(c) == expected_rows(slow));
}

// ---- the lock --------------------------------------------------------------------------------

TEST_CASE("while another process holds the lock, migrate() waits for it, up to lock_timeout_ms", "[postgres][lock]") {
  TestDatabase db;
  Connection c = db.connect();
  Connection holder = db.connect();
  const std::int64_t key = migbundle::postgres::advisory_lock_key("public", "migbundle_migrations");
  holder.exec("SELECT pg_advisory_lock(" + std::to_string(key) + ")");

  Options impatient;
  impatient.lock_timeout_ms = 300;
  const auto began = std::chrono::steady_clock::now();
  const Report timed_out = migbundle::postgres::migrate(c, basic, impatient);
  const auto waited = std::chrono::steady_clock::now() - began;
  INFO(timed_out.message());
  CHECK_FALSE(timed_out.ok());
  CHECK(timed_out.applied() == 0);
  CHECK_THAT(timed_out.message(), Contains("lock"));
  CHECK(waited >= std::chrono::milliseconds(250));
  CHECK(waited < std::chrono::seconds(10));
  CHECK_FALSE(c.has_relation("accounts"));
  check_left_clean(c);

  Options at_once;
  at_once.lock_timeout_ms = 0;
  CHECK_FALSE(migbundle::postgres::migrate(c, basic, at_once).ok());
  check_left_clean(c);

  // Released after half a second: the default wait is long enough.
  std::thread release([&holder, key] {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    holder.exec("SELECT pg_advisory_unlock(" + std::to_string(key) + ")");
  });
  const Report r = migbundle::postgres::migrate(c, basic);
  release.join();
  INFO(r.message());
  CHECK(r.ok());
  CHECK(r.applied() == 4);
  check_left_clean(c);
}

// ---- status ----------------------------------------------------------------------------------

TEST_CASE("status() of a fresh database lists everything pending and creates nothing", "[postgres][status]") {
  TestDatabase db;
  Connection c = db.connect();
  Report r;
  std::vector<Seen> seen = status_of(c, basic, r);
  INFO(r.message());
  CHECK(r.ok());
  CHECK(r.already_applied() == 0);
  REQUIRE(seen.size() == 4);
  for (std::size_t i = 0; i < seen.size(); ++i) {
    CHECK(seen[i].state == MigrationState::pending);
    CHECK(seen[i].id == basic.migrations[i].id);
    CHECK(seen[i].migration == &basic.migrations[i]);
    CHECK(seen[i].recorded_name.empty());
    CHECK(seen[i].applied_at.empty());
  }
  CHECK_FALSE(c.has_relation(tracking));

  Options elsewhere;
  elsewhere.schema = "not_there_yet";
  seen = status_of(c, basic, r, elsewhere);
  CHECK(r.ok());
  CHECK(seen.size() == 4);
  CHECK(c.integer("SELECT count(*) FROM pg_namespace WHERE nspname = 'not_there_yet'") == 0);
  check_left_clean(c);
}

TEST_CASE("status() lists applied and pending migrations with what the tracking table recorded",
          "[postgres][status]") {
  TestDatabase db;
  Connection c = db.connect();
  Options up_to_2;
  up_to_2.target_id = 2;
  REQUIRE(migbundle::postgres::migrate(c, basic, up_to_2).ok());
  // status() takes no lock: it answers while a migrating process holds it.
  Connection holder = db.connect();
  holder.exec("SELECT pg_advisory_lock(" +
              std::to_string(migbundle::postgres::advisory_lock_key("public", "migbundle_migrations")) + ")");
  Report r;
  const std::vector<Seen> seen = status_of(c, basic, r);
  INFO(r.message());
  CHECK(r.ok());
  CHECK(r.already_applied() == 2);
  REQUIRE(seen.size() == 4);
  const MigrationState expected[] = {MigrationState::applied, MigrationState::applied, MigrationState::pending,
                                     MigrationState::pending};
  for (std::size_t i = 0; i < 4; ++i) {
    INFO("entry " << i);
    CHECK(seen[i].state == expected[i]);
    CHECK(seen[i].id == static_cast<std::int64_t>(i + 1));
  }
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK(seen[i].recorded_name == std::string(name_of(basic.migrations[i])));
    CHECK(seen[i].recorded_checksum == hex(basic.migrations[i]));
    // ISO-8601 UTC, as status.hpp promises: 2024-05-01T12:34:56...
    REQUIRE(seen[i].applied_at.size() >= 19);
    CHECK(seen[i].applied_at[4] == '-');
    CHECK(seen[i].applied_at[10] == 'T');
    CHECK(seen[i].execution_ms >= 0);
  }
  check_left_clean(c);
}
