// `-- migbundle: <directive>` comments at the top of a migration.
#include <migbundle/bundle.hpp>
#include <migbundle/generator/diagnostic.hpp>
#include <migbundle/generator/directives.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using migbundle::gen::Diagnostic;
using migbundle::gen::directive_names;
using migbundle::gen::parse_directives;

namespace {

struct Parsed {
  std::uint32_t flags;
  std::vector<Diagnostic> problems;
};

Parsed parse(std::string_view text) {
  Parsed parsed{};
  parsed.flags = parse_directives(text, "dir/0001_x.sql", parsed.problems);
  return parsed;
}

}  // namespace

TEST_CASE("no-transaction sets its flag", "[directives]") {
  const auto parsed = parse("-- migbundle: no-transaction\nVACUUM;\n");
  CHECK(parsed.flags == migbundle::flag_no_transaction);
  CHECK(parsed.problems.empty());
}

TEST_CASE("baseline sets its flag, alone or beside no-transaction", "[directives]") {
  const auto parsed = parse("-- migbundle: baseline\nCREATE TABLE t (x);\n");
  CHECK(parsed.flags == migbundle::flag_baseline);
  CHECK(parsed.problems.empty());
  // The parser reads both; check_migrations() refuses the pair on a baseline.
  const auto both = parse("-- migbundle: baseline, no-transaction\nVACUUM;\n");
  CHECK(both.flags == (migbundle::flag_baseline | migbundle::flag_no_transaction));
}

TEST_CASE("spacing around the marker does not matter", "[directives]") {
  for (const char* text : {"--migbundle:no-transaction\nVACUUM;", "  --   migbundle:   no-transaction   \nVACUUM;",
                           "\t-- migbundle: no-transaction\t\nVACUUM;", "-- migbundle: no-transaction"}) {
    INFO(text);
    const auto parsed = parse(text);
    CHECK(parsed.flags == migbundle::flag_no_transaction);
    CHECK(parsed.problems.empty());
  }
}

TEST_CASE("ordinary SQL has no flags and no problems", "[directives]") {
  for (const char* text :
       {"", "\n", "CREATE TABLE t (x);\n", "-- just a comment\nSELECT 1;",
        "-- migbundle is the tool that embeds this file\nSELECT 1;", "SELECT '-- migbundle: no-transaction';"}) {
    INFO(text);
    const auto parsed = parse(text);
    CHECK(parsed.flags == 0);
    CHECK(parsed.problems.empty());
  }
}

TEST_CASE("directives may follow other leading comments and blank lines", "[directives]") {
  const auto parsed = parse(
      "-- Compact the database.\n\n-- Needs to run outside a transaction:\n"
      "-- migbundle: no-transaction\n\nVACUUM;\n");
  CHECK(parsed.flags == migbundle::flag_no_transaction);
  CHECK(parsed.problems.empty());
}

TEST_CASE("an unknown directive is reported with its line, column and the known ones", "[directives]") {
  const auto parsed = parse("-- header\n   -- migbundle: no-transactoin\nSELECT 1;\n");
  CHECK(parsed.flags == 0);
  REQUIRE(parsed.problems.size() == 1);
  const Diagnostic& d = parsed.problems.front();
  CHECK(d.path == "dir/0001_x.sql");
  CHECK(d.line == 2);
  CHECK(d.column == 4);
  CHECK(d.severity == migbundle::gen::Severity::error);
  CHECK_THAT(d.message, Catch::Contains("no-transactoin"));
  CHECK_THAT(d.message, Catch::Contains("`no-transaction`, `baseline`"));  // the list of known directives
  CHECK(format(d).rfind("dir/0001_x.sql:2:4: error: ", 0) == 0);
}

TEST_CASE("a directive after the first statement is reported, not silently applied", "[directives]") {
  const auto parsed = parse("CREATE TABLE t (x);\n-- migbundle: no-transaction\n");
  CHECK(parsed.flags == 0);
  REQUIRE(parsed.problems.size() == 1);
  CHECK(parsed.problems.front().line == 2);
  CHECK(parsed.problems.front().column == 1);
  CHECK_THAT(parsed.problems.front().message, Catch::Contains("before the first statement"));
}

TEST_CASE("several directives on one line, separated by commas or spaces", "[directives]") {
  SECTION("comma separated, each checked") {
    const auto parsed = parse("-- migbundle: no-transaction, bogus\nVACUUM;");
    CHECK(parsed.flags == migbundle::flag_no_transaction);
    REQUIRE(parsed.problems.size() == 1);
    CHECK_THAT(parsed.problems.front().message, Catch::Contains("`bogus`"));
  }
  SECTION("repeated is harmless") {
    const auto parsed = parse("-- migbundle: no-transaction,no-transaction no-transaction\nVACUUM;");
    CHECK(parsed.flags == migbundle::flag_no_transaction);
    CHECK(parsed.problems.empty());
  }
  SECTION("two unknown, two problems") {
    const auto parsed = parse("-- migbundle: first, second\n");
    CHECK(parsed.flags == 0);
    REQUIRE(parsed.problems.size() == 2);
    CHECK_THAT(parsed.problems[0].message, Catch::Contains("`first`"));
    CHECK_THAT(parsed.problems[1].message, Catch::Contains("`second`"));
  }
}

TEST_CASE("a directive on a later line of a multi-directive header", "[directives]") {
  const auto parsed = parse("-- migbundle: no-transaction\n-- migbundle: typo\nVACUUM;");
  CHECK(parsed.flags == migbundle::flag_no_transaction);
  REQUIRE(parsed.problems.size() == 1);
  CHECK(parsed.problems.front().line == 2);
}

TEST_CASE("directive_names lists the flags' directives", "[directives]") {
  CHECK(directive_names(0).empty());
  CHECK(directive_names(migbundle::flag_no_transaction) == std::vector<std::string>{"no-transaction"});
}

TEST_CASE("diagnostics print in the compiler form", "[directives][names]") {
  CHECK(format(Diagnostic{"m/1_a.sql", 3, 7, migbundle::gen::Severity::error, "bad"}) == "m/1_a.sql:3:7: error: bad");
  CHECK(format(Diagnostic{"m/1_a.sql", 3, 0, migbundle::gen::Severity::warning, "meh"}) == "m/1_a.sql:3: warning: meh");
  CHECK(format(Diagnostic{"m/1_a.sql", 0, 0, migbundle::gen::Severity::error, "whole file"}) ==
        "m/1_a.sql: error: whole file");
}
