// Test-only, compiled at test time with a header that `migbundle generate
// --adopt` wrote as adoption_migrations.hpp (and, split, its data source):
// the adoption table compiles warning-free beside the bundle, has one entry a
// migration, and holds the keys the tool knows them by.
//
// Build: -DCHECK_NAMESPACE=<ns> -DEXPECT_SIZE=<n> -DEXPECT_TOOL=<PeerTool enumerator> -DEXPECT_TABLE=<table>
//        [-DEXPECT_LAST_KEY=<key, an identifier-like token>] [-DCHECK_CONSTEXPR]
//        -I<dir of adoption_migrations.hpp> -I<runtime/include>
#include "adoption_migrations.hpp"

#include <cstdio>
#include <cstring>

#if !defined(CHECK_NAMESPACE) || !defined(EXPECT_SIZE) || !defined(EXPECT_TOOL) || !defined(EXPECT_TABLE)
#error "define CHECK_NAMESPACE, EXPECT_SIZE, EXPECT_TOOL and EXPECT_TABLE"
#endif

#define ADOPTION_CHECKER_TEXT(x) #x
#define ADOPTION_CHECKER_STRING(x) ADOPTION_CHECKER_TEXT(x)

namespace generated = CHECK_NAMESPACE;

#ifdef CHECK_CONSTEXPR
// The inline header's table is usable in constant expressions.
static_assert(generated::adoption.size == EXPECT_SIZE, "one entry a migration");
static_assert(generated::adoption.size == generated::bundle.size, "as many entries as the bundle has migrations");
static_assert(generated::adoption.tool == ::migbundle::PeerTool::EXPECT_TOOL, "the tool given to --adopt");
#ifdef EXPECT_LAST_KEY
constexpr bool same_text(const char* a, const char* b) {
  while (*a != '\0' && *a == *b) {
    ++a;
    ++b;
  }
  return *a == *b;
}
static_assert(same_text(generated::adoption.migrations[EXPECT_SIZE - 1].key, ADOPTION_CHECKER_STRING(EXPECT_LAST_KEY)),
              "the last migration's key");
#endif
#endif

int main() {
  const ::migbundle::Adoption& adoption = generated::adoption;
  int failures = 0;
  const auto fail = [&failures](const char* what) {
    std::fprintf(stderr, "adoption table: %s\n", what);
    ++failures;
  };
  if (adoption.size != EXPECT_SIZE) fail("the wrong number of entries");
  if (adoption.size != generated::bundle.size) fail("not one entry per migration of the bundle");
  if (adoption.tool != ::migbundle::PeerTool::EXPECT_TOOL) fail("the wrong tool");
  if (std::strcmp(adoption.table, ADOPTION_CHECKER_STRING(EXPECT_TABLE)) != 0) fail("the wrong table");
#if EXPECT_SIZE == 0
  if (adoption.migrations != nullptr) fail("an empty table's migrations are not nullptr");  // no zero-size array
#endif
  for (std::size_t i = 0; i < adoption.size; ++i) {
    if (adoption.migrations[i].key == nullptr || adoption.migrations[i].hash == nullptr) fail("a null key or hash");
  }
#ifdef EXPECT_LAST_KEY
  if (adoption.size == 0 ||
      std::strcmp(adoption.migrations[adoption.size - 1].key, ADOPTION_CHECKER_STRING(EXPECT_LAST_KEY)) != 0) {
    fail("the last migration's key is not " ADOPTION_CHECKER_STRING(EXPECT_LAST_KEY));
  }
#endif
  if (failures == 0) {
    std::printf("%s knows the %zu migration(s) of the bundle, in `%s`\n", ::migbundle::peer_tool_name(adoption.tool),
                adoption.size, adoption.table);
  }
  return failures == 0 ? 0 : 1;
}
