// How migrate() reaches the adoption (sqlite/adopt.cpp) without naming it:
// through a pointer that only the adopting overload of migrate() passes, so
// a binary that never adopts links none of its code (firmware flash).
#pragma once

#include "core/report_writer.hpp"

#include <migbundle/adopt.hpp>
#include <migbundle/migrate.hpp>

struct sqlite3;

namespace migbundle {

struct AdoptionStep {
  /// Adopts `adoption` in a transaction of its own before the history is
  /// read; false when it failed the report.
  bool (*run)(sqlite3* db, const Bundle& bundle, const Adoption& adoption, const Options& options,
              int retry_budget_ms, ReportWriter& report) noexcept;
  const Adoption* adoption;
};

struct DownStep;  // sqlite/down_step.hpp

/// migrate(), with the adoption step first when `step` is not null, and
/// keeping (and, with Options::revert_unknown, reverting with) downs when `downs` is not null.
[[nodiscard]] Report run_migrate(sqlite3* db, const Bundle& bundle, const Options& options,
                                 const AdoptionStep* step, const DownStep* downs = nullptr) noexcept;

}  // namespace migbundle
