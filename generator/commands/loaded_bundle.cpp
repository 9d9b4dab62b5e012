#include "loaded_bundle.hpp"

#include <migbundle/generator/file_name.hpp>
#include <migbundle/generator/sha256.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <stdexcept>

namespace migbundle::gen {

LoadedBundle::LoadedBundle(std::vector<MigrationSource> sources) : sources_(std::move(sources)) {
  // Filled before any Migration points into them: the strings do not move afterwards.
  texts_.reserve(sources_.size());
  for (const MigrationSource& s : sources_) texts_.push_back(s.file_name + s.text);
  migrations_.reserve(sources_.size());
  for (std::size_t i = 0; i < sources_.size(); ++i) {
    const MigrationSource& s = sources_[i];
    // load_migrations() refuses these; a Migration could not hold them.
    if (s.file_name.size() > max_file_name_size || s.text.size() > max_sql_size) {
      throw std::invalid_argument(s.display_path + ": the file name or the SQL is too long for a bundle");
    }
    Migration m{s.id,
                texts_[i].data(),
                static_cast<std::uint32_t>(s.text.size()),
                static_cast<std::uint8_t>(s.file_name.size()),
                static_cast<std::uint8_t>(s.file_name.size() - 4 - s.name.size()),
                static_cast<std::uint16_t>(s.flags),
                {}};
    const std::array<std::uint8_t, 32> checksum = sha256_bytes(s.checksum);
    std::copy(checksum.begin(), checksum.end(), m.checksum);
    migrations_.push_back(m);
  }
  bundle_ = Bundle{migrations_.data(), migrations_.size()};
}

const MigrationSource& LoadedBundle::source_of(const Migration& migration) const {
  return sources_.at(static_cast<std::size_t>(&migration - migrations_.data()));
}

}  // namespace migbundle::gen
