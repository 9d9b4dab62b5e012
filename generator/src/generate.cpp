#include <migbundle/generator/generate.hpp>

#include <migbundle/generator/cpp_names.hpp>
#include <migbundle/generator/diagnostic.hpp>
#include <migbundle/generator/lint.hpp>
#include <migbundle/generator/load_migrations.hpp>
#include <migbundle/generator/lock_file.hpp>
#include <migbundle/generator/render_bundle.hpp>
#include <migbundle/generator/write_file.hpp>

#include <optional>

namespace migbundle::gen {

GenerateResult generate(const GenerateOptions& options) {
  if (const std::string problem = namespace_problem(options.cpp_namespace); !problem.empty()) {
    throw UsageError("--namespace `" + options.cpp_namespace + "` is not a C++ namespace the generated code can use: " +
                     problem + "; choose another, e.g. `app::db`");
  }
  const std::vector<MigrationSource> migrations = load_migrations(options.directory);
  check_bundle_size(migrations);  // before any output is opened: a refusal writes nothing
  std::vector<Diagnostic> warnings = lint_migrations(migrations);
  if (options.lock_file) require_lock_matches(migrations, read_lock_file(*options.lock_file));
  GenerateResult result;
  result.migrations = migrations.size();
  result.warnings = std::move(warnings);
  // Streamed: each file is compared with what is on disk as it is rendered
  // and written only from the first difference on (never, with --check).
  const auto mode = options.check_only ? OutputFile::Mode::compare : OutputFile::Mode::write;
  OutputFile header(options.header, mode);
  std::optional<OutputFile> source;
  if (options.source) source.emplace(*options.source, mode);
  render_bundle(migrations, options.cpp_namespace, header, source ? &*source : nullptr);
  const bool header_changed = header.finish();
  const bool source_changed = source && source->finish();
  result.up_to_date = !header_changed && !source_changed;
  return result;
}

}  // namespace migbundle::gen
