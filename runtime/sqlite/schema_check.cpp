// Listing a database's schema objects and comparing them with the schema a
// bundle's migrations give (migbundle/schema.hpp). Both sides are sorted the
// same way, so the comparison is one merge walk: no heap, no table of names.
#include <migbundle/schema.hpp>
#include <migbundle/table_name.hpp>

#include "core/message_writer.hpp"
#include "core/report_writer.hpp"
#include "sqlite/sqlite_failure.hpp"
#include "sqlite/statement.hpp"

#include <sqlite3.h>

namespace migbundle {
namespace {

// Tables, then indexes, views, triggers; each by name, bytewise (BINARY).
// The order both the generator's list and the walk below rely on.
constexpr const char* list_sql_before =
    "SELECT type, name, tbl_name, coalesce(sql, '') FROM \"";
constexpr const char* list_sql_after =
    "\".sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND tbl_name <> ?1 "
    "ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 WHEN 'view' THEN 2 ELSE 3 END, name";

int type_rank(std::string_view type) noexcept {
  if (type == "table") return 0;
  if (type == "index") return 1;
  if (type == "view") return 2;
  return 3;
}

/// <0, 0, >0 as object a sorts before, with, after object b.
int compare(std::string_view a_type, std::string_view a_name, std::string_view b_type,
            std::string_view b_name) noexcept {
  const int rank = type_rank(a_type) - type_rank(b_type);
  return rank != 0 ? rank : a_name.compare(b_name);
}

bool check_options(sqlite3* db, const Options& options, ReportWriter& report) noexcept {
  if (db == nullptr) return report.fail_argument(MIGBUNDLE_PROSE("migbundle: the database handle is null"));
  if (!is_valid_table_name(options.table) || !is_valid_table_name(options.schema)) {
    return report.fail_argument(
        MIGBUNDLE_PROSE("migbundle: the tracking table or schema name is not an identifier ([A-Za-z_][A-Za-z0-9_]*)"));
  }
  return true;
}

/// Walks the listing, calling `visit(const LiveSchemaObject&)`; false (with
/// the report filled) when SQLite fails.
template <class Visit>
bool walk(sqlite3* db, const Options& options, ReportWriter& report, Visit&& visit) noexcept {
  Statement list;
  // "<schema>".sqlite_master: the schema name is a validated identifier.
  char sql[384];
  FixedWriter text(sql, sizeof sql);
  text << list_sql_before << options.schema << list_sql_after;
  int rc = list.prepare(db, sql);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(list.get(), 1, options.table, -1, SQLITE_STATIC);
  while (rc == SQLITE_OK && (rc = sqlite3_step(list.get())) == SQLITE_ROW) {
    LiveSchemaObject object{column_text(list.get(), 0), column_text(list.get(), 1), column_text(list.get(), 2),
                            column_text(list.get(), 3), 0};
    object.fingerprint = schema_fingerprint(object.type, object.name, object.table, object.sql);
    visit(object);
    rc = SQLITE_OK;
  }
  if (rc == SQLITE_DONE) return true;
  MessageWriter out = write_sqlite_failure(report, db, nullptr, MIGBUNDLE_PROSE("reading the schema"),
                                           sqlite3_extended_errcode(db));
  out << '.';
  return report.fail(Error::sqlite);
}

class DriftCounter {
 public:
  DriftCounter(DriftCallback callback, void* context) noexcept : callback_(callback), context_(context) {}

  void add(Drift kind, std::string_view type, std::string_view name) noexcept {
    ++counts_[static_cast<int>(kind)];
    if (total() == 1) {  // the first: named in the message
      first_kind_ = kind;
      first_type_.assign(type);
      first_name_.assign(name);
    }
    if (callback_ != nullptr) callback_(context_, DriftEntry{kind, type, name});
  }
  [[nodiscard]] int total() const noexcept { return counts_[0] + counts_[1] + counts_[2]; }

  /// The drift as a failed report: counts, and the first difference by name.
  bool fail(ReportWriter& report) const noexcept {
    MessageWriter out = report.message(nullptr);
    out << "the database's schema is not the one its migrations give: " << counts_[0] << " object(s) missing, "
        << counts_[1] << " extra, " << counts_[2] << " different; the first: " << first_type_.view() << " `"
        << first_name_.view() << "` "
        << (first_kind_ == Drift::missing ? "is missing"
            : first_kind_ == Drift::extra ? "is not in the migrations"
                                          : "differs from the migrations'")
        << ". Nothing was changed: find who changed the schema outside the migrations, and undo it or make it a "
           "migration";
    return report.fail(Error::drift);
  }

 private:
  /// A name copied out of a row that is gone by the time the message is written.
  class Name {
   public:
    void assign(std::string_view text) noexcept {
      size_ = text.size() < sizeof bytes_ ? text.size() : sizeof bytes_;
      for (std::size_t i = 0; i < size_; ++i) bytes_[i] = text[i];
    }
    [[nodiscard]] std::string_view view() const noexcept { return {bytes_, size_}; }

   private:
    char bytes_[messages_enabled ? 96 : 1] = {};
    std::size_t size_ = 0;
  };

  DriftCallback callback_;
  void* context_;
  int counts_[3] = {0, 0, 0};
  Drift first_kind_ = Drift::missing;
  Name first_type_;
  Name first_name_;
};

}  // namespace

std::uint64_t schema_fingerprint(std::string_view type, std::string_view name, std::string_view table,
                                 std::string_view sql) noexcept {
  std::uint64_t hash = 14695981039346656037ull;
  const std::string_view parts[] = {type, name, table, sql};
  bool first = true;
  for (const std::string_view part : parts) {
    if (!first) hash = (hash ^ 0u) * 1099511628211ull;  // the NUL between parts
    first = false;
    for (const char c : part) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  }
  return hash;
}

Report for_each_schema_object(sqlite3* db, const Options& options, SchemaObjectCallback callback,
                              void* context) noexcept {
  Report report;
  ReportWriter writer(report);
  if (check_options(db, options, writer)) {
    (void)walk(db, options, writer, [&](const LiveSchemaObject& object) {
      if (callback != nullptr) callback(context, object);
    });
  }
  return report;
}

Report check_schema(sqlite3* db, const Schema& schema, const Options& options, DriftCallback callback,
                    void* context) noexcept {
  Report report;
  ReportWriter writer(report);
  if (!check_options(db, options, writer)) return report;
  if (schema.size > 0 && schema.objects == nullptr) {
    (void)writer.fail_argument(MIGBUNDLE_PROSE("migbundle::check_schema: the schema has no array"));
    return report;
  }
  DriftCounter drift(callback, context);
  std::size_t next = 0;  // the first object of `schema` not yet matched
  const bool read = walk(db, options, writer, [&](const LiveSchemaObject& live) {
    // Everything the migrations give that sorts before this object, the database lacks.
    while (next < schema.size &&
           compare(schema.objects[next].type, schema.objects[next].name, live.type, live.name) < 0) {
      drift.add(Drift::missing, schema.objects[next].type, schema.objects[next].name);
      ++next;
    }
    if (next < schema.size && compare(schema.objects[next].type, schema.objects[next].name, live.type, live.name) == 0) {
      if (schema.objects[next].fingerprint != live.fingerprint) drift.add(Drift::different, live.type, live.name);
      ++next;
    } else {
      drift.add(Drift::extra, live.type, live.name);
    }
  });
  if (!read) return report;
  for (; next < schema.size; ++next) drift.add(Drift::missing, schema.objects[next].type, schema.objects[next].name);
  if (drift.total() > 0) (void)drift.fail(writer);
  return report;
}

}  // namespace migbundle
