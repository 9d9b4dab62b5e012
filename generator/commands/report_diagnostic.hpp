// A runtime Report as a compiler-style diagnostic on the migration's real path.
#pragma once

#include "loaded_bundle.hpp"

#include <migbundle/generator/diagnostic.hpp>
#include <migbundle/report.hpp>

#include <nlohmann/json.hpp>

namespace migbundle::gen {

/// `migrations/0002_x.sql:3:7: error: ...` when the report concerns a
/// migration; otherwise the error is placed on `fallback_path` (the database).
[[nodiscard]] Diagnostic diagnostic_of(const Report& report, const LoadedBundle& loaded, const std::string& fallback_path);

/// The report's error as JSON: kind, message, file, line, column, statement
/// (1-based, as in the message), SQLite codes.
[[nodiscard]] nlohmann::ordered_json error_json(const Report& report, const LoadedBundle& loaded);

}  // namespace migbundle::gen
