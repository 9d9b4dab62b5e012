// Adopting a database that another migration tool migrated: what that tool
// knows each migration of the bundle by, written by the generator beside the
// bundle (`add_migrations(... ADOPT <tool>)`, `migbundle generate --adopt`).
// With `Options::adopt` set, migrate() on a database that has no migbundle
// history but the tool's tracking table records what the tool applied as
// applied, in one transaction, then applies the rest. Constant data, no heap.
#pragma once

#include <cstddef>
#include <cstdint>

namespace migbundle {

/// The tools whose tracking tables migrate() adopts (docs/peer-tracking-tables.md).
enum class PeerTool : std::uint8_t {
  drizzle, wrangler, sqlx, goose, golang_migrate, dbmate, diesel, flyway, prisma, sql_migrate
};

/// One migration of the bundle as the tool identifies it.
struct PeerMigration {
  /// The tool's key, as text: drizzle the journal's `when`; wrangler the file
  /// name; sqlx, goose and golang-migrate the version in decimal (no leading
  /// zeros); dbmate the file name's leading digits; diesel the folder's
  /// version without `-`; Flyway the version with `_` as `.` (compared part by
  /// part as numbers); Prisma the folder name; sql-migrate the file name.
  const char* key;
  /// What the tool stores as the hash, as text: drizzle the SHA-256 of the
  /// file in hex, sqlx its SHA-384 in hex, Flyway its checksum in decimal,
  /// Prisma the SHA-256 hex of the file (and of it with its line endings
  /// swapped, space-separated, any of which it accepts). Empty: none kept.
  const char* hash;
};

/// The tool, its table and the bundle's migrations as it knows them.
struct Adoption {
  PeerTool tool;
  /// The tool's tracking table in the schema of `Options::schema` (its
  /// default, e.g. `__drizzle_migrations`, or the one it was told to use);
  /// an identifier like `Options::table`.
  const char* table;
  const PeerMigration* migrations;  ///< one per migration of the bundle, in bundle order
  std::size_t size;                 ///< must equal the bundle's size
};

/// The tool's name (`"golang-migrate"`), for messages and `--from`.
[[nodiscard]] constexpr const char* peer_tool_name(PeerTool tool) noexcept {
  switch (tool) {
    case PeerTool::drizzle: return "drizzle";
    case PeerTool::wrangler: return "wrangler";
    case PeerTool::sqlx: return "sqlx";
    case PeerTool::goose: return "goose";
    case PeerTool::golang_migrate: return "golang-migrate";
    case PeerTool::dbmate: return "dbmate";
    case PeerTool::diesel: return "diesel";
    case PeerTool::flyway: return "flyway";
    case PeerTool::prisma: return "prisma";
    case PeerTool::sql_migrate: return "sql-migrate";
  }
  return "unknown";
}

/// The table the tool creates unless told otherwise.
[[nodiscard]] constexpr const char* peer_default_table(PeerTool tool) noexcept {
  switch (tool) {
    case PeerTool::drizzle: return "__drizzle_migrations";
    case PeerTool::wrangler: return "d1_migrations";
    case PeerTool::sqlx: return "_sqlx_migrations";
    case PeerTool::goose: return "goose_db_version";
    case PeerTool::golang_migrate: return "schema_migrations";
    case PeerTool::dbmate: return "schema_migrations";
    case PeerTool::diesel: return "__diesel_schema_migrations";
    case PeerTool::flyway: return "flyway_schema_history";
    case PeerTool::prisma: return "_prisma_migrations";
    case PeerTool::sql_migrate: return "gorp_migrations";
  }
  return "";
}

}  // namespace migbundle
