#include <migbundle/generator/bundle_entry.hpp>

#include <migbundle/generator/file_name.hpp>
#include <migbundle/generator/sha256.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace migbundle::gen {

Migration bundle_entry(const MigrationSource& m, const char* text) {
  if (m.file_name.size() > max_file_name_size || m.text.size() > max_sql_size) {
    throw std::invalid_argument(m.display_path + ": the file name or the SQL is too long for a bundle entry");
  }
  Migration entry{m.id,
                  text,
                  static_cast<std::uint32_t>(m.text.size()),
                  static_cast<std::uint8_t>(m.file_name.size()),
                  // `<digits>_` before the name, `.sql` after it
                  static_cast<std::uint8_t>(m.file_name.size() - 4 - m.name.size()),
                  static_cast<std::uint16_t>(m.flags),
                  {}};
  const std::array<std::uint8_t, 32> checksum = sha256_bytes(m.checksum);
  std::copy(checksum.begin(), checksum.end(), entry.checksum);
  return entry;
}

}  // namespace migbundle::gen
