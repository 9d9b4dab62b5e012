// Writing generated files without disturbing the build.
#pragma once

#include <migbundle/generator/text_sink.hpp>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace migbundle::gen {

/// A generated file, streamed: each appended piece is compared with the file
/// as it is on disk, and only from the first difference on is anything
/// written, to a temporary file beside it that finish() renames over it. So
/// an unchanged file keeps its timestamp (and triggers no recompilation), a
/// reader never sees half a file, and the generator never holds the whole
/// rendered text: for 50 MB of SQL that copy was most of its memory.
class OutputFile final : public TextSink {
 public:
  enum class Mode {
    write,    ///< bring the file up to date
    compare,  ///< only find out whether it is up to date; never writes
  };

  OutputFile(std::filesystem::path path, Mode mode);
  ~OutputFile() override;  ///< without finish() (an exception while rendering): the file stays as it was
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  void append(std::string_view text) override;

  /// Ends the file. Returns whether it differed from what was on disk (a
  /// missing file differs), which in Mode::write means it was replaced.
  /// Throws UsageError when it cannot write. Once finished, append() throws.
  bool finish();

 private:
  bool matches_on_disk(std::string_view text);
  void start_writing();
  void write(std::string_view text);
  void close_old() noexcept;
  void discard_temporary() noexcept;

  std::filesystem::path path_;
  Mode mode_;
  std::FILE* old_ = nullptr;        ///< the file on disk, read along while the pieces match it
  std::uint64_t matched_ = 0;       ///< bytes appended so far that equal the file's start
  bool differs_ = false;
  bool finished_ = false;
  std::FILE* temporary_ = nullptr;  ///< open from the first difference on (Mode::write)
  std::filesystem::path temporary_path_;
  std::vector<char> block_;         ///< for reading the old file in blocks
};

/// Writes `content` to `path` only when the file does not already hold
/// exactly it (OutputFile, in one piece). Creates missing parent directories.
/// Returns whether it wrote. Throws UsageError when it cannot.
bool write_if_changed(const std::filesystem::path& path, std::string_view content);

/// Creates `path` holding `text`, failing if it exists: the open itself
/// refuses (C11's "x" mode, O_EXCL), so a file created meanwhile is never
/// replaced. False when it existed; throws UsageError naming `shown` when it
/// cannot be written.
bool create_new_file(const std::filesystem::path& path, const std::string& text, const std::string& shown);

/// Whether `path` holds exactly `content`.
[[nodiscard]] bool file_holds(const std::filesystem::path& path, std::string_view content);

}  // namespace migbundle::gen
