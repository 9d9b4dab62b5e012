// What a migration's text is before it is hashed and embedded.
#include "temp_dir.hpp"

#include <migbundle/generator/load_migrations.hpp>
#include <migbundle/generator/normalize.hpp>
#include <migbundle/generator/sha256.hpp>

#include <catch2/catch.hpp>

#include <string>

using migbundle::gen::normalize_text;
using namespace std::string_literals;

TEST_CASE("a leading UTF-8 byte-order mark is dropped", "[normalize]") {
  CHECK(normalize_text("\xEF\xBB\xBFSELECT 1;") == "SELECT 1;");
  CHECK(normalize_text("\xEF\xBB\xBF") == "");
  // Only one: a second mark is content.
  CHECK(normalize_text("\xEF\xBB\xBF\xEF\xBB\xBFx") == "\xEF\xBB\xBFx");
}

TEST_CASE("a byte-order mark anywhere but the start is content", "[normalize]") {
  CHECK(normalize_text("x\xEF\xBB\xBF") == "x\xEF\xBB\xBF");
  CHECK(normalize_text("-- a\n\xEF\xBB\xBFSELECT 1;") == "-- a\n\xEF\xBB\xBFSELECT 1;");
  // A truncated mark is not a mark.
  CHECK(normalize_text("\xEF\xBBx") == "\xEF\xBBx");
}

TEST_CASE("CRLF becomes LF", "[normalize]") {
  CHECK(normalize_text("a\r\nb\r\n") == "a\nb\n");
  CHECK(normalize_text("\r\n") == "\n");
  CHECK(normalize_text("\r\n\r\n\r\n") == "\n\n\n");
  CHECK(normalize_text("\xEF\xBB\xBF-- x\r\nSELECT 1;\r\n") == "-- x\nSELECT 1;\n");
}

TEST_CASE("a lone CR stays, and CR CR LF keeps the first CR", "[normalize]") {
  CHECK(normalize_text("a\rb") == "a\rb");
  CHECK(normalize_text("a\r") == "a\r");
  CHECK(normalize_text("\r") == "\r");
  CHECK(normalize_text("a\r\r\nb") == "a\r\nb");
  CHECK(normalize_text("a\n\rb") == "a\n\rb");
}

TEST_CASE("LF-only and empty input are unchanged, NUL bytes included", "[normalize]") {
  CHECK(normalize_text("") == "");
  CHECK(normalize_text("SELECT 1;\nSELECT 2;\n") == "SELECT 1;\nSELECT 2;\n");
  const std::string with_nul = "a\0b\r\n\0"s;
  CHECK(normalize_text(with_nul) == "a\0b\n\0"s);
}

TEST_CASE("a CRLF checkout has the same checksum as the LF one", "[normalize][sha256]") {
  migbundle::test::TempDir lf;
  migbundle::test::TempDir crlf;
  lf.write("1_t.sql", "CREATE TABLE t (x);\nINSERT INTO t VALUES (1);\n");
  crlf.write("1_t.sql",
             "\xEF\xBB\xBF"
             "CREATE TABLE t (x);\r\nINSERT INTO t VALUES (1);\r\n");
  const auto a = migbundle::gen::load_migrations(lf.path());
  const auto b = migbundle::gen::load_migrations(crlf.path());
  REQUIRE(a.size() == 1);
  REQUIRE(b.size() == 1);
  CHECK(a[0].checksum == b[0].checksum);
  CHECK(a[0].text == b[0].text);
  CHECK(a[0].file_size != b[0].file_size);
  // sha256sum of the LF text, computed outside this project.
  CHECK(a[0].checksum == "234acf49bf97171e934614cf86b1e8e59e58b72709425ab97dfadb457c0520a5");
}

TEST_CASE("normalising in place gives normalize_text()'s bytes, for every short text", "[normalize]") {
  // Every text of up to 6 bytes from the bytes that matter (CR, LF, the mark's
  // three, one other): the in-place version moves bytes down over what it drops.
  const std::string alphabet = "\r\na\xEF\xBB\xBF";
  std::size_t compared = 0;
  std::string text;
  const auto each = [&](auto& self, std::size_t length) -> void {
    std::string in_place = text;
    migbundle::gen::normalize_text_in_place(in_place);
    if (in_place != normalize_text(text)) FAIL_CHECK("differs for a text of " << text.size() << " bytes");
    ++compared;
    if (length == 6) return;
    for (const char c : alphabet) {
      text.push_back(c);
      self(self, length + 1);
      text.pop_back();
    }
  };
  each(each, 0);
  CHECK(compared == 55987);  // 1 + 6 + ... + 6^6
  std::string long_text(100000, 'x');
  for (std::size_t i = 0; i < long_text.size(); i += 7) long_text.replace(i, 2, "\r\n");
  std::string in_place = "\xEF\xBB\xBF" + long_text;
  migbundle::gen::normalize_text_in_place(in_place);
  CHECK(in_place == normalize_text("\xEF\xBB\xBF" + long_text));
}
