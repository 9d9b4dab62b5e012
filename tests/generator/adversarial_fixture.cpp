// Test-only: writes the inputs of the adversarial compile tests into a work
// directory, with what each must decode to written beside it.
//
//   <work>/migrations/          files for the real `migbundle generate`: hostile names that the
//                               name rule accepts and contents that are still valid migrations
//                               (UTF-8, no NUL)
//   <work>/expected/            for each of them, in bundle order: the normalised text (written
//                               by hand here, not by the generator's normalize_text), name, file,
//                               id, flags and SHA-256
//   <work>/raw/{inline,split}/  bundles rendered by the library itself from bytes no file may
//                               hold (NUL, invalid UTF-8, every byte value, names with NUL or with
//                               what the name rule refuses: quotes, a backslash, `;`, newlines): the
//                               literal layer must carry them even where lint would refuse them
//   <work>/raw/expected/        what those decode to
//
// usage: migbundle_adversarial_fixture <work-dir>
#include <migbundle/bundle.hpp>
#include <migbundle/generator/load_migrations.hpp>
#include <migbundle/generator/render_bundle.hpp>
#include <migbundle/generator/sha256.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace fs = std::filesystem;
using namespace std::string_literals;

namespace {

struct Case {
  std::int64_t id;
  std::string name;      // the part of the file name after `<id>_`, before `.sql`
  std::string raw;       // bytes on disk
  std::string expected;  // bytes the bundle must hold
  std::uint32_t flags = 0;
  std::string id_text;  // the id as written in the file name (leading zeros)
};

void write(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

/// 1 to 40 random bytes, none '/' or NUL (what a file name may hold), not starting with '.'
/// (hidden files are ignored by design). With `buildable`, also none of what the name rule
/// refuses because a build cannot carry it: `;<>:"|?*`, a backslash and control characters.
std::string random_name(std::mt19937& random, bool buildable) {
  const std::string refused = ";<>:\"\\|?*\x7F";
  std::string name;
  for (std::size_t n = 1 + random() % 40; name.size() < n;) {
    const char c = static_cast<char>(1 + random() % 255);
    if (c == '/' || (name.empty() && c == '.')) continue;
    if (buildable && (static_cast<unsigned char>(c) < 0x20 || refused.find(c) != std::string::npos)) continue;
    name += c;
  }
  return name;
}

/// A random file name of valid UTF-8 (any code point but '/', NUL, the
/// surrogates and what a build cannot carry): the name rule refuses a name that is not UTF-8, so names of
/// any bytes go to the renderer directly (byte_cases) instead.
std::string random_utf8_name(std::mt19937& random) {
  std::string name;
  for (std::size_t n = 1 + random() % 40; name.size() < n;) {
    std::uint32_t code = 0;
    switch (random() % 4) {
      case 0: code = 1 + random() % 0x7F; break;
      case 1: code = 0x80 + random() % (0x800 - 0x80); break;
      case 2: code = 0x800 + random() % (0x10000 - 0x800); break;
      default: code = 0x10000 + random() % (0x110000 - 0x10000); break;
    }
    if (code == '/' || (name.empty() && code == '.') || (code >= 0xD800 && code <= 0xDFFF)) continue;
    // What the name rule refuses because a build cannot carry it (random_name's `buildable`).
    if (code < 0x20 || code == 0x7F || (code < 0x80 && std::string_view(";<>:\"\\|?*").find(static_cast<char>(code)) !=
                                                          std::string_view::npos)) {
      continue;
    }
    if (code < 0x80) {
      name += static_cast<char>(code);
    } else if (code < 0x800) {
      name += static_cast<char>(0xC0 | (code >> 6));
      name += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      name += static_cast<char>(0xE0 | (code >> 12));
      name += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      name += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      name += static_cast<char>(0xF0 | (code >> 18));
      name += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
      name += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      name += static_cast<char>(0x80 | (code & 0x3F));
    }
  }
  return name;
}

/// The same text for the raw file and what it must become (no CRLF, no BOM).
Case same(std::int64_t id, std::string name, std::string text, std::uint32_t flags = 0) {
  char padded[32];
  std::snprintf(padded, sizeof padded, "%04lld", static_cast<long long>(id));
  return {id, std::move(name), text, text, flags, padded};
}

std::vector<Case> file_cases() {
  std::vector<Case> cases;
  // Names as odd as the name rule lets through; those it refuses (quotes, a
  // backslash, a newline, `;`, `?`, `*`) go through the renderer in byte_cases().
  cases.push_back(same(1, "single 'quotes' and `backticks`", "SELECT '\"', '''';\n"));
  cases.push_back(same(2, "paren)(end",
                       "-- every closing sequence a raw literal could use\n"
                       "SELECT ')sql\"', ')sql0\"', ')sql1\"', ')sql2\"', ')\"', 'R\"(', 'R\"sql(';\n"
                       "SELECT ')sql\"\n)sql0\"\n)sql\"';\n"));
  cases.push_back(
      same(3, "slash-star comment", "/* a comment */ SELECT 1;\nSELECT '*/';\nSELECT 2; -- */ /*\nSELECT '/*';\n"));
  cases.push_back(same(4, "trigraph-like %=%(%)%!%-%'",
                       "SELECT '?\?/';\nSELECT '?\?=', '?\?(', '?\?)', '?\?!', '?\?<', '?\?>', '?\?-', '?\?''';\n"
                       "-- a comment ending in a trigraph ?\?/\nSELECT 3;\n"));
  cases.push_back(same(5, "backslash in the text",
                       "SELECT 'a' \\\n  || 'b';\n-- a comment ending in a backslash \\\nSELECT 4;\n\\\n\\\\\n"));
  cases.push_back(same(6, "hash#and$dollar", "SELECT 'line one\nline two';\n"));
  cases.push_back(same(7, "spaces  and trailing ", "SELECT\t1 ;  \n"));
  cases.push_back(
      same(8, "\xC3\xBCn\xC3\xAF\x63\xC3\xB6\x64\xC3\xA9 \xF0\x9F\x98\x80 \xE6\x97\xA5\xE6\x9C\xAC",
           "-- caf\xC3\xA9 \xE2\x98\x95 \xF0\x9F\x98\x80\nSELECT '\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E';\n"));
  cases.push_back(same(9, "$(touch pwned) `touch pwned2` && rm -rf x", "SELECT '$(touch pwned)';\n"));
  // Line endings: CRLF becomes LF, a lone CR stays, a BOM goes.
  cases.push_back({10, "line endings", "\xEF\xBB\xBFSELECT 1;\r\nSELECT 'cr\ralone';\r\r\nSELECT 2;\r",
                   "SELECT 1;\nSELECT 'cr\ralone';\r\nSELECT 2;\r", 0, "0010"});
  cases.push_back({11, "crlf only", "\r\n\r\n", "\n\n", 0, "0011"});
  {
    // About 4 MB: many short lines, one line of 100 KB, more short lines.
    std::string big = "CREATE TABLE big (id INTEGER PRIMARY KEY, body TEXT);\n";
    for (int i = 0; big.size() < 2000000; ++i) {
      big += "INSERT INTO big VALUES (" + std::to_string(i) + ", 'row " + std::to_string(i) + " )sql\" ?\?/ \\');\n";
    }
    big += "INSERT INTO big VALUES (-1, '" + std::string(100 * 1024, 'x') + "');\n";
    for (int i = 0; big.size() < 4 * 1024 * 1024; ++i) {
      big += "INSERT INTO big VALUES (" + std::to_string(1000000 + i) + ", '\xC3\xA9t\xC3\xA9 " + std::to_string(i) +
             "');\n";
    }
    cases.push_back(same(12, "big", big));
  }
  cases.push_back(same(13, "vacuum", "-- migbundle: no-transaction\nVACUUM;\n", migbundle::flag_no_transaction));
  cases.push_back(same(14, "empty", ""));
  cases.push_back(same(15, "no final newline", "SELECT 5;"));
  {
    // The longest file name a bundle holds, 255 bytes, each name byte beyond ASCII (escaped four times longer).
    std::string longest;
    while (longest.size() < 255 - 9) longest += "\xC3\xA9";
    cases.push_back(same(16, longest, "SELECT 16;\n"));
  }
  // Property cases: random names (any UTF-8 but '/' and NUL) on real files, with
  // random printable text, through discovery, the generator and the compiler.
  {
    std::mt19937 random(20261122);
    for (std::int64_t id = 100; id < 130; ++id) {
      const std::string name = random_utf8_name(random);
      std::string text = "-- ";
      for (std::size_t n = random() % 300; n > 0; --n) text += static_cast<char>(0x20 + random() % 95);
      text += "\nSELECT " + std::to_string(id) + ";\n";
      cases.push_back(same(id, name, text));
    }
  }
  Case max = same(9223372036854775807, "max id", "SELECT 9223372036854775807;\n");
  max.id_text = "9223372036854775807";
  cases.push_back(max);
  return cases;
}

/// Bytes no migration file may hold, given straight to the renderer.
std::vector<Case> byte_cases() {
  std::vector<Case> cases;
  std::string all;
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  }
  cases.push_back(same(1, "every byte", all));
  cases.push_back(same(2, "nul\0in name"s, "a\0b\0\0c\n\0"s));
  cases.push_back(same(3, "invalid \xFF\xFE utf-8", "\xFF\xFE\xC3(\xED\xA0\x80\xF8\x88\x80\x80\x80\n\xC0\xAF"));
  cases.push_back(same(4, "cr", "\r\r\n\r"));
  cases.push_back(same(5, "closers", ")sql\"\0)sql0\"\xFF)sql1\"\n)sql\"\n"s));
  {
    std::mt19937 random(12345);
    std::string noise(100 * 1024, '\0');
    for (char& c : noise) c = static_cast<char>(random() & 0xFF);
    cases.push_back(same(6, "noise", noise));
  }
  std::string long_escaped(40000, '\x01');
  cases.push_back(same(7, "long escaped line", long_escaped));
  // Names the name rule refuses (a build cannot carry them): the literal layer must still hold them.
  cases.push_back(same(20, "quote\"s and 'single' quotes", "SELECT '\"', '''';\n"));
  cases.push_back(same(21, "paren)\"end", "SELECT ')sql\"', 'R\"sql(';\n"));
  cases.push_back(same(22, "star*comment*", "/* a comment */ SELECT 1;\nSELECT '*/';\n"));
  cases.push_back(same(23, "trigraph?\?=?\?(?\?)?\?!?\?<?\?>?\?-?\?'", "SELECT '?\?/';\n"));
  cases.push_back(same(24, "back\\slash\\", "SELECT 'a' \\\n  || 'b';\n"));
  cases.push_back(same(25, "new\nline", "SELECT 'line one\nline two';\n"));
  cases.push_back(same(26, "spaces  and\ttab ", "SELECT\t1 ;  \n"));
  cases.push_back(same(27, "$(touch pwned) `touch pwned2`; rm -rf x", "SELECT '$(touch pwned)';\n"));
  cases.push_back(same(28, "semi;colon", "SELECT 28;\n"));
  // Property cases: random names and random bytes of any value.
  std::mt19937 random(424242);
  for (std::int64_t id = 100; id < 140; ++id) {
    std::string bytes(random() % 3000, '\0');
    for (char& c : bytes) c = static_cast<char>(random() & 0xFF);
    cases.push_back(same(id, random_name(random, false), bytes));
  }
  return cases;
}

std::string file_name_of(const Case& c) { return c.id_text + "_" + c.name + ".sql"; }

void write_expected(const fs::path& dir, const std::vector<Case>& cases) {
  fs::remove_all(dir);
  write(dir / "count", std::to_string(cases.size()));
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    const fs::path base = dir / std::to_string(i);
    write(base.string() + ".id", std::to_string(c.id));
    write(base.string() + ".name", c.name);
    write(base.string() + ".file", file_name_of(c));
    write(base.string() + ".sql", c.expected);
    write(base.string() + ".sha256", migbundle::gen::sha256_hex(c.expected));
    write(base.string() + ".flags", std::to_string(c.flags));
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: migbundle_adversarial_fixture <work-dir>\n";
    return 2;
  }
  try {
    const fs::path work = argv[1];
    fs::remove_all(work / "migrations");

    // Cases are listed in id order, which is the bundle's order.
    const std::vector<Case> files = file_cases();
    for (const Case& c : files) write(work / "migrations" / file_name_of(c), c.raw);
    write(work / "migrations" / "README.md", "not a migration\n");
    write_expected(work / "expected", files);

    std::vector<migbundle::gen::MigrationSource> sources;
    const std::vector<Case> bytes = byte_cases();
    for (const Case& c : bytes) {
      migbundle::gen::MigrationSource m;
      m.id = c.id;
      m.name = c.name;
      m.file_name = file_name_of(c);
      m.display_path = m.file_name;
      m.text = c.expected;
      m.checksum = migbundle::gen::sha256_hex(m.text);
      m.flags = c.flags;
      sources.push_back(std::move(m));
    }
    const auto inline_bundle = migbundle::gen::render_bundle(sources, "adv::raw", false);
    const auto split_bundle = migbundle::gen::render_bundle(sources, "adv::raw", true);
    write(work / "raw" / "inline" / "adversarial.hpp", inline_bundle.header);
    write(work / "raw" / "split" / "adversarial.hpp", split_bundle.header);
    write(work / "raw" / "split" / "adversarial_data.cpp", split_bundle.source);
    write_expected(work / "raw" / "expected", bytes);
  } catch (const std::exception& error) {
    std::cerr << "migbundle_adversarial_fixture: " << error.what() << '\n';
    return 1;
  }
  return 0;
}
