#include <migbundle/generator/source.hpp>

#include <migbundle/generator/directives.hpp>
#include <migbundle/generator/normalize.hpp>
#include <migbundle/generator/sha256.hpp>
#include <migbundle/generator/utf8.hpp>

#include <fstream>

namespace migbundle::gen {

bool read_file_bytes(const std::filesystem::path& path, std::string& bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size < 0) return false;
  bytes.resize(static_cast<std::size_t>(size));
  in.seekg(0, std::ios::beg);
  in.read(bytes.data(), size);
  return static_cast<bool>(in) || in.gcount() == size;
}

bool set_migration_sql(MigrationSource& migration, std::string_view sql, std::vector<Diagnostic>& problems) {
  migration.text = normalize_text(sql);
  if (migration.text.size() > max_sql_size) {
    problems.push_back({migration.display_path, 1, 1, Severity::error,
                        "holds " + std::to_string(migration.text.size()) + " bytes of SQL; a bundle holds at most " +
                            std::to_string(max_sql_size) + " bytes a migration: split it into several migrations"});
    return false;
  }
  migration.checksum = sha256_hex(migration.text);
  migration.flags = parse_directives(migration.text, migration.display_path, problems);
  return true;
}

std::string display_path_of(const std::filesystem::path& directory, const std::string& relative) {
  std::string shown = escape_invalid_utf8(directory.generic_string());
  if (!shown.empty() && shown.back() != '/') shown += '/';
  return shown + escape_invalid_utf8(relative);
}

}  // namespace migbundle::gen
