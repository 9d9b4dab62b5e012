// A runtime Bundle over migrations read from a directory, so the CLI applies
// them through exactly the code path an embedded bundle takes.
#pragma once

#include <migbundle/bundle.hpp>
#include <migbundle/downs.hpp>
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
  /// The downs, one per migration (null SQL where it has none), as generate embeds them.
  [[nodiscard]] const Downs& downs() const noexcept { return downs_; }
  [[nodiscard]] bool has_downs() const noexcept { return has_downs_; }
  [[nodiscard]] const std::vector<MigrationSource>& sources() const noexcept { return sources_; }
  /// The source a runtime Migration of this bundle came from.
  [[nodiscard]] const MigrationSource& source_of(const Migration& migration) const;
  /// The source with `id`, or null.
  [[nodiscard]] const MigrationSource* find(std::int64_t id) const noexcept;

 private:
  std::vector<MigrationSource> sources_;
  std::vector<std::string> texts_;  ///< per migration, bundle_text(): what Migration::text points to
  std::vector<Migration> migrations_;
  Bundle bundle_{nullptr, 0};
  std::vector<std::string> down_texts_;  ///< per migration, down_text(): what DownMigration::text points to
  std::vector<DownMigration> down_migrations_;
  Downs downs_{nullptr, 0};
  bool has_downs_ = false;
};

}  // namespace migbundle::gen
