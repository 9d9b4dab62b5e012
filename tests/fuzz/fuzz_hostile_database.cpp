// libFuzzer: migrate() and status() against a hostile database. The input
// builds, in a fresh :memory: database, a tracking table (or a view, a TEMP
// shadow, an attached look-alike) of any shape from a menu, with any rows and
// optional triggers, and a bundle of 1-6 migrations whose SQL leaves a trace
// in `side_effect`, a table the harness owns. Then status() and migrate()
// (sometimes twice) run with options drawn from the input, and the target
// checks what the runtime promises, not only that nothing crashes:
//   (0) status() changes nothing;
//   (1) a migration recorded with the bundle's checksum before a call never runs in it;
//   (2) no migration runs twice across calls;
//   (3) every bundle migration has a side effect exactly when it has a tracking row
//       with its checksum (so a failed one left nothing); after ok() every one up
//       to target_id has exactly one of each; a failed single-transaction run left nothing;
//   (4) applied() equals the number of new side effects;
//   (5) a refusal before applying leaves every schema and row byte for byte as it was;
//   (6) then rollback() (migbundle/rollback.hpp), with a down for each migration:
//       see check_rollback();
//   (7) where migbundle has no history, the first call sometimes adopts a goose or
//       dbmate table (build_peer()): that table is never changed, and an adoption
//       that went through took exactly what the tool applied (whose side effects
//       are in, so (1)-(5) hold as they are).
// Also: no transaction is left open, and an unsorted bundle is refused.
// Relaxed where the runtime documents otherwise: a no-transaction migration
// whose SQL ran but whose tracking row could not be written "runs again next
// time" (exempt from (2) and (3) from then on); such a migration's failing
// statement comes first, so that a failure of its own leaves nothing. Left
// out of the trigger menu: triggers that rewrite the history (build_trigger).
// MIGBUNDLE_FUZZ_DESCRIBE=1 prints each call's bundle, database and report.
#include <migbundle/bundle.hpp>
#include <migbundle/generator/sha256.hpp>
#include <migbundle/migrate.hpp>
#include <migbundle/rollback.hpp>
#include <migbundle/status.hpp>

#include <fuzzer/FuzzedDataProvider.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

using migbundle::Error;
using migbundle::Migration;

/// The bundle under test, for the message of a violation.
std::string bundle_description;

[[noreturn]] void violated(const char* invariant, const std::string& detail) {
  std::fprintf(stderr, "fuzz_hostile_database: invariant violated: %s: %s\nbundle:\n%s", invariant, detail.c_str(),
               bundle_description.c_str());
  std::fflush(stderr);
  std::abort();
}

std::string quoted(const std::string& identifier) {
  std::string out = "\"";
  for (const char c : identifier) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

/// Runs the harness's own SQL; failures are part of the game (a hostile
/// shape may not even be valid), so they are ignored.
void exec(sqlite3* db, const std::string& sql) { sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr); }

std::int64_t query_int(sqlite3* db, const std::string& sql, std::int64_t bind = 0, bool has_bind = false) {
  sqlite3_stmt* s = nullptr;
  std::int64_t value = -1;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK) {
    if (has_bind) sqlite3_bind_int64(s, 1, bind);
    if (sqlite3_step(s) == SQLITE_ROW) value = sqlite3_column_int64(s, 0);
  }
  sqlite3_finalize(s);
  return value;
}

/// Every value of one result, with its type, as bytes.
std::string row_text(sqlite3_stmt* s) {
  std::string out;
  for (int c = 0; c < sqlite3_column_count(s); ++c) {
    const int type = sqlite3_column_type(s, c);
    out += static_cast<char>('0' + type);
    if (type == SQLITE_BLOB) {
      const void* p = sqlite3_column_blob(s, c);
      out.append(static_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(s, c)));
    } else if (type != SQLITE_NULL) {
      const unsigned char* p = sqlite3_column_text(s, c);
      out.append(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(s, c)));
    }
    out += '\x1f';
  }
  return out;
}

std::vector<std::string> query_rows(sqlite3* db, const std::string& sql) {
  std::vector<std::string> rows;
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) {
    rows.push_back(std::string("prepare failed: ") + sqlite3_errmsg(db));
    return rows;
  }
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) rows.push_back(row_text(s));
  if (rc != SQLITE_DONE) rows.push_back(std::string("step failed: ") + sqlite3_errmsg(db));
  sqlite3_finalize(s);
  return rows;
}

/// The whole database: every schema's catalogue and every table's rows (sorted:
/// a table without rowid or an index may list them in another order).
std::string dump(sqlite3* db) {
  std::string out;
  std::vector<std::string> schemas;
  for (const std::string& r : query_rows(db, "SELECT name FROM pragma_database_list ORDER BY name")) {
    schemas.push_back(r.substr(1, r.size() - 2));
  }
  for (const std::string& schema : schemas) {
    const std::string master = schema == "temp" ? "temp.sqlite_temp_master" : quoted(schema) + ".sqlite_master";
    out += "== " + schema + '\n';
    for (const std::string& r : query_rows(db, "SELECT * FROM " + master + " ORDER BY type, name")) out += r + '\n';
    for (const std::string& t : query_rows(db, "SELECT name FROM " + master + " WHERE type='table' ORDER BY name")) {
      const std::string name = t.substr(1, t.size() - 2);
      std::vector<std::string> rows = query_rows(db, "SELECT * FROM " + quoted(schema) + '.' + quoted(name));
      std::sort(rows.begin(), rows.end());
      out += "-- " + name + '\n';
      for (const std::string& r : rows) out += r + '\n';
    }
  }
  return out;
}

/// One bundle migration and the storage its Migration points into.
struct Built {
  std::string text;  // file name then SQL; std::string keeps the NUL after it
  Migration migration;
};

struct Harness {
  sqlite3* db = nullptr;
  std::vector<Built> bundle;
  std::vector<Migration> array;
  std::string schema = "main";
  std::string table = migbundle::default_table;
  /// No-transaction migrations whose SQL ran but whose tracking row could not
  /// be written: documented ("it runs again next time"), so exempt from (2) and (3).
  std::vector<bool> exempt;

  std::string tracking() const { return quoted(schema) + '.' + quoted(table); }

  /// Whether the tracking table (the runtime's: in Options::schema) records `m` with its checksum.
  bool recorded(const Migration& m) const {
    if (query_int(db,
                  "SELECT count(*) FROM " +
                      (schema == "temp" ? std::string("temp.sqlite_temp_master") : quoted(schema) + ".sqlite_master") +
                      " WHERE type='table' AND name=" + quoted(table) + " COLLATE NOCASE") <= 0) {
      return false;
    }
    sqlite3_stmt* s = nullptr;
    bool found = false;
    const std::string sql = "SELECT checksum FROM " + tracking() + " WHERE id=?1 AND typeof(id)='integer'";
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK) {
      sqlite3_bind_int64(s, 1, m.id);
      const std::string want(migbundle::checksum_hex(m).view());
      while (sqlite3_step(s) == SQLITE_ROW) {
        const unsigned char* p = sqlite3_column_text(s, 0);
        if (p != nullptr && std::string(reinterpret_cast<const char*>(p),
                                        static_cast<std::size_t>(sqlite3_column_bytes(s, 0))) == want) {
          found = true;
        }
      }
    }
    sqlite3_finalize(s);
    return found;
  }

  std::int64_t tracking_rows(const Migration& m) const {
    return query_int(db, "SELECT count(*) FROM " + tracking() + " WHERE id=?1", m.id, true);
  }

  std::int64_t side_effects(std::int64_t id) const {
    return query_int(db, "SELECT count(*) FROM main.side_effect WHERE id=?1", id, true);
  }

  bool has_table_of(std::int64_t id) const {
    return query_int(db, "SELECT count(*) FROM main.sqlite_master WHERE name='t" + std::to_string(id) + "'") > 0;
  }
};

const char* const type_menu[] = {"INTEGER", "TEXT", "REAL", "BLOB", "", "integer", "INT", "VARCHAR(64)"};
const char* const column_menu[] = {"id", "name", "checksum", "applied_at", "execution_ms", "extra", "ID", "Checksum"};
const char* const modifier_menu[] = {"",
                                     " NOT NULL",
                                     " COLLATE NOCASE",
                                     " DEFAULT 'x'",
                                     " UNIQUE",
                                     " CHECK(length(CAST(id AS TEXT)) < 3)",
                                     " NOT NULL DEFAULT 0",
                                     " COLLATE RTRIM"};

/// The table's column list, drawn from the menu or migbundle's own shape.
std::vector<std::string> draw_columns(FuzzedDataProvider& in, std::string& definition) {
  std::vector<std::string> names;
  if (!in.ConsumeBool()) {
    names = {"id", "name", "checksum", "applied_at", "execution_ms"};
    definition = "id INTEGER PRIMARY KEY" + std::string(in.ConsumeBool() ? "" : " AUTOINCREMENT") +
                 ", name TEXT, checksum TEXT, applied_at TEXT, execution_ms INTEGER";
    if (in.ConsumeBool()) {
      names.push_back("extra");
      definition += ", extra" + std::string(modifier_menu[in.ConsumeIntegralInRange<int>(0, 7)]);
    }
    if (in.ConsumeBool()) definition += " , UNIQUE(checksum)";
    return names;
  }
  const int count = in.ConsumeIntegralInRange<int>(1, 7);
  for (int k = 0; k < count; ++k) {
    const std::string name = column_menu[in.ConsumeIntegralInRange<int>(0, 7)];
    if (std::find(names.begin(), names.end(), name) != names.end()) continue;
    names.push_back(name);
    if (!definition.empty()) definition += ", ";
    definition += name + " " + type_menu[in.ConsumeIntegralInRange<int>(0, 7)];
    switch (in.ConsumeIntegralInRange<int>(0, 4)) {
      case 1:
        definition += " PRIMARY KEY";
        break;
      case 2:
        definition += " PRIMARY KEY DESC";
        break;
      default:
        definition += modifier_menu[in.ConsumeIntegralInRange<int>(0, 7)];
        break;
    }
  }
  if (in.ConsumeBool()) definition += ", PRIMARY KEY(" + names[0] + ")";
  return names;
}

/// Binds one drawn value for column `column` of a hostile row.
void bind_value(FuzzedDataProvider& in, sqlite3_stmt* s, int index, const std::string& column, const Harness& h) {
  const Migration& some = h.array[in.ConsumeIntegralInRange<std::size_t>(0, h.array.size() - 1)];
  if (column == "id" || column == "ID") {
    switch (in.ConsumeIntegralInRange<int>(0, 11)) {
      case 11:
        sqlite3_bind_null(s, index);
        return;
      case 1:
        sqlite3_bind_text(s, index, std::to_string(some.id).c_str(), -1, SQLITE_TRANSIENT);
        return;
      case 2:
        sqlite3_bind_text(s, index, "abc", -1, SQLITE_STATIC);
        return;
      case 3:
        sqlite3_bind_double(s, index, static_cast<double>(some.id) + (in.ConsumeBool() ? 0.5 : 0.0));
        return;
      case 4:
        sqlite3_bind_blob(s, index, "\x03", 1, SQLITE_STATIC);
        return;
      case 5:
        sqlite3_bind_int64(s, index, INT64_MAX);
        return;
      case 6:
        sqlite3_bind_int64(s, index, INT64_MIN);
        return;
      case 7:
        sqlite3_bind_int64(s, index, some.id + in.ConsumeIntegralInRange<int>(-2, 2));
        return;
      case 8:
        sqlite3_bind_int64(s, index, in.ConsumeIntegral<std::int64_t>());
        return;
      default:
        sqlite3_bind_int64(s, index, some.id);
        return;
    }
  }
  if (column == "checksum" || column == "Checksum") {
    std::string hex(migbundle::checksum_hex(some).view());
    switch (in.ConsumeIntegralInRange<int>(0, 9)) {
      case 9:
        sqlite3_bind_null(s, index);
        return;
      case 1:
        std::transform(hex.begin(), hex.end(), hex.begin(), [](char c) { return c >= 'a' && c <= 'f' ? c - 32 : c; });
        break;
      case 2:
        hex.resize(in.ConsumeIntegralInRange<std::size_t>(0, 70));
        break;
      case 3:
        hex = in.ConsumeBytesAsString(in.ConsumeIntegralInRange<std::size_t>(0, 80));
        break;
      case 4:
        hex += in.ConsumeBool() ? " " : "0";
        break;
      case 5:
        sqlite3_bind_blob(s, index, hex.data(), static_cast<int>(hex.size()), SQLITE_TRANSIENT);
        return;
      case 6:
        sqlite3_bind_int64(s, index, some.id);
        return;
      case 7:
        hex[in.ConsumeIntegralInRange<std::size_t>(0, 63)] = 'g';
        break;
      default:
        break;
    }
    sqlite3_bind_text(s, index, hex.data(), static_cast<int>(hex.size()), SQLITE_TRANSIENT);
    return;
  }
  if (column == "execution_ms") {
    if (in.ConsumeBool()) {
      sqlite3_bind_int64(s, index, in.ConsumeIntegral<std::int64_t>());
    } else {
      sqlite3_bind_text(s, index, "slow", -1, SQLITE_STATIC);
    }
    return;
  }
  // name, applied_at, extra: any bytes, or NULL
  if (in.ConsumeIntegralInRange<int>(0, 5) == 0) {
    sqlite3_bind_null(s, index);
    return;
  }
  const std::string bytes = in.ConsumeBytesAsString(in.ConsumeIntegralInRange<std::size_t>(0, 24));
  sqlite3_bind_text(s, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
}

/// Creates a table `name` of a drawn shape in `schema` with drawn rows, or a
/// view over such a table.
void build_table(FuzzedDataProvider& in, Harness& h, const std::string& schema, const std::string& name) {
  std::string definition;
  const std::vector<std::string> columns = draw_columns(in, definition);
  const int kind = in.ConsumeIntegralInRange<int>(0, 5);  // 5: view, 4: WITHOUT ROWID, else a table
  std::string holder = name;
  if (kind == 5) holder = name + "_rows";
  exec(h.db, "CREATE TABLE " + quoted(schema) + '.' + quoted(holder) + " (" + definition + ")" +
                 (kind == 4 ? " WITHOUT ROWID" : ""));
  if (kind == 5) {
    exec(h.db, "CREATE VIEW " + quoted(schema) + '.' + quoted(name) + " AS SELECT * FROM " + quoted(schema) + '.' +
                   quoted(holder));
  }
  std::string insert = "INSERT INTO " + quoted(schema) + '.' + quoted(holder) + " (";
  std::string values;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    insert += (c > 0 ? ", " : "") + quoted(columns[c]);
    values += (c > 0 ? ", ?" : "?") + std::to_string(c + 1);
  }
  insert += ") VALUES (" + values + ")";
  const int rows = in.ConsumeIntegralInRange<int>(0, 8);
  for (int r = 0; r < rows; ++r) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(h.db, insert.c_str(), -1, &s, nullptr) != SQLITE_OK) break;
    for (std::size_t c = 0; c < columns.size(); ++c) bind_value(in, s, static_cast<int>(c + 1), columns[c], h);
    sqlite3_step(s);
    sqlite3_finalize(s);
  }
}

/// A trigger on the tracking table. Left out of the menu: ones that delete or
/// rewrite its rows, or RAISE(IGNORE) an insert (the runtime's row is then
/// silently not written): the runtime does not claim to survive a history
/// that rewrites itself.
void build_trigger(int kind, bool every_row, Harness& h) {
  const std::string on = " ON " + quoted(h.table);
  const std::string schema = quoted(h.schema) + '.';
  const std::string when = every_row ? "" : " WHEN new.id % 2 = 0";
  switch (kind) {
    case 0:
      exec(h.db, "CREATE TABLE IF NOT EXISTS main.trigger_log(x)");
      if (h.schema == "main" || h.schema == "temp") {
        exec(h.db, "CREATE TRIGGER " + schema + "log AFTER INSERT" + on +
                       " BEGIN INSERT INTO trigger_log VALUES (new.id); END");
      }
      break;
    case 1:
      exec(h.db,
           "CREATE TRIGGER " + schema + "refuse BEFORE INSERT" + on + when + " BEGIN SELECT RAISE(ABORT, 'no'); END");
      break;
    case 2:
      exec(h.db,
           "CREATE TRIGGER " + schema + "refuse BEFORE INSERT" + on + when + " BEGIN SELECT RAISE(FAIL, 'no'); END");
      break;
    case 3:
      exec(h.db, "CREATE TRIGGER " + schema + "refuse BEFORE INSERT" + on + when +
                     " BEGIN SELECT RAISE(ROLLBACK, 'no'); END");
      break;
    default:
      exec(h.db,
           "CREATE TRIGGER " + schema + "refuse AFTER INSERT" + on + when + " BEGIN SELECT RAISE(ABORT, 'late'); END");
      break;
  }
}

const char* const name_menu[] = {"init", "add_users", "x", "a_b_c", "seed", "fix"};

void build_bundle(FuzzedDataProvider& in, Harness& h) {
  const int count = in.ConsumeIntegralInRange<int>(1, 6);
  std::int64_t id = 0;
  switch (in.ConsumeIntegralInRange<int>(0, 4)) {
    case 0:
      id = 0;
      break;
    case 1:
      id = INT64_MAX - 20;
      break;  // room for six steps of at most 3
    case 2:
      id = -5;
      break;
    case 3:
      id = in.ConsumeIntegralInRange<std::int64_t>(-1000, 1000);
      break;
    default:
      id = 1;
      break;
  }
  const bool unsorted = in.ConsumeIntegralInRange<int>(0, 15) == 0;
  h.bundle.resize(static_cast<std::size_t>(count));
  for (int k = 0; k < count; ++k) {
    Built& b = h.bundle[static_cast<std::size_t>(k)];
    if (k > 0) id += in.ConsumeIntegralInRange<int>(1, 3);
    if (unsorted && k > 0 && in.ConsumeBool()) id -= in.ConsumeIntegralInRange<int>(1, 4);
    // Input that runs out reads as zeros: zero is the plain case.
    const std::uint8_t flags = in.ConsumeIntegralInRange<int>(0, 4) == 4 ? migbundle::flag_no_transaction : 0;
    const int failure = 7 - in.ConsumeIntegralInRange<int>(0, 7);  // 0-2: a failing statement
    const char* const failing[] = {"SELECT no_such_fn();", "INSERT INTO no_such_table VALUES (1);",
                                   "SELECT abs(-9223372036854775807 - 1);"};
    std::string sql;
    // A failing statement of a no-transaction migration comes first: what ran
    // before it would stay (documented), and the harness wants every effect
    // of a failed migration gone.
    if (failure <= 2 && flags != 0) sql += failing[failure];
    sql += "INSERT INTO side_effect VALUES (" + std::to_string(id) + ");\n";
    // A no-transaction migration must be safe to run twice (documented): it
    // runs again when its row could not be written (found by the 10-minute run).
    if (in.ConsumeBool()) {
      sql += std::string("CREATE TABLE ") + (flags != 0 ? "IF NOT EXISTS " : "") + "\"t" + std::to_string(id) + "\"(x);\n";
    }
    if (failure <= 2 && flags == 0) sql += failing[failure];
    const std::string name = name_menu[in.ConsumeIntegralInRange<int>(0, 5)];
    const std::string file = std::to_string(id) + "_" + name + ".sql";
    const auto digest = migbundle::gen::sha256_bytes(migbundle::gen::sha256_hex(sql));
    b.text = file + sql;
    b.migration = Migration{id,
                            migbundle::migration_sizes_and_flags(
                                static_cast<std::uint32_t>(sql.size()), static_cast<std::uint8_t>(file.size()),
                                static_cast<std::uint8_t>(file.size() - name.size() - 4),
                                static_cast<std::uint8_t>(name.size()), flags),
                            nullptr,
                            {}};
    for (std::size_t i = 0; i < digest.size(); ++i) b.migration.checksum[i] = static_cast<char>(digest[i]);
  }
  for (Built& b : h.bundle) {
    b.migration.text = b.text.c_str();
    h.array.push_back(b.migration);
  }
  h.exempt.assign(h.array.size(), false);
  bundle_description.clear();
  for (const Migration& m : h.array) {
    bundle_description += "  " + std::string(file_of(m)) +
                          ((migbundle::flags_of(m) & migbundle::flag_no_transaction) != 0u ? " (no-transaction)" : "") + ": " +
                          std::string(sql_of(m)) + '\n';
  }
}

bool sorted(const Harness& h) {
  for (std::size_t k = 1; k < h.array.size(); ++k) {
    if (h.array[k].id <= h.array[k - 1].id) return false;
  }
  return true;
}

bool refused_before_applying(Error e) {
  return e == Error::checksum_mismatch || e == Error::unknown_applied || e == Error::out_of_order ||
         e == Error::invalid_history || e == Error::invalid_argument || e == Error::adoption_refused;
}

/// Options drawn before the bundle is (so that they come early in the
/// input); target_index says which migration is the target, resolved later.
struct DrawnOptions {
  migbundle::Options options;
  int target_kind;
  std::size_t target_index;

  migbundle::Options resolve(const Harness& h) const {
    migbundle::Options o = options;
    if (target_kind == 3) o.target_id = h.array[target_index % h.array.size()].id;
    if (target_kind == 2) o.target_id = h.array[0].id - 1;
    return o;
  }
};

DrawnOptions draw_options(FuzzedDataProvider& in, const Harness& h, const char* table) {
  DrawnOptions d;
  migbundle::Options& o = d.options;
  o.table = table;
  o.schema = h.schema == "main" && in.ConsumeBool() ? migbundle::default_schema : h.schema.c_str();
  d.target_kind = in.ConsumeIntegralInRange<int>(0, 3);
  d.target_index = in.ConsumeIntegralInRange<std::size_t>(0, 5);
  o.allow_unknown_applied = in.ConsumeBool();
  o.allow_out_of_order = in.ConsumeBool();
  o.single_transaction = in.ConsumeBool();
  o.busy_timeout_ms = 0;
  return d;
}

std::string describe(const migbundle::Report& r) {
  return std::string(migbundle::error_name(r.error())) + ", applied " + std::to_string(r.applied()) + ": " +
         r.message();
}

/// Another tool's table for migrate() with an Adoption (goose or dbmate), in
/// the runtime's schema, built only where migbundle has no history: the tool
/// applied some of the bundle (their side effects are in), marked some not
/// applied (goose's is_applied 0), and maybe recorded one the bundle lacks.
struct Peer {
  bool active = false;
  migbundle::PeerTool tool = migbundle::PeerTool::goose;
  int applied = 0;  ///< bundle migrations the tool applied
  std::vector<std::string> keys;
  std::vector<migbundle::PeerMigration> migrations;

  std::string table(const Harness& h) const { return quoted(h.schema) + '.' + quoted(migbundle::peer_default_table(tool)); }
  migbundle::Adoption adoption() const {
    return migbundle::Adoption{tool, migbundle::peer_default_table(tool), migrations.data(), migrations.size()};
  }
};

void build_peer(FuzzedDataProvider& in, Harness& h, Peer& peer) {
  peer.active = true;
  peer.tool = in.ConsumeBool() ? migbundle::PeerTool::dbmate : migbundle::PeerTool::goose;
  const bool goose = peer.tool == migbundle::PeerTool::goose;
  const std::string table = peer.table(h);
  exec(h.db, goose ? "CREATE TABLE " + table + "(id INTEGER PRIMARY KEY AUTOINCREMENT, version_id INTEGER NOT NULL, "
                                               "is_applied INTEGER NOT NULL, tstamp TIMESTAMP DEFAULT (datetime('now')))"
                   : "CREATE TABLE " + table + "(version VARCHAR(128) PRIMARY KEY)");
  if (goose) exec(h.db, "INSERT INTO " + table + "(version_id, is_applied) VALUES (0, 1)");  // goose's first row
  for (const Migration& m : h.array) {
    const std::string key = std::to_string(m.id);
    peer.keys.push_back(key);
    int state = in.ConsumeIntegralInRange<int>(0, 2);  // 0 absent, 1 applied, 2 (goose) marked not applied
    if (goose && m.id == 0) state = 0;                 // goose's version 0 is its own first row, no migration
    if (state == 0) continue;
    if (goose) {
      exec(h.db, "INSERT INTO " + table + "(version_id, is_applied) VALUES (" + key + ", " + (state == 1 ? "1" : "0") + ")");
    } else if (state == 1) {
      exec(h.db, "INSERT INTO " + table + " VALUES ('" + key + "')");
    }
    if (state == 1) {
      ++peer.applied;
      exec(h.db, "INSERT INTO main.side_effect SELECT " + key + " WHERE NOT EXISTS (SELECT 1 FROM main.side_effect WHERE id=" +
                     key + ")");
    }
  }
  if (in.ConsumeIntegralInRange<int>(0, 3) == 0) {  // one the bundle lacks: the adoption must refuse
    exec(h.db, goose ? "INSERT INTO " + table + "(version_id, is_applied) VALUES (424242, 1)"
                     : "INSERT INTO " + table + " VALUES ('424242')");
  }
  for (const std::string& key : peer.keys) peer.migrations.push_back(migbundle::PeerMigration{key.c_str(), ""});
}

void check_call(Harness& h, const migbundle::Options& o, bool valid_table_name, const Peer* peer = nullptr) {
  const std::string before = dump(h.db);
  std::vector<bool> was_recorded;
  std::vector<std::int64_t> effects_before;
  for (const Migration& m : h.array) {
    was_recorded.push_back(valid_table_name && h.recorded(m));
    effects_before.push_back(h.side_effects(m.id));
  }
  const migbundle::Bundle bundle{h.array.data(), h.array.size()};
  const std::vector<std::string> peer_before =
      peer != nullptr ? query_rows(h.db, "SELECT * FROM " + peer->table(h) + " ORDER BY 1") : std::vector<std::string>();
  const migbundle::Report r =
      peer != nullptr ? migbundle::migrate(h.db, bundle, peer->adoption(), o) : migbundle::migrate(h.db, bundle, o);
  if (sqlite3_get_autocommit(h.db) == 0) violated("no transaction left open", describe(r));
  if (peer != nullptr) {
    // (7) The tool's table is only read; an adoption that went through took every migration the tool applied.
    if (query_rows(h.db, "SELECT * FROM " + peer->table(h) + " ORDER BY 1") != peer_before) {
      violated("(7) adopting changed the tool's table", describe(r));
    }
    if (r.ok() && r.adopted() != peer->applied) {
      violated("(7) adopted() is not what the tool applied", describe(r) + ", tool applied " + std::to_string(peer->applied));
    }
  }

  if (std::getenv("MIGBUNDLE_FUZZ_DESCRIBE") != nullptr) {  // to read what a seed does
    std::fprintf(stderr,
                 "bundle:\n%sdatabase:\n%s\nmigrate(schema %s, table %s, target %lld, unknown %d, out of order %d, "
                 "single %d): %s\n",
                 bundle_description.c_str(), before.c_str(), o.schema, o.table, static_cast<long long>(o.target_id),
                 o.allow_unknown_applied, o.allow_out_of_order, o.single_transaction, describe(r).c_str());
  }
  const bool peer_unadopted = peer != nullptr && peer->applied > 0 && r.adopted() == 0;
  const Migration* failed = r.ok() ? nullptr : r.migration();
  const bool failed_no_tx = failed != nullptr && (migbundle::flags_of(*failed) & migbundle::flag_no_transaction) != 0u;
  std::int64_t new_effects = 0;
  std::int64_t exempt_runs = 0;
  for (std::size_t k = 0; k < h.array.size(); ++k) {
    const Migration& m = h.array[k];
    const std::int64_t now = h.side_effects(m.id);
    const std::int64_t added = now - effects_before[k];
    new_effects += added;
    const std::string who = "migration " + std::to_string(m.id) + " (" + describe(r) + ")";
    if (&m == failed && failed_no_tx && (r.error() == Error::sqlite || r.error() == Error::foreign_key_violation) &&
        added > 0) {
      // Documented: a no-transaction migration whose SQL ran but whose row could not be written runs again.
      h.exempt[k] = true;
      exempt_runs += added;
      continue;
    }
    if (was_recorded[k] && added != 0) violated("(1) a recorded migration ran again", who);
    if (!h.exempt[k] && now > 1) violated("(2) a migration ran twice", who);
    if (added < 0) violated("side effect lost", who);
    // An unsorted bundle may hold one id twice with two checksums, and side
    // effects are counted by id: (3) needs distinct ids (the refusal is checked by (5)).
    if (h.exempt[k] || !sorted(h)) continue;
    // What the tool applied has its side effect; until an adoption records it, no row.
    if (peer_unadopted) continue;
    const bool recorded_now = valid_table_name && h.recorded(m);
    if ((now > 0) != recorded_now) {
      violated("(3) side effect and tracking row disagree",
               who + (now > 0 ? ": ran, not recorded" : ": recorded, did not run"));
    }
    if (&m == failed && (added != 0 || h.has_table_of(m.id))) {
      violated("(3) the failed migration left something", who);
    }
    if (r.ok() && m.id <= o.target_id && (now != 1 || h.tracking_rows(m) != 1)) {
      violated("(3) ok() but a migration up to the target is not applied once", who);
    }
  }
  if (!sorted(h) && r.error() != Error::invalid_argument) violated("an unsorted bundle was not refused", describe(r));
  if (!r.ok() && o.single_transaction && new_effects != 0) {
    violated("(3) a failed single-transaction run left side effects", describe(r));
  }
  if (r.applied() != new_effects - exempt_runs) {
    violated("(4) applied() is not the number of migrations that ran",
             describe(r) + ", ran " + std::to_string(new_effects - exempt_runs));
  }
  // Adopting is a step of its own, committed before the history is judged
  // (documented): a refusal after it leaves the adopted rows, and nothing else.
  if (refused_before_applying(r.error()) && peer != nullptr && r.error() != Error::adoption_refused) {
    std::int64_t rows = 0;
    for (const Migration& m : h.array) rows += std::max<std::int64_t>(h.tracking_rows(m), 0);
    if (new_effects != 0 || rows != r.adopted()) violated("(5) a refusal after adopting changed more than the adoption", describe(r));
    return;
  }
  if (refused_before_applying(r.error()) && dump(h.db) != before) {
    violated("(5) a refusal changed the database", describe(r) + "\nbefore:\n" + before + "\nafter:\n" + dump(h.db));
  }
}

/// (6) rollback() with a down for every migration (deleting its side effect
/// and its table) down to the bundle's `target_index`th id, or all: a refusal
/// changes nothing; otherwise every migration above the target that it
/// reverted lost its side effect and its row together, every other one kept
/// both, and reverted() counts the rows removed.
void check_rollback(Harness& h, const migbundle::Options& o, std::size_t target_index, bool valid_table_name) {
  std::vector<std::string> down_texts;
  std::vector<migbundle::DownMigration> downs;
  down_texts.reserve(h.array.size());
  for (const Migration& m : h.array) {
    const std::string sql = "DELETE FROM main.side_effect WHERE id=" + std::to_string(m.id) +
                            ";\nDROP TABLE IF EXISTS main.\"t" + std::to_string(m.id) + "\";\n";
    down_texts.push_back(std::string(migbundle::checksum_size, '\0') + sql);  // a stand-in checksum, then the SQL
    downs.push_back(migbundle::DownMigration{down_texts.back().c_str(), static_cast<std::uint32_t>(sql.size())});
  }
  const std::int64_t target = target_index >= h.array.size() ? INT64_MIN : h.array[target_index].id;
  const std::string before = dump(h.db);
  std::vector<std::int64_t> effects_before, rows_before;
  for (const Migration& m : h.array) {
    effects_before.push_back(h.side_effects(m.id));
    rows_before.push_back(valid_table_name ? std::max<std::int64_t>(h.tracking_rows(m), 0) : 0);  // -1: no table
  }
  const migbundle::Bundle bundle{h.array.data(), h.array.size()};
  const migbundle::Report r = migbundle::rollback(h.db, bundle, migbundle::Downs{downs.data(), downs.size()}, target, o);
  if (sqlite3_get_autocommit(h.db) == 0) violated("(6) rollback left a transaction open", describe(r));
  if ((r.error() == Error::irreversible || r.error() == Error::invalid_argument || r.error() == Error::invalid_history) &&
      dump(h.db) != before) {
    violated("(6) a refused rollback changed the database", describe(r));
  }
  if (!sorted(h)) {
    if (r.error() != Error::invalid_argument) violated("(6) rollback took an unsorted bundle", describe(r));
    return;
  }
  std::int64_t removed = 0;
  for (std::size_t k = 0; k < h.array.size(); ++k) {
    const Migration& m = h.array[k];
    const std::int64_t effects = h.side_effects(m.id);
    const std::int64_t rows = valid_table_name ? std::max<std::int64_t>(h.tracking_rows(m), 0) : 0;
    const std::string who = "migration " + std::to_string(m.id) + " (" + describe(r) + ")";
    const bool reverted = rows < rows_before[k];
    if (reverted) {
      removed += rows_before[k] - rows;
      if (m.id <= target) violated("(6) rollback reverted a migration at or below its target", who);
      if (effects != 0) violated("(6) a reverted migration kept its side effect", who);
    } else if (effects != effects_before[k]) {
      violated("(6) a migration rollback did not revert lost or gained a side effect", who);
    }
    if (r.ok() && m.id > target && rows != 0) violated("(6) ok(), but a migration above the target is still recorded", who);
  }
  if (valid_table_name && removed != r.reverted()) violated("(6) reverted() is not the number of rows removed", describe(r));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  Harness h;
  if (sqlite3_open(":memory:", &h.db) != SQLITE_OK) std::abort();
  exec(h.db, "CREATE TABLE main.side_effect(id)");

  // Every choice first, the tables' rows last: integers are read from the
  // input's end, and rows take most of it (input that runs out reads as zeros).
  const bool attach = in.ConsumeBool();
  switch (in.ConsumeIntegralInRange<int>(0, 5)) {
    case 4:
      h.schema = "aux";
      break;
    case 5:
      h.schema = "temp";
      break;
    default:
      break;
  }
  const char* const table_menu[] = {migbundle::default_table, "history", "bad name", "MIGBUNDLE_MIGRATIONS"};
  const int table_choice = in.ConsumeIntegralInRange<int>(0, 5);
  const char* option_table = table_menu[table_choice <= 3 ? table_choice : 0];
  h.table = option_table;
  const bool valid_table_name = table_choice != 2;
  const std::string built_name = in.ConsumeBool() ? std::string("Migbundle_Migrations") : h.table;
  const bool build_tracking = in.ConsumeIntegralInRange<int>(0, 4) != 4;
  const bool build_temp = in.ConsumeBool();
  const bool build_other = attach && in.ConsumeBool();
  int trigger_kinds[2];
  bool trigger_every_row[2];
  const int triggers = in.ConsumeIntegralInRange<int>(0, 2);
  for (int k = 0; k < triggers; ++k) {
    trigger_kinds[k] = in.ConsumeIntegralInRange<int>(0, 4);
    trigger_every_row[k] = in.ConsumeBool();
  }
  const bool dangling_foreign_key = in.ConsumeBool();
  const DrawnOptions status_options = draw_options(in, h, option_table);
  const int calls = in.ConsumeBool() ? 2 : 1;
  const DrawnOptions call_options[2] = {draw_options(in, h, option_table), draw_options(in, h, option_table)};
  build_bundle(in, h);

  // Where the runtime's tracking table is, what it is called, and what look-alikes surround it.
  if (attach) exec(h.db, "ATTACH ':memory:' AS aux");
  if (build_tracking) build_table(in, h, h.schema, built_name);
  if (build_temp) build_table(in, h, "temp", h.table);
  if (build_other) build_table(in, h, h.schema == "aux" ? "main" : "aux", h.table);
  for (int k = 0; k < triggers; ++k) build_trigger(trigger_kinds[k], trigger_every_row[k], h);
  if (dangling_foreign_key) {
    // A dangling foreign key left by the application, and foreign keys on.
    exec(h.db,
         "CREATE TABLE main.parent(id INTEGER PRIMARY KEY); CREATE TABLE main.child(p REFERENCES parent(id));"
         "INSERT INTO main.child VALUES (7); PRAGMA foreign_keys = ON");
  }
  // What the history records as applied ran earlier: its side effect is there.
  for (const Migration& m : h.array) {
    if (valid_table_name && h.recorded(m)) {
      exec(h.db, "INSERT INTO main.side_effect SELECT " + std::to_string(m.id) +
                     " WHERE NOT EXISTS (SELECT 1 FROM main.side_effect WHERE id=" + std::to_string(m.id) + ")");
    }
  }

  // status() reads only.
  {
    const migbundle::Options o = status_options.resolve(h);
    const std::string before = dump(h.db);
    const migbundle::Bundle bundle{h.array.data(), h.array.size()};
    const migbundle::Report r = migbundle::status(h.db, bundle, o, nullptr, nullptr);
    if (dump(h.db) != before) violated("(0) status() changed the database", describe(r));
  }
  // Adopting: where migbundle has no history in its schema, sometimes another tool's table is there.
  Peer peer;
  const std::string master = h.schema == "temp" ? std::string("temp.sqlite_temp_master") : quoted(h.schema) + ".sqlite_master";
  const bool has_history = query_int(h.db, "SELECT count(*) FROM " + master + " WHERE name='" + h.table +
                                               "' COLLATE NOCASE") != 0;  // -1 (no such schema) counts as history
  if (!has_history && valid_table_name && in.ConsumeBool()) build_peer(in, h, peer);
  // With a tool's table, one call: after a failed adoption, a plain migrate() would rightly run
  // again what the tool applied, which the harness would count as running twice.
  for (int call = 0; call < (peer.active ? 1 : calls); ++call) {
    check_call(h, call_options[call].resolve(h), valid_table_name, call == 0 && peer.active ? &peer : nullptr);
  }
  // Last, from what input is left: a rollback of what is there now.
  if (in.ConsumeBool()) {
    check_rollback(h, call_options[0].resolve(h), in.ConsumeIntegralInRange<std::size_t>(0, 6), valid_table_name);
  }
  sqlite3_close(h.db);
  return 0;
}
