// SHA-256 (FIPS 180-4): the checksum of a migration's normalised text.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace migbundle::gen {

class Sha256 {
 public:
  Sha256() noexcept;
  void update(std::string_view bytes) noexcept;
  /// The digest; the object must not be updated afterwards.
  [[nodiscard]] std::array<std::uint8_t, 32> finish() noexcept;

 private:
  void compress(const std::uint8_t* block) noexcept;

  std::array<std::uint32_t, 8> state_;
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t total_bytes_ = 0;
};

/// `size` bytes as lowercase hex, two digits each: how digests are written.
[[nodiscard]] std::string lowercase_hex(const std::uint8_t* bytes, std::size_t size);

/// SHA-256 of `bytes` as 64 lowercase hex digits.
[[nodiscard]] std::string sha256_hex(std::string_view bytes);

/// The 32 bytes a checksum in hex (as sha256_hex() writes it) stands for,
/// for the raw checksum of a bundle format 2 Migration. Throws
/// std::invalid_argument unless `hex` is 64 hex digits.
[[nodiscard]] std::array<std::uint8_t, 32> sha256_bytes(std::string_view hex);

}  // namespace migbundle::gen
