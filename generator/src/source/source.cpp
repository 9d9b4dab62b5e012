#include <migbundle/generator/source.hpp>

#include <migbundle/bundle.hpp>
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

bool finish_down(MigrationSource& migration, std::vector<Diagnostic>& problems) {
  if (!migration.down_text) return true;
  if (migration.down_path.empty()) migration.down_path = migration.display_path;
  std::string& text = *migration.down_text;
  text = normalize_text(text);
  const int first_line = migration.down_source_lines.empty() ? 1 : migration.down_source_lines.front();
  if (text.size() > max_sql_size) {
    problems.push_back({migration.down_path, first_line, 1, Severity::error,
                        "holds a down of " + std::to_string(text.size()) + " bytes; a bundle holds at most " +
                            std::to_string(max_sql_size) + " bytes a migration: shorten it"});
    return false;
  }
  migration.down_checksum = sha256_hex(text);
  std::vector<Diagnostic> found;
  const std::uint32_t flags = parse_directives(text, migration.down_path, found);
  for (Diagnostic& d : found) {
    if (!migration.down_source_lines.empty()) d.line = down_view(migration).source_line(d.line);
    problems.push_back(std::move(d));
  }
  if ((flags & flag_no_transaction) != 0u) {
    problems.push_back({migration.down_path, first_line, 1, Severity::error,
                        "is a down with `-- migbundle: no-transaction`; a rollback runs each down in one transaction "
                        "with the removal of its tracking row, so nothing is lost if it fails. Remove the directive "
                        "and statements that cannot run in a transaction"});
    return false;
  }
  return found.empty();
}

MigrationSource down_view(const MigrationSource& migration) {
  MigrationSource down;
  down.id = migration.id;
  down.name = migration.name;
  down.file_name = migration.file_name;
  down.display_path = migration.down_path.empty() ? migration.display_path : migration.down_path;
  down.text = migration.down_text.value_or(std::string());
  down.checksum = migration.down_checksum;
  down.source_lines = migration.down_source_lines;
  return down;
}

std::string display_path_of(const std::filesystem::path& directory, const std::string& relative) {
  std::string shown = escape_invalid_utf8(directory.generic_string());
  if (!shown.empty() && shown.back() != '/') shown += '/';
  return shown + escape_invalid_utf8(relative);
}

}  // namespace migbundle::gen
