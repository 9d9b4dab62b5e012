// `migbundle list --dir DIR [--json]`: what the generator would embed.
#include "commands.hpp"
#include "text_table.hpp"

#include <migbundle/generator/check_migrations.hpp>
#include <migbundle/generator/directives.hpp>
#include <migbundle/generator/load_migrations.hpp>

#include <nlohmann/json.hpp>

#include <ostream>

namespace migbundle::gen {

bool run_list(const ListOptions& options, std::ostream& out, std::ostream& err) {
  const std::vector<MigrationSource> migrations = load_migrations(options.directory);
  // Listing nothing is a true answer, but rarely the one meant: say so beside it.
  if (migrations.empty()) err << format(no_migrations(options.directory, Severity::warning)) << '\n';
  // The size is of the normalised text, like the checksum beside it: what is
  // embedded and run, the same for a CRLF checkout.
  if (options.json) {
    nlohmann::ordered_json items = nlohmann::ordered_json::array();
    for (const MigrationSource& m : migrations) {
      items.push_back({{"id", m.id},
                       {"name", m.name},
                       {"file", m.file_name},
                       {"checksum", m.checksum},
                       {"size", m.text.size()},
                       {"directives", directive_names(m.flags)}});
    }
    out << nlohmann::ordered_json{{"directory", options.directory}, {"migrations", items}}.dump(
               2, ' ', false, nlohmann::json::error_handler_t::replace)
        << '\n';
    return true;
  }
  std::vector<std::vector<std::string>> rows;
  for (const MigrationSource& m : migrations) {
    std::string directives;
    for (const std::string& name : directive_names(m.flags)) directives += (directives.empty() ? "" : ",") + name;
    rows.push_back({std::to_string(m.id), m.file_name, m.checksum, std::to_string(m.text.size()), directives});
  }
  write_table(out, {"id", "file", "checksum", "size", "directives"}, rows);
  out << migrations.size() << " migration(s)\n";
  return true;
}

}  // namespace migbundle::gen
