#include "loaded_bundle.hpp"

namespace migbundle::gen {

LoadedBundle::LoadedBundle(std::vector<MigrationSource> sources) : sources_(std::move(sources)) {
  migrations_.reserve(sources_.size());
  for (const MigrationSource& s : sources_) {
    migrations_.push_back(Migration{s.id, s.name, s.file_name, s.checksum, s.text, s.flags});
  }
  bundle_ = Bundle{migrations_.data(), migrations_.size()};
}

const MigrationSource& LoadedBundle::source_of(const Migration& migration) const {
  return sources_.at(static_cast<std::size_t>(&migration - migrations_.data()));
}

}  // namespace migbundle::gen
