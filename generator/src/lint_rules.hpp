// What lint.cpp shares with each engine's rules (lint_postgres.cpp).
#pragma once

#include <migbundle/generator/diagnostic.hpp>
#include <migbundle/generator/load_migrations.hpp>

#include <cstddef>
#include <string_view>
#include <vector>

namespace migbundle::gen {

struct LintPosition {
  int line = 1;    ///< 1-based
  int column = 1;  ///< 1-based, in characters (UTF-8 code points), as editors count
};

/// Where `offset` of `text` is, as an editor shows it.
[[nodiscard]] LintPosition lint_position(std::string_view text, std::size_t offset);

/// PostgreSQL's statement rules for one migration (see lint_migration()),
/// appended to `problems`.
void lint_postgres_statements(const MigrationSource& migration, std::vector<Diagnostic>& problems);

}  // namespace migbundle::gen
