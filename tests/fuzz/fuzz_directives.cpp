// libFuzzer: the directive parser never crashes, sets only known flags, and
// every problem it reports points at a line of the text.
#include <migbundle/bundle.hpp>
#include <migbundle/generator/directives.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<migbundle::gen::Diagnostic> problems;
  const std::uint32_t flags = migbundle::gen::parse_directives(text, "fuzz.sql", problems);
  constexpr std::uint32_t known = migbundle::flag_no_transaction | migbundle::flag_baseline;
  if ((flags & ~known) != 0) std::abort();
  const auto lines = 1 + std::count(text.begin(), text.end(), '\n');
  for (const auto& problem : problems) {
    if (problem.line < 1 || problem.line > lines || problem.column < 1 || problem.message.empty()) std::abort();
  }
  return 0;
}
