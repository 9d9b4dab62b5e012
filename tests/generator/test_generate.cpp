// generate() and write_if_changed(): what the command does to files.
#include "temp_dir.hpp"

#include <migbundle/adopt.hpp>
#include <migbundle/generator/diagnostic.hpp>
#include <migbundle/generator/generate.hpp>
#include <migbundle/generator/write_file.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <iterator>
#include <stdexcept>
#include <string>

namespace fs = std::filesystem;
using migbundle::gen::generate;
using migbundle::gen::GenerateOptions;
using migbundle::gen::GenerateResult;
using migbundle::gen::write_if_changed;
using migbundle::test::read_bytes;
using migbundle::test::TempDir;

namespace {

GenerateOptions options_for(const TempDir& dir, bool split) {
  GenerateOptions options;
  options.directory = dir.path() / "migrations";
  options.header = dir.path() / "out" / "include" / "migrations.hpp";
  if (split) options.source = dir.path() / "out" / "migrations.cpp";
  options.cpp_namespace = "app::db";
  return options;
}

// An old time the generator could never produce by writing now.
const fs::file_time_type long_ago = fs::file_time_type::clock::now() - std::chrono::hours(24 * 365);

}  // namespace

TEST_CASE("write_if_changed writes only when the content differs", "[cli][generate]") {
  TempDir dir;
  const fs::path file = dir.path() / "a" / "b" / "file.hpp";
  CHECK(write_if_changed(file, "one"));  // creates parent directories
  CHECK(read_bytes(file) == "one");
  fs::last_write_time(file, long_ago);
  CHECK_FALSE(write_if_changed(file, "one"));
  CHECK(fs::last_write_time(file) == long_ago);
  CHECK(write_if_changed(file, "two"));
  CHECK(read_bytes(file) == "two");
  CHECK(fs::last_write_time(file) != long_ago);
  CHECK(write_if_changed(file, "tw"));  // same prefix, shorter
  CHECK(read_bytes(file) == "tw");
  // No temporary file is left beside it.
  CHECK(std::distance(fs::directory_iterator(file.parent_path()), fs::directory_iterator()) == 1);
}

TEST_CASE("OutputFile streams pieces and writes only from the first difference", "[cli][generate]") {
  using migbundle::gen::OutputFile;
  TempDir dir;
  const fs::path file = dir.path() / "out" / "data.cpp";
  const auto stream = [&](std::initializer_list<std::string_view> pieces, OutputFile::Mode mode) {
    OutputFile out(file, mode);
    for (std::string_view piece : pieces) out.append(piece);
    return out.finish();
  };
  const auto entries = [&] { return std::distance(fs::directory_iterator(file.parent_path()), fs::directory_iterator()); };
  // A block is 64 KiB: pieces that cross blocks, and a difference far into the file.
  const std::string big(200 * 1024, 'x');

  CHECK(stream({"head\n", big, "tail\n"}, OutputFile::Mode::compare));  // missing: differs
  CHECK_FALSE(fs::exists(file));                                           // compare never writes
  CHECK(stream({"head\n", big, "tail\n"}, OutputFile::Mode::write));
  CHECK(read_bytes(file) == "head\n" + big + "tail\n");
  fs::last_write_time(file, long_ago);

  // Same text in other pieces: unchanged, not touched.
  CHECK_FALSE(stream({"he", "ad\n" + big.substr(0, 70000), big.substr(70000) + "tail\n"}, OutputFile::Mode::write));
  CHECK(fs::last_write_time(file) == long_ago);
  CHECK_FALSE(stream({"head\n", big, "tail\n"}, OutputFile::Mode::compare));

  // A difference in the third piece: the matched prefix is copied from the old file.
  CHECK(stream({"head\n", big, "TAIL\n"}, OutputFile::Mode::compare));
  CHECK(fs::last_write_time(file) == long_ago);
  CHECK(stream({"head\n", big, "TAIL\n", "more\n"}, OutputFile::Mode::write));
  CHECK(read_bytes(file) == "head\n" + big + "TAIL\nmore\n");

  // The old file is longer than the new text (a prefix of it).
  CHECK(stream({"head\n", big}, OutputFile::Mode::write));
  CHECK(read_bytes(file) == "head\n" + big);
  CHECK(stream({""}, OutputFile::Mode::write));
  CHECK(read_bytes(file).empty());
  CHECK(entries() == 1);  // no temporary file left beside it

  // Rendering fails half way (an exception before finish()): the file stays as it was.
  REQUIRE(write_if_changed(file, "old content\n"));
  try {
    OutputFile out(file, OutputFile::Mode::write);
    out.append("new content, half of it\n");
    throw std::runtime_error("renderer failed");
  } catch (const std::runtime_error&) {
  }
  CHECK(read_bytes(file) == "old content\n");
  CHECK(entries() == 1);

  // finish() twice changes nothing more; append() after it is a programming error.
  {
    OutputFile out(file, OutputFile::Mode::write);
    out.append("old content\nand more\n");
    CHECK(out.finish());
    CHECK(out.finish());
    CHECK_THROWS_AS(out.append("x"), std::logic_error);
  }
  CHECK(read_bytes(file) == "old content\nand more\n");

  // A directory where the file should be: never "up to date", and the error says why.
  const fs::path directory = dir.path() / "out" / "a_directory";
  fs::create_directories(directory / "inside");
  CHECK_FALSE(migbundle::gen::file_holds(directory, ""));
  try {
    write_if_changed(directory, "");
    FAIL("replacing a directory did not throw");
  } catch (const migbundle::gen::UsageError& e) {
    CHECK_THAT(e.what(), Catch::Matchers::Contains("cannot replace"));
    CHECK_THAT(e.what(), !Catch::Matchers::Contains("Success"));
  }
  CHECK(fs::is_directory(directory / "inside"));
}

TEST_CASE("generate writes the header once and leaves it alone while nothing changes", "[cli][generate]") {
  for (bool split : {false, true}) {
    INFO("split " << split);
    TempDir dir;
    dir.write("migrations/0001_a.sql", "CREATE TABLE a (x);\n");
    const GenerateOptions options = options_for(dir, split);
    const auto first = generate(options);
    CHECK(first.migrations == 1);
    CHECK_FALSE(first.up_to_date);
    REQUIRE(fs::exists(options.header));
    if (split) REQUIRE(fs::exists(*options.source));

    fs::last_write_time(options.header, long_ago);
    if (split) fs::last_write_time(*options.source, long_ago);
    const auto second = generate(options);
    CHECK(second.up_to_date);
    CHECK(fs::last_write_time(options.header) == long_ago);
    if (split) CHECK(fs::last_write_time(*options.source) == long_ago);

    dir.write("migrations/0002_b.sql", "CREATE TABLE b (x);\n");
    const auto third = generate(options);
    CHECK(third.migrations == 2);
    CHECK_FALSE(third.up_to_date);
    // Split: the declarations do not mention the SQL, so only the data file changes.
    if (split) {
      CHECK(fs::last_write_time(*options.source) != long_ago);
    } else {
      CHECK(fs::last_write_time(options.header) != long_ago);
    }
  }
}

TEST_CASE("the engine chooses the lint, never the generated bytes", "[cli][generate][postgres]") {
  for (bool split : {false, true}) {
    INFO("split " << split);
    TempDir sqlite_dir, postgres_dir;
    for (const TempDir* dir : {&sqlite_dir, &postgres_dir}) {
      // Both engines' lint passes this (E'' and a dollar quote, which SQLite would not run, are never run here).
      dir->write("migrations/0001_a.sql", "CREATE TABLE a (x int, note text DEFAULT E'it\\'s');\n");
      dir->write("migrations/0002_b.sql", "-- migbundle: no-transaction\nCREATE INDEX CONCURRENTLY a_x ON a (x);\n");
    }
    GenerateOptions sqlite_options = options_for(sqlite_dir, split);
    GenerateOptions postgres_options = options_for(postgres_dir, split);
    postgres_options.engine = migbundle::gen::Engine::postgres;
    CHECK(generate(sqlite_options).migrations == 2);
    CHECK(generate(postgres_options).migrations == 2);
    CHECK(read_bytes(sqlite_options.header) == read_bytes(postgres_options.header));
    if (split) CHECK(read_bytes(*sqlite_options.source) == read_bytes(*postgres_options.source));

    // The lint is the engine's: PostgreSQL refuses a second statement in a no-transaction migration.
    postgres_dir.write("migrations/0002_b.sql",
                       "-- migbundle: no-transaction\nCREATE INDEX CONCURRENTLY a_x ON a (x);\nVACUUM;\n");
    CHECK_THROWS_AS(generate(postgres_options), migbundle::gen::MigrationsError);
    sqlite_dir.write("migrations/0002_b.sql",
                     "-- migbundle: no-transaction\nCREATE INDEX CONCURRENTLY a_x ON a (x);\nVACUUM;\n");
    CHECK_NOTHROW(generate(sqlite_options));
  }
}

TEST_CASE("check_only reports staleness and writes nothing", "[cli][generate]") {
  TempDir dir;
  dir.write("migrations/0001_a.sql", "CREATE TABLE a (x);\n");
  GenerateOptions options = options_for(dir, true);
  options.check_only = true;
  CHECK_FALSE(generate(options).up_to_date);  // nothing generated yet
  CHECK_FALSE(fs::exists(options.header));
  CHECK_FALSE(fs::exists(*options.source));

  options.check_only = false;
  (void)generate(options);
  options.check_only = true;
  CHECK(generate(options).up_to_date);

  const std::string before = read_bytes(*options.source);
  dir.write("migrations/0001_a.sql", "CREATE TABLE a (x, y);\n");
  CHECK_FALSE(generate(options).up_to_date);
  CHECK(read_bytes(*options.source) == before);
}

TEST_CASE("generate refuses a bad namespace before touching anything", "[cli][generate]") {
  TempDir dir;
  dir.write("migrations/0001_a.sql", "SELECT 1;\n");
  GenerateOptions options = options_for(dir, false);
  options.cpp_namespace = "app:db";
  CHECK_THROWS_AS(generate(options), migbundle::gen::UsageError);
  CHECK_THROWS_WITH(generate(options), Catch::Contains("app:db"));
  CHECK_FALSE(fs::exists(options.header));
}

TEST_CASE("generate passes migration problems through and writes nothing", "[cli][generate]") {
  TempDir dir;
  dir.write("migrations/0001_a.sql", "SELECT 1;\n");
  dir.write("migrations/1_b.sql", "SELECT 1;\n");
  const GenerateOptions options = options_for(dir, false);
  CHECK_THROWS_AS(generate(options), migbundle::gen::MigrationsError);
  CHECK_FALSE(fs::exists(options.header));
}

TEST_CASE("generate refuses one file given for two outputs, and an output over the lock file", "[cli][generate]") {
  TempDir dir;
  dir.write("migrations/0001_a.sql", "SELECT 1;\n");
  GenerateOptions options = options_for(dir, true);
  options.source = dir.path() / "out" / "include" / ".." / "include" / "migrations.hpp";  // the header, spelled otherwise
  CHECK_THROWS_AS(generate(options), migbundle::gen::UsageError);
  CHECK_THROWS_WITH(generate(options), Catch::Contains("--out and --source name the same file"));
  CHECK_FALSE(fs::exists(options.header));

  options = options_for(dir, false);
  const fs::path lock = dir.write("migbundle.lock", "{\"format\": 1, \"migrations\": []}\n");
  options.lock_file = lock;
  options.header = lock;
  CHECK_THROWS_WITH(generate(options), Catch::Contains("--out and --lock name the same file"));
  CHECK(read_bytes(lock) == "{\"format\": 1, \"migrations\": []}\n");
}

TEST_CASE("generate takes a missing lock file as empty only when asked", "[cli][generate]") {
  TempDir dir;
  dir.write("migrations/0001_a.sql", "SELECT 1;\n");
  GenerateOptions options = options_for(dir, false);
  options.lock_file = dir.path() / "migbundel.lock";  // mistyped
  CHECK_THROWS_AS(generate(options), migbundle::gen::UsageError);
  CHECK_FALSE(fs::exists(options.header));
  options.allow_missing_lock = true;
  CHECK(generate(options).migrations == 1);
}

TEST_CASE("an empty directory generates an empty bundle, with a warning", "[cli][generate]") {
  TempDir dir;
  dir.write("migrations/README.md", "nothing yet\n");
  const GenerateResult result = generate(options_for(dir, false));
  CHECK(result.migrations == 0);
  REQUIRE(result.warnings.size() == 1);
  CHECK_THAT(format(result.warnings.front()), Catch::Contains(": warning: no migrations found in"));
}

TEST_CASE("generate --adopt emits the tool's keys and table; a bad or lone --adopt-table writes nothing",
          "[cli][generate][adopt]") {
  TempDir dir;
  dir.write("migrations/0001_a.sql", "SELECT 1;\n");
  dir.write("migrations/0042_b.sql", "SELECT 2;\n");
  GenerateOptions options = options_for(dir, false);
  options.adopt_table = "bad name";
  CHECK_THROWS_WITH(generate(options), Catch::Contains("--adopt-table `bad name` names the table of the tool"));
  options.adopt = ::migbundle::PeerTool::dbmate;
  CHECK_THROWS_AS(generate(options), migbundle::gen::UsageError);
  CHECK_THROWS_WITH(generate(options), Catch::Contains("--adopt-table `bad name` is not a table name"));
  CHECK_FALSE(fs::exists(options.header));

  options.adopt_table.clear();
  CHECK(generate(options).migrations == 2);
  const std::string header = read_bytes(options.header);
  CHECK_THAT(header, Catch::Contains("    {\"0001\", \"\"},\n    {\"0042\", \"\"},\n"));
  CHECK_THAT(header, Catch::Contains("adoption{::migbundle::PeerTool::dbmate, \"schema_migrations\", adopt_migrations, 2}"));
  options.adopt_table = "dbmate_versions";
  CHECK_FALSE(generate(options).up_to_date);
  CHECK_THAT(read_bytes(options.header), Catch::Contains("PeerTool::dbmate, \"dbmate_versions\", adopt_migrations, 2}"));
}
