// What a migration's text is, before anything hashes or embeds it.
#pragma once

#include <string>
#include <string_view>

namespace migbundle::gen {

/// Drops a leading UTF-8 byte-order mark and turns every CRLF into LF, so a
/// checkout with Windows line endings has the same checksum. A lone CR stays.
[[nodiscard]] std::string normalize_text(std::string_view raw);
/// normalize_text() in place: no copy, and no allocation at all.
void normalize_text_in_place(std::string& text);

}  // namespace migbundle::gen
