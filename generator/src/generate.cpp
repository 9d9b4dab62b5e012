#include <migbundle/generator/generate.hpp>

#include <migbundle/generator/cpp_names.hpp>
#include <migbundle/generator/diagnostic.hpp>
#include <migbundle/generator/lint.hpp>
#include <migbundle/generator/load_migrations.hpp>
#include <migbundle/generator/lock_file.hpp>
#include <migbundle/generator/render_bundle.hpp>
#include <migbundle/generator/write_file.hpp>

namespace migbundle::gen {

GenerateResult generate(const GenerateOptions& options) {
  if (!is_namespace_path(options.cpp_namespace)) {
    throw UsageError("--namespace `" + options.cpp_namespace +
                     "` is not a C++ namespace: use identifiers joined by `::`, e.g. `app::db`");
  }
  const std::vector<MigrationSource> migrations = load_migrations(options.directory);
  std::vector<Diagnostic> warnings = lint_migrations(migrations);
  if (options.lock_file) require_lock_matches(migrations, read_lock_file(*options.lock_file));
  const RenderedBundle rendered = render_bundle(migrations, options.cpp_namespace, options.source.has_value());

  GenerateResult result;
  result.migrations = migrations.size();
  result.warnings = std::move(warnings);
  if (options.check_only) {
    result.up_to_date = file_holds(options.header, rendered.header) &&
                        (!options.source || file_holds(*options.source, rendered.source));
    return result;
  }
  const bool header_written = write_if_changed(options.header, rendered.header);
  const bool source_written = options.source && write_if_changed(*options.source, rendered.source);
  result.up_to_date = !header_written && !source_written;
  return result;
}

}  // namespace migbundle::gen
