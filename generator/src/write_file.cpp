#include <migbundle/generator/write_file.hpp>

#include <migbundle/generator/diagnostic.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <chrono>
#include <cstring>
#include <random>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>

namespace migbundle::gen {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t block_size = 64 * 1024;

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

OutputFile::OutputFile(fs::path path, Mode mode) : path_(std::move(path)), mode_(mode) {
  // Only a regular file is read: opening a FIFO would block, and a directory
  // cannot be up to date (replacing it fails, and says so).
  std::error_code error;
  if (fs::is_regular_file(path_, error)) old_ = std::fopen(path_.string().c_str(), "rb");
  if (old_ == nullptr) differs_ = true;  // missing or unreadable
  block_.resize(block_size);
}

OutputFile::~OutputFile() {
  close_old();
  discard_temporary();
}

void OutputFile::append(std::string_view text) {
  if (finished_) throw std::logic_error("OutputFile::append() after finish()");
  if (!differs_ && matches_on_disk(text)) {
    matched_ += text.size();
    return;
  }
  differs_ = true;
  if (mode_ == Mode::compare) return;
  if (temporary_ == nullptr) start_writing();
  write(text);
}

/// Reads the next `text.size()` bytes of the old file and compares.
bool OutputFile::matches_on_disk(std::string_view text) {
  while (!text.empty()) {
    const std::size_t want = std::min(text.size(), block_.size());
    if (std::fread(block_.data(), 1, want, old_) != want) return false;
    if (std::memcmp(block_.data(), text.data(), want) != 0) return false;
    text.remove_prefix(want);
  }
  return true;
}

/// From the first difference on: a temporary file that starts with the
/// `matched_` bytes the old file and the new text share.
void OutputFile::start_writing() {
  std::error_code error;
  if (path_.has_parent_path()) fs::create_directories(path_.parent_path(), error);
  if (error) throw UsageError("cannot create directory `" + path_.parent_path().generic_string() + "`: " + error.message());
  temporary_path_ = create_temporary_beside(path_, temporary_);
  if (matched_ > 0) {
    if (std::fseek(old_, 0, SEEK_SET) != 0) throw UsageError("cannot read `" + path_.generic_string() + "` again");
    for (std::uint64_t left = matched_; left > 0;) {
      const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(left, block_.size()));
      if (std::fread(block_.data(), 1, want, old_) != want) throw UsageError("cannot read `" + path_.generic_string() + "` again");
      write({block_.data(), want});
      left -= want;
    }
  }
  close_old();  // not read again; and Windows cannot replace a file that is open
}

void OutputFile::write(std::string_view text) {
  if (std::fwrite(text.data(), 1, text.size(), temporary_) != text.size()) {
    throw UsageError("cannot write `" + temporary_path_.generic_string() + "`: " + std::strerror(errno));
  }
}

bool OutputFile::finish() {
  if (finished_) return differs_;
  finished_ = true;
  // Every piece matched: the file is up to date only if it also ends here
  // (EOF, not a read error).
  if (!differs_ && (std::fgetc(old_) != EOF || std::ferror(old_) != 0)) differs_ = true;
  if (!differs_ || mode_ == Mode::compare) {
    close_old();
    return differs_;
  }
  if (temporary_ == nullptr) start_writing();  // the old file was longer, or missing and the text empty; closes it
  const bool closed = std::fclose(temporary_) == 0;
  temporary_ = nullptr;
  std::error_code ignored;
  if (!closed) {
    const std::string message = "cannot write `" + temporary_path_.generic_string() + "`: " + std::strerror(errno);
    fs::remove(temporary_path_, ignored);
    throw UsageError(message);
  }
  // Atomic: a reader sees the old file or the new one, never a part.
  std::error_code error;
  fs::rename(temporary_path_, path_, error);
  if (error) {
    fs::remove(temporary_path_, ignored);
    throw UsageError("cannot replace `" + path_.generic_string() + "`: " + error.message());
  }
  temporary_path_.clear();
  return true;
}

void OutputFile::close_old() noexcept {
  if (old_ != nullptr) std::fclose(old_);
  old_ = nullptr;
}

void OutputFile::discard_temporary() noexcept {
  if (temporary_ != nullptr) std::fclose(temporary_);
  temporary_ = nullptr;
  std::error_code ignored;
  if (!temporary_path_.empty()) fs::remove(temporary_path_, ignored);
}

bool write_if_changed(const fs::path& path, std::string_view content) {
  OutputFile file(path, OutputFile::Mode::write);
  file.append(content);
  return file.finish();
}

bool file_holds(const fs::path& path, std::string_view content) {
  OutputFile file(path, OutputFile::Mode::compare);
  file.append(content);
  return !file.finish();
}

bool create_new_file(const fs::path& path, const std::string& text, const std::string& shown) {
#ifdef _WIN32
  std::FILE* file = _wfopen(path.c_str(), L"wbx");
#else
  std::FILE* file = std::fopen(path.c_str(), "wbx");
#endif
  if (file == nullptr) {
    std::error_code error;
    if (fs::exists(fs::symlink_status(path, error))) return false;
    throw UsageError("cannot create `" + shown + "`; check the folder's permissions");
  }
  const bool written = std::fwrite(text.data(), 1, text.size(), file) == text.size();
  if (std::fclose(file) != 0 || !written) {
    std::error_code ignored;
    fs::remove(path, ignored);
    throw UsageError("cannot write `" + shown + "`");
  }
  return true;
}

}  // namespace migbundle::gen
