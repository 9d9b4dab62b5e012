#include "schema_drift.hpp"

#include "database.hpp"
#include "loaded_bundle.hpp"
#include "report_diagnostic.hpp"

#include <migbundle/generator/diagnostic.hpp>

namespace migbundle::gen {

SchemaDrift find_schema_drift(sqlite3* live, std::vector<MigrationSource> applied, const Options& options,
                              const std::vector<std::string>& extensions, const std::string& directory,
                              const std::string& shown_database) {
  const LoadedBundle loaded(std::move(applied));
  Database expected(":memory:", true);
  expected.load_extensions(extensions);
  // Under the live database's tracking table name, so both listings leave out the same table.
  const Report replayed = migrate(expected.get(), loaded.bundle(), options);
  if (!replayed.ok()) throw MigrationsError({diagnostic_of(replayed, loaded, directory)});

  SchemaSnapshot wanted;
  wanted.objects = list_schema(expected.get(), options, directory);
  SchemaSnapshot found;
  found.objects = list_schema(live, options, shown_database);

  // The runtime's comparison, fed the expected list as generate --schema would embed it.
  std::vector<SchemaObject> schema;
  schema.reserve(wanted.objects.size());
  for (const SchemaEntry& entry : wanted.objects) {
    schema.push_back(SchemaObject{entry.type.c_str(), entry.name.c_str(), entry.fingerprint});
  }
  SchemaDrift drift;
  const Report checked = check_schema(
      live, Schema{schema.data(), schema.size()}, options,
      [](void* context, const DriftEntry& entry) {
        static_cast<std::vector<DriftObject>*>(context)->push_back(
            DriftObject{entry.kind, std::string(entry.type), std::string(entry.name)});
      },
      &drift.objects);
  if (!checked.ok() && checked.error() != Error::drift) {
    throw MigrationsError({{shown_database, 0, 0, Severity::error, checked.explanation()}});
  }
  if (!checked.ok()) drift.message = checked.explanation();
  drift.expected_text = render_schema_file(wanted);
  drift.live_text = render_schema_file(found);
  if (!drift.clean()) {
    int first_line = 1;
    drift.diff = line_diff(drift.live_text, drift.expected_text, first_line);
  }
  return drift;
}

const char* drift_name(Drift change) noexcept {
  switch (change) {
    case Drift::missing:
      return "missing";
    case Drift::extra:
      return "extra";
    case Drift::different:
      return "different";
  }
  return "?";
}

}  // namespace migbundle::gen
