// Drift: is a live database's schema the one its migrations give? The
// generator applies every migration to an in-memory database and embeds each
// resulting object (table, index, view, trigger) as its type, its name and a
// fingerprint of its SQL (`generate --schema`, add_migrations(... SCHEMA)).
// check_schema() compares a database with that list and names each object
// missing, extra or different, changing nothing. A translation unit of its
// own: a binary that never checks links none of it.
//
// The schema of a database is what `sqlite_schema` holds for it, without
// SQLite's own objects (`sqlite_%`) and without the tracking table and what
// belongs to it. An object's SQL is the text SQLite stores: the CREATE
// statement as the migration wrote it (ALTER TABLE edits it in place), so
// the same migrations give the same text, and a hand-made change shows.
#pragma once

#include <migbundle/migrate.hpp>
#include <migbundle/report.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

struct sqlite3;

namespace migbundle {

/// One object of the schema the bundle's migrations give.
struct SchemaObject {
  const char* type;           ///< "table", "index", "view" or "trigger"
  const char* name;
  std::uint64_t fingerprint;  ///< schema_fingerprint() of it
};

/// Every object of that schema, in the order for_each_schema_object() lists
/// them (tables, indexes, views, triggers, each by name). Generated beside the bundle.
struct Schema {
  const SchemaObject* objects;
  std::size_t size;

  constexpr const SchemaObject* begin() const noexcept { return objects; }
  constexpr const SchemaObject* end() const noexcept { return objects + size; }
};

/// 64-bit FNV-1a of `type`, NUL, `name`, NUL, `table`, NUL, `sql`: what tells
/// two versions of one object apart (not a defence against a forger).
[[nodiscard]] std::uint64_t schema_fingerprint(std::string_view type, std::string_view name, std::string_view table,
                                               std::string_view sql) noexcept;

/// One object of a live database.
struct LiveSchemaObject {
  std::string_view type;
  std::string_view name;
  std::string_view table;  ///< what it belongs to (its own name for a table or view)
  std::string_view sql;
  std::uint64_t fingerprint;
};

using SchemaObjectCallback = void (*)(void* context, const LiveSchemaObject& object);

/// Lists the schema objects of `options.schema` (tables, indexes, views,
/// triggers, each sorted by name, bytewise), leaving out SQLite's own and the
/// tracking table `options.table` with its indexes and triggers. Reads only.
[[nodiscard]] Report for_each_schema_object(sqlite3* db, const Options& options, SchemaObjectCallback callback,
                                            void* context) noexcept;

enum class Drift : std::uint8_t {
  missing,    ///< the migrations give it; the database lacks it
  extra,      ///< the database has it; the migrations do not give it (made by hand, or by another program)
  different,  ///< both have it, with other SQL
};

struct DriftEntry {
  Drift kind;
  std::string_view type;
  std::string_view name;
};

using DriftCallback = void (*)(void* context, const DriftEntry& entry);

/// Compares the database's schema with `schema`, the one every migration of
/// the bundle gives: call it when nothing is pending (after migrate()), or
/// the migrations not applied yet show as drift. Each difference goes to
/// `callback` (may be null), in the listing's order. Changes nothing. Drift
/// fails the report with Error::drift, its message counting each kind
/// and naming the first; a clean database gives an ok() report.
[[nodiscard]] Report check_schema(sqlite3* db, const Schema& schema, const Options& options, DriftCallback callback,
                                  void* context) noexcept;

}  // namespace migbundle
