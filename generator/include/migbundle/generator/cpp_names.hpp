// What may be written into generated code as a C++ name.
#pragma once

#include <string>
#include <string_view>

namespace migbundle::gen {

/// Why `text` cannot be the namespace of generated code, or an empty string
/// when it can. It must be `name` or `a::b::c` where every part is an
/// identifier that is not a C++ keyword, not reserved (no leading `_`, no
/// `__`), not spelled like a macro (all capitals: NULL, INT64_MAX, SQLITE_OK)
/// and not a lowercase macro of the compilers (`linux` and `unix` in GNU
/// modes, CMake's default), the C library or <windows.h>; the first part must
/// also not name what the headers around the bundle declare globally
/// (`sqlite3`, `size_t`, `main`) or the standard's namespaces (`std`, `posix`).
/// cmake/AddMigrations.cmake applies the same rule while CMake configures.
[[nodiscard]] std::string namespace_problem(std::string_view text);

/// True when namespace_problem() finds nothing.
[[nodiscard]] bool is_namespace_path(std::string_view text);

}  // namespace migbundle::gen
