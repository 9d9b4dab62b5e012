#include "db_state.hpp"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

namespace migbundle_reliability {
namespace {

std::string render_value(sqlite3_stmt* s, int column) {
  switch (sqlite3_column_type(s, column)) {
    case SQLITE_NULL:
      return "NULL";
    case SQLITE_INTEGER:
      return std::to_string(sqlite3_column_int64(s, column));
    case SQLITE_FLOAT: {
      char text[40];
      std::snprintf(text, sizeof text, "%.17g", sqlite3_column_double(s, column));
      return text;
    }
    case SQLITE_BLOB: {
      const auto* bytes = static_cast<const unsigned char*>(sqlite3_column_blob(s, column));
      const int n = sqlite3_column_bytes(s, column);
      std::string out = "x'";
      char hex[3];
      for (int i = 0; i < n; ++i) {
        std::snprintf(hex, sizeof hex, "%02x", bytes[i]);
        out += hex;
      }
      return out + "'";
    }
    default: {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, column));
      return "'" + std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(s, column))) + "'";
    }
  }
}

/// Every row of `sql`, each rendered as one line; `ok` false when it failed.
std::vector<std::string> query_lines(sqlite3* db, const std::string& sql, bool& ok) {
  std::vector<std::string> lines;
  sqlite3_stmt* s = nullptr;
  ok = sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK;
  int rc = SQLITE_DONE;
  while (ok && (rc = sqlite3_step(s)) == SQLITE_ROW) {
    std::string line;
    for (int c = 0; c < sqlite3_column_count(s); ++c) line += (c > 0 ? "|" : "") + render_value(s, c);
    lines.push_back(std::move(line));
  }
  if (ok && rc != SQLITE_DONE) ok = false;
  sqlite3_finalize(s);
  return lines;
}

std::string quoted(const std::string& name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

std::string dump_state(sqlite3* db, const std::string& tracking_table) {
  bool ok = true;
  std::string out;
  const std::vector<std::string> schema =
      query_lines(db, "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name", ok);
  if (!ok) return std::string("<cannot read the schema: ") + sqlite3_errmsg(db) + ">";
  for (const std::string& line : schema) out += "schema " + line + "\n";

  sqlite3_stmt* s = nullptr;
  std::vector<std::string> tables;
  if (sqlite3_prepare_v2(db,
                         "SELECT name FROM sqlite_master WHERE type = 'table' "
                         "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name",
                         -1, &s, nullptr) == SQLITE_OK) {
    while (sqlite3_step(s) == SQLITE_ROW) tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
  }
  sqlite3_finalize(s);
  for (const std::string& table : tables) {
    const std::string select =
        table == tracking_table ? "SELECT id, name, checksum FROM " + quoted(table) : "SELECT * FROM " + quoted(table);
    std::vector<std::string> rows = query_lines(db, select, ok);
    if (!ok) return out + "<cannot read table " + table + ": " + sqlite3_errmsg(db) + ">";
    std::sort(rows.begin(), rows.end());
    out += "table " + table + " (" + std::to_string(rows.size()) + " rows)\n";
    for (const std::string& row : rows) out += "  " + row + "\n";
  }
  return out;
}

std::vector<std::int64_t> tracking_ids(sqlite3* db, const std::string& tracking_table) {
  std::vector<std::int64_t> ids;
  sqlite3_stmt* s = nullptr;
  const std::string exists = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '" + tracking_table + "'";
  bool present = false;
  if (sqlite3_prepare_v2(db, exists.c_str(), -1, &s, nullptr) == SQLITE_OK) present = sqlite3_step(s) == SQLITE_ROW;
  sqlite3_finalize(s);
  if (!present) return ids;
  const std::string select = "SELECT id FROM " + quoted(tracking_table) + " ORDER BY id";
  if (sqlite3_prepare_v2(db, select.c_str(), -1, &s, nullptr) == SQLITE_OK) {
    while (sqlite3_step(s) == SQLITE_ROW) ids.push_back(sqlite3_column_int64(s, 0));
  }
  sqlite3_finalize(s);
  return ids;
}

std::string integrity_check(sqlite3* db) {
  bool ok = true;
  const std::vector<std::string> rows = query_lines(db, "PRAGMA integrity_check", ok);
  if (!ok) return std::string("<error: ") + sqlite3_errmsg(db) + ">";
  std::string out;
  for (const std::string& row : rows) out += (out.empty() ? "" : "\n") + row;
  return out == "'ok'" ? "ok" : out;
}

std::string journal_mode(sqlite3* db) {
  bool ok = true;
  const std::vector<std::string> rows = query_lines(db, "PRAGMA journal_mode", ok);
  if (!ok || rows.empty()) return std::string("<error: ") + sqlite3_errmsg(db) + ">";
  std::string mode = rows.front();
  if (mode.size() >= 2 && mode.front() == '\'') mode = mode.substr(1, mode.size() - 2);
  return mode;
}

int boundary_of(const std::vector<std::int64_t>& ids, const migbundle::Bundle& bundle) {
  if (ids.size() > bundle.size) return -1;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (ids[i] != bundle.migrations[i].id) return -1;
  }
  return static_cast<int>(ids.size());
}

int migrations_up_to(std::int64_t current_id, const migbundle::Bundle& bundle) {
  int n = 0;
  for (const migbundle::Migration& m : bundle) {
    if (m.id <= current_id) ++n;
  }
  return n;
}

}  // namespace migbundle_reliability
