// Where the runtime writes the prose of its messages. A build with
// MIGBUNDLE_MESSAGES=0 (CMake: MIGBUNDLE_RUNTIME_MESSAGES=OFF) keeps every
// fact of a Report and the `file:line:col: error: ` start of its message,
// ends the message with the error's name and SQLite's code, and leaves the
// prose out of the image: for firmware that logs codes, it is 36% of the
// runtime's flash.
#pragma once

#include "core/fixed_writer.hpp"

#include <migbundle/report.hpp>

#include <type_traits>

#ifndef MIGBUNDLE_MESSAGES
#define MIGBUNDLE_MESSAGES 1
#endif

namespace migbundle {

inline constexpr bool messages_enabled = MIGBUNDLE_MESSAGES != 0;

/// Takes the prose and drops it; its literals are then never referenced.
class NoProse {
 public:
  NoProse(const FixedWriter&) noexcept {}  // implicit: `return out;` reads the same in both builds
  template <class T>
  NoProse& operator<<(const T&) noexcept {
    return *this;
  }
};

using MessageWriter = std::conditional_t<messages_enabled, FixedWriter, NoProse>;

/// A message's prose as a literal: an empty one without messages, so the
/// text of a literal passed down to a function is not in the image either.
#if MIGBUNDLE_MESSAGES
#define MIGBUNDLE_PROSE(text) text
#else
#define MIGBUNDLE_PROSE(text) ""
#endif

/// Without prose, what follows `error: `: the error's name, and SQLite's code
/// when it has one (`migration_failed, SQLite code 1`).
inline void write_terse_explanation(char* message, std::size_t capacity, std::size_t offset, Error error,
                                    int extended_code) noexcept {
  if (offset >= capacity) return;
  FixedWriter out(message + offset, capacity - offset);
  out << error_name(error);
  if (extended_code != 0) out << ", SQLite code " << extended_code;
}

}  // namespace migbundle
