// Test-only, compiled at test time with a header that `migbundle generate`
// wrote from tests/golden/downs/migrations as downs_migrations.hpp (and,
// split, its data source), then run with that folder: the downs compile
// warning-free beside the bundle, one entry a migration, and each holds its
// file's bytes as normalised (no BOM, LF), NUL-terminated. (The checksums
// are checked by the golden case and the generator's unit tests.)
//
// Build: -DCHECK_NAMESPACE=<ns> [-DCHECK_CONSTEXPR] -I<dir of downs_migrations.hpp> -I<runtime/include>
// Run: downs_checker <folder>
#include "downs_migrations.hpp"

#include <migbundle/downs.hpp>  // the accessors: a generated header includes only migbundle/migration.hpp

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

namespace generated = CHECK_NAMESPACE;

#ifdef CHECK_CONSTEXPR
static_assert(generated::downs.size == generated::bundle.size, "one down entry a migration");
static_assert(has_down(generated::downs.migrations[0]) && !has_down(generated::downs.migrations[1]),
              "0001 has a down, 0002 none");
static_assert(sql_of(generated::downs.migrations[0]) == "DROP TABLE users;\n", "the down's text, usable in constants");
#endif

/// The README's normalisation, written again here: a BOM dropped, CRLF as LF.
std::string normalised(std::string text) {
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    out += text[i];
  }
  return out;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: downs_checker <migrations folder>\n");
    return 2;
  }
  int failures = 0;
  const auto fail = [&failures](const std::string& what) {
    std::fprintf(stderr, "downs: %s\n", what.c_str());
    ++failures;
  };
  if (generated::downs.size != generated::bundle.size) fail("not one entry per migration of the bundle");
  for (std::size_t i = 0; i < generated::bundle.size; ++i) {
    const ::migbundle::Migration& m = generated::bundle.migrations[i];
    const ::migbundle::DownMigration& down = generated::downs.migrations[i];
    std::string file(file_of(m));
    file.replace(file.size() - 4, 4, ".down.sql");
    std::ifstream in(std::string(argv[1]) + "/" + file, std::ios::binary);
    if (!in) {
      if (has_down(down)) fail(file + ": no such file, but the bundle has a down");
      continue;
    }
    const std::string expected =
        normalised(std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()));
    if (!has_down(down)) {
      fail(file + ": the file exists, the bundle has no down");
      continue;
    }
    if (sql_of(down) != expected) fail(file + ": the embedded down differs from the file");
    if (sql_of(down).data()[down.size] != '\0') fail(file + ": no NUL after the down");
  }
  if (failures == 0) std::printf("downs: %zu entries checked\n", generated::downs.size);
  return failures == 0 ? 0 : 1;
}
