// What may be written into generated code as a C++ name.
#pragma once

#include <string_view>

namespace migbundle::gen {

/// True for `name` or `a::b::c` where every part is an identifier and no
/// part is a C++ keyword.
[[nodiscard]] bool is_namespace_path(std::string_view text);

}  // namespace migbundle::gen
