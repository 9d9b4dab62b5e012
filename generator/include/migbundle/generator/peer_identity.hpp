// What another migration tool knows each migration by, computed from the
// folder the way that tool does (docs/peer-tracking-tables.md), so that the
// generated header can carry it for the runtime (`migrate(db, bundle, adoption, options)`,
// runtime/include/migbundle/adopt.hpp), which matches the tool's tracking
// table against it without reading any file.
#pragma once

#include <migbundle/adopt.hpp>
#include <migbundle/generator/layout.hpp>
#include <migbundle/generator/source.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace migbundle::gen {

/// One migration as a tool's tracking table names it: ::migbundle::PeerMigration's text.
struct PeerIdentity {
  std::string key;   ///< as adopt.hpp's PeerMigration::key documents it, per tool
  std::string hash;  ///< what the tool stores as the hash; empty when it keeps none
};

/// Each of `migrations` (read from `directory` by read_migrations() or
/// check_migrations(), in `tool`'s layout) as `tool` identifies it, in the
/// same order. Hashes are of the files' exact bytes on disk, read again here:
/// MigrationSource::text is normalised, and the tools hash what they read.
/// Throws a MigrationsError naming each file that cannot be read, a drizzle
/// migration its journal gives no `when`, and a file name that holds no key
/// for `tool` (a folder read in another tool's layout).
[[nodiscard]] std::vector<PeerIdentity> peer_identities(::migbundle::PeerTool tool,
                                                        const std::filesystem::path& directory,
                                                        const std::vector<MigrationSource>& migrations);

/// Every tool's name as `--adopt` and `ADOPT` take it (peer_tool_name()), in the enum's order.
[[nodiscard]] const std::vector<std::string_view>& adopt_tool_names();
[[nodiscard]] std::optional<::migbundle::PeerTool> adopt_tool_from_name(std::string_view name);

/// The layout the tool's own migrations folder is in.
[[nodiscard]] Layout adopt_tool_layout(::migbundle::PeerTool tool);

}  // namespace migbundle::gen
