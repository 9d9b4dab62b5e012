// The real corpus the fault and power-loss sweeps use besides the demo: one
// mid-size project history from ../shared/corpora/flat (gophish: 25
// migrations with ALTER TABLE, AUTOINCREMENT and seeded rows), read from disk
// at test time. The directory is fixed at configure time
// (MIGBUNDLE_RELIABILITY_CORPUS) and can be overridden with the environment
// variable of the same name; when it is missing the corpus tests say so and pass.
#pragma once

#include "runtime/support/owned_bundle.hpp"

#include <cstdlib>
#include <filesystem>
#include <string>

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

}  // namespace migbundle_reliability
