#include "persistent_files.hpp"

#include <cstdint>
#include <cstring>

#include "ram_vfs.hpp"
#include "semihosting.hpp"

namespace firmware {
namespace {

// The image: this magic, then per RAM file (in ram_vfs's order) one byte
// "exists", its name's bytes (name_capacity of them), its size (4 bytes,
// little-endian, as this board stores it) and that many bytes.
constexpr char magic[8] = {'M', 'B', 'F', 'L', 'A', 'S', 'H', '1'};

class HostFile {
 public:
  HostFile(const char* path, semihosting::Mode mode) noexcept : handle_(semihosting::open(path, mode)) {}
  ~HostFile() {
    if (handle_ >= 0) semihosting::close(handle_);
  }
  HostFile(const HostFile&) = delete;
  HostFile& operator=(const HostFile&) = delete;

  [[nodiscard]] bool is_open() const noexcept { return handle_ >= 0; }
  [[nodiscard]] int handle() const noexcept { return handle_; }

 private:
  int handle_;
};

}  // namespace

LoadResult load_ram_files(const char* path) noexcept {
  HostFile file(path, semihosting::Mode::read);
  if (!file.is_open()) return LoadResult::fresh;
  char header[sizeof magic];
  if (!semihosting::read(file.handle(), header, sizeof header) || std::memcmp(header, magic, sizeof magic) != 0) {
    return LoadResult::invalid;
  }
  for (std::size_t i = 0; i < ram_file_count(); ++i) {
    const RamFileContents contents = ram_file_contents(i);
    unsigned char exists = 0;
    std::uint32_t size = 0;
    if (!semihosting::read(file.handle(), &exists, 1) ||
        !semihosting::read(file.handle(), contents.name, contents.name_capacity) ||
        !semihosting::read(file.handle(), &size, sizeof size) || size > contents.capacity ||
        !semihosting::read(file.handle(), contents.data, size) || exists > 1 ||
        contents.name[contents.name_capacity - 1] != '\0') {
      return LoadResult::invalid;
    }
    *contents.exists = exists == 1;
    set_ram_file_size(i, size);
  }
  return LoadResult::loaded;
}

bool save_ram_files(const char* path) noexcept {
  HostFile file(path, semihosting::Mode::write);
  if (!file.is_open() || !semihosting::write(file.handle(), magic, sizeof magic)) return false;
  for (std::size_t i = 0; i < ram_file_count(); ++i) {
    const RamFileContents contents = ram_file_contents(i);
    const unsigned char exists = *contents.exists ? 1 : 0;
    const auto size = static_cast<std::uint32_t>(contents.size);
    if (!semihosting::write(file.handle(), &exists, 1) ||
        !semihosting::write(file.handle(), contents.name, contents.name_capacity) ||
        !semihosting::write(file.handle(), &size, sizeof size) ||
        !semihosting::write(file.handle(), contents.data, size)) {
      return false;
    }
  }
  return true;
}

}  // namespace firmware
