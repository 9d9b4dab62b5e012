// One 64-bit number for a bundle's history: every migration's id and
// checksum, in order. The generator computes it and writes it into the
// Bundle (Bundle::history_digest), so that a stamped start (stamp.hpp)
// compares one number instead of reading every migration: at 100,000
// migrations that read touched every page of the bundle's SQL. Header-only
// and shared, so the generator and the runtime cannot disagree.
#pragma once

#include <cstddef>
#include <cstdint>

namespace migbundle {

/// FNV-1a over 64-bit words rather than bytes: the checksums are random
/// already, and word-wise it costs a fifth as much.
class HistoryDigest {
 public:
  /// Adds one migration: its id and the 32 raw bytes of its checksum.
  constexpr void add(std::int64_t id, const char* checksum) noexcept {
    mix(static_cast<std::uint64_t>(id));
    for (std::size_t k = 0; k < 32; k += 8) mix(word_at(checksum + k));
  }
  [[nodiscard]] constexpr std::uint64_t value() const noexcept { return hash_; }

  /// Eight bytes as a little-endian word, whatever the machine's order: a
  /// digest computed by the generator on one machine is compared on another.
  static constexpr std::uint64_t word_at(const char* bytes) noexcept {
    std::uint64_t word = 0;
    for (int k = 7; k >= 0; --k) word = (word << 8) | static_cast<unsigned char>(bytes[k]);
    return word;
  }

  constexpr void mix(std::uint64_t word) noexcept { hash_ = (hash_ ^ word) * 1099511628211u; }

 private:
  std::uint64_t hash_ = 14695981039346656037u;
};

}  // namespace migbundle
