// The schema a folder of migrations gives: every migration applied to an
// in-memory SQLite database, then its objects listed by the runtime's
// for_each_schema_object(), so the generator's list and check_schema()'s
// walk can never disagree on order or fingerprint. Used by `migbundle
// schema` (the reviewable text file), `generate --schema` (the
// fingerprints embedded beside the bundle) and `status` (drift: a live
// database listed and rendered by the same code).
#pragma once

#include "loaded_bundle.hpp"

#include <migbundle/generator/layout.hpp>
#include <migbundle/generator/render_bundle.hpp>
#include <migbundle/generator/source.hpp>
#include <migbundle/migrate.hpp>

#include <sqlite3.h>

#include <iosfwd>
#include <string>
#include <vector>

namespace migbundle::gen {

struct SchemaSnapshot {
  SchemaTable objects;
  std::size_t migrations = 0;
  std::string newest_file;  ///< the newest migration's file name; empty when there is none
};

/// Applies every migration of `directory` to a new in-memory database (the
/// `extensions` loaded first) and lists the schema. Warnings go to `err`.
/// Throws MigrationsError when the folder does not load or a migration fails
/// (its file, line and column), UsageError when an extension does not load.
[[nodiscard]] SchemaSnapshot take_schema_snapshot(const std::string& directory, Layout layout,
                                                  const std::vector<std::string>& extensions, std::ostream& err);

/// Applies `migrations` to `db` with the runtime's migrate() under `options`
/// (its tracking table and all): what every in-memory replay does. Throws
/// MigrationsError at the failing migration's file, line and column (`where`
/// when the failure is not a migration's).
void apply_migrations(sqlite3* db, std::vector<MigrationSource> migrations, const ::migbundle::Options& options,
                      const std::string& where);
/// The same for a bundle already loaded (up to `options.target_id`).
void apply_migrations(sqlite3* db, const LoadedBundle& loaded, const ::migbundle::Options& options,
                      const std::string& where);

/// The objects of `db` (of `options.schema`, without the tracking table
/// `options.table`), in for_each_schema_object()'s order. Reads only. Throws
/// MigrationsError placed on `where` when SQLite cannot list them.
[[nodiscard]] SchemaTable list_schema(sqlite3* db, const ::migbundle::Options& options, const std::string& where);

/// The snapshot as a reviewable, deterministic text: a short header, then
/// each object's SQL (tables, indexes, views, triggers, each by name) ending
/// in `;`, one blank line between. Nothing in it depends on the machine (no
/// path, no date, no SQLite version) or on migrations that change no schema.
[[nodiscard]] std::string render_schema_file(const SchemaSnapshot& snapshot);

/// A line diff of `expected` (what the migrations give now) against `actual`
/// (the file): hunks of `-` (only in the file) and `+` (only in the
/// migrations) lines with two lines of context, as `diff -u` would show them.
/// `first_line` receives the file's first differing line.
[[nodiscard]] std::string line_diff(const std::string& actual, const std::string& expected, int& first_line);

}  // namespace migbundle::gen
