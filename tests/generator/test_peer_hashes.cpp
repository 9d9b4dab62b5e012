// The checksums other tools keep in their tracking tables. Every expected value was computed
// with Python, never with the code under test:
//   SHA-384: python3 -c "import hashlib; print(hashlib.sha384(INPUT).hexdigest())"
//   Flyway:  python3 -c "import zlib,ctypes; print(ctypes.c_int32(zlib.crc32(INPUT)).value)"
// with INPUT the bytes literal given beside each value. For Flyway that is the file's bytes with
// every CR and LF and a leading BOM removed by hand, the rule docs/peer-tracking-tables.md derives
// from Flyway's ChecksumCalculator; ctypes.c_int32 reads the CRC as Java's (int) cast does.
#include <migbundle/generator/peer_hashes.hpp>

#include <catch2/catch.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

using migbundle::gen::flyway_checksum;
using migbundle::gen::sha384;
using migbundle::gen::sha384_hex;

TEST_CASE("SHA-384: FIPS 180-4 example vectors", "[peer_hashes]") {
  // INPUT = b'', b'abc', and the two-block message as bytes
  CHECK(sha384_hex("") ==
        "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b");
  CHECK(sha384_hex("abc") ==
        "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7");
  CHECK(
      sha384_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopq"
                 "rstnopqrstu") ==
      "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039");
}

TEST_CASE("SHA-384: one million 'a'", "[peer_hashes]") {
  // INPUT = b'a' * 1000000
  CHECK(sha384_hex(std::string(1000000, 'a')) ==
        "9d0e1809716474cb086e834e310a4a1ced149e9c00f248527972cec5704c2a5b07b8b3dc38ecc4ebae97ddd87f3d8985");
}

TEST_CASE("SHA-384: lengths around the padding boundaries", "[peer_hashes]") {
  // 111 bytes leave room for 0x80 and the 16-byte length in the last block, 112 do not.
  // INPUT = b'a' * length
  struct Vector {
    std::size_t length;
    const char* digest;
  };
  const Vector vectors[] = {
      {111, "3c37955051cb5c3026f94d551d5b5e2ac38d572ae4e07172085fed81f8466b8f90dc23a8ffcdea0b8d8e58e8fdacc80a"},
      {112, "187d4e07cb306103c69967bf544d0dfbe9042577599c73c330abc0cb64c61236d5ed565ee19119d8c31779a38f791fcd"},
      {127, "9bd06b1763c2cf7aef40e795dc65bc96d59c41b537f3ad72ebdefd485476b5717c1aeb37c327fe9c1831b12b9efd08ae"},
      {128, "edb12730a366098b3b2beac75a3bef1b0969b15c48e2163c23d96994f8d1bef760c7e27f3c464d3829f56c0d53808b0b"},
      {129, "39b6f5a7b0e781dbc419f72e49b30eaac10f2c98c4403bc610da31067fd1b48f324138c8615d2b496d08d73d5e865326"},
  };
  for (const Vector& v : vectors) {
    INFO("length " << v.length);
    CHECK(sha384_hex(std::string(v.length, 'a')) == v.digest);
  }
}

TEST_CASE("SHA-384: every byte is hashed as it is, NUL, BOM and CR included", "[peer_hashes]") {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  // INPUT = bytes(range(256))
  CHECK(sha384_hex(all) ==
        "ffdaebff65ed05cf400f0221c4ccfb4b2104fb6a51f87e40be6c4309386bfdec2892e9179b34632331a59592737db5c5");
  // sqlx hashes the file unchanged. INPUT = b'SELECT 1;\n', then b'\xef\xbb\xbfSELECT 1;\r\n'
  CHECK(sha384_hex("SELECT 1;\n") ==
        "24454095d8d7876ca8e842f34296ca645c83e0f7b50f048c99db4b2ff4da659267afc4ef3e994f3d74e18c741165d931");
  CHECK(sha384_hex("\xEF\xBB\xBFSELECT 1;\r\n") ==
        "e7120aba455d6ba140ccdf4b195b13b90512d6323220e31eb293181cc077ac61723ed7e9cfd247fa137c61b7acdbda32");
}

TEST_CASE("SHA-384: the raw digest is the bytes the hex spells, 48 of them", "[peer_hashes]") {
  const std::array<std::uint8_t, 48> digest = sha384("abc");
  std::string hex;
  for (std::uint8_t byte : digest) {
    hex += "0123456789abcdef"[byte >> 4];
    hex += "0123456789abcdef"[byte & 0x0f];
  }
  CHECK(hex == sha384_hex("abc"));
  CHECK(digest.front() == 0xcb);
  CHECK(digest.back() == 0xa7);
  CHECK(sha384_hex("migbundle").find_first_not_of("0123456789abcdef") == std::string::npos);
}

TEST_CASE("Flyway: an empty file's checksum is 0", "[peer_hashes]") {
  // INPUT = b''
  CHECK(flyway_checksum("") == 0);
  CHECK(flyway_checksum("\n\r\n\r") == 0);
  CHECK(flyway_checksum("\xEF\xBB\xBF") == 0);
}

TEST_CASE("Flyway: line endings, blank lines and the final newline make no difference", "[peer_hashes]") {
  // INPUT = b'CREATE TABLE t (id INTEGER);INSERT INTO t VALUES (1);'
  const std::int32_t expected = 1587401668;
  CHECK(flyway_checksum("CREATE TABLE t (id INTEGER);\nINSERT INTO t VALUES (1);\n") == expected);
  CHECK(flyway_checksum("CREATE TABLE t (id INTEGER);\r\nINSERT INTO t VALUES (1);\r\n") == expected);
  CHECK(flyway_checksum("CREATE TABLE t (id INTEGER);\rINSERT INTO t VALUES (1);\r") == expected);
  CHECK(flyway_checksum("CREATE TABLE t (id INTEGER);\n\n\r\n\rINSERT INTO t VALUES (1);") == expected);
  CHECK(flyway_checksum("\nCREATE TABLE t (id INTEGER);\nINSERT INTO t VALUES (1);\n\n\n") == expected);
}

TEST_CASE("Flyway: a leading BOM is dropped, a BOM anywhere else is hashed", "[peer_hashes]") {
  // The literal is split so that the C of CREATE does not extend the \xBF escape.
  CHECK(flyway_checksum("\xEF\xBB\xBF"
                        "CREATE TABLE t (id INTEGER);\r\nINSERT INTO t VALUES (1);\r\n") == 1587401668);
  // Flyway strips U+FEFF from the first line only, even when that line is empty.
  // INPUT = b'SELECT 1;\xef\xbb\xbf'
  CHECK(flyway_checksum("SELECT 1;\n\xEF\xBB\xBF") == -1246562399);
  // INPUT = b'\xef\xbb\xbfSELECT 1;'
  CHECK(flyway_checksum("\n\xEF\xBB\xBFSELECT 1;") == -1606921097);
}

TEST_CASE("Flyway: a CRC with the top bit set is a negative int32", "[peer_hashes]") {
  // CRC-32's check value, 0xcbf43926. INPUT = b'123456789'
  CHECK(flyway_checksum("123456789") == -873187034);
  CHECK(flyway_checksum("123456789\n") == -873187034);
  // Non-ASCII UTF-8 is hashed as its bytes. INPUT = "INSERT INTO t VALUES ('\u00e9');".encode()
  CHECK(flyway_checksum("INSERT INTO t VALUES ('\xC3\xA9');\n") == -2055433966);
  // The top bit clear. INPUT = b'SELECT 1;'
  CHECK(flyway_checksum("SELECT 1;\r\n") == 78787420);
}
