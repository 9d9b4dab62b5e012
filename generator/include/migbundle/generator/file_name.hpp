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
  std::string problem;  ///< for `invalid`: what is wrong and how to rename the file
};

/// Classifies one directory entry's file name (no directory part). A `.sql`
/// name longer than max_file_name_size bytes is invalid.
[[nodiscard]] FileNameCheck check_file_name(std::string_view file_name);

}  // namespace migbundle::gen
