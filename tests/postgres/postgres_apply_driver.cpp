// One process applying one embedded bundle to PostgreSQL, for the tests that run many at once,
// kill them, or kill the server under them (processes_test.py). Prints one line of JSON:
//   {"ok":true,"error":"none","applied":3,"already_applied":1,"pending":0,"current_id":4,
//    "sqlstate":"","line":0,"column":0,"message":""}
// Exit codes: 0 the report is ok, 1 it is not, 2 wrong usage, 3 no connection.
//
//   postgres_apply_driver --conninfo <libpq string> [--dbname <name>] --bundle <name>
//       [--schema <s>] [--table <t>] [--target <id>] [--single-transaction]
//       [--allow-unknown-applied] [--allow-out-of-order] [--lock-timeout-ms <n>] [--status]
//       [--start-file <path>]
// --start-file: connect, then wait until <path> exists before migrating, so that many
// processes released by one file really contend for the lock.
#include <migbundle/postgres/migrate.hpp>

#include <migbundle_pg/basic.hpp>
#include <migbundle_pg/history_analytics.hpp>
#include <migbundle_pg/history_commerce.hpp>
#include <migbundle_pg/history_pgdump_baseline.hpp>
#include <migbundle_pg/history_saas.hpp>
#include <migbundle_pg/race.hpp>
#include <migbundle_pg/slow.hpp>

#include <libpq-fe.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <sys/stat.h>
#include <time.h>

namespace {

struct NamedBundle {
  const char* name;
  const migbundle::Bundle* bundle;
};

const NamedBundle bundles[] = {
    {"basic", &migbundle_pg::basic::bundle},
    {"race", &migbundle_pg::race::bundle},
    {"slow", &migbundle_pg::slow::bundle},
    {"history_saas", &migbundle_pg::history_saas::bundle},
    {"history_commerce", &migbundle_pg::history_commerce::bundle},
    {"history_analytics", &migbundle_pg::history_analytics::bundle},
    {"history_pgdump_baseline", &migbundle_pg::history_pgdump_baseline::bundle},
};

std::string json_string(const char* text) {
  std::string out = "\"";
  for (const char* p = text; *p != '\0'; ++p) {
    const auto c = static_cast<unsigned char>(*p);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out += escaped;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

int usage(const char* why) {
  std::fprintf(stderr, "postgres_apply_driver: %s\n", why);
  std::fprintf(stderr,
               "usage: postgres_apply_driver --conninfo <libpq string> [--dbname <name>] --bundle <name> "
               "[--schema <s>] [--table <t>] [--target <id>] [--single-transaction] [--allow-unknown-applied] "
               "[--allow-out-of-order] [--lock-timeout-ms <n>] [--status] [--start-file <path>]\n");
  return 2;
}

struct StatusCounts {
  int entries = 0;
};

}  // namespace

int main(int argc, char** argv) {
  const char* conninfo = nullptr;
  const char* dbname = nullptr;
  const char* start_file = nullptr;
  const migbundle::Bundle* bundle = nullptr;
  bool status_only = false;
  migbundle::postgres::Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--single-transaction") {
      options.single_transaction = true;
    } else if (arg == "--allow-unknown-applied") {
      options.allow_unknown_applied = true;
    } else if (arg == "--allow-out-of-order") {
      options.allow_out_of_order = true;
    } else if (arg == "--status") {
      status_only = true;
    } else if (!has_value) {
      return usage(("unknown option or missing value: " + arg).c_str());
    } else if (arg == "--conninfo") {
      conninfo = argv[++i];
    } else if (arg == "--start-file") {
      start_file = argv[++i];
    } else if (arg == "--dbname") {
      dbname = argv[++i];
    } else if (arg == "--schema") {
      options.schema = argv[++i];
    } else if (arg == "--table") {
      options.table = argv[++i];
    } else if (arg == "--target") {
      options.target_id = std::strtoll(argv[++i], nullptr, 10);
    } else if (arg == "--lock-timeout-ms") {
      options.lock_timeout_ms = std::atoi(argv[++i]);
    } else if (arg == "--bundle") {
      const char* name = argv[++i];
      for (const NamedBundle& b : bundles) {
        if (std::strcmp(b.name, name) == 0) bundle = b.bundle;
      }
      if (bundle == nullptr) return usage((std::string("no bundle named ") + name).c_str());
    } else {
      return usage(("unknown option: " + arg).c_str());
    }
  }
  if (conninfo == nullptr || bundle == nullptr) return usage("--conninfo and --bundle are required");

  // The first dbname is expanded as a connection string; a later one names the database.
  const char* keys[] = {"dbname", dbname != nullptr ? "dbname" : nullptr, nullptr};
  const char* values[] = {conninfo, dbname, nullptr};
  PGconn* connection = PQconnectdbParams(keys, values, 1);
  if (PQstatus(connection) != CONNECTION_OK) {
    std::printf("{\"ok\":false,\"error\":\"connection\",\"message\":%s}\n",
                json_string(PQerrorMessage(connection)).c_str());
    PQfinish(connection);
    return 3;
  }

  if (start_file != nullptr) {
    struct stat seen;
    const struct timespec millisecond = {0, 1000000};
    while (stat(start_file, &seen) != 0) nanosleep(&millisecond, nullptr);
  }

  StatusCounts counts;
  const migbundle::Report r =
      status_only ? migbundle::postgres::status(
                        connection, *bundle, options,
                        [](void* context, const migbundle::StatusEntry&) { ++static_cast<StatusCounts*>(context)->entries; },
                        &counts)
                  : migbundle::postgres::migrate(connection, *bundle, options);
  std::printf(
      "{\"ok\":%s,\"error\":\"%s\",\"applied\":%d,\"already_applied\":%d,\"pending\":%d,\"current_id\":%lld,"
      "\"has_applied\":%s,\"sqlstate\":%s,\"line\":%d,\"column\":%d,\"migration\":%lld,\"status_entries\":%d,"
      "\"transaction_idle\":%s,\"message\":%s}\n",
      r.ok() ? "true" : "false", migbundle::error_name(r.error()), r.applied(), r.already_applied(), r.pending(),
      static_cast<long long>(r.current_id()), r.has_applied() ? "true" : "false", json_string(r.sqlstate()).c_str(),
      r.line(), r.column(), r.migration() != nullptr ? static_cast<long long>(r.migration()->id) : -1LL,
      counts.entries, PQtransactionStatus(connection) == PQTRANS_IDLE ? "true" : "false",
      json_string(r.message()).c_str());
  std::fflush(stdout);
  PQfinish(connection);
  return r.ok() ? 0 : 1;
}
