// A migrations folder in migbundle's layout read, checked and handed to the
// renderer one migration at a time, so `generate` holds the largest migration
// and a small record per file, never the folder's SQL all at once.
#pragma once

#include <migbundle/generator/check_migrations.hpp>
#include <migbundle/generator/engine.hpp>
#include <migbundle/generator/listed_folder.hpp>
#include <migbundle/generator/lock_file.hpp>
#include <migbundle/generator/render_bundle.hpp>

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <utility>
#include <vector>

namespace migbundle::gen {

/// check_migrations() and render_bundle()'s input in one pass over the files:
/// for_each() reads each file, checks it (lint, baseline, lock, bundle size)
/// and visits it while no error has been found, then throws every problem
/// together, as check_migrations() would, before anything is finished. The
/// output of a failed run is abandoned by its OutputFile, so a late error
/// still writes nothing.
class FolderStream final : public MigrationSequence {
 public:
  /// Lists `directory` (list_migbundle_folder()); `lock` (may be null) must
  /// outlive the stream. `detected`: the note that the layout was detected.
  FolderStream(const std::filesystem::path& directory, const LockFile* lock, Engine engine,
               std::optional<Diagnostic> detected = std::nullopt);

  [[nodiscard]] std::size_t size() const override { return folder_.migrations.size(); }
  [[nodiscard]] bool any_down() const override;
  void for_each(const Visit& visit) override;
  /// Reads each down again, and throws if one changed since for_each() read it.
  void for_each_down(const Visit& visit) override;

  /// After for_each(): the warnings, sorted by file and line, the layout note first.
  [[nodiscard]] const std::vector<Diagnostic>& warnings() const { return warnings_; }

 private:
  ListedFolder folder_;
  MigrationChecks checks_;
  std::optional<Diagnostic> detected_;
  std::vector<Diagnostic> warnings_;
  /// The checksum (hex) of each down for_each() read, by index in the folder.
  std::vector<std::pair<std::size_t, std::string>> down_checksums_;
};

}  // namespace migbundle::gen
