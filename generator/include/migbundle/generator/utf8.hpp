// UTF-8 checks shared by the lint (file contents) and the name rule (file names).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace migbundle::gen {

/// Offset of the first byte that breaks UTF-8 (overlongs and surrogates too), or npos.
[[nodiscard]] std::size_t first_invalid_utf8(std::string_view text) noexcept;

/// `text` with every byte that breaks UTF-8 written as `\xHH`, so a name that
/// is not UTF-8 can be shown (and put in JSON) as the bytes it holds.
[[nodiscard]] std::string escape_invalid_utf8(std::string_view text);

}  // namespace migbundle::gen
