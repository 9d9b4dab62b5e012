// The file-name rule: `<digits>_<name>.sql`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace migbundle::gen {

/// The longest file name a bundle holds: format 2 keeps its size in one byte.
inline constexpr std::size_t max_file_name_size = 255;

struct FileNameCheck {
  enum class Kind {
    migration,  ///< matches the rule
    ignored,    ///< not a migration at all (README.md, a hidden editor file)
    invalid,    ///< looks like a migration but breaks the rule: an error, never skipped
  };
  Kind kind = Kind::ignored;
  std::int64_t id = 0;
  std::string name;     ///< the part after `<digits>_`, without `.sql`
  std::string problem;     ///< for `invalid`: what is wrong and what to do (`reason`, then the suggestion)
  std::string reason;      ///< for `invalid`: what is wrong, without the suggestion
  /// For `invalid` names a rename fixes: a name that fits the rule; empty when
  /// no rename helps (a down, undo or repeatable script of another tool).
  /// Made from this name alone: load_migrations() makes it unique in the directory.
  std::string suggestion;
  std::string flyway_version;  ///< for Flyway's `V<version>__<name>.sql`: the version as written (`2.1`)
};

/// `reason`, then "; rename it, e.g. to `<suggestion>`" (or just `reason` without a suggestion).
[[nodiscard]] std::string rename_problem(const std::string& reason, const std::string& suggestion);

/// The id a Flyway version becomes: its first part, then every other part as
/// `width` digits (`2.1` with 3 parts of width 3: `2001000`), so the versions
/// keep their order. `parts` is at least the version's own number of parts.
[[nodiscard]] std::string flyway_number(std::string_view version, std::size_t parts, std::size_t width);

/// Classifies one directory entry's file name (no directory part). A `.sql`
/// name longer than max_file_name_size bytes is invalid.
[[nodiscard]] FileNameCheck check_file_name(std::string_view file_name);

}  // namespace migbundle::gen
