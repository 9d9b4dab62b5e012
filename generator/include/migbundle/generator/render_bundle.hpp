// The generated header (and, split, its data source file), from loaded migrations.
#pragma once

#include <migbundle/adopt.hpp>
#include <migbundle/generator/diagnostic.hpp>
#include <migbundle/generator/load_migrations.hpp>
#include <migbundle/generator/peer_identity.hpp>
#include <migbundle/generator/text_sink.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace migbundle::gen {

/// The most SQL one bundle may hold, all its migrations together: what GCC 12
/// and Clang 14 were measured to compile, in one generated source, at about
/// 4 bytes of memory per byte of SQL (512 MB in one migration: 2.1 GB, 35-66 s
/// at -O2; 1 GiB: 4.3 GB, 85 s, so this keeps a factor of two). Their hard
/// walls are near 2 GiB (GCC keeps a literal's length in
/// an `int`, Clang a file's offsets in 31 bits); MSVC documents no limit since
/// VS 2022 17.0 (65,535 bytes a literal before). Beyond this, generate refuses
/// rather than leave a compiler to run out of memory.
inline constexpr std::uint64_t max_bundle_sql_size = std::uint64_t{512} * 1024 * 1024;

/// Throws MigrationsError, naming the file, when the migrations' SQL together
/// passes `limit` bytes: that one migration when it is too big alone, else
/// the one at which the sum passes it.
void check_bundle_size(const std::vector<MigrationSource>& migrations, std::uint64_t limit = max_bundle_sql_size);

/// The same a migration at a time: `total` is the SQL of those before `m`,
/// and grows by `m`'s. The problem, if `m` is where the bundle gets too big.
[[nodiscard]] std::optional<Diagnostic> bundle_size_problem(const MigrationSource& m, std::uint64_t& total,
                                                            std::uint64_t limit = max_bundle_sql_size);

/// What another tool knows the bundle's migrations by (`generate --adopt`):
/// rendered after the bundle as `adopt_migrations` and the
/// ::migbundle::Adoption `adoption` that the adopting migrate() takes.
struct AdoptionTable {
  ::migbundle::PeerTool tool = ::migbundle::PeerTool::drizzle;
  std::string table;                     ///< the tool's tracking table (already validated)
  std::vector<PeerIdentity> migrations;  ///< one per migration of the bundle, in bundle order
};

/// One object of the schema the migrations give (`generate --schema`):
/// rendered after the bundle as `schema_objects` and the ::migbundle::Schema
/// `schema` that check_schema() takes (migbundle/schema.hpp).
struct SchemaEntry {
  std::string type;  ///< "table", "index", "view" or "trigger"
  std::string name;
  std::string table;  ///< what it belongs to
  std::string sql;    ///< as SQLite stores it
  std::uint64_t fingerprint = 0;  ///< ::migbundle::schema_fingerprint() of the four
};
/// Every object, in for_each_schema_object()'s order.
using SchemaTable = std::vector<SchemaEntry>;

struct RenderedBundle {
  std::string header;
  std::string source;  ///< empty unless rendered split
};

/// Renders the bundle for C++ namespace `cpp_namespace` (e.g. `app::db`,
/// already validated). `split`: the header declares `bundle` and the source
/// file defines the data, so editing SQL recompiles one translation unit.
/// Deterministic: the output depends only on the arguments. Checks the size
/// first (check_bundle_size()). With `adoption` (null: none, and the output
/// is what it was before adoption existed), the header also includes
/// <migbundle/adopt.hpp> and exposes `adoption` beside `bundle`, split like it;
/// a table whose size is not the bundle's is a std::invalid_argument.
[[nodiscard]] RenderedBundle render_bundle(const std::vector<MigrationSource>& migrations,
                                           const std::string& cpp_namespace, bool split,
                                           const AdoptionTable* adoption = nullptr,
                                           const SchemaTable* schema = nullptr);

/// The migrations a bundle is rendered from, visited in bundle order, each
/// loaded only for its visit: those already loaded, or a folder read a file
/// at a time (FolderStream), so the generator never holds every SQL text.
class MigrationSequence {
 public:
  using Visit = std::function<void(const MigrationSource&)>;
  virtual ~MigrationSequence() = default;
  /// How many for_each() visits, known before it runs.
  [[nodiscard]] virtual std::size_t size() const = 0;
  /// Whether any migration has a down, known before for_each() runs.
  [[nodiscard]] virtual bool any_down() const = 0;
  /// Each migration with its text (and down) loaded; called exactly once, also
  /// for no migrations. May throw, when done, a MigrationsError for problems
  /// found on the way: nothing visited counts then.
  virtual void for_each(const Visit& visit) = 0;
  /// After for_each(): each migration again, with its down loaded (unset where it has none).
  virtual void for_each_down(const Visit& visit) = 0;
};

/// The same, streamed: the header goes to `header` and, split, the data
/// source file to `*source` (null: not split, one inline header), a piece at
/// a time, so the whole output is never held in memory.
/// With `schema` (null: none, the output as before), `schema` is exposed beside `bundle` the same way.
void render_bundle(const std::vector<MigrationSource>& migrations, const std::string& cpp_namespace, TextSink& header,
                   TextSink* source, const AdoptionTable* adoption = nullptr, const SchemaTable* schema = nullptr);

/// The same from `migrations` visited one at a time. The size check is the
/// sequence's to make (check_bundle_size() is over a whole vector).
void render_bundle(MigrationSequence& migrations, const std::string& cpp_namespace, TextSink& header, TextSink* source,
                   const AdoptionTable* adoption = nullptr, const SchemaTable* schema = nullptr);

}  // namespace migbundle::gen
