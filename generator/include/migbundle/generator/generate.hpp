// `migbundle generate`: a migrations directory in, a header (and data source) out.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <migbundle/adopt.hpp>
#include <migbundle/generator/diagnostic.hpp>
#include <migbundle/generator/engine.hpp>
#include <migbundle/generator/layout.hpp>
#include <migbundle/generator/render_bundle.hpp>

namespace migbundle::gen {

struct GenerateOptions {
  std::filesystem::path directory;
  Layout layout = Layout::migbundle;  ///< how the directory is laid out (`--layout`)
  Engine engine = Engine::sqlite;     ///< whose rules the lint applies (`--engine`); the output is the same
  std::filesystem::path header;
  std::optional<std::filesystem::path> source;  ///< split the SQL data into this .cpp file
  std::string cpp_namespace;
  bool check_only = false;  ///< write nothing; report whether the outputs are current
  std::optional<std::filesystem::path> lock_file;  ///< fail when released migrations changed
  bool allow_missing_lock = false;  ///< a lock_file that does not exist is an empty lock, not an error
  /// Also emit what this tool knows each migration by, as `adoption` (`--adopt`).
  std::optional<::migbundle::PeerTool> adopt;
  std::string adopt_table;  ///< the tool's tracking table (`--adopt-table`); empty: peer_default_table()
  /// Also emit `schema`, the schema the migrations give (`--schema`), taken by the caller
  /// (generating runs no SQL itself).
  std::optional<SchemaTable> schema;
};

struct GenerateResult {
  std::size_t migrations = 0;
  bool up_to_date = true;  ///< outputs already held exactly what was generated
  std::vector<Diagnostic> warnings;
};

/// Loads, lints, checks against the lock file, renders; writes only files
/// whose content changed.
/// An empty directory generates an empty bundle (a project starting out) with a warning.
/// With `adopt`, the files' keys and hashes as that tool computes them
/// (peer_identities()) are emitted beside the bundle.
/// Throws UsageError (bad namespace, one file given for two outputs, a
/// missing lock file, unwritable output, an adopt_table that is not a table
/// name or is given without adopt) or MigrationsError.
GenerateResult generate(const GenerateOptions& options);

}  // namespace migbundle::gen
