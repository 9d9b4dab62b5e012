// The figures the reliability tests measure (fault points swept, trials,
// time), printed on stdout with a common prefix so that
// `ctest -L reliability -V | grep 'reliability figures'` collects them.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>

namespace migbundle_reliability {

inline void print_figure(const std::string& text) {
  std::printf("[reliability figures] %s\n", text.c_str());
  std::fflush(stdout);
}

/// Seconds since construction.
class Stopwatch {
 public:
  [[nodiscard]] double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

/// "1.23 s"
inline std::string format_seconds(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f s", seconds);
  return text;
}

}  // namespace migbundle_reliability
