// The generated header (and, split, its data source file), from loaded migrations.
#pragma once

#include <migbundle/generator/load_migrations.hpp>
#include <migbundle/generator/text_sink.hpp>

#include <string>
#include <vector>

namespace migbundle::gen {

struct RenderedBundle {
  std::string header;
  std::string source;  ///< empty unless rendered split
};

/// Renders the bundle for C++ namespace `cpp_namespace` (e.g. `app::db`,
/// already validated). `split`: the header declares `bundle` and the source
/// file defines the data, so editing SQL recompiles one translation unit.
/// Deterministic: the output depends only on the arguments.
[[nodiscard]] RenderedBundle render_bundle(const std::vector<MigrationSource>& migrations,
                                           const std::string& cpp_namespace, bool split);

/// The same, streamed: the header goes to `header` and, split, the data
/// source file to `*source` (null: not split, one inline header), a piece at
/// a time, so the whole output is never held in memory.
void render_bundle(const std::vector<MigrationSource>& migrations, const std::string& cpp_namespace, TextSink& header,
                   TextSink* source);

}  // namespace migbundle::gen
