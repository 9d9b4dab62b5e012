#include <migbundle/generator/generate.hpp>

#include <migbundle/adopt.hpp>
#include <migbundle/generator/check_migrations.hpp>
#include <migbundle/generator/cpp_names.hpp>
#include <migbundle/generator/diagnostic.hpp>
#include <migbundle/generator/folder_stream.hpp>
#include <migbundle/generator/load_migrations.hpp>
#include <migbundle/generator/lock_file.hpp>
#include <migbundle/generator/peer_identity.hpp>
#include <migbundle/generator/render_bundle.hpp>
#include <migbundle/generator/write_file.hpp>
#include <migbundle/table_name.hpp>

#include <optional>
#include <system_error>

namespace migbundle::gen {
namespace {

namespace fs = std::filesystem;

/// Whether two paths name one file, whether or not it exists yet.
bool same_file(const fs::path& a, const fs::path& b) {
  std::error_code error;
  const fs::path full_a = fs::weakly_canonical(fs::absolute(a, error), error);
  const fs::path full_b = fs::weakly_canonical(fs::absolute(b, error), error);
  return full_a.lexically_normal() == full_b.lexically_normal();
}

/// The folder as a FolderStream when it can be read a file at a time: in
/// migbundle's layout (named, or detected), and without --adopt, whose
/// identities (another tool's hashes) need every file's text together.
std::optional<FolderStream> stream_folder(const GenerateOptions& options, const LockFile* lock) {
  if (options.adopt) return std::nullopt;
  if (options.layout == Layout::migbundle) {
    return std::optional<FolderStream>(std::in_place, options.directory, lock, options.engine);
  }
  if (options.layout != Layout::automatic) return std::nullopt;
  require_migrations_directory(options.directory);
  const DetectedLayout detected = detect_layout(options.directory);
  if (detected.layout != Layout::migbundle) return std::nullopt;
  return std::optional<FolderStream>(std::in_place, options.directory, lock, options.engine,
                                     detected_layout_note(options.directory, detected.layout, detected.because));
}

}  // namespace

GenerateResult generate(const GenerateOptions& options) {
  if (const std::string problem = namespace_problem(options.cpp_namespace); !problem.empty()) {
    throw UsageError("--namespace `" + options.cpp_namespace + "` is not a C++ namespace the generated code can use: " +
                     problem + "; choose another, e.g. `app::db`");
  }
  // One file for two outputs would hold only the one written last, and the
  // lock file overwritten by a header would protect nothing.
  if (options.source && same_file(options.header, *options.source)) {
    throw UsageError("--out and --source name the same file `" + options.header.generic_string() +
                     "`; give the data source its own name, e.g. `" +
                     fs::path(options.header).replace_extension(".cpp").generic_string() + "`");
  }
  if (options.lock_file) {
    for (const auto& [flag, output] : {std::pair<const char*, const fs::path*>{"--out", &options.header},
                                       {"--source", options.source ? &*options.source : nullptr}}) {
      if (output != nullptr && same_file(*output, *options.lock_file)) {
        throw UsageError(std::string(flag) + " and --lock name the same file `" + output->generic_string() +
                         "`; the generated code must not overwrite the lock file");
      }
    }
  }
  if (!options.adopt_table.empty() && !options.adopt) {
    throw UsageError("--adopt-table `" + options.adopt_table +
                     "` names the table of the tool given with --adopt: give --adopt too");
  }
  if (!options.adopt_table.empty() && !::migbundle::is_valid_table_name(options.adopt_table.c_str())) {
    throw UsageError("--adopt-table `" + options.adopt_table +
                     "` is not a table name migbundle takes: use letters, digits and `_`, not starting with a digit, "
                     "at most 64 bytes (e.g. `schema_migrations`)");
  }
  std::optional<LockFile> lock;
  if (options.lock_file) {
    lock = read_lock_file(*options.lock_file, options.allow_missing_lock ? MissingLock::empty : MissingLock::error);
  }
  // migbundle's own layout is read a file at a time, as it is rendered;
  // otherwise the folder is read and checked whole, before any output is
  // opened, so a refusal writes nothing. A streamed folder that fails later
  // leaves its outputs unfinished, which keeps the files on disk as they were.
  const LockFile* locked = lock ? &*lock : nullptr;
  std::optional<FolderStream> folder = stream_folder(options, locked);
  std::optional<CheckedMigrations> checked;
  std::optional<AdoptionTable> adoption;
  if (!folder) {
    checked = check_migrations(options.directory, locked, options.layout, options.engine);
    check_bundle_size(checked->migrations);
    if (options.adopt) {
      adoption = AdoptionTable{*options.adopt,
                               options.adopt_table.empty() ? ::migbundle::peer_default_table(*options.adopt)
                                                           : options.adopt_table,
                               peer_identities(*options.adopt, options.directory, checked->migrations)};
    }
  }
  // Streamed: each file is compared with what is on disk as it is rendered
  // and written only from the first difference on (never, with --check).
  const auto mode = options.check_only ? OutputFile::Mode::compare : OutputFile::Mode::write;
  OutputFile header(options.header, mode);
  std::optional<OutputFile> source;
  if (options.source) source.emplace(*options.source, mode);
  TextSink* source_sink = source ? &*source : nullptr;
  const SchemaTable* schema = options.schema ? &*options.schema : nullptr;
  if (folder) {
    render_bundle(*folder, options.cpp_namespace, header, source_sink, nullptr, schema);
  } else {
    render_bundle(checked->migrations, options.cpp_namespace, header, source_sink, adoption ? &*adoption : nullptr,
                  schema);
  }
  const bool header_changed = header.finish();
  const bool source_changed = source && source->finish();
  GenerateResult result;
  result.up_to_date = !header_changed && !source_changed;
  result.migrations = folder ? folder->size() : checked->migrations.size();
  result.warnings = folder ? folder->warnings() : std::move(checked->warnings);
  if (result.migrations == 0) result.warnings.push_back(no_migrations(options.directory, Severity::warning));
  return result;
}

}  // namespace migbundle::gen
