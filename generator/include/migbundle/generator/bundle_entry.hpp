// How a loaded migration becomes an entry of bundle format 5: the one place
// that knows the entry's fields, for the generated code and for the CLI's
// bundle built at run time.
#pragma once

#include <migbundle/bundle.hpp>
#include <migbundle/generator/load_migrations.hpp>

#include <string>

namespace migbundle::gen {

/// `m` as a Migration, its checksum's raw bytes included, whose `text` is
/// `text` (bundle_text(m), owned by the caller; null when only the other
/// fields are wanted). Throws
/// std::invalid_argument when a size does not fit the entry, which
/// load_migrations() has refused with a diagnostic before.
[[nodiscard]] Migration bundle_entry(const MigrationSource& m, const char* text);

/// What a Migration's `text` holds for `m` (migbundle/migration.hpp): its
/// file name, then its SQL.
[[nodiscard]] std::string bundle_text(const MigrationSource& m);

/// What a DownMigration's `text` holds for `m`'s down: its checksum's 32 raw
/// bytes then the down SQL; empty when `m` has no down.
[[nodiscard]] std::string down_text(const MigrationSource& m);

}  // namespace migbundle::gen
