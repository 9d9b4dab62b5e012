#include "loaded_bundle.hpp"

#include <migbundle/generator/bundle_entry.hpp>

namespace migbundle::gen {

LoadedBundle::LoadedBundle(std::vector<MigrationSource> sources) : sources_(std::move(sources)) {
  // Filled before any Migration points into them: the strings do not move afterwards.
  texts_.reserve(sources_.size());
  for (const MigrationSource& s : sources_) texts_.push_back(s.file_name + s.text);
  migrations_.reserve(sources_.size());
  for (std::size_t i = 0; i < sources_.size(); ++i) migrations_.push_back(bundle_entry(sources_[i], texts_[i].data()));
  bundle_ = Bundle{migrations_.data(), migrations_.size()};
}

const MigrationSource& LoadedBundle::source_of(const Migration& migration) const {
  return sources_.at(static_cast<std::size_t>(&migration - migrations_.data()));
}

}  // namespace migbundle::gen
