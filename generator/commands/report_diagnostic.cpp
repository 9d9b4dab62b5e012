#include "report_diagnostic.hpp"

namespace migbundle::gen {
namespace {

const char* error_name(Error error) {
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
  return "unknown";
}

}  // namespace

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
    error["statement"] = report.statement_index();
  }
  error["sqlite_code"] = report.sqlite_code();
  error["sqlite_extended_code"] = report.extended_code();
  return error;
}

}  // namespace migbundle::gen
