#include <migbundle/generator/source.hpp>

#include <migbundle/bundle.hpp>
#include <migbundle/generator/directives.hpp>
#include <migbundle/generator/normalize.hpp>
#include <migbundle/generator/sha256.hpp>
#include <migbundle/generator/utf8.hpp>

#include <cerrno>
#include <fstream>
#include <utility>

#ifndef _WIN32
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace migbundle::gen {

bool read_file_bytes(const std::filesystem::path& path, std::string& bytes) {
#ifdef _WIN32
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size < 0) return false;
  bytes.resize(static_cast<std::size_t>(size));
  in.seekg(0, std::ios::beg);
  in.read(bytes.data(), size);
  return static_cast<bool>(in) || in.gcount() == size;
#else
  // open/fstat/read: one system call per step, no stream buffer between the
  // file and `bytes` (an ifstream's seekg/tellg/read took a tenth of generate).
  const int file = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (file < 0) return false;
  struct stat status {};
  bool ok = ::fstat(file, &status) == 0 && status.st_size >= 0;
  // Read until EOF, not just st_size bytes: the file may have grown, and
  // /proc files say 0. Past st_size through a small buffer, so `bytes`,
  // sized exactly, is never reallocated for the final read that returns 0.
  const auto read_some = [&](char* into, std::size_t size) {
    for (;;) {
      const ssize_t n = ::read(file, into, size);
      if (n >= 0 || errno != EINTR) return n;
    }
  };
  if (ok) {
    bytes.resize(static_cast<std::size_t>(status.st_size));
    std::size_t got = 0;
    while (got < bytes.size()) {
      const ssize_t n = read_some(bytes.data() + got, bytes.size() - got);
      if (n <= 0) {
        ok = n == 0;
        break;
      }
      got += static_cast<std::size_t>(n);
    }
    bytes.resize(got);
    for (char more[4096]; ok && got == static_cast<std::size_t>(status.st_size);) {
      const ssize_t n = read_some(more, sizeof more);
      if (n <= 0) {
        ok = n == 0;
        break;
      }
      bytes.append(more, static_cast<std::size_t>(n));
    }
  }
  ::close(file);
  return ok;
#endif
}

namespace {

/// set_migration_sql() once `migration.text` holds the normalised text.
bool finish_migration_sql(MigrationSource& migration, std::vector<Diagnostic>& problems) {
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

}  // namespace

bool set_migration_sql(MigrationSource& migration, std::string_view sql, std::vector<Diagnostic>& problems) {
  migration.text = normalize_text(sql);
  return finish_migration_sql(migration, problems);
}

bool set_migration_sql(MigrationSource& migration, std::string&& raw, std::vector<Diagnostic>& problems) {
  migration.text = std::move(raw);
  return take_migration_sql(migration, problems);
}

bool take_migration_sql(MigrationSource& migration, std::vector<Diagnostic>& problems) {
  normalize_text_in_place(migration.text);
  return finish_migration_sql(migration, problems);
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
