// The file-name rule `<digits>_<name>.sql`: what is a migration, what is ignored,
// what is an error (and what the error tells the user to do).
#include <migbundle/generator/file_name.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <string>

using migbundle::gen::check_file_name;
using Kind = migbundle::gen::FileNameCheck::Kind;

TEST_CASE("a well-formed name is a migration with its id and name", "[names]") {
  const auto check = check_file_name("0001_create_users.sql");
  REQUIRE(check.kind == Kind::migration);
  CHECK(check.id == 1);
  CHECK(check.name == "create_users");
  CHECK(check.problem.empty());
}

TEST_CASE("ids are numbers: leading zeros do not matter", "[names]") {
  CHECK(check_file_name("1_a.sql").id == 1);
  CHECK(check_file_name("0001_a.sql").id == 1);
  CHECK(check_file_name("00000000000000000000000000042_a.sql").id == 42);
  CHECK(check_file_name("0_zero.sql").kind == Kind::migration);
  CHECK(check_file_name("0_zero.sql").id == 0);
  CHECK(check_file_name("20240101120000_timestamp.sql").id == std::int64_t{20240101120000});
}

TEST_CASE("ids are signed 64-bit: the largest fits, one more is rejected with a reason", "[names]") {
  const auto largest = check_file_name("9223372036854775807_max.sql");
  REQUIRE(largest.kind == Kind::migration);
  CHECK(largest.id == std::numeric_limits<std::int64_t>::max());
  CHECK(largest.name == "max");

  const auto zero_padded = check_file_name("0009223372036854775807_max.sql");
  REQUIRE(zero_padded.kind == Kind::migration);
  CHECK(zero_padded.id == std::numeric_limits<std::int64_t>::max());

  for (const char* too_big : {"9223372036854775808_over.sql", "9999999999999999999_over.sql",
                              "18446744073709551616_wraps_uint64.sql", "100000000000000000000000_huge.sql"}) {
    INFO(too_big);
    const auto check = check_file_name(too_big);
    CHECK(check.kind == Kind::invalid);
    CHECK_THAT(check.problem, Catch::Contains("64-bit"));
  }
}

TEST_CASE("the part after the number is the name, whatever characters a build can carry", "[names]") {
  const std::string names[] = {"with space",
                               "single'quote",
                               "caf\xC3\xA9",
                               "\xF0\x9F\x98\x80_emoji",
                               "paren)(",
                               "dollar$(x)",
                               "hash#1",
                               "percent%",
                               "dots.in.name",
                               "a_b_c",
                               "x"};
  for (const std::string& name : names) {
    INFO(name);
    const auto check = check_file_name("7_" + name + ".sql");
    REQUIRE(check.kind == Kind::migration);
    CHECK(check.id == 7);
    CHECK(check.name == name);
  }
}

TEST_CASE("a name CMake, make, Ninja or Windows cannot carry is an error that suggests one", "[names]") {
  struct Case {
    std::string file;
    std::string shown;
    std::string suggestion;
  };
  const Case cases[] = {
      {"0002_semi;colon.sql", "`;`", "`0002_semi_colon.sql`"},
      {"0002_back\\slash.sql", "`\\`", "`0002_back_slash.sql`"},
      {"0002_quote\"d.sql", "`\"`", "`0002_quote_d.sql`"},
      {"0002_pipe|x.sql", "`|`", "`0002_pipe_x.sql`"},
      {"0002_a:b.sql", "`:`", "`0002_a_b.sql`"},
      {"0002_less<more>.sql", "`<`", "`0002_less_more_.sql`"},
      {"0002_what?.sql", "`?`", "`0002_what_.sql`"},
      {"0002_star*.sql", "`*`", "`0002_star_.sql`"},
      {"0002_tab\there.sql", "the control character 0x09", "`0002_tab_here.sql`"},
      {"0002_new\nline.sql", "the control character 0x0A", "`0002_new_line.sql`"},
      {"0002_del\x7F.sql", "the control character 0x7F", "`0002_del_.sql`"},
  };
  for (const Case& c : cases) {
    INFO(c.file);
    const auto check = check_file_name(c.file);
    CHECK(check.kind == Kind::invalid);
    CHECK_THAT(check.problem, Catch::Contains("holds " + c.shown));
    CHECK_THAT(check.problem, Catch::Contains("rename it, e.g. to " + c.suggestion));
  }
}

TEST_CASE("a .sql name without `<digits>_` is an error, never skipped", "[names]") {
  SECTION("missing underscore") {
    const auto check = check_file_name("0001init.sql");
    CHECK(check.kind == Kind::invalid);
    CHECK_THAT(check.problem, Catch::Contains("<digits>_<name>.sql"));
    CHECK_THAT(check.problem, Catch::Contains("0001_init.sql"));
  }
  SECTION("number only") {
    const auto check = check_file_name("0001.sql");
    CHECK(check.kind == Kind::invalid);
    CHECK_FALSE(check.problem.empty());
  }
  SECTION("empty name") {
    const auto check = check_file_name("0001_.sql");
    CHECK(check.kind == Kind::invalid);
    CHECK_FALSE(check.problem.empty());
  }
  SECTION("no number") {
    const auto check = check_file_name("create_users.sql");
    CHECK(check.kind == Kind::invalid);
    CHECK_FALSE(check.problem.empty());
  }
  SECTION("just the extension") { CHECK(check_file_name("_.sql").kind == Kind::invalid); }
}

TEST_CASE("the rename suggestion keeps the user's number and name", "[names]") {
  SECTION("Flyway's V<n>__name") {
    const auto check = check_file_name("V1__init.sql");
    CHECK(check.kind == Kind::invalid);
    CHECK_THAT(check.problem, Catch::Contains("`1_init.sql`"));
  }
  SECTION("a dash instead of the underscore") {
    const auto check = check_file_name("0001-init.sql");
    CHECK(check.kind == Kind::invalid);
    CHECK_THAT(check.problem, Catch::Contains("`0001_init.sql`"));
  }
  SECTION("the suggestion itself satisfies the rule") {
    for (const char* bad : {"V1__init.sql", "0001-init.sql", "0001init.sql", "V12__add_index.sql", "0001 init.sql"}) {
      INFO(bad);
      const auto check = check_file_name(bad);
      REQUIRE(check.kind == Kind::invalid);
      const auto open = check.problem.rfind("`", check.problem.size() - 2);
      REQUIRE(open != std::string::npos);
      const std::string suggested = check.problem.substr(open + 1, check.problem.size() - open - 2);
      INFO("suggested: " << suggested);
      CHECK(check_file_name(suggested).kind == Kind::migration);
    }
  }
}

TEST_CASE("the extension must be lowercase .sql", "[names]") {
  for (const char* name : {"0001_init.SQL", "0001_init.Sql", "0001_init.sQl"}) {
    INFO(name);
    const auto check = check_file_name(name);
    CHECK(check.kind == Kind::invalid);
    CHECK_THAT(check.problem, Catch::Contains("lowercase"));
    CHECK_THAT(check.problem, Catch::Contains("0001_init.sql"));
  }
}

TEST_CASE("a file name over 255 bytes is an error: a bundle keeps its size in one byte", "[names]") {
  // Linux file systems stop at 255 bytes, but NTFS and others count 255 UTF-16 units: up to 765 bytes of UTF-8.
  const std::string longest = "0001_" + std::string(255 - 9, 'x') + ".sql";
  REQUIRE(longest.size() == 255);
  const auto fits = check_file_name(longest);
  CHECK(fits.kind == Kind::migration);
  CHECK(fits.name.size() == 255 - 9);

  for (const std::string& too_long : {"0001_" + std::string(256 - 9, 'x') + ".sql",
                                      "0002_" + std::string(250, '\xE2') + "\x82\xAC.sql"}) {
    INFO(too_long.size());
    const auto check = check_file_name(too_long);
    CHECK(check.kind == Kind::invalid);
    CHECK_THAT(check.problem, Catch::Contains(std::to_string(too_long.size()) + " bytes long") &&
                                  Catch::Contains("at most 255 bytes") && Catch::Contains("rename it"));
  }
  // Ignored files are ignored whatever their length.
  CHECK(check_file_name(std::string(300, 'x') + ".txt").kind == Kind::ignored);
}

TEST_CASE("files that are not migrations are ignored", "[names]") {
  for (const char* name : {"README.md", "0001_init.sql.bak", "0001_init.sqlite", "notes.txt", "0001_init", "sql",
                           ".sql", ".hidden.sql", ".0001_init.sql", ".#0001_init.sql", ".gitkeep", ""}) {
    INFO('"' << name << '"');
    const auto check = check_file_name(name);
    CHECK(check.kind == Kind::ignored);
    CHECK(check.problem.empty());
  }
}

TEST_CASE("a name that is not UTF-8 is an error: it would be altered wherever it is recorded", "[names]") {
  for (const std::string& bad : {std::string("0001_caf\xE9.sql"), std::string("0002_\xC3(x.sql"),
                                std::string("0003_\xED\xA0\x80.sql")}) {
    INFO(bad);
    const auto check = check_file_name(bad);
    REQUIRE(check.kind == Kind::invalid);
    CHECK_THAT(check.problem, Catch::Contains("not valid UTF-8") && Catch::Contains("rename it"));
    INFO(check.suggestion);
    CHECK(check_file_name(check.suggestion).kind == Kind::migration);
  }
  CHECK_THAT(check_file_name("0001_caf\xE9.sql").problem, Catch::Contains("0xE9") && Catch::Contains("`0001_caf_.sql`"));
  // Only migrations are held to it: other files stay ignored.
  CHECK(check_file_name("notes-\xE9.txt").kind == Kind::ignored);
}

TEST_CASE("down migrations of golang-migrate and sqlx are refused, never run forward", "[names]") {
  const auto check = check_file_name("0001_users.down.sql");
  REQUIRE(check.kind == Kind::invalid);
  CHECK(check.suggestion.empty());
  CHECK_THAT(check.problem, Catch::Contains("down migration") && Catch::Contains("golang-migrate") &&
                                Catch::Contains("sqlx") && Catch::Contains("only the up part"));
  CHECK_THAT(check.problem, !Catch::Contains("rename it"));
  // The up part is a migration like any other.
  const auto up = check_file_name("0001_users.up.sql");
  REQUIRE(up.kind == Kind::migration);
  CHECK(up.id == 1);
}

TEST_CASE("Flyway undo and repeatable scripts are never offered a migration's name", "[names]") {
  const auto undo = check_file_name("U2__undo.sql");
  REQUIRE(undo.kind == Kind::invalid);
  CHECK(undo.suggestion.empty());
  CHECK_THAT(undo.problem, Catch::Contains("Flyway undo script") && !Catch::Contains("U2__undo.sql`") &&
                               !Catch::Contains("rename it"));
  const auto repeatable = check_file_name("R__refresh_view.sql");
  REQUIRE(repeatable.kind == Kind::invalid);
  CHECK(repeatable.suggestion.empty());
  CHECK_THAT(repeatable.problem, Catch::Contains("Flyway repeatable script") && !Catch::Contains("rename it"));
}

TEST_CASE("Flyway's dotted versions keep their order in the suggestion", "[names]") {
  const auto dotted = check_file_name("V2.1__add_index.sql");
  REQUIRE(dotted.kind == Kind::invalid);
  CHECK(dotted.suggestion == "2001_add_index.sql");
  CHECK(dotted.flyway_version == "2.1");
  CHECK(check_file_name("V1_1__x.sql").suggestion == "1001_x.sql");  // Flyway also separates parts with `_`
  CHECK(check_file_name("V1__init.sql").suggestion == "1_init.sql");
  CHECK(migbundle::gen::flyway_number("2", 2, 3) == "2000");
  CHECK(migbundle::gen::flyway_number("2.1", 3, 3) == "2001000");
  CHECK(migbundle::gen::flyway_number("10.15", 2, 4) == "100015");
}
