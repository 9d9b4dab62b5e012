// What another migration tool recorded as applied in a SQLite database, read
// from its own tracking table by its own rules and matched to the migrations
// of the folder (docs/peer-tracking-tables.md has each tool's table and hash,
// with the source they come from). `migbundle adopt` records these as applied.
#pragma once

#include <migbundle/generator/diagnostic.hpp>
#include <migbundle/generator/layout.hpp>
#include <migbundle/generator/source.hpp>

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace migbundle::gen {

enum class PeerTool { drizzle, wrangler, sqlx, goose, golang_migrate, dbmate, diesel, flyway, prisma };

/// Every tool's name as `--from` takes it.
[[nodiscard]] const std::vector<std::string_view>& peer_tool_names();
[[nodiscard]] std::optional<PeerTool> peer_tool_from_name(std::string_view name);
[[nodiscard]] std::string_view peer_tool_name(PeerTool tool);
/// The tracking table the tool creates unless told otherwise.
[[nodiscard]] std::string_view peer_default_table(PeerTool tool);
/// The folder layout the tool reads.
[[nodiscard]] Layout peer_layout(PeerTool tool);

/// One migration the tool applied.
struct PeerApplied {
  std::size_t migration = 0;  ///< index into the folder's migrations
  std::string applied_at;     ///< `YYYY-MM-DDTHH:MM:SS.SSSZ` when the tool kept the time; else empty
  std::int64_t execution_ms = 0;  ///< when the tool kept it; else 0
};

struct PeerHistory {
  std::vector<PeerApplied> applied;  ///< in id order of the folder's migrations
  /// Every reason not to adopt: a hash that differs from the file, a row the
  /// folder has no migration for, a dirty or failed row. Each names the migration.
  std::vector<Diagnostic> problems;
};

/// Reads `table` (in `main`, which the caller has checked exists) as `tool`
/// writes it and matches each applied row to `migrations`, read from
/// `directory` in the tool's layout. `database` names the database in
/// problems. A table without the tool's columns is a problem too.
[[nodiscard]] PeerHistory read_peer_history(sqlite3* db, const std::string& database, PeerTool tool,
                                            const std::string& table, const std::filesystem::path& directory,
                                            const std::vector<MigrationSource>& migrations);

}  // namespace migbundle::gen
