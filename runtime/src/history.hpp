// The one read that migrate() and status() share: the tracking table merged
// with the bundle, in id order.
#pragma once

#include <migbundle/bundle.hpp>

#include <string_view>

struct sqlite3;

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

/// `m`'s checksum as the tracking table records it (64 lowercase hex digits).
/// The runtime's one out-of-line use of checksum_hex(): inlined at each
/// site, it cost a firmware about 100 bytes a copy.
[[nodiscard]] ChecksumHex recorded_checksum(const Migration& m) noexcept;

/// Whether `recorded`, a checksum from the tracking table, is `m`'s.
[[nodiscard]] bool checksum_matches(std::string_view recorded, const Migration& m) noexcept;

/// Visits one row; returns false to stop the walk.
using HistoryVisit = bool (*)(void* context, const HistoryRow& row);

/// Calls `visit` for every id of the bundle and of the tracking table `table`
/// (a validated identifier), in id order. A missing table means nothing is
/// recorded (`table_exists` false). Returns SQLite's code: SQLITE_OK when the
/// walk finished or was stopped. One compiled body for migrate() and
/// status(): a template here would be instantiated twice in a firmware image.
[[nodiscard]] int walk_history(sqlite3* db, const Bundle& bundle, const char* table, bool& table_exists,
                               HistoryVisit visit, void* context) noexcept;

/// The same with any callable `bool(const HistoryRow&)`.
template <typename Visit>
int walk_history(sqlite3* db, const Bundle& bundle, const char* table, bool& table_exists, Visit& visit) noexcept {
  return walk_history(
      db, bundle, table, table_exists,
      [](void* context, const HistoryRow& row) { return (*static_cast<Visit*>(context))(row); }, &visit);
}

}  // namespace migbundle
