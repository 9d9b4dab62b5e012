// libFuzzer: every layout reader (generator/src/layouts/) on a folder the input
// builds. The input picks a layout (or `auto`) and up to six files, each a path
// from a menu of every tool's file names (with ids and names drawn from small
// sets, so that ups meet their downs, journals and folders) and fuzzed bytes.
// The folder is written to a fresh temporary directory, then read:
//   (1) No crash, and no exception but the documented two (UsageError,
//       MigrationsError): every other problem is a diagnostic.
//   (2) Every diagnostic names the folder or a file in it.
//   (3) Never SQL that is not in the file: every non-blank line of a
//       migration's SQL (and of its down) is, white space trimmed, part of the
//       file line it came from (Migration::source_line(); a tool's own markers
//       and wrapping BEGIN/COMMIT may be blanked, never added).
//   (4) Never a Down section as Up: no line of an up comes from at or after a
//       Down marker of its file (`-- +goose Down`, `-- +migrate Down`,
//       `-- migrate:down`, any case).
//   (5) Ids ascending (strictly, unless a problem says two files share one);
//       reading the folder again gives the same.
#include <migbundle/generator/diagnostic.hpp>
#include <migbundle/generator/load_migrations.hpp>
#include <migbundle/generator/normalize.hpp>

#include <fuzzer/FuzzedDataProvider.h>

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using migbundle::gen::Layout;
using migbundle::gen::MigrationSource;

[[noreturn]] void violated(const char* what, const std::string& detail) {
  std::fprintf(stderr, "fuzz_layout_readers: %s: %s\n", what, detail.c_str());
  std::abort();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return lines;
}

std::string trimmed(const std::string& line) {
  const std::size_t first = line.find_first_not_of(" \t\r\f\v");
  if (first == std::string::npos) return "";
  return line.substr(first, line.find_last_not_of(" \t\r\f\v") - first + 1);
}

std::string lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

/// The first line (1-based) of a Down marker in `lines`, or 0.
int down_marker_line(const std::vector<std::string>& lines) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string line = lower(trimmed(lines[i]));
    if (line.compare(0, 2, "--") != 0) continue;
    line = trimmed(line.substr(2));
    if (line.compare(0, 11, "+goose down") == 0 || line.compare(0, 13, "+migrate down") == 0 ||
        line.compare(0, 12, "migrate:down") == 0) {
      return static_cast<int>(i) + 1;
    }
  }
  return 0;
}

/// (3) and (4) for one text taken from `file_text` (normalised) through `source_line`.
void check_lines(const std::string& what, const std::string& text, const MigrationSource& view_of,
                 const std::string& file_text, bool is_up) {
  const std::vector<std::string> file_lines = lines_of(file_text);
  const int down_at = is_up ? down_marker_line(file_lines) : 0;
  const std::vector<std::string> lines = lines_of(text);
  for (std::size_t k = 0; k < lines.size(); ++k) {
    const std::string line = trimmed(lines[k]);
    if (line.empty()) continue;
    const int source = view_of.source_line(static_cast<int>(k) + 1);
    if (source < 1 || static_cast<std::size_t>(source) > file_lines.size()) {
      violated("(3) a line from outside its file", what + " line " + std::to_string(k + 1));
    }
    if (file_lines[static_cast<std::size_t>(source) - 1].find(line) == std::string::npos) {
      violated("(3) SQL that is not in its file", what + " line " + std::to_string(k + 1) + ": [" + line +
                                                      "] not in file line " + std::to_string(source));
    }
    if (down_at != 0 && source >= down_at) {
      violated("(4) a Down section's line in the up", what + " line " + std::to_string(k + 1));
    }
  }
}

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// The file a display path names: the folder as given, `/`, then the relative path.
fs::path file_of(const fs::path& dir, const std::string& display_path) {
  const std::string prefix = dir.generic_string() + "/";
  if (display_path.compare(0, prefix.size(), prefix) != 0) violated("(2) a path outside the folder", display_path);
  return dir / display_path.substr(prefix.size());
}

struct Read {
  std::vector<MigrationSource> migrations;
  std::vector<migbundle::gen::Diagnostic> diagnostics;
  bool refused = false;
};

Read read_folder(const fs::path& dir, Layout layout) {
  Read read;
  try {
    migbundle::gen::LoadedMigrations loaded = migbundle::gen::read_migrations(dir, layout);
    read.migrations = std::move(loaded.migrations);
    read.diagnostics = std::move(loaded.problems);
    for (auto& w : loaded.warnings) read.diagnostics.push_back(std::move(w));
  } catch (const migbundle::gen::UsageError&) {
    read.refused = true;
  } catch (const migbundle::gen::MigrationsError& e) {
    read.refused = true;
    read.diagnostics = e.diagnostics();
  } catch (const std::exception& e) {
    violated("(1) an undocumented exception", e.what());
  }
  return read;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  static const Layout layouts[] = {Layout::automatic, Layout::migbundle, Layout::drizzle,  Layout::wrangler,
                                   Layout::sqlx,      Layout::goose,     Layout::dbmate,   Layout::golang_migrate,
                                   Layout::diesel,    Layout::flyway,    Layout::prisma,   Layout::maragudk,
                                   Layout::popx,      Layout::sql_migrate};
  const Layout layout = layouts[in.ConsumeIntegralInRange<std::size_t>(0, sizeof layouts / sizeof layouts[0] - 1)];
  static const char* const ids[] = {"1", "0001", "2", "20240101000000", "2024-01-01-000000", "0000"};
  static const char* const names[] = {"users", "a", "x.y", "init"};
  static const char* const patterns[] = {
      "%s_%s.sql",           "%s_%s.up.sql",       "%s_%s.down.sql",      "%s_%s/up.sql",
      "%s_%s/down.sql",      "%s_%s/migration.sql", "%s_%s/metadata.toml", "V%s__%s.sql",
      "U%s__%s.sql",         "meta/_journal.json",  "%s_%s.sqlite.up.sql", "%s.%s.up.sql",
      "migration_lock.toml", "R__%s%s.sql"};
  char dir_template[] = "/tmp/fuzz_layout_XXXXXX";
  if (mkdtemp(dir_template) == nullptr) std::abort();
  const fs::path dir = dir_template;
  const int files = in.ConsumeIntegralInRange<int>(1, 6);
  for (int f = 0; f < files; ++f) {
    const char* pattern = patterns[in.ConsumeIntegralInRange<std::size_t>(0, sizeof patterns / sizeof patterns[0] - 1)];
    char name[128];
    std::snprintf(name, sizeof name, pattern, ids[in.ConsumeIntegralInRange<std::size_t>(0, 5)],
                  names[in.ConsumeIntegralInRange<std::size_t>(0, 3)]);
    const std::string content = f + 1 == files ? in.ConsumeRemainingBytesAsString() : in.ConsumeRandomLengthString(2048);
    const fs::path path = dir / name;
    std::error_code error;
    fs::create_directories(path.parent_path(), error);
    std::ofstream(path, std::ios::binary) << content;
  }

  const Read first = read_folder(dir, layout);
  for (const auto& d : first.diagnostics) {
    const std::string folder = dir.generic_string();
    if (d.path.compare(0, folder.size(), folder) != 0) violated("(2) a diagnostic that names no file of the folder", d.path);
  }
  bool any_error = false;
  for (const auto& d : first.diagnostics) any_error = any_error || d.severity == migbundle::gen::Severity::error;
  for (std::size_t i = 0; i < first.migrations.size(); ++i) {
    const MigrationSource& m = first.migrations[i];
    // Two files with one id are a problem the reader reports, keeping both in order.
    if (i > 0 && (m.id < first.migrations[i - 1].id || (m.id == first.migrations[i - 1].id && !any_error))) {
      violated("(5) ids not ascending, or one id twice without a problem", m.display_path);
    }
    const std::string file_text = migbundle::gen::normalize_text(read_all(file_of(dir, m.display_path)));
    check_lines(m.display_path, m.text, m, file_text, true);
    if (m.down_text) {
      const MigrationSource down = migbundle::gen::down_view(m);
      const std::string down_file = migbundle::gen::normalize_text(read_all(file_of(dir, down.display_path)));
      check_lines(down.display_path + " (down)", *m.down_text, down, down_file, false);
    }
  }
  const Read second = read_folder(dir, layout);
  bool same = second.refused == first.refused && second.migrations.size() == first.migrations.size() &&
              second.diagnostics.size() == first.diagnostics.size();
  for (std::size_t i = 0; same && i < first.migrations.size(); ++i) {
    same = first.migrations[i].text == second.migrations[i].text && first.migrations[i].id == second.migrations[i].id &&
           first.migrations[i].down_text == second.migrations[i].down_text;
  }
  if (!same) violated("(5) a second read differs", dir.generic_string());
  std::error_code error;
  fs::remove_all(dir, error);
  return 0;
}
