// A runtime Bundle whose strings the test owns: built in code (the crash and
// race bundles) or read from a directory of migration files at test time (a
// real corpus). The runtime never reads files; this loader is test-only and
// does the minimum: `<digits>_<name>.sql`, sorted by id, the
// `-- migbundle: no-transaction` directive. Checksums only need to be stable
// (the runtime compares them), so they are a hash of the text, not SHA-256.
#pragma once

#include <migbundle/bundle.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace migbundle_reliability {

class OwnedBundle {
 public:
  OwnedBundle() = default;
  OwnedBundle(const OwnedBundle&) = delete;  // the Migration array points into this object
  OwnedBundle& operator=(const OwnedBundle&) = delete;
  OwnedBundle(OwnedBundle&&) = default;  // deque and vector keep their elements' addresses when moved
  OwnedBundle& operator=(OwnedBundle&&) = default;

  /// Appends a migration; ids must be added in increasing order.
  void add(std::int64_t id, std::string name, std::string sql, std::uint32_t flags = 0) {
    Entry& e = entries_.emplace_back();
    char prefix[32];
    std::snprintf(prefix, sizeof prefix, "%04lld_", static_cast<long long>(id));
    e.file = prefix + name + ".sql";
    e.name = std::move(name);
    e.sql = std::move(sql);
    e.checksum = pseudo_checksum(e.sql);
    migrations_.push_back(migbundle::Migration{id, e.name, e.file, e.checksum, e.sql, flags});
  }

  [[nodiscard]] migbundle::Bundle bundle() const { return migbundle::Bundle{migrations_.data(), migrations_.size()}; }
  [[nodiscard]] std::size_t size() const { return migrations_.size(); }

  /// Every `<digits>_<name>.sql` directly in `dir`, by id. Empty when the
  /// directory is missing or holds no migration.
  static OwnedBundle load_directory(const std::filesystem::path& dir) {
    struct Found {
      std::int64_t id;
      std::string name;
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
      found.push_back(
          Found{std::stoll(file.substr(0, digits)), file.substr(digits + 1, file.size() - digits - 5), item.path()});
    }
    std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) { return a.id < b.id; });
    OwnedBundle bundle;
    for (const Found& f : found) {
      std::ifstream in(f.path, std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      std::string sql = text.str();
      bundle.add(f.id, f.name, sql, has_no_transaction_directive(sql) ? migbundle::flag_no_transaction : 0u);
    }
    return bundle;
  }

 private:
  struct Entry {
    std::string name, file, checksum, sql;
  };

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

  /// 64 lowercase hex digits derived from the text (FNV-1a, four lanes).
  static std::string pseudo_checksum(const std::string& text) {
    std::string hex;
    for (std::uint64_t lane = 0; lane < 4; ++lane) {
      std::uint64_t h = 1469598103934665603ull ^ (lane * 0x9e3779b97f4a7c15ull);
      for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
      char part[17];
      std::snprintf(part, sizeof part, "%016llx", static_cast<unsigned long long>(h));
      hex += part;
    }
    return hex;
  }

  std::deque<Entry> entries_;  // stable addresses: the Migrations' string_views point here
  std::vector<migbundle::Migration> migrations_;
};

}  // namespace migbundle_reliability
