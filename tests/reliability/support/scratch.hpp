// Where the reliability tests keep their database files: a private directory
// on tmpfs (/dev/shm) when there is one, because thousands of fresh databases
// and syncs on a real disk would take minutes; TMPDIR otherwise.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

#include <unistd.h>

namespace migbundle_reliability {

/// A directory that exists for the lifetime of the object; everything in it
/// is removed with it.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& tag) {
    path_ = root() / ("migbundle-reliability-" + tag + "-" + std::to_string(::getpid()));
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
    std::filesystem::create_directories(path_);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }

  /// A path inside the directory (nothing is created).
  [[nodiscard]] std::string file(const std::string& name) const { return (path_ / name).string(); }
  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

  /// /dev/shm when it is a writable directory (tmpfs: syncs cost nothing), else TMPDIR.
  static std::filesystem::path root() {
    std::error_code error;
    if (std::filesystem::is_directory("/dev/shm", error) && ::access("/dev/shm", W_OK) == 0) return "/dev/shm";
    return std::filesystem::temp_directory_path();
  }

 private:
  std::filesystem::path path_;
};

/// Removes a database file and its journal, WAL and shared-memory companions.
inline void remove_database(const std::string& path) {
  for (const char* suffix : {"", "-journal", "-wal", "-shm"}) ::unlink((path + suffix).c_str());
}

}  // namespace migbundle_reliability
