// The database engine a migrations folder is written for. It decides which
// rules the lint applies (SQLite's or PostgreSQL's), never what is generated:
// the bundle's bytes are the same for either.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace migbundle::gen {

enum class Engine {
  sqlite,    ///< the default: SQLite's statements and transaction rules
  postgres,  ///< PostgreSQL's, statements split as psql splits them
};

/// Every engine's name as `--engine` and `ENGINE` take it, the default first.
[[nodiscard]] const std::vector<std::string_view>& engine_names();
[[nodiscard]] std::string_view engine_name(Engine engine);
[[nodiscard]] std::optional<Engine> engine_from_name(std::string_view name);

}  // namespace migbundle::gen
