// Readable Catch2 output for the runtime's value types: an Error prints as its
// name, not as a number, when a CHECK on it fails.
#pragma once

#include <migbundle/migrate.hpp>
#include <migbundle/report.hpp>

#include <ostream>

namespace migbundle {

// Found by argument-dependent lookup, which is how Catch2 stringifies values.
inline std::ostream& operator<<(std::ostream& out, Error error) { return out << "Error::" << error_name(error); }

inline std::ostream& operator<<(std::ostream& out, Phase phase) {
  return out << (phase == Phase::before ? "Phase::before" : "Phase::after");
}

}  // namespace migbundle
