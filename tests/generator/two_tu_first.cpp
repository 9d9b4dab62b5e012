// Test-only, compiled at test time with two_tu_second.cpp: a generated header
// included in two translation units links (inline variables, no multiple
// definitions) and both units see one and the same bundle.
#include "demo_migrations.hpp"

#include <cstdio>

const migbundle::Bundle* bundle_in_second_unit();

int main() {
  const migbundle::Bundle& here = demo::db::bundle;
  const migbundle::Bundle* there = bundle_in_second_unit();
  int failures = 0;
  if (&here != there) {
    std::fprintf(stderr, "the two translation units see different bundle objects\n");
    ++failures;
  }
  if (here.size == 0 || here.size != there->size) {
    std::fprintf(stderr, "bundle sizes %zu and %zu\n", here.size, there->size);
    ++failures;
  }
  for (std::size_t i = 0; i < here.size && i < there->size; ++i) {
    if (here.migrations[i].text != there->migrations[i].text) {
      std::fprintf(stderr, "migration #%zu: its SQL exists twice\n", i);
      ++failures;
    }
  }
  if (failures == 0) std::printf("one bundle of %zu migrations across two translation units\n", here.size);
  return failures == 0 ? 0 : 1;
}
