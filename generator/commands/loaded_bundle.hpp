// A runtime Bundle over migrations read from a directory, so the CLI applies
// them through exactly the code path an embedded bundle takes.
#pragma once

#include <migbundle/bundle.hpp>
#include <migbundle/generator/load_migrations.hpp>

#include <string>
#include <vector>

namespace migbundle::gen {

class LoadedBundle {
 public:
  explicit LoadedBundle(std::vector<MigrationSource> sources);
  LoadedBundle(const LoadedBundle&) = delete;  // the bundle points into this object
  LoadedBundle& operator=(const LoadedBundle&) = delete;

  [[nodiscard]] const Bundle& bundle() const noexcept { return bundle_; }
  [[nodiscard]] const std::vector<MigrationSource>& sources() const noexcept { return sources_; }
  /// The source a runtime Migration of this bundle came from.
  [[nodiscard]] const MigrationSource& source_of(const Migration& migration) const;

 private:
  std::vector<MigrationSource> sources_;
  std::vector<std::string> texts_;  ///< per migration, its file name then its SQL: what Migration::text points to
  std::vector<Migration> migrations_;
  Bundle bundle_{nullptr, 0};
};

}  // namespace migbundle::gen
