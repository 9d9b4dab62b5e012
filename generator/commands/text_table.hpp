// The tables `list` and `status` print: columns as wide as their content.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace migbundle::gen {

/// Writes `header` and `rows`, each column padded to its widest cell (counted
/// in characters, not bytes) and two spaces apart; no trailing blanks.
void write_table(std::ostream& out, const std::vector<std::string>& header,
                 const std::vector<std::vector<std::string>>& rows);

}  // namespace migbundle::gen
