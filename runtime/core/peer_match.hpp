// Matching another tool's tracking-table rows to a bundle's migrations when
// adopting its history (migbundle/adopt.hpp): engine-neutral, no heap.
#pragma once

#include <migbundle/adopt.hpp>

#include <string_view>

namespace migbundle {

/// Whether `row_key`, as the tool's table holds it, names the migration the
/// generator keyed `key` (PeerMigration::key). Flyway's versions compare part
/// by part as numbers (`1.01` = `1.1`, `1.0` = `1`); every other key exactly.
[[nodiscard]] bool peer_key_matches(PeerTool tool, std::string_view row_key, std::string_view key) noexcept;

/// Whether `stored` is one of the space-separated hashes in `expected`
/// (PeerMigration::hash); true when `expected` is empty (the tool keeps none).
[[nodiscard]] bool peer_hash_matches(std::string_view stored, std::string_view expected) noexcept;

}  // namespace migbundle
