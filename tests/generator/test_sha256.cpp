// SHA-256 against published vectors (FIPS 180-4 examples, NIST CAVS) and
// against digests computed with coreutils' sha256sum for the padding edges.
#include <migbundle/generator/sha256.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstddef>
#include <stdexcept>
#include <string>

using migbundle::gen::Sha256;
using migbundle::gen::sha256_hex;

namespace {

std::string hex(const std::array<std::uint8_t, 32>& digest) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string text;
  for (auto byte : digest) {
    text += digits[byte >> 4];
    text += digits[byte & 0x0f];
  }
  return text;
}

std::string incremental(const std::string& input, std::size_t first_chunk) {
  Sha256 hash;
  std::size_t chunk = first_chunk;
  for (std::size_t i = 0; i < input.size();) {
    const std::size_t take = std::min(chunk, input.size() - i);
    hash.update(std::string_view(input).substr(i, take));
    i += take;
    chunk = chunk * 3 % 97 + 1;  // odd, varying sizes that straddle block boundaries
  }
  return hex(hash.finish());
}

}  // namespace

TEST_CASE("FIPS 180-4 example vectors", "[sha256]") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(
      sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopq"
                 "rstnopqrstu") == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

TEST_CASE("one million 'a'", "[sha256]") {
  const std::string million(1000000, 'a');
  CHECK(sha256_hex(million) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  CHECK(incremental(million, 1) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("lengths around the padding boundaries", "[sha256]") {
  // `head -c N /dev/zero | tr '\0' a | sha256sum`
  struct Vector {
    std::size_t length;
    const char* digest;
  };
  const Vector vectors[] = {
      {55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
      {56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
      {63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
      {64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
      {65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"},
      {119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"},
      {120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"},
      {127, "c57e9278af78fa3cab38667bef4ce29d783787a2f731d4e12200270f0c32320a"},
      {128, "6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e"},
      {129, "c12cb024a2e5551cca0e08fce8f1c5e314555cc3fef6329ee994a3db752166ae"},
  };
  for (const Vector& v : vectors) {
    INFO("length " << v.length);
    const std::string input(v.length, 'a');
    CHECK(sha256_hex(input) == v.digest);
    for (std::size_t first = 1; first <= 9; first += 2) CHECK(incremental(input, first) == v.digest);
  }
}

TEST_CASE("every byte value, NUL included, is hashed", "[sha256]") {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  // `python3 -c "import sys; sys.stdout.buffer.write(bytes(range(256)))" | sha256sum`
  CHECK(sha256_hex(all) == "40aff2e9d2d8922e47afd4648e6967497158785fbd1da870e7110266bf944880");
  CHECK(incremental(all, 3) == "40aff2e9d2d8922e47afd4648e6967497158785fbd1da870e7110266bf944880");
}

TEST_CASE("incremental updates in any chunking equal the one-shot digest", "[sha256]") {
  std::string input;
  for (int i = 0; i < 5000; ++i) input += static_cast<char>((i * 131 + 7) & 0xFF);
  const std::string one_shot = sha256_hex(input);
  for (std::size_t first : {1u, 3u, 5u, 63u, 64u, 65u, 127u}) {
    INFO("first chunk " << first);
    CHECK(incremental(input, first) == one_shot);
  }
  Sha256 with_empty_updates;
  with_empty_updates.update("");
  with_empty_updates.update(input);
  with_empty_updates.update("");
  CHECK(hex(with_empty_updates.finish()) == one_shot);
}

TEST_CASE("the digest is 64 lowercase hex digits", "[sha256]") {
  const std::string digest = sha256_hex("migbundle");
  CHECK(digest.size() == 64);
  CHECK(digest.find_first_not_of("0123456789abcdef") == std::string::npos);
}

TEST_CASE("the hex digest turns back into the digest's bytes, and nothing else does", "[sha256]") {
  Sha256 hash;
  hash.update("migbundle");
  CHECK(migbundle::gen::sha256_bytes(sha256_hex("migbundle")) == hash.finish());
  CHECK(migbundle::gen::sha256_bytes(std::string(64, 'F'))[31] == 0xff);
  for (const std::string& bad : {std::string(), std::string(63, 'a'), std::string(65, 'a'), std::string(63, 'a') + "g",
                                 std::string(62, 'a') + " a"}) {
    INFO('"' << bad << '"');
    CHECK_THROWS_AS(migbundle::gen::sha256_bytes(bad), std::invalid_argument);
  }
}
