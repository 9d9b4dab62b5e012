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
  LoadedMigrations read = read_migrations(options.directory, options.layout);
  if (!read.problems.empty()) throw MigrationsError(std::move(read.problems));
  if (!read.detected.empty()) err << format(detected_layout_note(options.directory, read.layout, read.detected)) << '\n';
  for (const Diagnostic& warning : read.warnings) err << format(warning) << '\n';
  const std::vector<MigrationSource>& migrations = read.migrations;
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
                       {"directives", directive_names(m.flags)},
                       {"down", m.down_text.has_value()},
                       {"down_checksum", m.down_text ? nlohmann::ordered_json(m.down_checksum)
                                                     : nlohmann::ordered_json(nullptr)}});
    }
    out << nlohmann::ordered_json{
               {"directory", options.directory}, {"layout", layout_name(read.layout)}, {"migrations", items}}.dump(
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
