// The real corpus the fault and power-loss sweeps use besides the demo: one
// mid-size project history from ../shared/corpora/flat (gophish: 25
// migrations with ALTER TABLE, AUTOINCREMENT and seeded rows), read from disk
// at test time. The directory is fixed at configure time
// (MIGBUNDLE_RELIABILITY_CORPUS) and can be overridden with the environment
// variable of the same name. When the directory is missing the corpus tests
// are skipped, and CTest reports them so (skip_without_corpus()).
#pragma once

#include "runtime/support/owned_bundle.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

#ifndef MIGBUNDLE_RELIABILITY_CORPUS_DIR
#define MIGBUNDLE_RELIABILITY_CORPUS_DIR ""
#endif

namespace migbundle_reliability {

inline std::filesystem::path corpus_directory() {
  if (const char* from_environment = std::getenv("MIGBUNDLE_RELIABILITY_CORPUS")) return from_environment;
  return MIGBUNDLE_RELIABILITY_CORPUS_DIR;
}

/// The corpus, loaded once; empty when the directory is absent.
inline const migbundle_test::OwnedBundle& corpus_bundle() {
  static const migbundle_test::OwnedBundle bundle = migbundle_test::OwnedBundle::load_directory(corpus_directory());
  return bundle;
}

inline std::string corpus_name() { return corpus_directory().filename().string(); }

/// True when the corpus directory is absent: it then prints the line that makes
/// CTest report the test skipped, with the reason (SKIP_REGULAR_EXPRESSION
/// "MIGBUNDLE_SKIP:" in tests/reliability/CMakeLists.txt), and the test case
/// returns. Catch2 v2 has no skip of its own, and a test that returned early
/// without this would pass having tested nothing. A directory that is there but
/// holds no migration is not a skip: the caller REQUIREs a non-empty bundle.
inline bool skip_without_corpus() {
  std::error_code error;
  if (std::filesystem::is_directory(corpus_directory(), error)) return false;
  std::printf(
      "MIGBUNDLE_SKIP: no corpus at %s (the corpora belong at ../shared/corpora/flat beside the repository; "
      "or configure with -DMIGBUNDLE_RELIABILITY_CORPUS=<dir>, or set the environment variable of that name)\n",
      corpus_directory().string().c_str());
  std::fflush(stdout);
  return true;
}

}  // namespace migbundle_reliability
