// How a loaded migration becomes an entry of bundle format 2: the one place
// that knows the entry's fields, for the generated code and for the CLI's
// bundle built at run time.
#pragma once

#include <migbundle/bundle.hpp>
#include <migbundle/generator/load_migrations.hpp>

namespace migbundle::gen {

/// `m` as a Migration whose `text` is `text` (its file name then its SQL,
/// owned by the caller; null when only the other fields are wanted). Throws
/// std::invalid_argument when a size does not fit the entry, which
/// load_migrations() has refused with a diagnostic before.
[[nodiscard]] Migration bundle_entry(const MigrationSource& m, const char* text);

}  // namespace migbundle::gen
