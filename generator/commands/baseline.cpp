#include "baseline.hpp"

#include "database.hpp"
#include "schema_snapshot.hpp"

#include <migbundle/generator/diagnostic.hpp>
#include <migbundle/migrate.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace migbundle::gen {
namespace {

/// A prepared statement, finalized on every path.
class Query {
 public:
  Query(sqlite3* db, const std::string& sql, const std::string& where) : db_(db), where_(where) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement_, nullptr) != SQLITE_OK) fail();
  }
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  ~Query() { sqlite3_finalize(statement_); }

  Query& bind(int index, const std::string& text) {
    sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
  }
  /// True while there is a row.
  bool step() {
    const int rc = sqlite3_step(statement_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) fail();
    return false;
  }
  [[nodiscard]] sqlite3_stmt* get() const noexcept { return statement_; }
  [[nodiscard]] std::string text(int column) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
    return p == nullptr ? std::string() : std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
  }

 private:
  [[noreturn]] void fail() const {
    throw MigrationsError({{where_, 0, 0, Severity::error, std::string("SQLite: ") + sqlite3_errmsg(db_)}});
  }
  sqlite3* db_;
  std::string where_;
  sqlite3_stmt* statement_ = nullptr;
};

std::string quoted_identifier(const std::string& name) {
  std::string out = "\"";
  for (const char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + '"';
}

/// A table the baseline fills, as SQLite describes it.
struct TableShape {
  std::string name;
  std::vector<std::string> columns;  ///< the ones an INSERT names (generated columns are computed)
  std::string rowid;                 ///< how to name the rowid when no column stands for it; empty otherwise
};

/// The tables of `db` in the order SQLite created them (a later one may
/// reference an earlier one): not SQLite's own, not the tracking table.
/// `virtual_tables` receives the virtual ones, which have no plain rows.
std::vector<TableShape> tables_of(sqlite3* db, const std::string& tracking_table, const std::string& where,
                                  std::vector<std::string>* virtual_tables) {
  std::vector<TableShape> tables;
  Query list(db,
             "SELECT s.name, l.type, l.wr FROM main.sqlite_schema AS s JOIN pragma_table_list AS l "
             "ON l.schema = 'main' AND l.name = s.name WHERE s.type = 'table' AND s.name NOT LIKE 'sqlite\\_%' "
             "ESCAPE '\\' AND s.name <> ?1 ORDER BY s.rowid",
             where);
  list.bind(1, tracking_table);
  while (list.step()) {
    const std::string name = list.text(0);
    const std::string type = list.text(1);
    if (type == "virtual" || type == "shadow") {
      if (type == "virtual" && virtual_tables != nullptr) virtual_tables->push_back(name);
      continue;
    }
    TableShape table{name, {}, {}};
    const bool without_rowid = sqlite3_column_int(list.get(), 2) != 0;
    Query columns(db, "SELECT name, type, pk, hidden FROM pragma_table_xinfo(?1) ORDER BY cid", where);
    columns.bind(1, name);
    int primary_keys = 0;
    bool integer_key = false;
    std::vector<std::string> all_names;
    while (columns.step()) {
      const std::string column = columns.text(0);
      all_names.push_back(column);
      std::string declared = columns.text(1);
      std::transform(declared.begin(), declared.end(), declared.begin(),
                     [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
      if (sqlite3_column_int(columns.get(), 2) > 0) {
        ++primary_keys;
        integer_key = declared == "INTEGER";
      }
      if (sqlite3_column_int(columns.get(), 3) == 0) table.columns.push_back(column);
    }
    // SQLite's rule: a lone INTEGER PRIMARY KEY column is the rowid; any other
    // rowid table keeps a rowid of its own, which later migrations may rely on.
    // `INTEGER PRIMARY KEY DESC` is the documented exception: a plain column
    // with an index of its own (origin 'pk'), which an alias never has.
    bool rowid_alias = !without_rowid && primary_keys == 1 && integer_key;
    if (rowid_alias) {
      Query key_index(db, "SELECT 1 FROM pragma_index_list(?1) WHERE origin = 'pk'", where);
      key_index.bind(1, name);
      rowid_alias = !key_index.step();
    }
    if (!without_rowid && !rowid_alias) {
      for (const char* candidate : {"rowid", "_rowid_", "oid"}) {
        if (std::find(all_names.begin(), all_names.end(), candidate) == all_names.end()) {
          table.rowid = candidate;
          break;
        }
      }
      if (table.rowid.empty()) {
        throw MigrationsError({{where, 0, 0, Severity::error,
                                "table `" + name +
                                    "` has columns named rowid, _rowid_ and oid, so its rowid cannot be named: "
                                    "squash below the migration that creates it"}});
      }
    }
    tables.push_back(std::move(table));
  }
  return tables;
}

bool is_plain_text(const unsigned char* p, int size) {
  for (int i = 0; i < size; ++i) {
    const unsigned char c = p[i];
    if (c == '\n') {
      // A line that starts as a comment would be read as one line by line
      // (`-- migbundle:` directives are), though it is inside a string.
      int k = i + 1;
      while (k < size && (p[k] == ' ' || p[k] == '\t')) ++k;
      if (k + 1 < size && p[k] == '-' && p[k + 1] == '-') return false;
      continue;
    }
    if (c == '\t') continue;
    if (c < 0x20 || c == 0x7f) return false;  // \r would not survive the file's line-ending normalisation
    if (c < 0x80) continue;
    // UTF-8: a lead byte and as many continuation bytes as it says.
    const int extra = (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 : (c & 0xf8) == 0xf0 ? 3 : -1;
    if (extra < 0 || c == 0xc0 || c == 0xc1 || i + extra >= size) return false;
    for (int k = 1; k <= extra; ++k) {
      if ((p[i + k] & 0xc0) != 0x80) return false;
    }
    i += extra;
  }
  return true;
}

std::string hex_of(const unsigned char* p, int size) {
  static const char digits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(static_cast<std::size_t>(size) * 2);
  for (int i = 0; i < size; ++i) {
    out += digits[p[i] >> 4];
    out += digits[p[i] & 15];
  }
  return out;
}

/// The value in column `i` as an SQL literal that reads back as the same type and bytes.
std::string literal(sqlite3_stmt* row, int i) {
  switch (sqlite3_column_type(row, i)) {
    case SQLITE_NULL: return "NULL";
    case SQLITE_INTEGER: {
      const sqlite3_int64 value = sqlite3_column_int64(row, i);
      // -9223372036854775808 would parse as minus a number too big for an integer: a REAL.
      if (value == INT64_MIN) return "(-9223372036854775807 - 1)";
      return std::to_string(value);
    }
    case SQLITE_FLOAT: {
      const double value = sqlite3_column_double(row, i);
      if (std::isinf(value)) return value > 0 ? "9e999" : "-9e999";
      char text[40];
      std::snprintf(text, sizeof text, "%.17g", value);
      std::string out = text;
      // Digits alone would read back as an INTEGER.
      if (out.find_first_of(".eEn") == std::string::npos) out += ".0";
      return out;
    }
    case SQLITE_TEXT: {
      const unsigned char* p = sqlite3_column_text(row, i);
      const int size = sqlite3_column_bytes(row, i);
      if (!is_plain_text(p, size)) return "CAST(X'" + hex_of(p, size) + "' AS TEXT)";
      std::string out = "'";
      for (int k = 0; k < size; ++k) out += p[k] == '\'' ? std::string("''") : std::string(1, static_cast<char>(p[k]));
      return out + "'";
    }
    default: {
      const auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(row, i));
      return "X'" + hex_of(p, sqlite3_column_bytes(row, i)) + "'";
    }
  }
}

/// The value in column `i` as its type and exact bytes, for comparing.
std::string exact_value(sqlite3_stmt* row, int i) {
  switch (sqlite3_column_type(row, i)) {
    case SQLITE_NULL: return "n";
    case SQLITE_INTEGER: return "i" + std::to_string(sqlite3_column_int64(row, i));
    case SQLITE_FLOAT: {
      const double value = sqlite3_column_double(row, i);
      unsigned char bytes[sizeof value];
      std::memcpy(bytes, &value, sizeof value);
      return "r" + hex_of(bytes, sizeof value);
    }
    case SQLITE_TEXT:
      return "t" + hex_of(sqlite3_column_text(row, i), sqlite3_column_bytes(row, i));
    default:
      return "b" + hex_of(static_cast<const unsigned char*>(sqlite3_column_blob(row, i)), sqlite3_column_bytes(row, i));
  }
}

std::string select_list(const TableShape& table) {
  std::string list = table.rowid;
  for (const std::string& column : table.columns) list += (list.empty() ? "" : ", ") + quoted_identifier(column);
  return list.empty() ? "*" : list;
}

long long pragma_value(sqlite3* db, const char* pragma, const std::string& where) {
  Query query(db, std::string("PRAGMA main.") + pragma, where);
  return query.step() ? sqlite3_column_int64(query.get(), 0) : 0;
}

/// Every row of `table`, its columns as select_list() names them.
Query rows_of(sqlite3* db, const TableShape& table, const std::string& where) {
  return Query(db, "SELECT " + select_list(table) + " FROM main." + quoted_identifier(table.name), where);
}

bool has_sequence_table(sqlite3* db, const std::string& where) {
  Query query(db, "SELECT 1 FROM main.sqlite_schema WHERE type = 'table' AND name = 'sqlite_sequence'", where);
  return query.step();
}

}  // namespace

DatabaseContents contents_of(sqlite3* db, const std::string& tracking_table, const std::string& where) {
  DatabaseContents contents;
  ::migbundle::Options options;
  options.table = tracking_table.c_str();
  SchemaSnapshot snapshot;
  snapshot.objects = list_schema(db, options, where);
  contents.schema = render_schema_file(snapshot);
  std::vector<TableShape> tables = tables_of(db, tracking_table, where, nullptr);
  if (has_sequence_table(db, where)) tables.push_back({"sqlite_sequence", {"name", "seq"}, {}});
  for (const TableShape& table : tables) {
    std::vector<std::string>& rows = contents.rows[table.name];
    Query query = rows_of(db, table, where);
    while (query.step()) {
      std::string row;
      for (int i = 0; i < sqlite3_column_count(query.get()); ++i) row += exact_value(query.get(), i) + ",";
      rows.push_back(std::move(row));
    }
    std::sort(rows.begin(), rows.end());
  }
  contents.user_version = pragma_value(db, "user_version", where);
  contents.application_id = pragma_value(db, "application_id", where);
  return contents;
}

std::string contents_difference(const DatabaseContents& expected, const DatabaseContents& actual) {
  if (expected.schema != actual.schema) {
    int first_line = 1;
    const std::string diff = line_diff(actual.schema, expected.schema, first_line);
    return "the schema differs (- the baseline's, + the migrations'):\n" + diff;
  }
  for (const auto& [table, rows] : expected.rows) {
    const auto found = actual.rows.find(table);
    if (found == actual.rows.end()) return "table `" + table + "` is missing";
    if (found->second.size() != rows.size()) {
      return "table `" + table + "` has " + std::to_string(found->second.size()) + " row(s), not " +
             std::to_string(rows.size());
    }
    const auto mismatch = std::mismatch(rows.begin(), rows.end(), found->second.begin());
    if (mismatch.first != rows.end()) {
      return "table `" + table + "` has a row that differs (its " +
             std::to_string(mismatch.first - rows.begin() + 1) + "th in sorted order)";
    }
  }
  for (const auto& entry : actual.rows) {
    if (expected.rows.count(entry.first) == 0) return "table `" + entry.first + "` is extra";
  }
  if (expected.user_version != actual.user_version) {
    return "PRAGMA user_version is " + std::to_string(actual.user_version) + ", not " +
           std::to_string(expected.user_version);
  }
  if (expected.application_id != actual.application_id) {
    return "PRAGMA application_id is " + std::to_string(actual.application_id) + ", not " +
           std::to_string(expected.application_id);
  }
  return "";
}

std::string baseline_sql(sqlite3* db, const std::string& tracking_table, const std::string& header,
                         const std::string& where) {
  std::vector<std::string> virtual_tables;
  const std::vector<TableShape> tables = tables_of(db, tracking_table, where, &virtual_tables);
  if (!virtual_tables.empty()) {
    throw MigrationsError({{where, 0, 0, Severity::error,
                            "virtual table `" + virtual_tables.front() +
                                "` cannot go into a baseline: its rows live in its module's own tables. Squash "
                                "below the migration that creates it"}});
  }
  std::string sql = header;
  const auto section = [&](const char* title) { sql += std::string("\n-- ") + title + "\n"; };

  // Tables first, in the order SQLite created them.
  Query objects(db,
                "SELECT type, name, sql FROM main.sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' "
                "ESCAPE '\\' AND tbl_name <> ?1 ORDER BY type <> 'table', rowid",
                where);
  objects.bind(1, tracking_table);
  bool rows_written = false;
  const auto write_rows = [&]() {
    rows_written = true;
    bool any = false;
    for (const TableShape& table : tables) {
      Query rows = rows_of(db, table, where);
      std::string columns = table.rowid;
      for (const std::string& column : table.columns) columns += (columns.empty() ? "" : ", ") + quoted_identifier(column);
      while (rows.step()) {
        if (!any) section("Rows");
        any = true;
        sql += "INSERT INTO " + quoted_identifier(table.name) + " (" + columns + ") VALUES (";
        for (int i = 0; i < sqlite3_column_count(rows.get()); ++i) sql += (i > 0 ? ", " : "") + literal(rows.get(), i);
        sql += ");\n";
      }
    }
    if (has_sequence_table(db, where)) {
      // AUTOINCREMENT's high-water marks: the rows above set them too, but a
      // deleted row's id must stay used.
      Query sequence(db, "SELECT name, seq FROM main.sqlite_sequence ORDER BY rowid", where);
      bool first = true;
      while (sequence.step()) {
        if (first) {
          section("AUTOINCREMENT counters");
          sql += "DELETE FROM sqlite_sequence;\n";
          first = false;
        }
        sql += "INSERT INTO sqlite_sequence (name, seq) VALUES (" + literal(sequence.get(), 0) + ", " +
               literal(sequence.get(), 1) + ");\n";
      }
    }
  };
  bool tables_begun = false;
  bool others_begun = false;
  while (objects.step()) {
    const std::string type = objects.text(0);
    if (type == "table") {
      if (!tables_begun) section("Tables");
      tables_begun = true;
    } else {
      if (!rows_written) write_rows();
      if (!others_begun) section("Indexes, views and triggers, after the rows so no trigger fires on them");
      others_begun = true;
    }
    std::string object_sql = objects.text(2);
    while (!object_sql.empty() && (object_sql.back() == ' ' || object_sql.back() == '\n')) object_sql.pop_back();
    sql += object_sql + ";\n";
  }
  if (!rows_written) write_rows();
  const long long user_version = pragma_value(db, "user_version", where);
  const long long application_id = pragma_value(db, "application_id", where);
  if (user_version != 0 || application_id != 0) section("Header fields");
  if (user_version != 0) sql += "PRAGMA user_version = " + std::to_string(user_version) + ";\n";
  if (application_id != 0) sql += "PRAGMA application_id = " + std::to_string(application_id) + ";\n";
  return sql;
}

std::string baseline_difference(const std::vector<MigrationSource>& squashed, const MigrationSource& baseline,
                                const std::vector<std::string>& extensions, const std::string& where) {
  Database expected(":memory:", true);
  expected.load_extensions(extensions);
  apply_migrations(expected.get(), squashed, ::migbundle::Options{}, where);
  Database actual(":memory:", true);
  actual.load_extensions(extensions);
  apply_migrations(actual.get(), {baseline}, ::migbundle::Options{}, where);
  return contents_difference(contents_of(expected.get(), ::migbundle::default_table, where),
                             contents_of(actual.get(), ::migbundle::default_table, where));
}

}  // namespace migbundle::gen
