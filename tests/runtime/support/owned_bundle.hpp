// A runtime Bundle whose storage the test owns, for the runtime and the
// reliability tests: written in code (the file name, a stand-in checksum, the
// SQL) or read from a directory of migration files at test time (a real
// corpus). A Migration's checksum, file name and SQL share one array, as the
// generator lays them out; here that array is a std::string this object keeps.
//
// The directory loader is test-only and does the minimum: `<digits>_<name>.sql`,
// sorted by id, the `-- migbundle: no-transaction` directive. Checksums only need
// to be stable (the runtime compares them), so they are a hash of the text, not SHA-256.
#pragma once

#include <migbundle/bundle.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace migbundle_test {

/// The 32 raw bytes of a Migration's checksum.
using Checksum = std::array<std::uint8_t, 32>;

/// Every byte `byte`: `checksum_of(0xaa)` reads as 64 `a`s in hex.
constexpr Checksum checksum_of(std::uint8_t byte) {
  Checksum checksum{};
  for (std::uint8_t& b : checksum) b = byte;
  return checksum;
}

/// Valid-looking checksums, 64 times one hex digit (`aaaa...`). The runtime only compares them.
inline constexpr Checksum checksum_a = checksum_of(0xaa);
inline constexpr Checksum checksum_b = checksum_of(0xbb);
inline constexpr Checksum checksum_c = checksum_of(0xcc);
inline constexpr Checksum checksum_d = checksum_of(0xdd);
inline constexpr Checksum checksum_e = checksum_of(0xee);

/// A stable stand-in for SHA-256 of `text` (FNV-1a, four lanes).
inline Checksum pseudo_checksum(const std::string& text) {
  Checksum checksum{};
  for (std::size_t lane = 0; lane < 4; ++lane) {
    std::uint64_t h = 1469598103934665603ull ^ (lane * 0x9e3779b97f4a7c15ull);
    for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
    for (std::size_t k = 0; k < 8; ++k) checksum[lane * 8 + k] = static_cast<std::uint8_t>(h >> (56 - 8 * k));
  }
  return checksum;
}

/// One migration as a test writes it.
struct MigrationSpec {
  std::int64_t id;
  std::string file;  ///< `<digits>_<name>.sql`: the name is what lies between the first `_` and `.sql`
  Checksum checksum;
  std::string sql;
  std::uint16_t flags = 0;
};

class OwnedBundle {
 public:
  OwnedBundle() = default;
  OwnedBundle(std::initializer_list<MigrationSpec> migrations) {
    for (const MigrationSpec& m : migrations) add(m);
  }
  OwnedBundle(const OwnedBundle&) = delete;  // the Migration array points into this object
  OwnedBundle& operator=(const OwnedBundle&) = delete;
  OwnedBundle(OwnedBundle&&) = default;  // deque and vector keep their elements' addresses when moved
  OwnedBundle& operator=(OwnedBundle&&) = default;

  /// Appends a migration (in bundle order, unless a test wants it otherwise).
  const migbundle::Migration& add(const MigrationSpec& spec) {
    const std::size_t underscore = spec.file.find('_');
    if (spec.file.size() > 255 || underscore == std::string::npos || spec.file.size() < underscore + 5 ||
        spec.file.compare(spec.file.size() - 4, 4, ".sql") != 0) {
      throw std::invalid_argument("`" + spec.file + "` is not a migration file name a bundle can hold");
    }
    // The file name then the SQL: one array, as the generator lays a migration out.
    const std::string& text = texts_.emplace_back(spec.file + spec.sql);
    migbundle::Migration m{spec.id,
                           migbundle::migration_sizes_and_flags(
                               static_cast<std::uint32_t>(spec.sql.size()), static_cast<std::uint8_t>(spec.file.size()),
                               static_cast<std::uint8_t>(underscore + 1),
                               static_cast<std::uint8_t>(spec.file.size() - underscore - 5),
                               static_cast<std::uint8_t>(spec.flags)),
                           text.data(),
                           {}};
    for (std::size_t i = 0; i < migbundle::checksum_size && i < spec.checksum.size(); ++i) {
      m.checksum[i] = static_cast<char>(spec.checksum[i]);
    }
    return migrations_.emplace_back(m);
  }

  /// Appends `<id as %04lld>_<name>.sql` with a checksum derived from the SQL.
  const migbundle::Migration& add(std::int64_t id, const std::string& name, const std::string& sql,
                                  std::uint16_t flags = 0) {
    char prefix[32];
    std::snprintf(prefix, sizeof prefix, "%04lld_", static_cast<long long>(id));
    return add(MigrationSpec{id, prefix + name + ".sql", pseudo_checksum(sql), sql, flags});
  }

  [[nodiscard]] migbundle::Bundle bundle() const { return migbundle::Bundle{migrations_.data(), migrations_.size()}; }
  /// The first `count` migrations only (a binary built before the others were written).
  [[nodiscard]] migbundle::Bundle first(std::size_t count) const {
    return migbundle::Bundle{migrations_.data(), std::min(count, migrations_.size())};
  }
  [[nodiscard]] std::size_t size() const { return migrations_.size(); }
  [[nodiscard]] const migbundle::Migration& operator[](std::size_t i) const { return migrations_.at(i); }

  /// Every `<digits>_<name>.sql` directly in `dir`, by id. Empty when the
  /// directory is missing or holds no migration.
  static OwnedBundle load_directory(const std::filesystem::path& dir) {
    struct Found {
      std::int64_t id;
      std::string file;
      std::filesystem::path path;
    };
    std::vector<Found> found;
    std::error_code error;
    for (const auto& item : std::filesystem::directory_iterator(dir, error)) {
      const std::string file = item.path().filename().string();
      if (file.size() < 5 || file.compare(file.size() - 4, 4, ".sql") != 0) continue;
      std::size_t digits = 0;
      while (digits < file.size() && file[digits] >= '0' && file[digits] <= '9') ++digits;
      if (digits == 0 || digits >= file.size() || file[digits] != '_') continue;
      found.push_back(Found{std::stoll(file.substr(0, digits)), file, item.path()});
    }
    std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) { return a.id < b.id; });
    OwnedBundle bundle;
    for (const Found& f : found) {
      std::ifstream in(f.path, std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      const std::string sql = text.str();
      std::uint16_t flags = 0;
      if (has_no_transaction_directive(sql)) flags = migbundle::flag_no_transaction;
      bundle.add(MigrationSpec{f.id, f.file, pseudo_checksum(sql), sql, flags});
    }
    return bundle;
  }

 private:
  /// The directive counts only in the leading comment lines, as the generator reads it.
  static bool has_no_transaction_directive(const std::string& sql) {
    std::istringstream lines(sql);
    std::string line;
    while (std::getline(lines, line)) {
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      if (line.rfind("--", 0) != 0) return false;
      if (line.find("migbundle: no-transaction") != std::string::npos) return true;
    }
    return false;
  }

  std::deque<std::string> texts_;  // stable addresses: each Migration's text points into one of these
  std::vector<migbundle::Migration> migrations_;
};

}  // namespace migbundle_test
