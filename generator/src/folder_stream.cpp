#include <migbundle/generator/folder_stream.hpp>

#include <algorithm>
#include <string>

namespace migbundle::gen {

FolderStream::FolderStream(const std::filesystem::path& directory, const LockFile* lock, Engine engine,
                           std::optional<Diagnostic> detected)
    : folder_(list_migbundle_folder(directory)), checks_(lock, engine), detected_(std::move(detected)) {
  checks_.add(std::move(folder_.problems), true);
  folder_.problems.clear();
}

bool FolderStream::any_down() const {
  return std::any_of(folder_.migrations.begin(), folder_.migrations.end(),
                     [](const ListedMigration& m) { return m.has_down; });
}

void FolderStream::for_each(const Visit& visit) {
  MigrationSource migration;  // one for every file: its text's buffer grows to the largest once
  std::uint64_t total = 0;
  std::optional<Diagnostic> too_large;
  for (std::size_t i = 0; i < folder_.migrations.size(); ++i) {
    std::vector<Diagnostic> problems;
    const bool read = read_listed_migration(folder_, folder_.migrations[i], migration, problems);
    if (read) (void)finish_down(migration, problems);
    checks_.add(std::move(problems), true);
    if (!read) continue;
    checks_.check(migration);
    if (migration.down_text) down_checksums_.emplace_back(i, migration.down_checksum);
    if (!too_large) too_large = bundle_size_problem(migration, total);
    // Past the first problem nothing more is rendered: the output is abandoned.
    if (!checks_.any_error() && !too_large) visit(migration);
  }
  warnings_ = checks_.finish(std::move(detected_));
  // As check_migrations() then check_bundle_size(): the size only when all else is fine.
  if (too_large) throw MigrationsError({std::move(*too_large)});
}

void FolderStream::for_each_down(const Visit& visit) {
  MigrationSource migration;
  auto next_down = down_checksums_.begin();
  for (std::size_t i = 0; i < folder_.migrations.size(); ++i) {
    const ListedMigration& listed = folder_.migrations[i];
    migration.id = listed.id;
    migration.file_name = listed.file_name;
    migration.display_path = display_path_of(folder_.directory, listed.file_name);
    migration.down_text.reset();
    if (next_down != down_checksums_.end() && next_down->first == i) {
      // Read again, not kept: downs too may be large. A file changed meanwhile
      // would embed SQL whose checksum was never checked.
      std::vector<Diagnostic> problems;
      read_listed_down(folder_, listed, migration, problems);
      if (problems.empty()) (void)finish_down(migration, problems);
      if (!problems.empty()) throw MigrationsError(std::move(problems));
      if (migration.down_checksum != next_down->second) {
        throw MigrationsError({{migration.down_path, 1, 1, Severity::error,
                                "changed while `migbundle generate` was reading the folder; run it again"}});
      }
      ++next_down;
    }
    visit(migration);
  }
}

}  // namespace migbundle::gen
