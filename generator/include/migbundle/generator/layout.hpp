// The folder layouts migbundle reads: its own, and other migration tools',
// so a project keeps its files as they are when it moves to migbundle.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace migbundle::gen {

enum class Layout {
  automatic,       ///< detect from the folder; refuse when two layouts fit
  migbundle,       ///< `<digits>_<name>.sql` (also hiqlite's, and sqlx's and wrangler's without their extras)
  drizzle,         ///< `meta/_journal.json` + `<tag>.sql`, `--> statement-breakpoint`
  wrangler,        ///< Cloudflare D1: `<NNNN>_<name>.sql`, run in file-name order
  sqlx,            ///< `<version>_<name>.sql` or `.up.sql`/`.down.sql`, `-- no-transaction`
  goose,           ///< `-- +goose Up/Down`, `StatementBegin/End`, `NO TRANSACTION`
  dbmate,          ///< `-- migrate:up/down`, `transaction:false`
  golang_migrate,  ///< `<version>_<name>.up.sql` / `.down.sql`
  diesel,          ///< `<version>_<name>/up.sql`, `down.sql`, `metadata.toml`
  flyway,          ///< `V<version>__<name>.sql`
  prisma,          ///< `<timestamp>_<name>/migration.sql`
  maragudk,        ///< maragudk/migrate: `<name>.up.sql` in file-name order, no numbers
  popx,            ///< ory/popx: `<version>_<name>[.<dialect>][.autocommit].up.sql`
  sql_migrate,     ///< rubenv/sql-migrate: `-- +migrate Up/Down`, `Up notransaction`
};

/// Every layout's name as `--layout` and `LAYOUT` take it, `auto` first.
[[nodiscard]] const std::vector<std::string_view>& layout_names();
[[nodiscard]] std::string_view layout_name(Layout layout);
[[nodiscard]] std::optional<Layout> layout_from_name(std::string_view name);

}  // namespace migbundle::gen
