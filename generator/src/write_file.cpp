#include <migbundle/generator/write_file.hpp>

#include <migbundle/generator/diagnostic.hpp>

#include <algorithm>
#include <array>
#include <fstream>
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

bool write_if_changed(const fs::path& path, std::string_view content) {
  if (file_holds(path, content)) return false;
  std::error_code error;
  if (path.has_parent_path()) fs::create_directories(path.parent_path(), error);
  if (error) throw UsageError("cannot create directory `" + path.parent_path().generic_string() + "`: " + error.message());
  fs::path temporary = path;
  temporary += ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out) throw UsageError("cannot write `" + temporary.generic_string() + "`");
  }
  fs::rename(temporary, path, error);
  if (error) {
    fs::remove(temporary, error);
    throw UsageError("cannot replace `" + path.generic_string() + "`");
  }
  return true;
}

}  // namespace migbundle::gen
