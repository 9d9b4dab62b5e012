// Fills a Report, whatever the engine: its facts, and its message written as
// `file:line:col: error: <explanation> <where the database stands>.` The one
// friend of Report, so that an engine's migrate() and status() write reports
// only through it.
#pragma once

#include "core/history.hpp"
#include "core/message_writer.hpp"

#include <migbundle/bundle.hpp>
#include <migbundle/report.hpp>

#include <cstdint>
#include <string_view>

namespace migbundle {

class ReportWriter {
 public:
  /// Writes into `report`, the caller's return value itself: a Report is 700
  /// bytes, and a copy of it would double migrate()'s stack frame.
  explicit ReportWriter(Report& report) noexcept : report_(report) {}

  [[nodiscard]] const Report& report() const noexcept { return report_; }

  // ---- facts -------------------------------------------------------------------------------

  /// What the history held when it was read (Plan's counts).
  void note_history(int already_applied, std::int64_t newest, bool any_recorded) noexcept {
    report_.already_applied_ = already_applied;
    report_.current_id_ = newest;
    report_.has_applied_ = any_recorded;
  }

  /// `m` is applied now, by this call (`by_this_call`) or by another connection meanwhile.
  void note_applied(const Migration& m, bool by_this_call) noexcept {
    if (m.id > report_.current_id_ || !report_.has_applied_) report_.current_id_ = m.id;  // here or elsewhere
    report_.has_applied_ = true;
    if (by_this_call) ++report_.applied_;
  }
  /// One more migration was reverted; the newest applied id is now `current_id` (when `any_applied`).
  void note_reverted(std::int64_t current_id, bool any_applied) noexcept {
    ++report_.reverted_;
    report_.current_id_ = any_applied ? current_id : 0;
    report_.has_applied_ = any_applied;
  }
  /// Another tool's `count` applied migrations were recorded as applied.
  void note_adopted(int count) noexcept { report_.adopted_ = count; }
  /// Found applied under the write lock, above the ids the history read counted.
  void note_already_applied() noexcept { ++report_.already_applied_; }
  /// A single-transaction run committed `applied` migrations, the newest applied id now `current_id`.
  void note_run_committed(int applied, std::int64_t current_id) noexcept {
    report_.applied_ = applied;
    report_.current_id_ = current_id;
    if (applied > 0) report_.has_applied_ = true;
  }
  /// One row of a status() listing.
  void note_status_row(const HistoryRow& row) noexcept {
    if (row.recorded) {
      ++report_.already_applied_;
      report_.current_id_ = row.id;
      report_.has_applied_ = true;
    } else {
      ++report_.pending_;
    }
  }
  void set_pending(int pending) noexcept { report_.pending_ = pending; }
  void set_extended_code(int extended_code) noexcept { report_.extended_code_ = extended_code; }
  /// PostgreSQL's SQLSTATE (five characters; longer text is cut).
  void set_sqlstate(std::string_view sqlstate) noexcept {
    std::size_t n = 0;
    for (; n < sqlstate.size() && n + 1 < sizeof report_.sqlstate_; ++n) report_.sqlstate_[n] = sqlstate[n];
    report_.sqlstate_[n] = '\0';
  }
  /// Where in its migration's file a failed statement is: line, column, 1-based statement number.
  void locate(int line, int column, int statement_number) noexcept {
    report_.line_ = line;
    report_.column_ = column;
    report_.statement_number_ = statement_number;
  }

  // ---- messages ----------------------------------------------------------------------------

  /// The message's buffer as scratch space (building a long SQL statement)
  /// while no message is written: it saves a stack frame that size. Call
  /// clear_scratch() when done, before any message.
  [[nodiscard]] FixedWriter scratch() noexcept { return FixedWriter(report_.message_, sizeof report_.message_); }
  void clear_scratch() noexcept { report_.message_[0] = '\0'; }

  /// Starts the report's message with `file:line:col: error: ` (as much of
  /// it as is known), records the migration it is about, and remembers where
  /// the explanation begins.
  MessageWriter message(const Migration* about) noexcept;

  /// A message about `m` located at its first line: the whole file is concerned.
  MessageWriter message_at_top(const Migration& m) noexcept;

  /// Records `error`; without prose, ends the message with its name and the code. Returns false.
  bool fail(Error error) noexcept;

  /// Ends the message with where the database stands, so the reader knows
  /// what a failure left behind, then fails. `maybe_committed`: a migration
  /// whose COMMIT failed in a way that leaves its outcome unknown.
  bool conclude(MessageWriter& out, Error error, const Migration* maybe_committed = nullptr) noexcept;

  /// An invalid argument, explained by `text` alone.
  bool fail_argument(const char* text) noexcept;

  /// `m` is recorded with the checksum `recorded` under the name `recorded_name`.
  bool fail_checksum(const Migration& m, std::string_view recorded, std::string_view recorded_name) noexcept;

 private:
  Report& report_;
};

}  // namespace migbundle
