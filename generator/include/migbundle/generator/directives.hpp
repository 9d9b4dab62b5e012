// `-- migbundle: <directive>` comments at the top of a migration.
#pragma once

#include <migbundle/generator/diagnostic.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace migbundle::gen {

/// Reads the directives of a normalised migration text and returns its flags
/// (`migbundle::flag_*`). A directive must stand in the comment block before
/// the first statement; an unknown one, or one further down, is reported in
/// `problems` (a typo must not be silently ignored).
[[nodiscard]] std::uint32_t parse_directives(std::string_view text, const std::string& path,
                                             std::vector<Diagnostic>& problems);

/// The directive names of `flags`, in a stable order (for listings).
[[nodiscard]] std::vector<std::string> directive_names(std::uint32_t flags);

}  // namespace migbundle::gen
