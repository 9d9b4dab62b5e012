#include "core/history.hpp"

namespace migbundle {

Verdict classify(const HistoryRow& row, const Bundle& bundle) noexcept {
  if (!row.recorded) return Verdict::pending;
  const Migration* const baseline = baseline_of(bundle);
  if (!is_checksum_text(row.checksum)) return Verdict::malformed;
  if (row.migration == nullptr) return baseline != nullptr && row.id < baseline->id ? Verdict::squashed : Verdict::unknown;
  if (checksum_matches(row.checksum, *row.migration)) return Verdict::applied;
  // The baseline's own id recorded under another name: the migration it replaced.
  return row.migration == baseline && row.name != name_of(*baseline) ? Verdict::squashed : Verdict::modified;
}

static_assert(static_cast<int>(Verdict::applied) == static_cast<int>(MigrationState::applied) &&
                  static_cast<int>(Verdict::pending) == static_cast<int>(MigrationState::pending) &&
                  static_cast<int>(Verdict::modified) == static_cast<int>(MigrationState::modified) &&
                  static_cast<int>(Verdict::unknown) == static_cast<int>(MigrationState::unknown) &&
                  static_cast<int>(Verdict::squashed) == static_cast<int>(MigrationState::squashed),
              "state_of() maps the first five verdicts by their value");

MigrationState state_of(Verdict verdict, const HistoryRow& row) noexcept {
  if (verdict == Verdict::malformed) {
    return row.migration != nullptr ? MigrationState::modified : MigrationState::unknown;
  }
  return static_cast<MigrationState>(verdict);
}

ChecksumHex recorded_checksum(const Migration& m) noexcept { return checksum_hex(m); }

bool checksum_matches(std::string_view recorded, const Migration& m) noexcept {
  return recorded == recorded_checksum(m).view();
}

bool is_checksum_text(std::string_view recorded) noexcept {
  if (recorded.size() != 64) return false;
  for (const char c : recorded) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace migbundle
