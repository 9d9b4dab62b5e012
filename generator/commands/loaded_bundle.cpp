#include "loaded_bundle.hpp"

#include <migbundle/generator/bundle_entry.hpp>

#include <algorithm>

namespace migbundle::gen {

LoadedBundle::LoadedBundle(std::vector<MigrationSource> sources) : sources_(std::move(sources)) {
  // Filled before any Migration points into them: the strings do not move afterwards.
  texts_.reserve(sources_.size());
  for (const MigrationSource& s : sources_) texts_.push_back(bundle_text(s));
  migrations_.reserve(sources_.size());
  for (std::size_t i = 0; i < sources_.size(); ++i) migrations_.push_back(bundle_entry(sources_[i], texts_[i].data()));
  bundle_ = Bundle{migrations_.data(), migrations_.size()};
  down_texts_.reserve(sources_.size());
  for (const MigrationSource& s : sources_) down_texts_.push_back(down_text(s));
  down_migrations_.reserve(sources_.size());
  for (std::size_t i = 0; i < sources_.size(); ++i) {
    DownMigration down{nullptr, 0};
    if (sources_[i].down_text) {
      down.text = down_texts_[i].c_str();  // down_texts_ no longer changes: the pointer stays valid
      down.size = static_cast<std::uint32_t>(sources_[i].down_text->size());
      has_downs_ = true;
    }
    down_migrations_.push_back(down);
  }
  downs_ = Downs{down_migrations_.data(), down_migrations_.size()};
}

const MigrationSource& LoadedBundle::source_of(const Migration& migration) const {
  return sources_.at(static_cast<std::size_t>(&migration - migrations_.data()));
}

const MigrationSource* LoadedBundle::find(std::int64_t id) const noexcept {
  const auto at = std::lower_bound(sources_.begin(), sources_.end(), id,
                                   [](const MigrationSource& s, std::int64_t wanted) { return s.id < wanted; });
  return at != sources_.end() && at->id == id ? &*at : nullptr;
}

}  // namespace migbundle::gen
