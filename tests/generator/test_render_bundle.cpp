// The generated header and data file as text: deterministic, complete, and
// with nothing from file names or contents able to escape its literal.
#include "literal_decoder.hpp"

#include <migbundle/adopt.hpp>
#include <migbundle/bundle.hpp>
#include <migbundle/generator/bundle_entry.hpp>
#include <migbundle/generator/cpp_names.hpp>
#include <migbundle/generator/diagnostic.hpp>
#include <migbundle/generator/render_bundle.hpp>
#include <migbundle/generator/render_literal.hpp>
#include <migbundle/generator/sha256.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

using migbundle::gen::is_namespace_path;
using migbundle::gen::namespace_problem;
using migbundle::gen::MigrationSource;
using migbundle::gen::render_bundle;
using namespace std::string_literals;

namespace {

MigrationSource migration(std::int64_t id, const std::string& name, const std::string& text, std::uint32_t flags = 0) {
  MigrationSource m;
  m.id = id;
  m.name = name;
  m.file_name = std::to_string(id) + "_" + name + ".sql";
  m.display_path = "/home/someone/secret/checkout/migrations/" + m.file_name;
  m.text = text;
  m.checksum = migbundle::gen::sha256_hex(text);
  m.flags = flags;
  m.file_size = text.size();
  return m;
}

std::vector<MigrationSource> sample() {
  return {migration(1, "create_zebra", "CREATE TABLE zebra_marker (x);\n"),
          migration(2, "caf\xC3\xA9", "-- \xF0\x9F\x98\x80\nINSERT INTO zebra_marker VALUES (')sql\"');\n"),
          migration(10, "vacuum", "-- migbundle: no-transaction\nVACUUM;\n", migbundle::flag_no_transaction)};
}

/// A checksum in hex as the generator writes its 32 raw bytes: one literal of three-digit octal escapes.
std::string octal_literal(const std::string& hex) {
  std::string out = "\"";
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int byte = std::stoi(hex.substr(i, 2), nullptr, 16);
    out += '\\';
    out += static_cast<char>('0' + (byte >> 6));
    out += static_cast<char>('0' + ((byte >> 3) & 7));
    out += static_cast<char>('0' + (byte & 7));
  }
  return out + "\"";
}

/// Where migration `id`'s initialiser starts in `code`: `    {<id>, `, its sizes and flags word next.
std::size_t entry_at(const std::string& code, std::int64_t id) {
  const std::string opening = "    {" + std::to_string(id) + ", 0x";
  const auto begin = code.find(opening);
  REQUIRE(begin != std::string::npos);
  return begin + opening.size() - 2;
}

/// Migration `id`'s sizes and flags, read back from the hex word of its initialiser in `code`.
std::uint64_t sizes_and_flags_in(const std::string& code, std::int64_t id) {
  const std::size_t begin = entry_at(code, id);
  const std::size_t end = code.find("u,\n", begin);
  REQUIRE(end != std::string::npos);
  std::string word = code.substr(begin, end - begin);
  CHECK(word.size() == 2 + 16 + 4);  // `0x`, sixteen digits, a separator between the five fields
  word.erase(std::remove(word.begin(), word.end(), '\''), word.end());
  return std::stoull(word, nullptr, 16);
}

/// The literal pieces of migration `id`'s initialiser in `code`, decoded and joined.
std::string decoded_text(const std::string& code, std::int64_t id) {
  const auto begin = code.find(",\n", entry_at(code, id)) + 2;  // after the sizes and flags word
  const auto end = code.find(",\n     ", begin);                  // the comma after the last piece
  REQUIRE(end != std::string::npos);
  return migbundle::test::decode_literals(code.substr(begin, end - begin)).bytes;
}

/// What migration_sizes_and_flags() makes of a migration with a migbundle file name.
std::uint64_t expected_sizes_and_flags(const MigrationSource& m) {
  return migbundle::migration_sizes_and_flags(
      static_cast<std::uint32_t>(m.text.size()), static_cast<std::uint8_t>(m.file_name.size()),
      static_cast<std::uint8_t>(m.file_name.size() - m.name.size() - 4), static_cast<std::uint8_t>(m.name.size()),
      static_cast<std::uint8_t>(m.flags));
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

TEST_CASE("rendering is deterministic", "[render]") {
  for (bool split : {false, true}) {
    const auto first = render_bundle(sample(), "app::db", split);
    const auto second = render_bundle(sample(), "app::db", split);
    CHECK(first.header == second.header);
    CHECK(first.source == second.source);
  }
}

TEST_CASE("the output holds no absolute path, only file names", "[render]") {
  for (bool split : {false, true}) {
    const auto rendered = render_bundle(sample(), "app::db", split);
    CHECK(rendered.header.find("/home/someone") == std::string::npos);
    CHECK(rendered.source.find("/home/someone") == std::string::npos);
  }
}

TEST_CASE("the inline header carries every migration's fields", "[render]") {
  const auto rendered = render_bundle(sample(), "app::db", false);
  const std::string& h = rendered.header;
  CHECK(rendered.source.empty());
  CHECK(h.find("#pragma once") != std::string::npos);
  CHECK(h.find("#include <migbundle/migration.hpp>") != std::string::npos);
  CHECK(h.find("#include <migbundle/bundle.hpp>") == std::string::npos);  // nor <string_view>: it costs compile time
  CHECK(h.find("static_assert(MIGBUNDLE_BUNDLE_FORMAT == " + std::to_string(MIGBUNDLE_BUNDLE_FORMAT)) !=
        std::string::npos);
  CHECK(h.find("namespace app::db {") != std::string::npos);
  CHECK(h.find("inline constexpr ::migbundle::Bundle bundle{migrations, 3, 0x") != std::string::npos);
  for (const auto& m : sample()) {
    INFO(m.file_name);
    // {id, the sizes and flags in one hex word, one literal: the file name, the SQL; the checksum's 32
    // raw bytes}, under a comment with the checksum's hex and the directives.
    const std::string comment = "  sha256 " + m.checksum + (m.flags != 0 ? "  no-transaction" : "") + "\n    {" +
                                std::to_string(m.id) + ", 0x";
    CHECK(h.find(comment) != std::string::npos);
    CHECK(sizes_and_flags_in(h, m.id) == expected_sizes_and_flags(m));
    CHECK(h.find("u,\n     " + migbundle::gen::render_escaped_literal(m.file_name) + "\n") != std::string::npos);
    CHECK(h.find(",\n     " + octal_literal(m.checksum) + "},\n") != std::string::npos);
    CHECK(decoded_text(h, m.id) == migbundle::gen::bundle_text(m));
  }
  CHECK(h.find("file_") == std::string::npos);  // format 1's separate file-name arrays are gone
  CHECK(h.find("text_") == std::string::npos);  // and format 3's separate text variables
  CHECK(h.find("  no-transaction\n    {") != std::string::npos);
  CHECK(h.find("R\"sql(CREATE TABLE zebra_marker (x);\n)sql\"") != std::string::npos);
  // Ids in order.
  const auto one = h.find("{1, 0x");
  const auto two = h.find("{2, 0x");
  const auto ten = h.find("{10, 0x");
  REQUIRE(one != std::string::npos);
  REQUIRE(two != std::string::npos);
  REQUIRE(ten != std::string::npos);
  CHECK(one < two);
  CHECK(two < ten);
}

TEST_CASE("a checksum's raw bytes stay exact, digits and short escapes included", "[render]") {
  // Bytes that read as digits or as short escapes (\0, \1, '0' = 0x30, '7' = 0x37): a `\x` or a
  // shorter octal escape would take in the digits after it.
  MigrationSource m = migration(1, "x", "SELECT 1;\n");
  m.file_name = "0001_x.sql";
  m.checksum = "000102030405060730313233343536373839616263646566ff7f800a0d225c3f";
  for (bool split : {false, true}) {
    const auto rendered = render_bundle({m}, "app::db", split);
    const std::string& code = split ? rendered.source : rendered.header;
    CHECK(decoded_text(code, 1) == migbundle::gen::bundle_text(m));
    // The checksum: the initialiser's last literal.
    const auto close = code.find("},\n", entry_at(code, 1));
    REQUIRE(close != std::string::npos);
    const auto start = code.rfind("\n     ", close);
    const std::string checksum = migbundle::test::decode_literals(code.substr(start + 6, close - start - 6)).bytes;
    REQUIRE(checksum.size() == 32);
    CHECK(checksum.substr(0, 8) == "\x00\x01\x02\x03\x04\x05\x06\x07"s);
    CHECK(checksum.substr(8, 10) == "0123456789");
    CHECK(checksum.substr(26) == "\xff\x7f\x80\x0a\x0d\x22\x5c\x3f"s.substr(2));
  }
}

TEST_CASE("zero migrations render an empty bundle", "[render]") {
  const auto inline_header = render_bundle({}, "app::db", false);
  CHECK(inline_header.header.find("bundle{nullptr, 0}") != std::string::npos);
  CHECK(inline_header.header.find("Migration migrations[]") == std::string::npos);  // a zero-size array is ill-formed
  const auto split = render_bundle({}, "app::db", true);
  CHECK(split.source.find("bundle{nullptr, 0}") != std::string::npos);
  CHECK(split.source.find("Migration migrations[]") == std::string::npos);
}

TEST_CASE("split mode: the header declares, the source defines", "[render]") {
  const auto rendered = render_bundle(sample(), "app::db", true);
  CHECK(rendered.header.find("extern const ::migbundle::Bundle bundle;") != std::string::npos);
  CHECK(rendered.header.find("zebra_marker") == std::string::npos);
  CHECK(rendered.header.find("R\"") == std::string::npos);
  CHECK(rendered.header.find("CREATE") == std::string::npos);
  CHECK(rendered.header.find("namespace app::db {") != std::string::npos);
  CHECK(rendered.source.find("zebra_marker") != std::string::npos);
  CHECK(rendered.source.find("const ::migbundle::Bundle bundle{migrations, 3, 0x") != std::string::npos);
  CHECK(rendered.source.find("namespace app::db {") != std::string::npos);
  // The split header does not change when only SQL changes: that is the point of splitting.
  auto edited = sample();
  edited[0].text = "CREATE TABLE other (y);\n";
  edited[0].checksum = migbundle::gen::sha256_hex(edited[0].text);
  const auto after_edit = render_bundle(edited, "app::db", true);
  CHECK(after_edit.header == rendered.header);
  CHECK(after_edit.source != rendered.source);
}

TEST_CASE("file names cannot break out of comments or literals", "[render]") {
  MigrationSource m = migration(5, "x", "SELECT 1;\n");
  m.name = "evil\\\n\"); int injected = 1; // ?\?/ */ $(rm -rf)";
  m.file_name = "5_" + m.name + ".sql";
  for (bool split : {false, true}) {
    const auto rendered = render_bundle({m}, "app::db", split);
    const std::string& text = split ? rendered.source : rendered.header;
    std::string code;  // the text without comment lines and without the name's literals
    for (const std::string& line : lines_of(text)) {
      const auto first = line.find_first_not_of(' ');
      if (first != std::string::npos && line.compare(first, 2, "//") == 0) {
        INFO(line);
        CHECK(line.find('\\') == std::string::npos);  // a backslash at a comment's end splices the next line in
        CHECK(line.find('?') == std::string::npos);   // nor may a trigraph `??/` make one
        continue;
      }
      code += line + "\n";
    }
    // The name is not a literal of its own: a slice of the file name, which starts the migration's text.
    CHECK(sizes_and_flags_in(code, 5) == expected_sizes_and_flags(m));
    CHECK(decoded_text(code, 5) == migbundle::gen::bundle_text(m));
    for (const std::string& bytes : {m.file_name}) {
      const std::string literal = migbundle::gen::render_escaped_literal(bytes);
      CHECK(migbundle::test::decode_literals(literal).bytes == bytes);
      REQUIRE(code.find(literal) != std::string::npos);
      for (auto at = code.find(literal); at != std::string::npos; at = code.find(literal))
        code.erase(at, literal.size());
    }
    INFO(code);
    CHECK(code.find("injected") == std::string::npos);
    CHECK(code.find("rm -rf") == std::string::npos);
  }
}

TEST_CASE("namespace paths", "[render]") {
  for (const char* good : {"app", "app::db", "a::b::c", "x1", "App_DB::v2", "classy", "app::std", "app::sqlite3",
                           "app::size_t", "app::main", "app::migbundle", "migbundle::db", "x_", "linux_db", "Db",
                           "app::X1y"}) {
    INFO(good);
    CHECK(is_namespace_path(good));
    CHECK(namespace_problem(good).empty());
  }
  for (const char* bad : {"", "app:db", "1app", "app::", "::app", "class", "a::namespace", "app::::db", "app db",
                          "app-db", "app::1db", "app.db", "caf\xC3\xA9", "int", "a::b::", ":", "::", " app"}) {
    INFO('"' << bad << '"');
    CHECK_FALSE(is_namespace_path(bad));
  }
}

TEST_CASE("a namespace that would not compile somewhere is refused, saying why", "[render]") {
  struct Case {
    const char* name;
    const char* why;
  };
  const Case cases[] = {
      {"app::class", "`class` is a C++ keyword"},
      {"co_await", "`co_await` is a C++ keyword"},
      {"_x", "`_x` is reserved"},
      {"app::_Pragma", "`_Pragma` is reserved"},
      {"app::__x", "`__x` is reserved"},
      {"app::a__b", "`a__b` is reserved"},
      {"NULL", "`NULL` is spelled like a macro"},
      {"app::INT64_MAX", "`INT64_MAX` is spelled like a macro"},
      {"app::SQLITE_OK", "`SQLITE_OK` is spelled like a macro"},
      {"DB", "`DB` is spelled like a macro"},
      {"linux", "`linux` is a macro predefined by GCC and Clang in GNU modes (-std=gnu++17"},
      {"app::unix", "`unix` is a macro predefined"},
      {"app::errno", "`errno` is a macro of the C library"},
      {"app::interface", "`interface` is a macro of <windows.h>"},
      {"std", "`std` is reserved to the standard library"},
      {"std2::db", "`std2` is reserved to the standard library"},
      {"posix", "`posix` is reserved"},
      {"sqlite3", "`sqlite3` is SQLite's"},
      {"sqlite3_db", "`sqlite3_db` is SQLite's"},
      {"size_t::db", "`size_t` ends in `_t`"},
      {"main", "`main` is the program's entry point"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    CHECK_FALSE(is_namespace_path(c.name));
    CHECK_THAT(namespace_problem(c.name), Catch::Contains(c.why));
  }
}

TEST_CASE("a migration longer than ISO C++'s minimum literal length stays warning-free on clang", "[render]") {
  // The compile tests prove it with clang -Wpedantic -Werror where clang is installed; this
  // keeps the suppression scoped: only bundles that need it carry it, and it is popped again.
  const auto short_only = render_bundle(sample(), "app::db", false);
  CHECK(short_only.header.find("-Woverlength-strings") == std::string::npos);
  auto with_long = sample();
  with_long.push_back(migration(11, "long", std::string(70000, 'x')));
  for (bool split : {false, true}) {
    const auto rendered = render_bundle(with_long, "app::db", split);
    const std::string& text = split ? rendered.source : rendered.header;
    const auto push = text.find("#pragma clang diagnostic push");
    const auto ignored = text.find("#pragma clang diagnostic ignored \"-Woverlength-strings\"");
    const auto pop = text.find("#pragma clang diagnostic pop");
    REQUIRE(push != std::string::npos);
    REQUIRE(ignored != std::string::npos);
    REQUIRE(pop != std::string::npos);
    CHECK(push < ignored);
    CHECK(ignored < text.find(std::string(1000, 'x')));
    CHECK(text.rfind(std::string(1000, 'x')) < pop);
    CHECK(text.find("defined(__clang__)") < push);  // GCC -Wall would warn about an unknown pragma
  }
}

TEST_CASE("the ISO literal length counts the file name and the SQL together", "[render]") {
  // clang counts the whole array, the file name included: with clang 14, 65,536 bytes compile clean, 65,537 warn.
  auto at_limit = sample();
  at_limit.push_back(migration(11, "long", ""));
  at_limit.back().text = std::string(65536 - at_limit.back().file_name.size(), 'x');
  CHECK(render_bundle(at_limit, "app::db", false).header.find("-Woverlength-strings") == std::string::npos);
  at_limit.back().text += 'x';
  CHECK(render_bundle(at_limit, "app::db", false).header.find("-Woverlength-strings") != std::string::npos);
}

TEST_CASE("a file name a bundle cannot hold is refused, not truncated", "[render]") {
  // load_migrations() refuses such files with a diagnostic; rendering one anyway is a misuse.
  const std::string name(256 - 6, 'n');  // `1_` + name + `.sql`: 256 bytes
  CHECK_THROWS_AS(render_bundle({migration(1, name, "SELECT 1;\n")}, "app::db", false), std::invalid_argument);
  CHECK_NOTHROW(render_bundle({migration(1, name.substr(1), "SELECT 1;\n")}, "app::db", false));
}

TEST_CASE("a bundle over the size compilers take is refused, naming the file", "[render]") {
  using migbundle::gen::check_bundle_size;
  using migbundle::gen::MigrationsError;
  const auto migration = [](std::int64_t id, std::size_t size) {
    MigrationSource m;
    m.id = id;
    m.file_name = std::to_string(id) + "_m.sql";
    m.display_path = "dir/" + m.file_name;
    m.text = std::string(size, 'x');
    return m;
  };
  const auto problem = [](const std::vector<MigrationSource>& migrations, std::uint64_t limit) -> std::string {
    try {
      check_bundle_size(migrations, limit);
    } catch (const MigrationsError& error) {
      REQUIRE(error.diagnostics().size() == 1);
      return migbundle::gen::format(error.diagnostics().front());
    }
    return "";
  };
  CHECK(problem({migration(1, 40), migration(2, 60)}, 100).empty());
  CHECK_THAT(problem({migration(1, 40), migration(2, 101)}, 100),
             Catch::StartsWith("dir/2_m.sql:1:1: error: holds 101 bytes of SQL; a bundle holds at most 100 bytes") &&
                 Catch::Contains("split it into several migrations"));
  CHECK_THAT(problem({migration(1, 40), migration(2, 60), migration(3, 1)}, 100),
             Catch::StartsWith("dir/3_m.sql:1:1: error: brings the bundle's SQL to 101 bytes") &&
                 Catch::Contains("its own Options::table"));
  // The documented limit: 512 MiB, what GCC and Clang were measured to compile (README, Migration files).
  CHECK(migbundle::gen::max_bundle_sql_size == 536870912u);
  CHECK(problem({migration(1, 0)}, migbundle::gen::max_bundle_sql_size).empty());
}

// ---------------------------------------------------------------------------
// The adoption table (`generate --adopt`)

namespace {

migbundle::gen::AdoptionTable adoption_of(::migbundle::PeerTool tool, std::vector<migbundle::gen::PeerIdentity> ids) {
  return {tool, ::migbundle::peer_default_table(tool), std::move(ids)};
}

}  // namespace

TEST_CASE("without an adoption table nothing of adoption is rendered", "[render][adopt]") {
  for (bool split : {false, true}) {
    const auto rendered = render_bundle(sample(), "app::db", split);
    for (const std::string* text : {&rendered.header, &rendered.source}) {
      CHECK(text->find("adopt") == std::string::npos);
      CHECK(text->find('@') == std::string::npos);  // every placeholder filled
    }
  }
}

TEST_CASE("the adoption table follows the bundle, inline and split", "[render][adopt]") {
  const auto table = adoption_of(::migbundle::PeerTool::golang_migrate, {{"1", ""}, {"2", ""}, {"10", ""}});
  const auto inline_header = render_bundle(sample(), "app::db", false, &table).header;
  CHECK(inline_header.find("#include <migbundle/adopt.hpp>\n#include <migbundle/migration.hpp>\n") != std::string::npos);
  const auto array = inline_header.find(
      "// What golang-migrate knows each migration by: pass `adoption` to migbundle::migrate() with the bundle (migbundle/adopt.hpp).\n"
      "inline constexpr ::migbundle::PeerMigration adopt_migrations[] = {\n"
      "    {\"1\", \"\"},\n    {\"2\", \"\"},\n    {\"10\", \"\"},\n};\n"
      "inline constexpr ::migbundle::Adoption adoption{::migbundle::PeerTool::golang_migrate, \"schema_migrations\", "
      "adopt_migrations, 3};\n\n}  // namespace app::db\n");
  CHECK(array != std::string::npos);
  CHECK(inline_header.find("inline constexpr ::migbundle::Bundle bundle{migrations, 3, 0x") < array);

  const auto split = render_bundle(sample(), "app::db", true, &table);
  CHECK(split.header.find("#include <migbundle/adopt.hpp>\n") != std::string::npos);
  CHECK(split.header.find("\nextern const ::migbundle::Adoption adoption;\n") != std::string::npos);
  CHECK(split.header.find("adopt_migrations") == std::string::npos);  // the data is the source file's
  CHECK(split.source.find("#include <migbundle/adopt.hpp>\n") != std::string::npos);
  // The array in the anonymous namespace beside `migrations`, the object after `bundle`.
  const auto source_array = split.source.find("\nconstexpr ::migbundle::PeerMigration adopt_migrations[] = {\n");
  const auto closing = split.source.find("}  // namespace\n");
  const auto object = split.source.find(
      "extern const ::migbundle::Adoption adoption;\nconst ::migbundle::Adoption adoption{"
      "::migbundle::PeerTool::golang_migrate, \"schema_migrations\", adopt_migrations, 3};\n");
  CHECK(source_array != std::string::npos);
  CHECK(source_array < closing);
  CHECK(closing < object);
  CHECK(object != std::string::npos);
}

TEST_CASE("an empty bundle's adoption table has no array", "[render][adopt]") {
  const auto table = adoption_of(::migbundle::PeerTool::drizzle, {});
  const auto inline_header = render_bundle({}, "app::db", false, &table).header;
  CHECK(inline_header.find("adoption{::migbundle::PeerTool::drizzle, \"__drizzle_migrations\", nullptr, 0};") !=
        std::string::npos);
  CHECK(inline_header.find("adopt_migrations") == std::string::npos);  // a zero-size array is ill-formed
  const auto split = render_bundle({}, "app::db", true, &table);
  CHECK(split.source.find("adoption{::migbundle::PeerTool::drizzle, \"__drizzle_migrations\", nullptr, 0};") !=
        std::string::npos);
  CHECK(split.source.find("adopt_migrations") == std::string::npos);
}

TEST_CASE("keys, hashes and the table cannot break out of their literals", "[render][adopt]") {
  const std::string evil = "a\"}, {\"b\\\n*/ ?\?/ int injected = 1; //";
  migbundle::gen::AdoptionTable table{::migbundle::PeerTool::wrangler, evil, {{evil, evil}, {"2", ""}, {"3", ""}}};
  for (bool split : {false, true}) {
    const auto rendered = render_bundle(sample(), "app::db", split, &table);
    std::string code = rendered.header + rendered.source;
    const std::string literal = migbundle::gen::render_escaped_literal(evil);
    CHECK(migbundle::test::decode_literals(literal).bytes == evil);
    CHECK(code.find(literal) != std::string::npos);
    for (auto at = code.find(literal); at != std::string::npos; at = code.find(literal)) code.erase(at, literal.size());
    INFO(code);
    CHECK(code.find("injected") == std::string::npos);
  }
}

TEST_CASE("an adoption table that does not match the bundle's size is a bug, refused", "[render][adopt]") {
  const auto table = adoption_of(::migbundle::PeerTool::goose, {{"1", ""}});
  CHECK_THROWS_AS(render_bundle(sample(), "app::db", false, &table), std::invalid_argument);
}
