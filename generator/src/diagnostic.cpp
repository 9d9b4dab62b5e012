#include <migbundle/generator/diagnostic.hpp>

namespace migbundle::gen {

std::string format(const Diagnostic& diagnostic) {
  std::string text = diagnostic.path;
  if (diagnostic.line > 0) {
    text += ':' + std::to_string(diagnostic.line);
    if (diagnostic.column > 0) text += ':' + std::to_string(diagnostic.column);
  }
  text += diagnostic.severity == Severity::error     ? ": error: "
          : diagnostic.severity == Severity::warning ? ": warning: "
                                                     : ": note: ";
  text += diagnostic.message;
  return text;
}

namespace {
std::string summary(const std::vector<Diagnostic>& diagnostics) {
  return diagnostics.empty() ? std::string("problem in the migrations") : format(diagnostics.front());
}
}  // namespace

MigrationsError::MigrationsError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(summary(diagnostics)), diagnostics_(std::move(diagnostics)) {}

}  // namespace migbundle::gen
