#include "report_diagnostic.hpp"

namespace migbundle::gen {
Diagnostic diagnostic_of(const Report& report, const LoadedBundle& loaded, const std::string& fallback_path) {
  Diagnostic diagnostic;
  diagnostic.message = report.explanation();
  if (report.migration() != nullptr) {
    diagnostic.path = loaded.source_of(*report.migration()).display_path;
    diagnostic.line = report.line() > 0 ? report.line() : 1;
    diagnostic.column = report.column() > 0 ? report.column() : 1;
  } else {
    diagnostic.path = fallback_path;
  }
  return diagnostic;
}

nlohmann::ordered_json error_json(const Report& report, const LoadedBundle& loaded) {
  nlohmann::ordered_json error = {{"kind", error_name(report.error())}, {"message", report.message()}};
  if (report.migration() != nullptr) {
    error["id"] = report.migration()->id;
    error["file"] = loaded.source_of(*report.migration()).display_path;
    error["line"] = report.line();
    error["column"] = report.column();
    // 1-based, as the message counts ("in statement 3"); absent when no statement failed.
    if (report.statement_index() >= 0) error["statement"] = report.statement_index() + 1;
  }
  if (report.sqlstate()[0] != '\0') error["sqlstate"] = report.sqlstate();  // PostgreSQL's
  error["sqlite_code"] = report.sqlite_code();
  error["sqlite_extended_code"] = report.extended_code();
  return error;
}

}  // namespace migbundle::gen
