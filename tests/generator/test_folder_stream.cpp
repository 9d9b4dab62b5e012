// FolderStream: migbundle's layout read, checked and rendered a file at a
// time must give byte for byte the output, the warnings and the errors of
// the folder read whole (check_migrations() then render_bundle()).
#include "temp_dir.hpp"

#include <migbundle/generator/check_migrations.hpp>
#include <migbundle/generator/diagnostic.hpp>
#include <migbundle/generator/folder_stream.hpp>
#include <migbundle/generator/generate.hpp>
#include <migbundle/generator/lock_file.hpp>
#include <migbundle/generator/render_bundle.hpp>
#include <migbundle/generator/sha256.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using migbundle::gen::check_bundle_size;
using migbundle::gen::check_migrations;
using migbundle::gen::Diagnostic;
using migbundle::gen::Engine;
using migbundle::gen::FolderStream;
using migbundle::gen::format;
using migbundle::gen::LockedMigration;
using migbundle::gen::LockFile;
using migbundle::gen::MigrationsError;
using migbundle::gen::MigrationSource;
using migbundle::gen::parse_lock_file;
using migbundle::gen::render_lock_file;
using migbundle::gen::sha256_hex;
using migbundle::gen::StringSink;
using migbundle::test::TempDir;

namespace {

struct Rendered {
  std::string header;
  std::string source;
  std::vector<std::string> diagnostics;  ///< the warnings, or the errors thrown
  bool failed = false;
};

std::vector<std::string> formatted(const std::vector<Diagnostic>& diagnostics) {
  std::vector<std::string> lines;
  for (const Diagnostic& d : diagnostics) lines.push_back(format(d));
  return lines;
}

Rendered streamed(const fs::path& directory, bool split, const LockFile* lock = nullptr) {
  Rendered out;
  try {
    FolderStream folder(directory, lock, Engine::sqlite);
    StringSink header(out.header);
    StringSink source(out.source);
    migbundle::gen::render_bundle(folder, "app::db", header, split ? &source : nullptr);
    out.diagnostics = formatted(folder.warnings());
  } catch (const MigrationsError& error) {
    out = Rendered{};
    out.diagnostics = formatted(error.diagnostics());
    out.failed = true;
  }
  return out;
}

Rendered loaded(const fs::path& directory, bool split, const LockFile* lock = nullptr) {
  Rendered out;
  try {
    const auto checked = check_migrations(directory, lock);
    check_bundle_size(checked.migrations);
    const auto rendered = migbundle::gen::render_bundle(checked.migrations, "app::db", split);
    out.header = rendered.header;
    out.source = rendered.source;
    out.diagnostics = formatted(checked.warnings);
  } catch (const MigrationsError& error) {
    out.diagnostics = formatted(error.diagnostics());
    out.failed = true;
  }
  return out;
}

void require_same(const fs::path& directory, const LockFile* lock = nullptr) {
  for (const bool split : {false, true}) {
    INFO("split: " << split);
    const Rendered a = streamed(directory, split, lock);
    const Rendered b = loaded(directory, split, lock);
    CHECK(a.failed == b.failed);
    CHECK(a.diagnostics == b.diagnostics);
    CHECK(a.header == b.header);
    CHECK(a.source == b.source);
  }
}

bool mentions(const std::vector<std::string>& lines, const std::string& what) {
  for (const std::string& line : lines) {
    if (line.find(what) != std::string::npos) return true;
  }
  return false;
}

LockFile lock_of(const std::vector<LockedMigration>& migrations) {
  return parse_lock_file(render_lock_file(migrations), "migrations.lock");
}

/// generate() of `dir`/migrations into `dir`/`header`, inline.
migbundle::gen::GenerateOptions options_in(const TempDir& dir, const std::string& header) {
  migbundle::gen::GenerateOptions options;
  options.directory = dir.path() / "migrations";
  options.header = dir.path() / header;
  options.cpp_namespace = "app::db";
  return options;
}

}  // namespace

TEST_CASE("a folder streamed renders what the folder read whole renders", "[stream]") {
  TempDir dir;
  dir.write("0001_init.sql", "\xEF\xBB\xBF" "CREATE TABLE a (id INTEGER);\r\n");
  dir.write("0002_users.sql", "CREATE TABLE users (id INTEGER);\n");
  dir.write("0002_users.down.sql", "DROP TABLE users;\r\n");
  std::string big = "-- longer than one ISO literal: the entry carries its own pragma\n";
  while (big.size() < 70000) big += "INSERT INTO a VALUES (1);\n";
  dir.write("0003_big.sql", big);
  dir.write("0010_index.sql", "-- migbundle: no-transaction\nCREATE INDEX a_id ON a (id);\n");
  dir.write("README.md", "not a migration");
  require_same(dir.path());

  const Rendered rendered = streamed(dir.path(), false);
  REQUIRE_FALSE(rendered.failed);
  // One pragma pair, around the one long entry only.
  const std::string push = "#pragma clang diagnostic push";
  const auto first_push = rendered.header.find(push);
  REQUIRE(first_push != std::string::npos);
  CHECK(rendered.header.find(push, first_push + 1) == std::string::npos);
  CHECK(first_push > rendered.header.find("0002_users.sql  sha256"));
  CHECK(rendered.header.find("#pragma clang diagnostic pop") < rendered.header.find("0010_index.sql  sha256"));
  CHECK(rendered.header.find("down_migrations[]") != std::string::npos);
}

TEST_CASE("a folder streamed reports every problem the folder read whole reports", "[stream]") {
  TempDir dir;
  dir.write("0001_init.sql", "CREATE TABLE a (id INTEGER);\n");
  dir.write("0002_begin.sql", "BEGIN;\nCREATE TABLE b (id INTEGER);\nCOMMIT;\n");
  dir.write("02_again.sql", "CREATE TABLE c (id INTEGER);\n");
  dir.write("3-bad-name.sql", "CREATE TABLE d (id INTEGER);\n");
  dir.write("0009_orphan.down.sql", "DROP TABLE e;\n");
  dir.write("0010_base.sql", "-- migbundle: baseline\nCREATE TABLE f (id INTEGER);\n");
  dir.write("0011_last.sql", "CREATE TABLE g (id INTEGER) -- no semicolon, fine\n");
  require_same(dir.path());
  const Rendered rendered = streamed(dir.path(), true);
  REQUIRE(rendered.failed);
  CHECK(mentions(rendered.diagnostics, "0002_begin.sql:1:1: error"));
  CHECK(mentions(rendered.diagnostics, "has the same id (2)"));
  CHECK(mentions(rendered.diagnostics, "3-bad-name.sql"));
  CHECK(mentions(rendered.diagnostics, "without its up `0009_orphan.sql`"));
  CHECK(mentions(rendered.diagnostics, "0010_base.sql:1:1: error: a baseline stands for every migration"));
}

TEST_CASE("a folder streamed is checked against the lock file as the folder read whole", "[stream][lock]") {
  TempDir dir;
  const std::string first = "CREATE TABLE a (id INTEGER);\n";
  dir.write("0001_init.sql", "CREATE TABLE a (id INTEGER, edited TEXT);\n");
  dir.write("0002_renamed.sql", "CREATE TABLE b (id INTEGER);\n");
  dir.write("0003_late.sql", "CREATE TABLE c (id INTEGER);\n");
  dir.write("0005_kept.sql", "CREATE TABLE e (id INTEGER);\n");
  dir.write("0005_kept.down.sql", "DROP TABLE e;\n");
  const LockFile lock = lock_of({
      {1, "0001_init.sql", sha256_hex(first)},
      {2, "0002_b.sql", sha256_hex("CREATE TABLE b (id INTEGER);\n")},
      {4, "0004_gone.sql", sha256_hex("CREATE TABLE d (id INTEGER);\n")},
      {5, "0005_kept.sql", sha256_hex("CREATE TABLE e (id INTEGER);\n"), sha256_hex("DROP TABLE e IF EXISTS;\n")},
  });
  require_same(dir.path(), &lock);
  const Rendered rendered = streamed(dir.path(), false, &lock);
  REQUIRE(rendered.failed);
  CHECK(mentions(rendered.diagnostics, "0001_init.sql:1:1: error: was changed after it was released"));
  CHECK(mentions(rendered.diagnostics, "was renamed from `0002_b.sql`"));
  CHECK(mentions(rendered.diagnostics, "id 3 is below the newest released migration (5)"));
  CHECK(mentions(rendered.diagnostics, "migrations.lock:"));
  CHECK(mentions(rendered.diagnostics, "released migration 4 (`0004_gone.sql`) is missing"));
  CHECK(mentions(rendered.diagnostics, "0005_kept.down.sql:1:1: error: the down of released migration 5 was changed"));

  // The same folder with its released history intact passes, its output the folder's read whole.
  dir.write("0001_init.sql", first);
  fs::rename(dir.path() / "0002_renamed.sql", dir.path() / "0002_b.sql");
  fs::rename(dir.path() / "0003_late.sql", dir.path() / "0006_late.sql");
  dir.write("0004_gone.sql", "CREATE TABLE d (id INTEGER);\n");
  dir.write("0005_kept.down.sql", "DROP TABLE e IF EXISTS;\n");
  require_same(dir.path(), &lock);
  CHECK_FALSE(streamed(dir.path(), false, &lock).failed);
}

TEST_CASE("a down changed after the folder was read is refused, not embedded unchecked", "[stream]") {
  TempDir dir;
  dir.write("0001_init.sql", "CREATE TABLE a (id INTEGER);\n");
  dir.write("0001_init.down.sql", "DROP TABLE a;\n");
  FolderStream folder(dir.path(), nullptr, Engine::sqlite);
  REQUIRE(folder.any_down());
  std::size_t ups = 0;
  folder.for_each([&](const MigrationSource& m) {
    ++ups;
    CHECK(m.text == "CREATE TABLE a (id INTEGER);\n");
    CHECK(m.down_text.value_or("") == "DROP TABLE a;\n");
  });
  CHECK(ups == 1);
  dir.write("0001_init.down.sql", "DROP TABLE a; DROP TABLE b;\n");
  try {
    folder.for_each_down([](const MigrationSource&) { FAIL("visited a down that changed"); });
    FAIL("for_each_down did not throw");
  } catch (const MigrationsError& error) {
    REQUIRE(error.diagnostics().size() == 1);
    CHECK_THAT(format(error.diagnostics().front()),
               Catch::Contains("0001_init.down.sql:1:1: error: changed while `migbundle generate` was reading"));
  }
}

TEST_CASE("generate streams the folder and leaves its outputs untouched when a late file fails", "[stream][generate]") {
  TempDir dir;
  dir.write("migrations/0001_init.sql", "CREATE TABLE a (id INTEGER);\n");
  dir.write("migrations/0002_more.sql", "CREATE TABLE b (id INTEGER);\n");
  migbundle::gen::GenerateOptions options = options_in(dir, "bundle.hpp");
  options.source = dir.path() / "bundle.cpp";
  const auto first = migbundle::gen::generate(options);
  CHECK(first.migrations == 2);
  const std::string header = migbundle::test::read_bytes(*options.source);
  CHECK(header.find("0002_more.sql") != std::string::npos);

  // The error is in the last file, after the first entries were streamed out.
  dir.write("migrations/0003_broken.sql", "COMMIT;\n");
  CHECK_THROWS_AS(migbundle::gen::generate(options), MigrationsError);
  CHECK(migbundle::test::read_bytes(*options.source) == header);
  std::size_t left = 0;
  for (const auto& entry : fs::directory_iterator(dir.path())) left += entry.is_regular_file() ? 1 : 0;
  CHECK(left == 2);  // no temporary beside them
}

TEST_CASE("generate with a detected migbundle layout streams it and says it was detected", "[stream][generate]") {
  TempDir dir;
  dir.write("migrations/0001_init.sql", "CREATE TABLE a (id INTEGER);\n");
  dir.write("migrations/0002_more.sql", "CREATE TABLE b (id INTEGER);\n");
  migbundle::gen::GenerateOptions options = options_in(dir, "named.hpp");
  const auto named = migbundle::gen::generate(options);
  CHECK(named.warnings.empty());
  options.layout = migbundle::gen::Layout::automatic;
  options.header = dir.path() / "detected.hpp";
  const auto detected = migbundle::gen::generate(options);
  REQUIRE(detected.warnings.size() == 1);
  CHECK_THAT(format(detected.warnings.front()), Catch::Contains("read as the `migbundle` layout (detected from"));
  CHECK(detected.migrations == 2);
  CHECK(migbundle::test::read_bytes(dir.path() / "detected.hpp") == migbundle::test::read_bytes(dir.path() / "named.hpp"));
}
