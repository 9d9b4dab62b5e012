// What a migration's text is, before anything hashes or embeds it.
#pragma once

#include <string>
#include <string_view>

namespace migbundle::gen {

/// Drops a leading UTF-8 byte-order mark and turns every CRLF into LF, so a
/// checkout with Windows line endings has the same checksum. A lone CR stays.
[[nodiscard]] std::string normalize_text(std::string_view raw);

}  // namespace migbundle::gen
