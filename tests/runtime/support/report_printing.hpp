// Readable Catch2 output for the runtime's value types: an Error prints as its
// name, not as a number, when a CHECK on it fails.
#pragma once

#include <migbundle/migrate.hpp>
#include <migbundle/report.hpp>

#include <ostream>

namespace migbundle {

inline const char* error_name(Error error) {
  switch (error) {
    case Error::none: return "none";
    case Error::invalid_argument: return "invalid_argument";
    case Error::sqlite: return "sqlite";
    case Error::migration_failed: return "migration_failed";
    case Error::checksum_mismatch: return "checksum_mismatch";
    case Error::unknown_applied: return "unknown_applied";
    case Error::out_of_order: return "out_of_order";
    case Error::foreign_key_violation: return "foreign_key_violation";
  }
  return "<unlisted Error>";
}

// Found by argument-dependent lookup, which is how Catch2 stringifies values.
inline std::ostream& operator<<(std::ostream& out, Error error) { return out << "Error::" << error_name(error); }

inline std::ostream& operator<<(std::ostream& out, Phase phase) {
  return out << (phase == Phase::before ? "Phase::before" : "Phase::after");
}

}  // namespace migbundle
