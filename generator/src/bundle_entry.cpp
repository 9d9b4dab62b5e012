#include <migbundle/generator/bundle_entry.hpp>

#include <migbundle/generator/file_name.hpp>
#include <migbundle/generator/sha256.hpp>

#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace migbundle::gen {

Migration bundle_entry(const MigrationSource& m, const char* text) {
  if (m.file_name.size() > max_file_name_size || m.text.size() > max_sql_size) {
    throw std::invalid_argument(m.display_path + ": the file name or the SQL is too long for a bundle entry");
  }
  // The name is a slice of the file name: the last place it appears before
  // `.sql` in migbundle's layout, elsewhere in other tools' (`<version>_<name>/up.sql`).
  const std::size_t suffix = m.file_name.size() >= m.name.size() + 4 ? m.file_name.size() - 4 - m.name.size() : 0;
  std::size_t offset = m.file_name.compare(suffix, m.name.size(), m.name) == 0 ? suffix : m.file_name.find(m.name);
  if (offset == std::string::npos || m.name.size() > 255) {
    throw std::invalid_argument(m.display_path + ": the name `" + m.name + "` is not part of the file name");
  }
  Migration entry{m.id,
                  migration_sizes_and_flags(static_cast<std::uint32_t>(m.text.size()),
                                            static_cast<std::uint8_t>(m.file_name.size()),
                                            static_cast<std::uint8_t>(offset), static_cast<std::uint8_t>(m.name.size()),
                                            static_cast<std::uint8_t>(m.flags)),
                  text,
                  {}};
  const std::array<std::uint8_t, 32> checksum = sha256_bytes(m.checksum);
  for (std::size_t i = 0; i < checksum.size(); ++i) entry.checksum[i] = static_cast<char>(checksum[i]);
  return entry;
}

std::string bundle_text(const MigrationSource& m) { return m.file_name + m.text; }

std::string down_text(const MigrationSource& m) {
  if (!m.down_text) return {};
  const std::array<std::uint8_t, 32> checksum = sha256_bytes(m.down_checksum);
  std::string text(checksum.begin(), checksum.end());
  text += *m.down_text;
  return text;
}

}  // namespace migbundle::gen
