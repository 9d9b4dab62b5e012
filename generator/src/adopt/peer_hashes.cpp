#include <migbundle/generator/peer_hashes.hpp>

#include <migbundle/generator/sha256.hpp>

#include <cstddef>
#include <cstring>

namespace migbundle::gen {
namespace {

// SHA-512's round constants; SHA-384 differs from SHA-512 only in its initial state and the length it keeps.
constexpr std::array<std::uint64_t, 80> round_constants = {
    0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc, 0x3956c25bf348b538,
    0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118, 0xd807aa98a3030242, 0x12835b0145706fbe,
    0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2, 0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235,
    0xc19bf174cf692694, 0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
    0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5, 0x983e5152ee66dfab,
    0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4, 0xc6e00bf33da88fc2, 0xd5a79147930aa725,
    0x06ca6351e003826f, 0x142929670a0e6e70, 0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed,
    0x53380d139d95b3df, 0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
    0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30, 0xd192e819d6ef5218,
    0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8, 0x19a4c116b8d2d0c8, 0x1e376c085141ab53,
    0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8, 0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373,
    0x682e6ff3d6b2b8a3, 0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
    0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b, 0xca273eceea26619c,
    0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178, 0x06f067aa72176fba, 0x0a637dc5a2c898a6,
    0x113f9804bef90dae, 0x1b710b35131c471b, 0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc,
    0x431d67c49c100d4c, 0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817};

constexpr std::uint64_t rotr(std::uint64_t x, int n) noexcept { return (x >> n) | (x << (64 - n)); }

void compress(std::array<std::uint64_t, 8>& state, const std::uint8_t* block) noexcept {
  std::uint64_t w[80];
  for (int i = 0; i < 16; ++i) {
    w[i] = 0;
    for (int j = 0; j < 8; ++j) w[i] = (w[i] << 8) | block[8 * i + j];
  }
  for (int i = 16; i < 80; ++i) {
    const std::uint64_t s0 = rotr(w[i - 15], 1) ^ rotr(w[i - 15], 8) ^ (w[i - 15] >> 7);
    const std::uint64_t s1 = rotr(w[i - 2], 19) ^ rotr(w[i - 2], 61) ^ (w[i - 2] >> 6);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  std::uint64_t a = state[0], b = state[1], c = state[2], d = state[3];
  std::uint64_t e = state[4], f = state[5], g = state[6], h = state[7];
  for (int i = 0; i < 80; ++i) {
    const std::uint64_t t1 =
        h + (rotr(e, 14) ^ rotr(e, 18) ^ rotr(e, 41)) + ((e & f) ^ (~e & g)) + round_constants[i] + w[i];
    const std::uint64_t t2 = (rotr(a, 28) ^ rotr(a, 34) ^ rotr(a, 39)) + ((a & b) ^ (a & c) ^ (b & c));
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  state[0] += a;
  state[1] += b;
  state[2] += c;
  state[3] += d;
  state[4] += e;
  state[5] += f;
  state[6] += g;
  state[7] += h;
}

constexpr std::array<std::uint32_t, 256> make_crc_table() noexcept {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t n = 0; n < 256; ++n) {
    std::uint32_t c = n;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[n] = c;
  }
  return table;
}

constexpr std::array<std::uint32_t, 256> crc_table = make_crc_table();

}  // namespace

std::array<std::uint8_t, 48> sha384(std::string_view bytes) noexcept {
  std::array<std::uint64_t, 8> state = {0xcbbb9d5dc1059ed8, 0x629a292a367cd507, 0x9159015a3070dd17, 0x152fecd8f70e5939,
                                        0x67332667ffc00b31, 0x8eb44a8768581511, 0xdb0c2e0d64f98fa7, 0x47b5481dbefa4fa4};
  const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.data());
  const std::size_t whole = bytes.size() / 128 * 128;
  for (std::size_t i = 0; i < whole; i += 128) compress(state, data + i);

  // The rest, 0x80, zeros, and the length in bits as 128 bits big-endian: one block, or two when
  // fewer than 17 bytes of the first are free.
  std::uint8_t tail[256] = {};
  const std::size_t rest = bytes.size() - whole;
  if (rest > 0) std::memcpy(tail, data + whole, rest);
  tail[rest] = 0x80;
  const std::size_t tail_size = rest < 112 ? 128 : 256;
  const std::uint64_t size = bytes.size();
  const std::uint64_t bits_high = size >> 61;
  const std::uint64_t bits_low = size << 3;
  for (int i = 0; i < 8; ++i) {
    tail[tail_size - 16 + i] = static_cast<std::uint8_t>(bits_high >> (56 - 8 * i));
    tail[tail_size - 8 + i] = static_cast<std::uint8_t>(bits_low >> (56 - 8 * i));
  }
  for (std::size_t i = 0; i < tail_size; i += 128) compress(state, tail + i);

  std::array<std::uint8_t, 48> digest{};
  for (int i = 0; i < 6; ++i) {
    for (int j = 0; j < 8; ++j) digest[8 * i + j] = static_cast<std::uint8_t>(state[i] >> (56 - 8 * j));
  }
  return digest;
}

std::string sha384_hex(std::string_view bytes) {
  const std::array<std::uint8_t, 48> digest = sha384(bytes);
  return lowercase_hex(digest.data(), digest.size());
}

std::int32_t flyway_checksum(std::string_view file_bytes) noexcept {
  // Flyway feeds each BufferedReader.readLine() to one CRC32 with no separator, so every CR and LF
  // drops out whatever the line endings; it strips U+FEFF from the first line only.
  if (file_bytes.substr(0, 3) == "\xEF\xBB\xBF") file_bytes.remove_prefix(3);
  std::uint32_t crc = 0xFFFFFFFFu;
  for (char ch : file_bytes) {
    if (ch == '\r' || ch == '\n') continue;
    crc = crc_table[(crc ^ static_cast<std::uint8_t>(ch)) & 0xFF] ^ (crc >> 8);
  }
  crc ^= 0xFFFFFFFFu;
  // Java's (int) CRC32.getValue(): the same 32 bits read as two's complement, spelled out because
  // C++17 leaves the narrowing cast of values above INT32_MAX to the implementation.
  if (crc <= 0x7FFFFFFFu) return static_cast<std::int32_t>(crc);
  return static_cast<std::int32_t>(crc - 0x80000000u) - 0x7FFFFFFF - 1;
}

}  // namespace migbundle::gen
