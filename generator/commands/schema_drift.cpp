#include "schema_drift.hpp"

#include "database.hpp"

#include <migbundle/adopt.hpp>
#include <migbundle/generator/diagnostic.hpp>

#include <algorithm>
#include <string_view>

namespace migbundle::gen {
namespace {

/// A migration tool's tracking table by its default name: `adopt` leaves it in
/// place (the tool's history stays readable), so on its own it is no drift.
/// So are D1's own `_cf_` tables (`_cf_METADATA`), which wrangler's databases hold.
bool is_peer_table(std::string_view table) {
  if (table.substr(0, 4) == "_cf_") return true;
  for (const PeerTool tool :
       {PeerTool::drizzle, PeerTool::wrangler, PeerTool::sqlx, PeerTool::goose, PeerTool::golang_migrate,
        PeerTool::dbmate, PeerTool::diesel, PeerTool::flyway, PeerTool::prisma, PeerTool::sql_migrate}) {
    if (table == peer_default_table(tool)) return true;
  }
  return false;
}

/// `sql` without its comments, each run of white space one space, none at the
/// ends: what SQLite runs. Strings and quoted names are kept as they are.
std::string without_comments(std::string_view sql) {
  std::string out;
  bool space = false;
  for (std::size_t i = 0; i < sql.size();) {
    const char c = sql[i];
    if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      while (i < sql.size() && sql[i] != '\n') ++i;
      space = true;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      const std::size_t end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? sql.size() : end + 2;
      space = true;
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++i;
      space = true;
    } else {
      if (space && !out.empty()) out += ' ';
      space = false;
      if (c == '\'' || c == '"' || c == '`' || c == '[') {
        const char close = c == '[' ? ']' : c;
        std::size_t end = i + 1;
        while (end < sql.size() && sql[end] != close) ++end;
        end = end < sql.size() ? end + 1 : end;
        out.append(sql.substr(i, end - i));  // a doubled quote inside is two runs, each copied whole
        i = end;
      } else {
        out += c;
        ++i;
      }
    }
  }
  return out;
}

/// check_schema()'s words, counted again: the objects left out above are not in them.
std::string drift_message(const std::vector<DriftObject>& objects) {
  int counts[3] = {0, 0, 0};
  for (const DriftObject& object : objects) ++counts[static_cast<int>(object.change)];
  const DriftObject& first = objects.front();
  return "the database's schema is not the one its migrations give: " + std::to_string(counts[0]) +
         " object(s) missing, " + std::to_string(counts[1]) + " extra, " + std::to_string(counts[2]) +
         " different; the first: " + first.type + " `" + first.name + "` " +
         (first.change == Drift::missing ? "is missing"
          : first.change == Drift::extra ? "is not in the migrations"
                                         : "differs from the migrations'") +
         ". Nothing was changed: find who changed the schema outside the migrations, and undo it or make it a "
         "migration";
}

}  // namespace

SchemaDrift find_schema_drift(sqlite3* live, const LoadedBundle& replay, std::int64_t upto, const Options& options,
                              const std::vector<std::string>& extensions, const std::string& directory,
                              const std::string& shown_database) {
  Database expected(":memory:", true);
  expected.load_extensions(extensions);
  // Under the live database's tracking table name, so both listings leave out the same table.
  const Bundle& bundle = replay.bundle();
  if (bundle.size != 0 && bundle.migrations[0].id <= upto) {
    Options up_to = options;
    up_to.target_id = upto;
    apply_migrations(expected.get(), replay, up_to, directory);
  }

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
  // Another tool's tracking table (and its indexes) that the migrations do
  // not make: left out of both the verdict and the texts, and named apart.
  const auto peer_owned = [&](const SchemaEntry& live_object) {
    return is_peer_table(live_object.table) &&
           std::none_of(wanted.objects.begin(), wanted.objects.end(),
                        [&](const SchemaEntry& e) { return e.table == live_object.table; });
  };
  for (const SchemaEntry& object : found.objects) {
    if (!peer_owned(object)) continue;
    if (object.type == "table") drift.peer_tables.push_back(object.name);
    drift.objects.erase(std::remove_if(drift.objects.begin(), drift.objects.end(),
                                       [&](const DriftObject& d) {
                                         return d.change == Drift::extra && d.type == object.type &&
                                                d.name == object.name;
                                       }),
                        drift.objects.end());
  }
  found.objects.erase(std::remove_if(found.objects.begin(), found.objects.end(), peer_owned), found.objects.end());
  // SQL that differs only in comments and spacing is the same object: D1
  // (wrangler) strips the comments from what it runs, so a database it
  // migrated keeps other text for every object than a replay gives.
  const auto sql_of = [](const SchemaTable& objects, const DriftObject& d) -> const std::string* {
    for (const SchemaEntry& e : objects) {
      if (e.type == d.type && e.name == d.name) return &e.sql;
    }
    return nullptr;
  };
  drift.objects.erase(std::remove_if(drift.objects.begin(), drift.objects.end(),
                                     [&](const DriftObject& d) {
                                       if (d.change != Drift::different) return false;
                                       const std::string* want = sql_of(wanted.objects, d);
                                       const std::string* have = sql_of(found.objects, d);
                                       const bool same = want != nullptr && have != nullptr &&
                                                         without_comments(*want) == without_comments(*have);
                                       drift.comment_only += same ? 1 : 0;
                                       return same;
                                     }),
                      drift.objects.end());
  if (!drift.clean()) drift.message = drift_message(drift.objects);
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
