// `migbundle list --dir DIR [--json]`: what the generator would embed.
#include "commands.hpp"

#include <migbundle/generator/directives.hpp>
#include <migbundle/generator/load_migrations.hpp>

#include <nlohmann/json.hpp>

#include <iomanip>
#include <ostream>

namespace migbundle::gen {

bool run_list(const ListOptions& options, std::ostream& out, std::ostream&) {
  const std::vector<MigrationSource> migrations = load_migrations(options.directory);
  if (options.json) {
    nlohmann::ordered_json items = nlohmann::ordered_json::array();
    for (const MigrationSource& m : migrations) {
      items.push_back({{"id", m.id},
                       {"name", m.name},
                       {"file", m.file_name},
                       {"checksum", m.checksum},
                       {"size", m.file_size},
                       {"directives", directive_names(m.flags)}});
    }
    out << nlohmann::ordered_json{{"directory", options.directory}, {"migrations", items}}.dump(
               2, ' ', false, nlohmann::json::error_handler_t::replace)
        << '\n';
    return true;
  }
  out << std::left << std::setw(20) << "id" << "  " << std::setw(36) << "file" << "  " << std::setw(64) << "checksum"
      << "  " << std::setw(10) << "size" << "  directives\n";
  for (const MigrationSource& m : migrations) {
    std::string directives;
    for (const std::string& name : directive_names(m.flags)) directives += (directives.empty() ? "" : ",") + name;
    out << std::left << std::setw(20) << m.id << "  " << std::setw(36) << m.file_name << "  " << m.checksum << "  "
        << std::setw(10) << m.file_size << "  " << directives << '\n';
  }
  out << migrations.size() << " migration(s)\n";
  return true;
}

}  // namespace migbundle::gen
