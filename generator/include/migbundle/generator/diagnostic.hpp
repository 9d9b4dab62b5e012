// Problems found in migrations, in the form compilers use, so IDEs and CI annotate them.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace migbundle::gen {

enum class Severity { error, warning, note };

struct Diagnostic {
  std::string path;  ///< as the user gave it (relative stays relative)
  int line = 0;      ///< 1-based; 0 when the problem is the file as a whole
  int column = 0;    ///< 1-based; 0 when unknown
  Severity severity = Severity::error;
  std::string message;
};

/// `path:line:col: error: message` (line and column left out when unknown).
[[nodiscard]] std::string format(const Diagnostic& diagnostic);

/// Thrown when the migrations themselves are wrong (exit code 1). Carries
/// every problem found, not just the first, so one run shows them all.
class MigrationsError : public std::runtime_error {
 public:
  explicit MigrationsError(std::vector<Diagnostic> diagnostics);
  [[nodiscard]] const std::vector<Diagnostic>& diagnostics() const noexcept { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

/// Thrown when the command was used wrongly (exit code 2): a missing
/// directory, an invalid namespace, an unwritable output.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace migbundle::gen
