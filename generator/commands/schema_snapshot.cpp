#include "schema_snapshot.hpp"

#include "database.hpp"
#include "loaded_bundle.hpp"
#include "report_diagnostic.hpp"

#include <migbundle/generator/check_migrations.hpp>
#include <migbundle/migrate.hpp>
#include <migbundle/schema.hpp>

#include <algorithm>
#include <ostream>
#include <string_view>

namespace migbundle::gen {
namespace {

std::vector<std::string_view> lines_of(const std::string& text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    const std::size_t stop = end == std::string::npos ? text.size() : end;
    lines.push_back(std::string_view(text).substr(start, stop - start));
    start = stop + 1;
  }
  return lines;
}

}  // namespace

SchemaSnapshot take_schema_snapshot(const std::string& directory, Layout layout,
                                    const std::vector<std::string>& extensions, std::ostream& err) {
  CheckedMigrations checked = check_migrations(directory, nullptr, layout);
  for (const Diagnostic& warning : checked.warnings) err << format(warning) << '\n';
  SchemaSnapshot snapshot;
  snapshot.migrations = checked.migrations.size();
  if (!checked.migrations.empty()) snapshot.newest_file = checked.migrations.back().file_name;
  Database database(":memory:", true);
  database.load_extensions(extensions);
  apply_migrations(database.get(), std::move(checked.migrations), Options{}, directory);
  snapshot.objects = list_schema(database.get(), Options{}, directory);
  return snapshot;
}

void apply_migrations(sqlite3* db, std::vector<MigrationSource> migrations, const Options& options,
                      const std::string& where) {
  apply_migrations(db, LoadedBundle(std::move(migrations)), options, where);
}

void apply_migrations(sqlite3* db, const LoadedBundle& loaded, const Options& options, const std::string& where) {
  const Report applied = migrate(db, loaded.bundle(), options);
  if (!applied.ok()) throw MigrationsError({diagnostic_of(applied, loaded, where)});
}

SchemaTable list_schema(sqlite3* db, const Options& options, const std::string& where) {
  SchemaTable objects;
  const Report listed = for_each_schema_object(
      db, options,
      [](void* context, const LiveSchemaObject& o) {
        static_cast<SchemaTable*>(context)->push_back(SchemaEntry{std::string(o.type), std::string(o.name),
                                                                  std::string(o.table), std::string(o.sql),
                                                                  o.fingerprint});
      },
      &objects);
  if (!listed.ok()) throw MigrationsError({{where, 0, 0, Severity::error, listed.explanation()}});
  return objects;
}

std::string render_schema_file(const SchemaSnapshot& snapshot) {
  // Nothing about the migrations themselves (how many, the newest): a
  // migration that only moves data leaves this file as it was.
  std::string text =
      "-- The schema these migrations give, written by `migbundle schema`: regenerate it, do not edit it.\n"
      "-- Tables, indexes, views and triggers, each sorted by name, with their SQL as SQLite keeps it.\n";
  if (snapshot.objects.empty()) text += "-- (no objects)\n";
  for (const SchemaEntry& object : snapshot.objects) {
    std::string sql = object.sql;
    while (!sql.empty() && (sql.back() == ' ' || sql.back() == '\n' || sql.back() == '\t')) sql.pop_back();
    text += "\n" + sql + ";\n";
  }
  return text;
}

std::string line_diff(const std::string& actual, const std::string& expected, int& first_line) {
  const std::vector<std::string_view> a = lines_of(actual);
  const std::vector<std::string_view> b = lines_of(expected);
  // Common prefix and suffix first: a schema change touches few lines.
  std::size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  std::size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  const std::size_t n = a.size() - prefix - suffix;
  const std::size_t m = b.size() - prefix - suffix;
  // Every line as an edit: ' ' kept, '-' only in the file, '+' only from the
  // migrations. The middle is a longest common subsequence when it is small
  // enough to tabulate, else all of it removed and added.
  struct Edit {
    char op;
    std::string_view text;
    std::size_t file_line;  ///< 1-based line in the file (of the next kept line, for '+')
  };
  std::vector<Edit> edits;
  for (std::size_t k = 0; k < prefix; ++k) edits.push_back({' ', a[k], k + 1});
  if (n * m <= 4'000'000) {
    std::vector<std::uint32_t> table((n + 1) * (m + 1), 0);
    const auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return table[i * (m + 1) + j]; };
    for (std::size_t i = n; i-- > 0;) {
      for (std::size_t j = m; j-- > 0;) {
        at(i, j) = a[prefix + i] == b[prefix + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
      }
    }
    std::size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[prefix + i] == b[prefix + j]) {
        edits.push_back({' ', a[prefix + i], prefix + i + 1});
        ++i;
        ++j;
      } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
        edits.push_back({'-', a[prefix + i], prefix + i + 1});
        ++i;
      } else {
        edits.push_back({'+', b[prefix + j], prefix + i + 1});
        ++j;
      }
    }
  } else {
    for (std::size_t i = 0; i < n; ++i) edits.push_back({'-', a[prefix + i], prefix + i + 1});
    for (std::size_t j = 0; j < m; ++j) edits.push_back({'+', b[prefix + j], prefix + n + 1});
  }
  for (std::size_t k = a.size() - suffix; k < a.size(); ++k) edits.push_back({' ', a[k], k + 1});

  // Hunks: each change with two kept lines around it; changes closer than
  // that share a hunk.
  constexpr std::size_t context = 2;
  std::string out;
  first_line = 0;
  std::size_t k = 0;
  while (k < edits.size()) {
    if (edits[k].op == ' ') {
      ++k;
      continue;
    }
    if (first_line == 0) first_line = static_cast<int>(edits[k].file_line);
    const std::size_t begin = k >= context ? k - context : 0;
    std::size_t end = k;  // one past the last change of the hunk
    for (std::size_t look = k; look < edits.size() && look <= end + 2 * context; ++look) {
      if (edits[look].op != ' ') end = look + 1;
    }
    const std::size_t stop = std::min(edits.size(), end + context);
    out += "@@ line " + std::to_string(edits[begin].file_line) + " @@\n";
    for (std::size_t e = begin; e < stop; ++e) out += edits[e].op + std::string(edits[e].text) + "\n";
    k = stop;
  }
  if (first_line == 0) first_line = 1;
  return out;
}

}  // namespace migbundle::gen
