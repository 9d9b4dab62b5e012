// Test-only, compiled at test time together with a generated bundle: checks
// that every migration the compiler built holds exactly the expected bytes.
//
// Build: -DCHECK_NAMESPACE=adv::db [-DCHECK_CONSTEXPR] -I<dir of adversarial.hpp> -I<runtime/include>
// Run:   bundle_checker <expected-dir>   (as written by migbundle_adversarial_fixture)
#include "adversarial.hpp"

#include <migbundle/bundle.hpp>  // the accessors: a generated header includes only migbundle/migration.hpp
#include <migbundle/history_digest.hpp>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

#ifndef CHECK_NAMESPACE
#error "define CHECK_NAMESPACE to the bundle's namespace"
#endif

namespace bundle_ns = CHECK_NAMESPACE;

#ifdef CHECK_CONSTEXPR
// The inline header is usable in constant expressions.
static_assert(bundle_ns::bundle.size > 0, "the bundle is empty");
static_assert(migbundle::checksum_hex(bundle_ns::bundle.migrations[0]).view().size() == 64,
              "a checksum is 64 hex digits");
static_assert(file_of(bundle_ns::bundle.migrations[0]).size() > name_of(bundle_ns::bundle.migrations[0]).size(),
              "the name is a slice of the file name");
constexpr bool ids_increase() {
  for (std::size_t i = 1; i < bundle_ns::bundle.size; ++i) {
    if (bundle_ns::bundle.migrations[i - 1].id >= bundle_ns::bundle.migrations[i].id) return false;
  }
  return true;
}
static_assert(ids_increase(), "ids are strictly increasing");
#endif

namespace {

int failures = 0;

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    ++failures;
    return {};
  }
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string printable(std::string_view bytes) {
  std::string out;
  for (char c : bytes.substr(0, 80)) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7F && byte != '\\') {
      out += c;
    } else {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02X", byte);
      out += escaped;
    }
  }
  return bytes.size() > 80 ? out + "..." : out;
}

void expect_equal(std::size_t index, const char* field, std::string_view actual, std::string_view expected) {
  if (actual == expected) return;
  std::size_t at = 0;
  while (at < actual.size() && at < expected.size() && actual[at] == expected[at]) ++at;
  std::fprintf(stderr,
               "migration #%zu: %s differs (sizes %zu, expected %zu; first difference at byte %zu)\n"
               "  actual:   %s\n  expected: %s\n",
               index, field, actual.size(), expected.size(), at, printable(actual.substr(at)).c_str(),
               printable(expected.substr(at)).c_str());
  ++failures;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: bundle_checker <expected-dir>\n");
    return 2;
  }
  const std::string dir = argv[1];
  const std::size_t count = std::stoul(read(dir + "/count"));
  const migbundle::Bundle& bundle = bundle_ns::bundle;
  if (bundle.size != count) {
    std::fprintf(stderr, "bundle holds %zu migrations, expected %zu\n", bundle.size, count);
    return 1;
  }
  // The digest a stamped start compares, from the expected ids and checksums, not from the bundle.
  migbundle::HistoryDigest expected_digest;
  for (std::size_t i = 0; i < count; ++i) {
    const std::string hex = read(dir + "/" + std::to_string(i) + ".sha256");
    char raw[migbundle::checksum_size] = {};
    for (std::size_t k = 0; k < migbundle::checksum_size && 2 * k + 1 < hex.size(); ++k) {
      raw[k] = static_cast<char>(std::stoi(hex.substr(2 * k, 2), nullptr, 16));
    }
    expected_digest.add(std::stoll(read(dir + "/" + std::to_string(i) + ".id")), raw);
  }
  if (bundle.history_digest != expected_digest.value()) {
    std::fprintf(stderr, "history digest %016llx, expected %016llx\n",
                 static_cast<unsigned long long>(bundle.history_digest),
                 static_cast<unsigned long long>(expected_digest.value()));
    ++failures;
  }
  std::size_t index = 0;
  for (const migbundle::Migration& m : bundle) {
    const std::string base = dir + "/" + std::to_string(index);
    expect_equal(index, "id", std::to_string(m.id), read(base + ".id"));
    expect_equal(index, "name", name_of(m), read(base + ".name"));
    expect_equal(index, "file", file_of(m), read(base + ".file"));
    expect_equal(index, "sql", sql_of(m), read(base + ".sql"));
    expect_equal(index, "checksum", migbundle::checksum_hex(m).view(), read(base + ".sha256"));
    // The file name and the SQL in one array, terminated like any literal; the checksum's too.
    if (checksum_of(m) != m.checksum || m.checksum[migbundle::checksum_size] != '\0' || file_of(m).data() != m.text ||
        sql_of(m).data() != file_of(m).data() + file_of(m).size() || sql_of(m).data()[sql_of(m).size()] != '\0') {
      std::fprintf(stderr, "migration #%zu: the file name and SQL are not one array, or a literal is not ended\n", index);
      ++failures;
    }
    expect_equal(index, "flags", std::to_string(migbundle::flags_of(m)), read(base + ".flags"));
    if (index > 0 && (&m - 1)->id >= m.id) {
      std::fprintf(stderr, "migration #%zu: ids not strictly increasing\n", index);
      ++failures;
    }
    ++index;
  }
  if (failures != 0) {
    std::fprintf(stderr, "%d mismatches\n", failures);
    return 1;
  }
  std::printf("all %zu migrations match byte for byte\n", count);
  return 0;
}
