#include <migbundle/generator/write_file.hpp>

#include <migbundle/generator/diagnostic.hpp>

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
  const std::string existing((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return existing == content;
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
