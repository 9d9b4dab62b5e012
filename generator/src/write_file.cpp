#include <migbundle/generator/write_file.hpp>

#include <migbundle/generator/diagnostic.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <iterator>
#include <string>
#include <system_error>

namespace migbundle::gen {

namespace fs = std::filesystem;

bool file_holds(const fs::path& path, std::string_view content) {
  std::error_code error;
  if (fs::file_size(path, error) != content.size() || error) return false;
  std::ifstream in(path, std::ios::binary);
  if (!in) return content.empty();
  // A block at a time: reading the file whole held a second copy of a
  // generated file that can be 50 MB, and byte by byte it was slow.
  std::array<char, 64 * 1024> block;
  for (std::size_t offset = 0; offset < content.size();) {
    in.read(block.data(), static_cast<std::streamsize>(std::min(block.size(), content.size() - offset)));
    const auto got = static_cast<std::size_t>(in.gcount());
    if (got == 0 || content.substr(offset, got) != std::string_view(block.data(), got)) return false;
    offset += got;
  }
  return in.peek() == std::ifstream::traits_type::eof();
}

namespace {

/// Creates a temporary file beside `path` that no other process has: with a
/// fixed name, two generators writing one output at once (parallel CI jobs,
/// two build trees sharing a source tree) truncated and renamed each other's
/// file, and a compiler could read a half-written header.
fs::path create_temporary_beside(const fs::path& path, std::FILE*& file) {
  std::random_device entropy;
  const auto clock = static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  for (std::uint64_t attempt = 0; attempt < 64; ++attempt) {
    fs::path candidate = path;
    candidate += ".tmp-" + std::to_string((clock + attempt) ^ (std::uint64_t{entropy()} << 20));
    file = std::fopen(candidate.string().c_str(), "wbx");  // x: fails if it exists (C11, C++17)
    if (file != nullptr) return candidate;
    if (errno != EEXIST) break;
  }
  throw UsageError("cannot create a temporary file beside `" + path.generic_string() + "`: " + std::strerror(errno));
}

}  // namespace

bool write_if_changed(const fs::path& path, std::string_view content) {
  if (file_holds(path, content)) return false;
  std::error_code error;
  if (path.has_parent_path()) fs::create_directories(path.parent_path(), error);
  if (error) throw UsageError("cannot create directory `" + path.parent_path().generic_string() + "`: " + error.message());
  std::FILE* file = nullptr;
  const fs::path temporary = create_temporary_beside(path, file);
  const bool written = std::fwrite(content.data(), 1, content.size(), file) == content.size();
  if (std::fclose(file) != 0 || !written) {
    fs::remove(temporary, error);
    throw UsageError("cannot write `" + temporary.generic_string() + "`");
  }
  // Atomic: a reader sees the old file or the new one, never a part.
  fs::rename(temporary, path, error);
  if (error) {
    fs::remove(temporary, error);
    throw UsageError("cannot replace `" + path.generic_string() + "`");
  }
  return true;
}

}  // namespace migbundle::gen
