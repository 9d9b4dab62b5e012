// libpq for the CLI, loaded at its first PostgreSQL call rather than linked:
// linked, libpq and the libraries it needs (TLS, Kerberos, LDAP) were loaded
// by every run, `generate` included, for 4.5 ms and 5.5 MB before main().
//
// Each libpq function the CLI and migbundle::postgres call is defined here
// under its own name, and calls the real one through dlsym(). Where libpq
// cannot be loaded, PQconnectdb() returns no connection and
// libpq_load_problem() says why, so `--db postgresql://...` fails with that
// reason; everything else works without libpq installed.
#include "libpq_on_demand.hpp"

#include <libpq-fe.h>

#include <dlfcn.h>

#include <cstdlib>

namespace {

#if defined(__APPLE__)
constexpr const char* libpq_file = "libpq.5.dylib";
#else
constexpr const char* libpq_file = "libpq.so.5";  // soname 5 since PostgreSQL 8.0
#endif

struct Library {
  void* handle = nullptr;
  const char* problem = nullptr;  ///< dlerror()'s text when handle is null
};

const Library& library() noexcept {
  static const Library loaded = [] {
    Library l;
    // MIGBUNDLE_LIBPQ: another libpq, e.g. one installed outside the loader's path.
    const char* file = std::getenv("MIGBUNDLE_LIBPQ");
    l.handle = dlopen(file != nullptr && *file != '\0' ? file : libpq_file, RTLD_NOW | RTLD_LOCAL);
    if (l.handle == nullptr) l.problem = dlerror();
    return l;
  }();
  return loaded;
}

char no_message[] = "";  // what libpq's message functions give where there is none

void* symbol(const char* name) noexcept {
  void* const handle = library().handle;
  return handle != nullptr ? dlsym(handle, name) : nullptr;
}

}  // namespace

// The real function, looked up once; `fallback` where libpq is not there.
#define MIGBUNDLE_CALL_LIBPQ(name, fallback, ...)                                            \
  static const auto real = reinterpret_cast<decltype(&::name)>(symbol(#name)); /* NOLINT */ \
  return real != nullptr ? real(__VA_ARGS__) : fallback

namespace migbundle::gen {

const char* libpq_load_problem() noexcept {
  const Library& l = library();
  return l.handle == nullptr ? (l.problem != nullptr ? l.problem : libpq_file) : nullptr;
}

}  // namespace migbundle::gen

extern "C" {

PGconn* PQconnectdb(const char* conninfo) { MIGBUNDLE_CALL_LIBPQ(PQconnectdb, nullptr, conninfo); }
PGconn* PQconnectdbParams(const char* const* keywords, const char* const* values, int expand_dbname) {
  MIGBUNDLE_CALL_LIBPQ(PQconnectdbParams, nullptr, keywords, values, expand_dbname);
}
void PQfinish(PGconn* conn) { MIGBUNDLE_CALL_LIBPQ(PQfinish, void(), conn); }
ConnStatusType PQstatus(const PGconn* conn) { MIGBUNDLE_CALL_LIBPQ(PQstatus, CONNECTION_BAD, conn); }
PGTransactionStatusType PQtransactionStatus(const PGconn* conn) {
  MIGBUNDLE_CALL_LIBPQ(PQtransactionStatus, PQTRANS_UNKNOWN, conn);
}
char* PQerrorMessage(const PGconn* conn) { MIGBUNDLE_CALL_LIBPQ(PQerrorMessage, no_message, conn); }
int PQserverVersion(const PGconn* conn) { MIGBUNDLE_CALL_LIBPQ(PQserverVersion, 0, conn); }
int PQclientEncoding(const PGconn* conn) { MIGBUNDLE_CALL_LIBPQ(PQclientEncoding, -1, conn); }
int PQsetClientEncoding(PGconn* conn, const char* encoding) {
  MIGBUNDLE_CALL_LIBPQ(PQsetClientEncoding, -1, conn, encoding);
}
PGresult* PQexec(PGconn* conn, const char* query) { MIGBUNDLE_CALL_LIBPQ(PQexec, nullptr, conn, query); }
PGresult* PQexecParams(PGconn* conn, const char* command, int nParams, const Oid* paramTypes,
                       const char* const* paramValues, const int* paramLengths, const int* paramFormats,
                       int resultFormat) {
  MIGBUNDLE_CALL_LIBPQ(PQexecParams, nullptr, conn, command, nParams, paramTypes, paramValues, paramLengths,
                       paramFormats, resultFormat);
}
int PQsendQuery(PGconn* conn, const char* query) { MIGBUNDLE_CALL_LIBPQ(PQsendQuery, 0, conn, query); }
PGresult* PQgetResult(PGconn* conn) { MIGBUNDLE_CALL_LIBPQ(PQgetResult, nullptr, conn); }
int PQputCopyEnd(PGconn* conn, const char* errormsg) { MIGBUNDLE_CALL_LIBPQ(PQputCopyEnd, -1, conn, errormsg); }
int PQgetCopyData(PGconn* conn, char** buffer, int async) {
  MIGBUNDLE_CALL_LIBPQ(PQgetCopyData, -2, conn, buffer, async);
}
void PQclear(PGresult* res) { MIGBUNDLE_CALL_LIBPQ(PQclear, void(), res); }
ExecStatusType PQresultStatus(const PGresult* res) { MIGBUNDLE_CALL_LIBPQ(PQresultStatus, PGRES_FATAL_ERROR, res); }
char* PQresultErrorMessage(const PGresult* res) { MIGBUNDLE_CALL_LIBPQ(PQresultErrorMessage, no_message, res); }
char* PQresultErrorField(const PGresult* res, int fieldcode) {
  MIGBUNDLE_CALL_LIBPQ(PQresultErrorField, nullptr, res, fieldcode);
}
int PQntuples(const PGresult* res) { MIGBUNDLE_CALL_LIBPQ(PQntuples, 0, res); }
char* PQgetvalue(const PGresult* res, int tup_num, int field_num) {
  MIGBUNDLE_CALL_LIBPQ(PQgetvalue, nullptr, res, tup_num, field_num);
}
int PQgetlength(const PGresult* res, int tup_num, int field_num) {
  MIGBUNDLE_CALL_LIBPQ(PQgetlength, 0, res, tup_num, field_num);
}
int PQgetisnull(const PGresult* res, int tup_num, int field_num) {
  MIGBUNDLE_CALL_LIBPQ(PQgetisnull, 1, res, tup_num, field_num);
}
void PQfreemem(void* ptr) { MIGBUNDLE_CALL_LIBPQ(PQfreemem, void(), ptr); }
const char* pg_encoding_to_char(int encoding_id) {
  MIGBUNDLE_CALL_LIBPQ(pg_encoding_to_char, no_message, encoding_id);
}

}  // extern "C"
