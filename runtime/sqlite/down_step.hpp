// How migrate() reaches the downs (sqlite/rollback.cpp) without naming them:
// through a pointer that only migrate() with Downs passes, so a binary that
// never reverts links none of that code (firmware flash).
#pragma once

#include "core/report_writer.hpp"
#include "core/table_ref.hpp"

#include <migbundle/downs.hpp>
#include <migbundle/migrate.hpp>

struct sqlite3;

namespace migbundle {

struct DownStep {
  /// In `m`'s transaction, after its tracking row: keeps its down, if it has
  /// one, in the row (adding the column first where the table lacks it). Returns SQLite's code.
  int (*store)(sqlite3* db, const TableRef& table, const Bundle& bundle, const Downs& downs, const Migration& m) noexcept;
  /// Before the history is read (Options::revert_unknown): reverts the
  /// applied migrations the bundle lacks. False when it failed the report.
  bool (*revert_unknown)(sqlite3* db, const Bundle& bundle, const Downs& downs, const Options& options,
                         ReportWriter& report) noexcept;
  const Downs* downs;
};

}  // namespace migbundle
