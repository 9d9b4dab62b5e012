// The lock file: a committed record of every released migration, so an edit
// to one, a removal, or a merge that slips in below them fails the build.
#pragma once

#include <migbundle/generator/diagnostic.hpp>
#include <migbundle/generator/load_migrations.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace migbundle::gen {

struct LockedMigration {
  std::int64_t id = 0;
  std::string file;
  std::string checksum;
  /// The checksum of its down when one was locked with it (`"down_checksum"`;
  /// absent: none, also in a lock file written before downs existed).
  std::optional<std::string> down_checksum = std::nullopt;
};

struct LockFile {
  std::string display_path;
  std::vector<LockedMigration> migrations;  ///< sorted by id
  std::vector<int> lines;                   ///< line of each entry in the file, for diagnostics
};

/// What a lock file that does not exist means.
enum class MissingLock {
  error,  ///< a UsageError: a mistyped path must not silently turn the protection off
  empty,  ///< an empty lock: nothing released yet (`migbundle lock`, `--allow-missing-lock`)
};

/// Reads a lock file. A missing file is a UsageError or an empty lock, as
/// `missing` says; a directory or an unreadable file is a UsageError;
/// malformed content is a MigrationsError naming the line.
[[nodiscard]] LockFile read_lock_file(const std::filesystem::path& path, MissingLock missing = MissingLock::error);

/// Parses a lock file's text; `display_path` names it in diagnostics.
[[nodiscard]] LockFile parse_lock_file(const std::string& text, const std::string& display_path);

/// The file's text: stable and diff-friendly (one migration per line, sorted by id).
[[nodiscard]] std::string render_lock_file(const std::vector<LockedMigration>& migrations);

/// Compares the directory with the lock: a locked migration edited, removed
/// or renamed, its locked down edited or removed, and an unlocked migration
/// with an id below the newest locked one, are errors; migrations after the
/// locked ones pass, and so does a down written for a locked migration that
/// had none.
[[nodiscard]] std::vector<Diagnostic> check_against_lock(const std::vector<MigrationSource>& migrations,
                                                         const LockFile& lock);

/// check_against_lock() a migration at a time, for a folder read one file at
/// a time: check() each migration in id order while its text is loaded, then
/// finish() for the released migrations that never came.
class LockCheck {
 public:
  explicit LockCheck(const LockFile& lock);  ///< `lock` must outlive the check
  void check(const MigrationSource& m, std::vector<Diagnostic>& problems);
  void finish(std::vector<Diagnostic>& problems) const;

 private:
  /// Replaced by the folder's baseline (its first, `-- migbundle: baseline`):
  /// an id below it, or its own id under the file it replaced.
  [[nodiscard]] bool squashed(const LockedMigration& locked) const;

  const LockFile& lock_;
  std::vector<std::pair<std::int64_t, std::size_t>> by_id_;  ///< (id, index in the lock), sorted
  std::vector<bool> seen_;                                   ///< per lock entry: a migration with its id came
  std::int64_t newest_locked_ = 0;
  bool any_checked_ = false;
  bool baseline_ = false;  ///< whether the first migration is a baseline
  std::int64_t first_id_ = 0;
  std::string first_file_;
};

/// The lock with every migration newer than its newest entry appended, and
/// the down of a locked migration that had none recorded (after
/// check_against_lock found nothing wrong).
[[nodiscard]] std::vector<LockedMigration> extend_lock(const std::vector<MigrationSource>& migrations,
                                                       const LockFile& lock);

}  // namespace migbundle::gen
