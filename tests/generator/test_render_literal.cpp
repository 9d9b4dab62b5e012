// render_escaped_literal / render_sql_literal: whatever the bytes, the C++
// literals decode back to exactly them, stay within the per-piece limit, and
// plain SQL stays readable. The decoder is independent of the renderer.
#include "literal_decoder.hpp"

#include <migbundle/generator/render_literal.hpp>

#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

using migbundle::gen::max_literal_piece;
using migbundle::gen::render_escaped_literal;
using migbundle::gen::render_sql_literal;
using migbundle::test::decode_literals;
using migbundle::test::DecodedLiterals;
using namespace std::string_literals;

namespace {

std::string random_bytes(std::mt19937& random, std::size_t size) {
  std::uniform_int_distribution<int> byte(0, 255);
  std::string out(size, '\0');
  for (char& c : out) c = static_cast<char>(byte(random));
  return out;
}

/// Text that mixes plain SQL lines with hostile ones, so runs of raw and escaped pieces alternate.
std::string random_sql(std::mt19937& random, std::size_t lines) {
  static const std::vector<std::string> fragments = {
      "CREATE TABLE t (x INTEGER);",
      "INSERT INTO t VALUES (')sql\"');",
      "SELECT ')sql0\"', ')sql1\"', ')sql2\"';",
      "SELECT 'R\"(' || ')\"';",
      "/* a comment */ SELECT 1; */",
      "SELECT '?\?/' , '?\?=' , '?\?(' , '\?\?)';",
      "SELECT 'trailing backslash' \\",
      "SELECT '\"double\" ''single''';",
      "-- caf\xC3\xA9 \xF0\x9F\x98\x80 \xE6\x97\xA5\xE6\x9C\xAC",
      "SELECT 'tab\there';",
      "SELECT 'cr\ralone';",
      "SELECT 'nul\0byte';"s,
      "\xFF\xFE invalid utf-8 \xC3",
      "",
      "   ",
      "\\",
      "\"",
      "?",
      ")",
  };
  std::uniform_int_distribution<std::size_t> pick(0, fragments.size() - 1);
  std::string out;
  for (std::size_t i = 0; i < lines; ++i) out += fragments[pick(random)] + (random() % 5 == 0 ? "\r\n" : "\n");
  if (random() % 2 == 0 && !out.empty()) out.pop_back();  // sometimes no final newline
  return out;
}

/// The properties every render_sql_literal output has. Returns the decoded pieces for further checks.
DecodedLiterals check_sql_literal(const std::string& input, const std::string& indent, std::size_t max_piece) {
  const std::string rendered = render_sql_literal(input, indent, max_piece);
  DecodedLiterals decoded;
  REQUIRE_NOTHROW(decoded = decode_literals(rendered));
  REQUIRE(decoded.bytes.size() == input.size());
  REQUIRE(decoded.bytes == input);
  REQUIRE(!rendered.empty());
  REQUIRE(rendered.back() == '\n');
  const std::size_t limit = std::max<std::size_t>(max_piece, 4);  // the widest escape must fit
  for (const auto& piece : decoded.pieces) {
    // Every piece stands on its own line(s): indent before it, a line break right after it.
    REQUIRE(piece.begin >= indent.size());
    REQUIRE(rendered.compare(piece.begin - indent.size(), indent.size(), indent) == 0);
    REQUIRE((piece.begin == indent.size() || rendered[piece.begin - indent.size() - 1] == '\n'));
    REQUIRE(piece.end < rendered.size());
    REQUIRE(rendered[piece.end] == '\n');
    INFO("piece of " << piece.source_size << " bytes, limit " << limit);
    REQUIRE(piece.source_size <= limit);
    if (!input.empty()) REQUIRE(!piece.bytes.empty());  // no useless empty pieces
  }
  return decoded;
}

}  // namespace

TEST_CASE("render_escaped_literal round-trips every byte value", "[render]") {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  for (const std::string& input : {""s, "plain"s, all, "\0"s, "a\"b\\c?d"s, "?\?/"s, "?\?="s, "\0017"s, "\0000"s,
                                   "\xC3\xA9\xF0\x9F\x98\x80"s, "line\nbreak\r\n"s, "0001_new\nline.sql"s}) {
    INFO("input size " << input.size());
    const std::string rendered = render_escaped_literal(input);
    const DecodedLiterals decoded = decode_literals(rendered);
    CHECK(decoded.bytes == input);
    CHECK(decoded.pieces.size() == 1);
    CHECK_FALSE(decoded.pieces.front().raw);
    CHECK(rendered.find('\n') == std::string::npos);
    CHECK(rendered.find('\r') == std::string::npos);
  }
}

TEST_CASE("render_escaped_literal keeps printable ASCII readable", "[render]") {
  CHECK(render_escaped_literal("create_users") == "\"create_users\"");
  CHECK(render_escaped_literal("") == "\"\"");
  CHECK(render_escaped_literal("say \"hi\"") == "\"say \\\"hi\\\"\"");
}

TEST_CASE("an octal escape never swallows a following digit", "[render]") {
  for (char digit = '0'; digit <= '9'; ++digit) {
    for (const char byte : {'\0', '\1', '\x7f', '\xff', '\n'}) {
      const std::string input = std::string(1, byte) + digit + digit + digit;
      CHECK(decode_literals(render_escaped_literal(input)).bytes == input);
      CHECK(decode_literals(render_sql_literal(input, "")).bytes == input);
    }
  }
}

TEST_CASE("plain ASCII SQL renders as one readable raw literal", "[render]") {
  const std::string sql = "CREATE TABLE users (\n  id INTEGER PRIMARY KEY,\n  name TEXT NOT NULL\n);\n";
  const std::string rendered = render_sql_literal(sql, "    ");
  CHECK(rendered.rfind("    R\"sql(", 0) == 0);
  CHECK(rendered.find("  id INTEGER PRIMARY KEY,\n  name TEXT NOT NULL\n") != std::string::npos);
  const auto decoded = check_sql_literal(sql, "    ", max_literal_piece);
  CHECK(decoded.pieces.size() == 1);
  CHECK(decoded.pieces.front().raw);
}

TEST_CASE("a non-ASCII line is escaped while the plain lines around it stay raw", "[render]") {
  const std::string sql = "-- caf\xC3\xA9\nCREATE TABLE t (x);\nSELECT 1;\n-- \xF0\x9F\x98\x80\nSELECT 2;\n";
  const auto decoded = check_sql_literal(sql, "  ", max_literal_piece);
  REQUIRE(decoded.pieces.size() == 4);
  CHECK_FALSE(decoded.pieces[0].raw);
  CHECK(decoded.pieces[1].raw);
  CHECK(decoded.pieces[1].bytes == "CREATE TABLE t (x);\nSELECT 1;\n");
  CHECK_FALSE(decoded.pieces[2].raw);
  CHECK(decoded.pieces[3].raw);
}

TEST_CASE("empty input renders an empty literal", "[render]") {
  CHECK(render_sql_literal("", "    ") == "    \"\"\n");
  CHECK(decode_literals(render_sql_literal("", "")).bytes.empty());
}

TEST_CASE("the raw delimiter avoids every closing sequence in the text", "[render]") {
  for (const std::string& sql : {"SELECT ')sql\"';\n"s, "SELECT ')sql\"', ')sql0\"';\n"s,
                                 "')sql\"' ')sql0\"' ')sql1\"' ')sql2\"' ')sql3\"' ')sql4\"' ')sql5\"' ')sql6\"' "
                                 "')sql7\"' ')sql8\"' ')sql9\"' ')sql10\"'\n"s,
                                 ")sql\""s, "x)sql"s, ")\"\n"s, "R\"sql(\n"s, "))sql\"\"\n"s}) {
    INFO(sql);
    const auto decoded = check_sql_literal(sql, "", max_literal_piece);
    for (const auto& piece : decoded.pieces) {
      if (piece.raw) CHECK(piece.bytes.find(")" + piece.delimiter + "\"") == std::string::npos);
    }
  }
  const std::string sql = "SELECT ')sql\"';\n";
  CHECK(render_sql_literal(sql, "").find("R\"sql(") == std::string::npos);
}

TEST_CASE("comment, trigraph and line-splice look-alikes stay inert", "[render]") {
  const std::string sql =
      "/* open\n*/ close */\nSELECT '?\?/';\nSELECT '?\?=?\?(?\?)';\nSELECT 'x' \\\n  || 'y';\n\\\n\"\n// not a "
      "comment\n";
  for (std::size_t max_piece : {max_literal_piece, std::size_t{7}, std::size_t{4}}) {
    INFO("max_piece " << max_piece);
    check_sql_literal(sql, "    ", max_piece);
  }
}

TEST_CASE("a very long line is split below the limit, never inside an escape", "[render]") {
  SECTION("plain ASCII line of 40,000 bytes") {
    std::string line;
    for (int i = 0; line.size() < 40000; ++i) line += "x" + std::to_string(i) + ",";
    const auto decoded = check_sql_literal("SELECT " + line + "\n", "", max_literal_piece);
    CHECK(decoded.pieces.size() >= 3);
    for (const auto& piece : decoded.pieces) {
      // MSVC's C2026 counts what stands between the quotes, delimiter and parentheses included.
      const std::size_t between_quotes = piece.source_size + (piece.raw ? 2 * piece.delimiter.size() + 2 : 0);
      CHECK(between_quotes < 16380);
    }
  }
  SECTION("a line of escapes only") {
    const std::string line(20000, '\x01');
    const auto decoded = check_sql_literal(line, "", max_literal_piece);
    CHECK(decoded.pieces.size() >= 5);  // 4 source bytes per input byte
  }
  SECTION("a UTF-8 line") {
    std::string line;
    while (line.size() < 30000) line += "\xE6\x97\xA5\xF0\x9F\x98\x80 caf\xC3\xA9 ";
    check_sql_literal(line + "\n" + line, "  ", max_literal_piece);
  }
}

TEST_CASE("many short lines", "[render]") {
  std::string sql;
  for (int i = 0; i < 5000; ++i) sql += "INSERT INTO t VALUES (" + std::to_string(i) + ");\n";
  const auto decoded = check_sql_literal(sql, "    ", max_literal_piece);
  // Cut after whole lines: every raw piece but the last ends with a line break.
  for (std::size_t i = 0; i + 1 < decoded.pieces.size(); ++i) CHECK(decoded.pieces[i].bytes.back() == '\n');
  check_sql_literal(sql, "", 7);
}

TEST_CASE("random bytes of every value round-trip at any piece size", "[render]") {
  std::mt19937 random(20240101);  // fixed seed: a failure reproduces
  for (int round = 0; round < 300; ++round) {
    const std::size_t size = round < 100 ? static_cast<std::size_t>(round) : random() % 3000;
    const std::string input = random_bytes(random, size);
    for (std::size_t max_piece :
         {std::size_t{1}, std::size_t{4}, std::size_t{5}, std::size_t{7}, std::size_t{64}, max_literal_piece}) {
      INFO("round " << round << ", size " << size << ", max_piece " << max_piece);
      check_sql_literal(input, "    ", max_piece);
    }
  }
}

TEST_CASE("random hostile SQL round-trips at any piece size", "[render]") {
  std::mt19937 random(7);
  for (int round = 0; round < 200; ++round) {
    const std::string input = random_sql(random, random() % 60);
    for (std::size_t max_piece : {std::size_t{4}, std::size_t{7}, std::size_t{33}, max_literal_piece}) {
      INFO("round " << round << ", max_piece " << max_piece);
      check_sql_literal(input, "\t", max_piece);
    }
  }
}

TEST_CASE("NUL and CR bytes are kept exactly", "[render]") {
  const std::string sql = "a\0b\r\rc\r\n\0\0\n"s;
  const auto decoded = check_sql_literal(sql, "", max_literal_piece);
  CHECK(decoded.bytes == sql);
  for (const auto& piece : decoded.pieces) {
    if (piece.raw) CHECK(piece.bytes.find_first_of("\r\0"s) == std::string::npos);
  }
}
