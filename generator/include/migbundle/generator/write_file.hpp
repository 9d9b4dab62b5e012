// Writing generated files without disturbing the build.
#pragma once

#include <filesystem>
#include <string_view>

namespace migbundle::gen {

/// Writes `content` to `path` only when the file does not already hold
/// exactly it, so an unchanged header keeps its timestamp and triggers no
/// recompilation. Writes a temporary file and renames it over the old one, so
/// a reader never sees half a header. Creates missing parent directories.
/// Returns whether it wrote. Throws UsageError when it cannot.
bool write_if_changed(const std::filesystem::path& path, std::string_view content);

/// Whether `path` holds exactly `content`.
[[nodiscard]] bool file_holds(const std::filesystem::path& path, std::string_view content);

}  // namespace migbundle::gen
