#include <migbundle/generator/engine.hpp>

namespace migbundle::gen {

const std::vector<std::string_view>& engine_names() {
  // cmake/AddMigrations.cmake lists the same names for ENGINE.
  static const std::vector<std::string_view> names = {"sqlite", "postgres"};
  return names;
}

std::string_view engine_name(Engine engine) { return engine == Engine::postgres ? "postgres" : "sqlite"; }

std::optional<Engine> engine_from_name(std::string_view name) {
  if (name == "sqlite") return Engine::sqlite;
  if (name == "postgres") return Engine::postgres;
  return std::nullopt;
}

}  // namespace migbundle::gen
