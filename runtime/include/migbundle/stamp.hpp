// An opt-in start at the physical floor: migrate() that keeps a stamp of the
// applied history in a field of the database header, so that a start with
// nothing to do reads that one field and returns, without reading the
// tracking table or loading the schema. A translation unit of its own: a
// binary that never calls it links none of it.
//
// The trade-off: the application cedes the field (PRAGMA user_version or
// application_id) to migbundle, and an up-to-date start trusts the stamp
// instead of reading the history. A tracking table edited by hand, or by
// another program that leaves the field alone, is not seen by such a start;
// the next full read sees it: plain migrate(), status(), any start whose
// bundle differs (another binary: another stamp), and this migrate() itself
// whenever the field holds anything but this bundle's stamp. One stamped
// bundle per database file: two would overwrite each other's stamp (each
// start then reads the whole history, as without a stamp).
#pragma once

#include <migbundle/bundle.hpp>
#include <migbundle/migrate.hpp>
#include <migbundle/report.hpp>

#include <cstdint>

struct sqlite3;

namespace migbundle {

/// The header field that holds the stamp.
enum class StampField : std::uint8_t {
  user_version,    ///< PRAGMA user_version
  application_id,  ///< PRAGMA application_id
};

/// The bundle's HistoryDigest: Bundle::history_digest as the generator wrote
/// it, or, where that is 0, computed from every migration.
[[nodiscard]] std::uint64_t history_digest(const Bundle& bundle) noexcept;

/// What `field` holds once every migration of `bundle` is applied and
/// recorded in `options.table`: a 64-bit FNV-1a over 64-bit words of the
/// table's name and history_digest(), folded to 31 bits, never 0 (a new
/// database's value) nor negative.
[[nodiscard]] std::int32_t history_stamp(const Bundle& bundle, const Options& options) noexcept;

/// migrate(), first reading `field` of `options.schema`: when it holds
/// history_stamp() (and Options::target_id reaches the bundle's newest
/// migration), nothing is pending and the report says so (already_applied()
/// the bundle's size, current_id() its newest id) without another read.
/// Otherwise the whole migrate() runs, and when it leaves every migration of
/// the bundle applied, the stamp is written (a write that fails, on a
/// read-only database, say, only costs the next start its shortcut).
[[nodiscard]] Report migrate(sqlite3* db, const Bundle& bundle, const Options& options, StampField field) noexcept;

}  // namespace migbundle
