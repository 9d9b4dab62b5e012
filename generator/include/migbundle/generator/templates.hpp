// The skeletons of the generated files. Their text lives in templates/*.in,
// where a person can read it; the build embeds it here.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace migbundle::gen {

extern const std::string_view bundle_inline_template;        ///< templates/bundle_inline.hpp.in
extern const std::string_view bundle_declarations_template;  ///< templates/bundle_declarations.hpp.in
extern const std::string_view bundle_data_template;          ///< templates/bundle_data.cpp.in

/// Replaces each `@name@` of `text` by its value. A placeholder without a
/// value is a bug in the generator, so it throws std::logic_error.
[[nodiscard]] std::string fill_template(std::string_view text,
                                        const std::vector<std::pair<std::string_view, std::string>>& values);

}  // namespace migbundle::gen
