// A baseline: one migration that gives what a run of migrations gives, schema
// and rows, written by `migbundle squash` and proven by it and by `verify`.
// Read from a database the migrations were applied to, it is plain SQL: the
// tables as SQLite keeps them, their rows, then indexes, views and triggers
// (after the rows, so no trigger fires on them).
#pragma once

#include <sqlite3.h>

#include <migbundle/generator/source.hpp>

#include <map>
#include <string>
#include <vector>

namespace migbundle::gen {

/// Everything a baseline must reproduce, in a form two databases compare by:
/// the canonical schema text, every table's rows (each row as its values'
/// types and bytes, sorted, so insertion order does not matter),
/// `sqlite_sequence`, and the header fields user_version and application_id.
struct DatabaseContents {
  std::string schema;
  std::map<std::string, std::vector<std::string>> rows;  ///< by table name
  long long user_version = 0;
  long long application_id = 0;
};

/// What `db` holds, the tracking table `tracking_table` left out. Throws
/// MigrationsError placed on `where` when SQLite cannot read it.
[[nodiscard]] DatabaseContents contents_of(sqlite3* db, const std::string& tracking_table, const std::string& where);

/// The first difference of `actual` from `expected` in a sentence (which
/// object or table, which row), or empty when they hold the same.
[[nodiscard]] std::string contents_difference(const DatabaseContents& expected, const DatabaseContents& actual);

/// The baseline's SQL for `db` (tracking table left out), after `header`
/// (comment lines, each ending in a newline). Throws MigrationsError placed
/// on `where` when a table cannot be written as SQL: a virtual table (its
/// shadow tables belong to its module) or a column SQLite cannot name.
[[nodiscard]] std::string baseline_sql(sqlite3* db, const std::string& tracking_table, const std::string& header,
                                       const std::string& where);

/// Applies `squashed` to one new in-memory database and `baseline` to
/// another (`extensions` loaded into each) and compares what they hold: the
/// first difference (contents_difference()), or empty when the baseline
/// gives what they give.
[[nodiscard]] std::string baseline_difference(const std::vector<MigrationSource>& squashed,
                                              const MigrationSource& baseline,
                                              const std::vector<std::string>& extensions, const std::string& where);

}  // namespace migbundle::gen
