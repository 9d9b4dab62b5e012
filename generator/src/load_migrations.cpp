#include <migbundle/generator/load_migrations.hpp>

#include <migbundle/generator/diagnostic.hpp>
#include <migbundle/generator/directives.hpp>
#include <migbundle/generator/file_name.hpp>
#include <migbundle/generator/normalize.hpp>
#include <migbundle/generator/sha256.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <system_error>

namespace migbundle::gen {
namespace {

namespace fs = std::filesystem;

bool read_file(const fs::path& path, std::string& bytes) {
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

std::string display_path_of(const fs::path& directory, const std::string& file_name) {
  std::string shown = directory.generic_string();
  if (!shown.empty() && shown.back() != '/') shown += '/';
  return shown + file_name;
}

}  // namespace

std::vector<MigrationSource> load_migrations(const fs::path& directory) {
  std::error_code error;
  if (!fs::is_directory(directory, error)) {
    throw UsageError("migrations directory `" + directory.generic_string() + "` does not exist or is not a directory");
  }

  std::vector<MigrationSource> migrations;
  std::vector<Diagnostic> problems;
  fs::directory_iterator entries(directory, error);
  if (error) throw UsageError("cannot list `" + directory.generic_string() + "`: " + error.message());
  for (const fs::directory_entry& entry : entries) {
    const std::string file_name = entry.path().filename().string();
    const FileNameCheck check = check_file_name(file_name);
    if (check.kind == FileNameCheck::Kind::ignored) continue;
    const std::string shown = display_path_of(directory, file_name);
    if (check.kind == FileNameCheck::Kind::invalid) {
      problems.push_back({shown, 1, 1, Severity::error, check.problem});
      continue;
    }
    if (!entry.is_regular_file(error)) {
      problems.push_back({shown, 1, 1, Severity::error, "is not a regular file; a migration must be a file"});
      continue;
    }
    MigrationSource migration;
    migration.id = check.id;
    migration.name = check.name;
    migration.file_name = file_name;
    migration.display_path = shown;
    std::string raw;
    if (!read_file(entry.path(), raw)) {
      problems.push_back({shown, 1, 1, Severity::error, "cannot be read; check its permissions"});
      continue;
    }
    migration.file_size = raw.size();
    migration.text = normalize_text(raw);
    if (migration.text.size() > max_sql_size) {
      problems.push_back({shown, 1, 1, Severity::error,
                          "holds " + std::to_string(migration.text.size()) + " bytes of SQL; a bundle holds at most " +
                              std::to_string(max_sql_size) + " bytes a migration: split it into several migrations"});
      continue;
    }
    migration.checksum = sha256_hex(migration.text);
    migration.flags = parse_directives(migration.text, shown, problems);
    migrations.push_back(std::move(migration));
  }

  // Directory order differs between file systems: sort by id, ties by name so reports are stable.
  std::sort(migrations.begin(), migrations.end(), [](const MigrationSource& a, const MigrationSource& b) {
    return a.id != b.id ? a.id < b.id : a.file_name < b.file_name;
  });
  for (std::size_t i = 1; i < migrations.size(); ++i) {
    if (migrations[i].id == migrations[i - 1].id) {
      problems.push_back({migrations[i].display_path, 1, 1, Severity::error,
                          "has the same id (" + std::to_string(migrations[i].id) + ") as `" +
                              migrations[i - 1].file_name +
                              "`; ids are compared as numbers, so `0001` and `1` collide. Give one of them a new id"});
    }
  }
  std::stable_sort(problems.begin(), problems.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return a.path != b.path ? a.path < b.path : a.line < b.line;
  });
  if (!problems.empty()) throw MigrationsError(std::move(problems));
  return migrations;
}

}  // namespace migbundle::gen
