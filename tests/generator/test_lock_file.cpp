// The lock file: its text (stable, one migration per line, sorted), reading it
// back (malformed content named by line), and what it catches in a directory:
// an edited, removed or renamed released migration, its locked down edited or
// removed, and one merged below them.
#include "temp_dir.hpp"

#include <migbundle/generator/diagnostic.hpp>
#include <migbundle/generator/load_migrations.hpp>
#include <migbundle/generator/lock_file.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using migbundle::gen::check_against_lock;
using migbundle::gen::Diagnostic;
using migbundle::gen::extend_lock;
using migbundle::gen::LockedMigration;
using migbundle::gen::LockFile;
using migbundle::gen::MigrationsError;
using migbundle::gen::MigrationSource;
using migbundle::gen::parse_lock_file;
using migbundle::gen::read_lock_file;
using migbundle::gen::render_lock_file;
using migbundle::gen::Severity;
using migbundle::test::TempDir;

namespace {

const std::string lock_path = "db/migbundle.lock";

/// A 64-hex-digit stand-in for a checksum, one per `digit`.
std::string checksum(char digit) { return std::string(64, digit); }

MigrationSource source(std::int64_t id, std::string file_name, std::string sum) {
  MigrationSource m;
  m.id = id;
  m.file_name = std::move(file_name);
  m.name = m.file_name.substr(m.file_name.find('_') + 1);
  m.display_path = "db/migrations/" + m.file_name;
  m.checksum = std::move(sum);
  return m;
}

const std::vector<LockedMigration> three = {
    {1, "0001_users.sql", checksum('a')}, {2, "0002_tasks.sql", checksum('b')}, {10, "0010_index.sql", checksum('c')}};

const std::vector<MigrationSource> three_sources = {source(1, "0001_users.sql", checksum('a')),
                                                    source(2, "0002_tasks.sql", checksum('b')),
                                                    source(10, "0010_index.sql", checksum('c'))};

LockFile lock_of(const std::vector<LockedMigration>& migrations) {
  return parse_lock_file(render_lock_file(migrations), lock_path);
}

/// The single diagnostic parsing `text` throws.
Diagnostic parse_error(const std::string& text) {
  try {
    (void)parse_lock_file(text, lock_path);
  } catch (const MigrationsError& error) {
    REQUIRE(error.diagnostics().size() == 1);
    const Diagnostic& d = error.diagnostics().front();
    CHECK(d.path == lock_path);
    CHECK(d.severity == Severity::error);
    CHECK_THAT(d.message, Catch::StartsWith("malformed lock file: "));
    return d;
  }
  FAIL("parse_lock_file accepted:\n" << text);
  return {};
}

bool same(const std::vector<LockedMigration>& a, const std::vector<LockedMigration>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const LockedMigration& x, const LockedMigration& y) {
    return x.id == y.id && x.file == y.file && x.checksum == y.checksum && x.down_checksum == y.down_checksum;
  });
}

/// `m` with a down in a file of its own beside it.
MigrationSource with_down(MigrationSource m, std::string sum) {
  m.down_text = "DROP TABLE t;\n";
  m.down_checksum = std::move(sum);
  m.down_path = "db/migrations/" + m.file_name.substr(0, m.file_name.size() - 4) + ".down.sql";
  return m;
}

}  // namespace

// ---- the text ------------------------------------------------------------------------------

TEST_CASE("the lock file text: one migration per line, in a fixed layout", "[lock]") {
  const std::vector<LockedMigration> two = {{1, "0001_users.sql", checksum('a')}, {2, "0002_tasks.sql", checksum('b')}};
  CHECK(render_lock_file(two) ==
        "{\n"
        "  \"format\": 1,\n"
        "  \"migrations\": [\n"
        "    {\"id\":1,\"file\":\"0001_users.sql\",\"checksum\":\"" + checksum('a') + "\"},\n"
        "    {\"id\":2,\"file\":\"0002_tasks.sql\",\"checksum\":\"" + checksum('b') + "\"}\n"
        "  ]\n"
        "}\n");
  CHECK(render_lock_file({}) == "{\n  \"format\": 1,\n  \"migrations\": []\n}\n");
}

TEST_CASE("rendering is stable and sorted by id", "[lock]") {
  const std::string text = render_lock_file(three);
  CHECK(render_lock_file(three) == text);
  std::vector<LockedMigration> shuffled = {three[2], three[0], three[1]};
  CHECK(render_lock_file(shuffled) == text);
  const auto line_of = [&](const std::string& needle) {
    const std::size_t at = text.find(needle);
    REQUIRE(at != std::string::npos);
    return std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n') + 1;
  };
  CHECK(line_of("0001_users.sql") == 4);
  CHECK(line_of("0002_tasks.sql") == 5);
  CHECK(line_of("0010_index.sql") == 6);
}

TEST_CASE("parse and render round-trip, with each entry's line", "[lock]") {
  const LockFile lock = lock_of(three);
  CHECK(lock.display_path == lock_path);
  CHECK(same(lock.migrations, three));
  CHECK(lock.lines == std::vector<int>{4, 5, 6});
  CHECK(render_lock_file(lock.migrations) == render_lock_file(three));

  const LockFile empty = lock_of({});
  CHECK(empty.migrations.empty());
  CHECK(empty.lines.empty());
}

TEST_CASE("names with quotes and non-ASCII characters round-trip", "[lock]") {
  const std::vector<LockedMigration> odd = {{7, "0007_\"id\"_ünïcode.sql", checksum('d')},
                                            {8, "8_x.sql", checksum('e')}};
  const LockFile lock = lock_of(odd);
  CHECK(same(lock.migrations, odd));
  CHECK(lock.lines == std::vector<int>{4, 5});
}

TEST_CASE("a hand-formatted lock file is read too", "[lock]") {
  const LockFile lock = parse_lock_file(
      "{\"migrations\": [\n"
      "  {\"checksum\": \"" + checksum('a') + "\", \"file\": \"0001_users.sql\", \"id\": 1},\n"
      "\n"
      "  {\"id\": 3, \"file\": \"3_x.sql\", \"checksum\": \"" + checksum('b') +
          "\", \"note\": \"extra keys are ignored\"}\n"
      "], \"format\": 1}",
      lock_path);
  REQUIRE(lock.migrations.size() == 2);
  CHECK(lock.migrations[1].id == 3);
  CHECK(lock.migrations[1].file == "3_x.sql");
  CHECK(lock.lines == std::vector<int>{2, 4});
}

// ---- malformed lock files -------------------------------------------------------------------

TEST_CASE("malformed JSON is an error at its line", "[lock]") {
  // A comma missing on line 5.
  const Diagnostic missing_comma = parse_error(
      "{\n"
      "  \"format\": 1,\n"
      "  \"migrations\": [\n"
      "    {\"id\":1,\"file\":\"0001_a.sql\",\"checksum\":\"aa\"},\n"
      "    {\"id\":2 \"file\":\"0002_b.sql\",\"checksum\":\"bb\"}\n"
      "  ]\n"
      "}\n");
  CHECK(missing_comma.line == 5);
  CHECK_THAT(missing_comma.message, Catch::Contains("migbundle lock"));

  // A merge conflict marker left in on line 4.
  const Diagnostic conflict = parse_error(
      "{\n"
      "  \"format\": 1,\n"
      "  \"migrations\": [\n"
      "<<<<<<< HEAD\n"
      "    {\"id\":1,\"file\":\"0001_a.sql\",\"checksum\":\"aa\"}\n"
      "  ]\n"
      "}\n");
  CHECK(conflict.line == 4);

  CHECK(parse_error("").line == 1);
  CHECK(parse_error("{\n  \"format\": 1,\n  \"migrations\": [\n").line >= 3);
}

TEST_CASE("a document without a migrations array is an error", "[lock]") {
  CHECK(parse_error("[]").line == 1);
  CHECK(parse_error("{\"format\": 1}").line == 1);
  CHECK_THAT(parse_error("{\"format\": 1, \"migrations\": {}}").message, Catch::Contains("\"migrations\" array"));
}

TEST_CASE("an unknown or missing format is an error", "[lock]") {
  for (const char* text : {"{\"format\": 2, \"migrations\": []}", "{\"migrations\": []}",
                           "{\"format\": \"1\", \"migrations\": []}", "{\"format\": 1.5, \"migrations\": []}"}) {
    INFO(text);
    const Diagnostic d = parse_error(text);
    CHECK(d.line == 1);
    CHECK_THAT(d.message, Catch::Contains("unsupported \"format\""));
  }
}

TEST_CASE("an entry with a missing or mistyped field is an error at its line", "[lock]") {
  const std::string head =
      "{\n  \"format\": 1,\n  \"migrations\": [\n    {\"id\":1,\"file\":\"0001_a.sql\",\"checksum\":\"aa\"},\n";
  const char* entries[] = {
      "{\"file\":\"0002_b.sql\",\"checksum\":\"bb\"}",           // no id
      "{\"id\":2,\"checksum\":\"bb\"}",                          // no file
      "{\"id\":2,\"file\":\"0002_b.sql\"}",                      // no checksum
      "{\"id\":\"2\",\"file\":\"0002_b.sql\",\"checksum\":\"bb\"}",  // id is a string
      "{\"id\":2.5,\"file\":\"0002_b.sql\",\"checksum\":\"bb\"}",    // id is not an integer
      "{\"id\":2,\"file\":2,\"checksum\":\"bb\"}",               // file is a number
      "{\"id\":2,\"file\":\"0002_b.sql\",\"checksum\":null}",    // checksum is null
  };
  for (const char* entry : entries) {
    INFO(entry);
    const Diagnostic d =
        parse_error(head + "    " + entry + ",\n    {\"id\":3,\"file\":\"0003_c.sql\",\"checksum\":\"cc\"}\n  ]\n}\n");
    CHECK(d.line == 5);
    CHECK_THAT(d.message, Catch::Contains("integer \"id\", a \"file\" and a \"checksum\""));
  }
}

TEST_CASE("entries out of order or with one id twice are an error at the second", "[lock]") {
  const std::string head =
      "{\n  \"format\": 1,\n  \"migrations\": [\n    {\"id\":2,\"file\":\"0002_a.sql\",\"checksum\":\"aa\"},\n";
  for (const char* second : {"{\"id\":1,\"file\":\"0001_b.sql\",\"checksum\":\"bb\"}",
                             "{\"id\":2,\"file\":\"2_b.sql\",\"checksum\":\"bb\"}"}) {
    INFO(second);
    const Diagnostic d = parse_error(head + "    " + second + "\n  ]\n}\n");
    CHECK(d.line == 5);
    CHECK_THAT(d.message, Catch::Contains("sorted by increasing id"));
  }
}

// ---- on disk --------------------------------------------------------------------------------

TEST_CASE("a missing lock file is an error unless asked for: a mistyped path must not turn the lock off", "[lock]") {
  TempDir dir;
  CHECK_THROWS_AS(read_lock_file(dir.path() / "migbundle.lock"), migbundle::gen::UsageError);
  CHECK_THROWS_WITH(read_lock_file(dir.path() / "migbundle.lock"),
                    Catch::Contains("migbundle.lock` does not exist") && Catch::Contains("migbundle lock --dir") &&
                        Catch::Contains("--allow-missing-lock"));
}

TEST_CASE("a directory given as the lock file says so", "[lock]") {
  TempDir dir;
  dir.write("locks/keep", "");
  CHECK_THROWS_WITH(read_lock_file(dir.path() / "locks", migbundle::gen::MissingLock::empty),
                    Catch::Contains("locks` is a directory") && Catch::Contains("locks/migbundle.lock"));
}

TEST_CASE("a missing lock file asked for as empty is an empty lock", "[lock]") {
  TempDir dir;
  const LockFile lock = read_lock_file(dir.path() / "migbundle.lock", migbundle::gen::MissingLock::empty);
  CHECK(lock.migrations.empty());
  CHECK(lock.display_path == (dir.path() / "migbundle.lock").generic_string());
  CHECK(check_against_lock(three_sources, lock).empty());
  CHECK(same(extend_lock(three_sources, lock), three));
}

TEST_CASE("read_lock_file reads what render_lock_file wrote, and names the file in errors", "[lock]") {
  TempDir dir;
  const auto file = dir.write("migbundle.lock", render_lock_file(three));
  const LockFile lock = read_lock_file(file);
  CHECK(same(lock.migrations, three));
  CHECK(lock.display_path == file.generic_string());

  const auto broken = dir.write("broken.lock", "{\n  \"format\": 1,\n  \"migrations\": [,]\n}\n");
  try {
    (void)read_lock_file(broken);
    FAIL("no throw");
  } catch (const MigrationsError& error) {
    REQUIRE(error.diagnostics().size() == 1);
    CHECK_THAT(format(error.diagnostics().front()), Catch::StartsWith(broken.generic_string() + ":3:1: error: "));
  }
}

// ---- checking a directory against the lock ---------------------------------------------------

TEST_CASE("the locked migrations unchanged, and newer ones, pass", "[lock]") {
  const LockFile lock = lock_of(three);
  CHECK(check_against_lock(three_sources, lock).empty());
  std::vector<MigrationSource> more = three_sources;
  more.push_back(source(11, "0011_more.sql", checksum('d')));
  more.push_back(source(200, "200_later.sql", checksum('e')));
  CHECK(check_against_lock(more, lock).empty());
}

TEST_CASE("an edited released migration names the file and both checksums", "[lock]") {
  std::vector<MigrationSource> edited = three_sources;
  edited[1].checksum = checksum('f');
  const auto problems = check_against_lock(edited, lock_of(three));
  REQUIRE(problems.size() == 1);
  const std::string text = format(problems.front());
  CHECK_THAT(text, Catch::StartsWith("db/migrations/0002_tasks.sql:1:1: error: "));
  CHECK_THAT(text, Catch::Contains("changed after it was released"));
  CHECK_THAT(text, Catch::Contains("checksum " + checksum('b')));
  CHECK_THAT(text, Catch::Contains("now has " + checksum('f')));
}

TEST_CASE("a removed released migration names the lock file's line and the missing file", "[lock]") {
  const std::vector<MigrationSource> removed = {three_sources[0], three_sources[2]};
  const auto problems = check_against_lock(removed, lock_of(three));
  REQUIRE(problems.size() == 1);
  const std::string text = format(problems.front());
  CHECK_THAT(text, Catch::StartsWith(lock_path + ":5:1: error: "));
  CHECK_THAT(text, Catch::Contains("migration 2 (`0002_tasks.sql`) is missing"));
}

TEST_CASE("a renamed released migration names the old name", "[lock]") {
  std::vector<MigrationSource> renamed = three_sources;
  renamed[1] = source(2, "2_tasks_renamed.sql", checksum('b'));
  const auto problems = check_against_lock(renamed, lock_of(three));
  REQUIRE(problems.size() == 1);
  const std::string text = format(problems.front());
  CHECK_THAT(text, Catch::StartsWith("db/migrations/2_tasks_renamed.sql:1:1: error: "));
  CHECK_THAT(text, Catch::Contains("renamed from `0002_tasks.sql`"));
}

TEST_CASE("an unlocked migration below the newest locked one is an error naming both ids", "[lock]") {
  std::vector<MigrationSource> merged = three_sources;
  merged.insert(merged.begin() + 2, source(5, "0005_late.sql", checksum('d')));
  merged.push_back(source(11, "0011_fine.sql", checksum('e')));
  const auto problems = check_against_lock(merged, lock_of(three));
  REQUIRE(problems.size() == 1);
  const std::string text = format(problems.front());
  CHECK_THAT(text, Catch::StartsWith("db/migrations/0005_late.sql:1:1: error: "));
  CHECK_THAT(text, Catch::Contains("id 5 is below the newest released migration (10)"));
  CHECK_THAT(text, Catch::Contains("above 10"));
}

TEST_CASE("every problem against the lock is reported at once", "[lock]") {
  const std::vector<MigrationSource> messy = {source(1, "0001_users.sql", checksum('0')),  // edited
                                              source(3, "0003_late.sql", checksum('9')),   // out of order
                                              source(10, "10_index.sql", checksum('c'))};  // renamed; 2 removed
  CHECK(check_against_lock(messy, lock_of(three)).size() == 4);
}

TEST_CASE("extend_lock appends only the migrations newer than the lock", "[lock]") {
  const LockFile lock = lock_of({three[0], three[1]});
  std::vector<MigrationSource> sources = three_sources;
  sources.push_back(source(12, "0012_x.sql", checksum('d')));
  const auto extended = extend_lock(sources, lock);
  REQUIRE(extended.size() == 4);
  CHECK(same({extended[0], extended[1]}, {three[0], three[1]}));
  CHECK(extended[2].id == 10);
  CHECK(extended[2].file == "0010_index.sql");
  CHECK(extended[2].checksum == checksum('c'));
  CHECK(extended[3].id == 12);

  // Nothing new: the same lock, so the file is rewritten byte for byte.
  const LockFile full = lock_of(three);
  CHECK(render_lock_file(extend_lock(three_sources, full)) == render_lock_file(three));
  // The lock keeps what it recorded, even for a migration since edited (check_against_lock reports that).
  std::vector<MigrationSource> edited = three_sources;
  edited[0].checksum = checksum('f');
  CHECK(extend_lock(edited, full)[0].checksum == checksum('a'));
}

// ---- downs ----------------------------------------------------------------------------------

TEST_CASE("a locked down is one more field on its migration's line, read back as written", "[lock][downs]") {
  std::vector<LockedMigration> locked = three;
  locked[1].down_checksum = checksum('d');
  const std::string text = render_lock_file(locked);
  CHECK_THAT(text, Catch::Contains("{\"id\":2,\"file\":\"0002_tasks.sql\",\"checksum\":\"" + checksum('b') +
                                   "\",\"down_checksum\":\"" + checksum('d') + "\"}"));
  CHECK_THAT(text, Catch::Contains("{\"id\":1,\"file\":\"0001_users.sql\",\"checksum\":\"" + checksum('a') + "\"}"));
  CHECK(same(parse_lock_file(text, lock_path).migrations, locked));
  // Not a string: malformed, at its line.
  const Diagnostic d = parse_error(
      "{\n  \"format\": 1,\n  \"migrations\": [\n    {\"id\":1,\"file\":\"0001_a.sql\",\"checksum\":\"aa\","
      "\"down_checksum\":7}\n  ]\n}\n");
  CHECK(d.line == 4);
  CHECK_THAT(d.message, Catch::Contains("\"down_checksum\" must be a string"));
}

TEST_CASE("lock and extend_lock record each migration's down", "[lock][downs]") {
  std::vector<MigrationSource> sources = three_sources;
  sources[0] = with_down(sources[0], checksum('d'));
  const auto locked = extend_lock(sources, lock_of({}));
  REQUIRE(locked.size() == 3);
  CHECK(locked[0].down_checksum == checksum('d'));
  CHECK_FALSE(locked[1].down_checksum.has_value());
  // A down written later for a released migration that had none is recorded; the others stay.
  sources[1] = with_down(sources[1], checksum('e'));
  CHECK(check_against_lock(sources, lock_of(locked)).empty());
  const auto extended = extend_lock(sources, lock_of(locked));
  CHECK(extended[0].down_checksum == checksum('d'));
  CHECK(extended[1].down_checksum == checksum('e'));
  CHECK_FALSE(extended[2].down_checksum.has_value());
}

TEST_CASE("an edited released down names the down file and both checksums", "[lock][downs]") {
  std::vector<LockedMigration> locked = three;
  locked[1].down_checksum = checksum('d');
  std::vector<MigrationSource> edited = three_sources;
  edited[1] = with_down(edited[1], checksum('e'));
  const auto problems = check_against_lock(edited, lock_of(locked));
  REQUIRE(problems.size() == 1);
  const std::string text = format(problems.front());
  CHECK_THAT(text, Catch::StartsWith("db/migrations/0002_tasks.down.sql:1:1: error: "));
  CHECK_THAT(text, Catch::Contains("the down of released migration 2 was changed after it was released"));
  CHECK_THAT(text, Catch::Contains("checksum " + checksum('d')));
  CHECK_THAT(text, Catch::Contains("now has " + checksum('e')));
  CHECK_THAT(text, Catch::Contains("put a fix in a new migration"));

  // A down taken out of a larger file (goose's Down section): the line where it starts there.
  edited[1].down_path = edited[1].display_path;
  edited[1].down_source_lines = {7, 8};
  CHECK_THAT(format(check_against_lock(edited, lock_of(locked)).front()),
             Catch::StartsWith("db/migrations/0002_tasks.sql:7:1: error: "));
}

TEST_CASE("a removed released down is an error at its migration", "[lock][downs]") {
  std::vector<LockedMigration> locked = three;
  locked[2].down_checksum = checksum('d');
  const auto problems = check_against_lock(three_sources, lock_of(locked));
  REQUIRE(problems.size() == 1);
  const std::string text = format(problems.front());
  CHECK_THAT(text, Catch::StartsWith("db/migrations/0010_index.sql:1:1: error: "));
  CHECK_THAT(text, Catch::Contains("the down of released migration 10 was removed"));
  CHECK_THAT(text, Catch::Contains(checksum('d')));
}
