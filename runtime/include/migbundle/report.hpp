// The result of a runtime call, as a value: no exceptions, no heap.
#pragma once

#include <migbundle/bundle.hpp>

#include <cstddef>
#include <cstdint>

namespace migbundle {

/// What went wrong, when something did.
enum class Error {
  none = 0,
  invalid_argument,   ///< null database, bad table name, bundle not sorted by id
  sqlite,             ///< the database engine (SQLite, PostgreSQL) failed outside a migration's own SQL (history, lock, commit)
  migration_failed,   ///< a statement of a migration failed; it was rolled back
  checksum_mismatch,  ///< an applied migration differs from the bundle's (edited after release)
  unknown_applied,    ///< the database holds a migration this bundle lacks (database is newer)
  out_of_order,       ///< a pending migration's id is below the newest applied one
  foreign_key_violation,  ///< a migration left rows violating a foreign key; rolled back (a no-transaction one: not recorded)
  invalid_history,    ///< the tracking table is not migbundle's, or a row of it is malformed
  read_only,          ///< migrations are pending and the database is read-only for this connection
  adoption_refused,   ///< another tool's history does not match the bundle (migbundle/adopt.hpp); nothing adopted
  irreversible,       ///< a migration to revert has no down, in the bundle or stored (migbundle/rollback.hpp); nothing reverted
  drift,              ///< the database's schema is not the one its migrations give (migbundle/schema.hpp); nothing changed
  below_baseline,     ///< the database stops below the bundle's baseline (`migbundle squash`): an older release must migrate it first
};

/// The enumerator's name (`"checksum_mismatch"`), for logs and machine-readable output.
/// One string walked to the name, not a table of pointers: a firmware pays
/// for the names and a short loop only.
[[nodiscard]] constexpr const char* error_name(Error error) noexcept {
  const char* names =
      "none\0invalid_argument\0sqlite\0migration_failed\0checksum_mismatch\0unknown_applied\0out_of_order\0"
      "foreign_key_violation\0invalid_history\0read_only\0adoption_refused\0irreversible\0drift\0below_baseline";
  const unsigned index = static_cast<unsigned>(error);
  if (index > static_cast<unsigned>(Error::below_baseline)) return "unknown";
  for (unsigned k = 0; k < index; ++k) {
    while (*names != '\0') ++names;
    ++names;
  }
  return names;
}

/// Outcome of `migrate()`. `message()` is empty when `ok()`. A runtime built
/// with MIGBUNDLE_RUNTIME_MESSAGES=OFF (for firmware short of flash) keeps
/// every fact here and shortens the message to
/// `file:line:col: error: <error_name>[, SQLite code <n>]`.
class Report {
 public:
  static constexpr std::size_t message_capacity = 640;

  [[nodiscard]] bool ok() const noexcept { return error_ == Error::none; }
  [[nodiscard]] Error error() const noexcept { return error_; }
  /// How many migrations this call applied.
  [[nodiscard]] int applied() const noexcept { return applied_; }
  /// How many migrations another tool had applied that this call recorded as
  /// applied (migrate() with an Adoption); they count in already_applied() too.
  [[nodiscard]] int adopted() const noexcept { return adopted_; }
  /// How many migrations this call reverted (rollback(), or migrate() with
  /// Options::revert_unknown; migbundle/rollback.hpp).
  [[nodiscard]] int reverted() const noexcept { return reverted_; }
  /// How many migrations of the bundle were applied before this call (or by
  /// a concurrent process while it waited).
  [[nodiscard]] int already_applied() const noexcept { return already_applied_; }
  /// Whether any migration is applied once the call returned. 0 is a valid
  /// id: `current_id() == 0` alone does not say that nothing is applied.
  [[nodiscard]] bool has_applied() const noexcept { return has_applied_; }
  /// Newest applied id once the call returned (0 also when none is applied:
  /// see `has_applied()`).
  [[nodiscard]] std::int64_t current_id() const noexcept { return current_id_; }
  /// How many migrations of the bundle are not applied once the call
  /// returned: beyond `Options::target_id`, after a failure, or all of them
  /// when the history could not be read.
  [[nodiscard]] int pending() const noexcept { return pending_; }
  [[nodiscard]] const char* message() const noexcept { return message_; }
  /// `message()` without its leading `file:line:col: error: ` part, for
  /// tools that print the location themselves.
  [[nodiscard]] const char* explanation() const noexcept { return message_ + explanation_offset_; }
  /// The migration the error concerns, or null.
  [[nodiscard]] const Migration* migration() const noexcept { return migration_; }
  /// 1-based line and column in the migration's file (0 when unknown).
  [[nodiscard]] int line() const noexcept { return line_; }
  [[nodiscard]] int column() const noexcept { return column_; }
  /// 0-based index of the failing statement inside the migration (-1 when none).
  [[nodiscard]] int statement_index() const noexcept { return statement_number_ - 1; }
  /// SQLite's primary and extended result codes (0 when SQLite did not fail).
  [[nodiscard]] int sqlite_code() const noexcept { return extended_code_ & 0xff; }
  [[nodiscard]] int extended_code() const noexcept { return extended_code_; }
  /// PostgreSQL's five-character SQLSTATE (`23505`) when PostgreSQL failed
  /// (migbundle::postgres), else empty.
  [[nodiscard]] const char* sqlstate() const noexcept { return sqlstate_; }

 private:
  friend class ReportWriter;  // the runtime's one writer of reports (runtime/core/report_writer.hpp)

  Error error_ = Error::none;
  int applied_ = 0;
  int adopted_ = 0;
  int reverted_ = 0;
  int already_applied_ = 0;
  int pending_ = 0;
  bool has_applied_ = false;
  std::int64_t current_id_ = 0;
  const Migration* migration_ = nullptr;
  int line_ = 0;
  int column_ = 0;
  int statement_number_ = 0;  ///< 1-based, 0 for none: an all-zero Report costs no initialiser in flash
  int extended_code_ = 0;
  char sqlstate_[6] = {};
  std::size_t explanation_offset_ = 0;
  char message_[message_capacity] = {};
};

}  // namespace migbundle
