// The history as the core sees it, whatever the engine: one row per id of the
// bundle and of the tracking table, and the one verdict on each row that
// migrate() and status() both go by.
#pragma once

#include <migbundle/bundle.hpp>
#include <migbundle/status.hpp>

#include <cstdint>
#include <string_view>

namespace migbundle {

/// One id, seen from the bundle, the database, or both.
struct HistoryRow {
  std::int64_t id;
  const Migration* migration;  ///< null when only the database knows the id
  bool recorded;               ///< the tracking table holds the id
  std::string_view name;       ///< recorded values, valid during the visit only
  std::string_view checksum;
  std::string_view applied_at;
  std::int64_t execution_ms;
};

/// Visits one row; returns false to stop the walk. How an engine's history
/// walk hands its rows to the core: a plain function and a context pointer,
/// one compiled body per walk (a template would be instantiated per caller).
using HistoryVisit = bool (*)(void* context, const HistoryRow& row);

/// A callable `bool(const HistoryRow&)` as a HistoryVisit, with `&callable` as its context.
template <typename Visit>
[[nodiscard]] constexpr HistoryVisit history_visit_of(Visit&) noexcept {
  return [](void* context, const HistoryRow& row) { return (*static_cast<Visit*>(context))(row); };
}

/// What a row of the history says. The first five are status()'s
/// MigrationState, in its order: state_of() is then mostly a cast.
enum class Verdict : unsigned char {
  applied,    ///< recorded with the bundle's checksum
  pending,    ///< in the bundle, not recorded
  modified,   ///< recorded with another checksum: the file was edited after release
  unknown,    ///< recorded, not in the bundle: the database is newer than this binary
  squashed,   ///< recorded before the bundle's baseline took its place: applied
  malformed,  ///< recorded with a checksum that is not 64 lowercase hex digits: migbundle did not write it
};

/// The bundle's baseline (its first migration, when `migbundle squash` made
/// it one), or null.
[[nodiscard]] constexpr const Migration* baseline_of(const Bundle& bundle) noexcept {
  return bundle.size > 0 && (flags_of(*bundle.migrations) & flag_baseline) != 0u ? bundle.migrations : nullptr;
}

/// The one classification of a row, in the order migrate() refuses them:
/// a malformed checksum before an unknown id before an edited migration.
/// When the bundle has a baseline (baseline_of()), a recorded id below it,
/// and its own id recorded under another name (the squashed migration it
/// replaced, not the baseline itself), are squashed: applied before the squash.
[[nodiscard]] Verdict classify(const HistoryRow& row, const Bundle& bundle) noexcept;

/// The state status() lists a row with: a malformed row is `unknown` when the
/// bundle lacks its id, else `modified` (its checksum is not the bundle's).
[[nodiscard]] MigrationState state_of(Verdict verdict, const HistoryRow& row) noexcept;

/// `m`'s checksum as the tracking table records it (64 lowercase hex digits).
/// The runtime's one out-of-line use of checksum_hex(): inlined at each
/// site, it cost a firmware about 100 bytes a copy.
[[nodiscard]] ChecksumHex recorded_checksum(const Migration& m) noexcept;

/// Whether `recorded`, a checksum from the tracking table, is `m`'s.
[[nodiscard]] bool checksum_matches(std::string_view recorded, const Migration& m) noexcept;

/// Whether `recorded` has the form migbundle writes: 64 lowercase hex digits.
[[nodiscard]] bool is_checksum_text(std::string_view recorded) noexcept;

}  // namespace migbundle
