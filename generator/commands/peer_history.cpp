#include "peer_history.hpp"

#include <migbundle/generator/peer_hashes.hpp>
#include <migbundle/generator/sha256.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <utility>

namespace migbundle::gen {
namespace {

struct ToolInfo {
  PeerTool tool;
  std::string_view name;
  std::string_view table;
  Layout layout;
  std::string_view columns;  ///< for a table that lacks them
};

constexpr ToolInfo tool_infos[] = {
    {PeerTool::drizzle, "drizzle", "__drizzle_migrations", Layout::drizzle, "hash, created_at"},
    {PeerTool::wrangler, "wrangler", "d1_migrations", Layout::wrangler, "name, applied_at"},
    {PeerTool::sqlx, "sqlx", "_sqlx_migrations", Layout::sqlx,
     "version, success, checksum, installed_on, execution_time"},
    {PeerTool::goose, "goose", "goose_db_version", Layout::goose, "id, version_id, is_applied, tstamp"},
    {PeerTool::golang_migrate, "golang-migrate", "schema_migrations", Layout::golang_migrate, "version, dirty"},
    {PeerTool::dbmate, "dbmate", "schema_migrations", Layout::dbmate, "version"},
    {PeerTool::diesel, "diesel", "__diesel_schema_migrations", Layout::diesel, "version, run_on"},
    {PeerTool::flyway, "flyway", "flyway_schema_history", Layout::flyway,
     "installed_rank, version, type, script, checksum, installed_on, execution_time, success"},
    {PeerTool::prisma, "prisma", "_prisma_migrations", Layout::prisma,
     "migration_name, checksum, finished_at, rolled_back_at"},
};

const ToolInfo& info(PeerTool tool) {
  return *std::find_if(std::begin(tool_infos), std::end(tool_infos),
                       [tool](const ToolInfo& candidate) { return candidate.tool == tool; });
}

/// A prepared statement, finalized on every path.
class Query {
 public:
  Query(sqlite3* db, const std::string& sql) { rc_ = sqlite3_prepare_v2(db, sql.c_str(), -1, &statement_, nullptr); }
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  ~Query() { sqlite3_finalize(statement_); }

  [[nodiscard]] bool prepared() const { return rc_ == SQLITE_OK; }
  /// True while there is a row; `rc()` says why it stopped.
  bool step() {
    rc_ = sqlite3_step(statement_);
    return rc_ == SQLITE_ROW;
  }
  [[nodiscard]] int rc() const { return rc_; }
  [[nodiscard]] bool is_null(int column) const { return sqlite3_column_type(statement_, column) == SQLITE_NULL; }
  [[nodiscard]] bool is_integer(int column) const {
    return sqlite3_column_type(statement_, column) == SQLITE_INTEGER;
  }
  [[nodiscard]] std::int64_t integer(int column) const { return sqlite3_column_int64(statement_, column); }
  [[nodiscard]] std::string text(int column) const {
    const auto* bytes = sqlite3_column_blob(statement_, column);
    const int size = sqlite3_column_bytes(statement_, column);
    return bytes == nullptr ? std::string() : std::string(static_cast<const char*>(bytes), static_cast<std::size_t>(size));
  }

 private:
  sqlite3_stmt* statement_ = nullptr;
  int rc_ = SQLITE_OK;
};

std::string quoted(const std::string& table) {
  std::string out = "\"";
  for (const char c : table) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + '"';
}

/// SQL giving `column`, a time the tool kept, as migbundle writes applied_at
/// (NULL when SQLite cannot read it as a time).
std::string iso_time(const std::string& column) { return "strftime('%Y-%m-%dT%H:%M:%fZ', " + column + ")"; }

std::string hex(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (const char c : bytes) {
    out += digits[static_cast<unsigned char>(c) >> 4];
    out += digits[static_cast<unsigned char>(c) & 0xF];
  }
  return out;
}

/// At most the first 16 characters of a hash, for messages.
std::string short_hash(const std::string& hash) { return hash.size() > 16 ? hash.substr(0, 16) + "…" : hash; }

std::string_view first_segment(std::string_view file_name) { return file_name.substr(0, file_name.find('/')); }

std::string leading_digits(std::string_view text) {
  std::size_t end = 0;
  while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
  return std::string(text.substr(0, end));
}

/// A number as a decimal string without leading zeros ("007" → "7"), so
/// versions kept as integers match file names that pad them; "" when there is none.
std::string canonical_number(std::string_view digits) {
  if (digits.empty()) return {};
  const std::size_t first = digits.find_first_not_of('0');
  return first == std::string_view::npos ? "0" : std::string(digits.substr(first));
}

/// Flyway's version as it compares them: parts split at `.` (a file name's
/// `_`), each a number, trailing zero parts ignored ("1.01.0" = "1.1").
std::string flyway_version(std::string_view version) {
  std::vector<std::string> parts;
  std::string part;
  for (const char c : version) {
    if (c == '.' || c == '_') {
      parts.push_back(canonical_number(part));
      part.clear();
    } else {
      part += c;
    }
  }
  parts.push_back(canonical_number(part));
  while (parts.size() > 1 && parts.back() == "0") parts.pop_back();
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : ".") + p;
  return out;
}

/// The key a tool's table names a migration by, from the migration's file
/// name (`<dir>/up.sql` for the folder-per-migration layouts).
std::string key_of(PeerTool tool, const MigrationSource& migration) {
  const std::string_view file = migration.file_name;
  switch (tool) {
    case PeerTool::wrangler:
      return std::string(file);
    case PeerTool::sqlx:
    case PeerTool::goose:
    case PeerTool::golang_migrate:
      return canonical_number(leading_digits(file));
    case PeerTool::dbmate:
      return leading_digits(file);
    case PeerTool::diesel: {
      const std::string_view folder = first_segment(file);
      std::string version(folder.substr(0, folder.find('_')));
      version.erase(std::remove(version.begin(), version.end(), '-'), version.end());
      return version;
    }
    case PeerTool::flyway: {
      if (file.empty() || (file[0] != 'V' && file[0] != 'v')) return {};
      const std::size_t end = file.find("__");
      return end == std::string_view::npos ? std::string() : flyway_version(file.substr(1, end - 1));
    }
    case PeerTool::prisma:
      return std::string(first_segment(file));
    case PeerTool::drizzle:
      break;  // drizzle's rows carry the journal's `when`: see read_drizzle()
  }
  return {};
}

/// No migration of the folder.
constexpr std::size_t none = static_cast<std::size_t>(-1);

/// Matches rows to migrations and collects what to adopt and what refuses it.
class Matcher {
 public:
  Matcher(const std::string& database, PeerTool tool, const std::string& table, const std::filesystem::path& directory,
          const std::vector<MigrationSource>& migrations)
      : database_(database), tool_(tool), table_(table), directory_(directory), migrations_(migrations),
        taken_(migrations.size(), false) {}

  [[nodiscard]] std::string tool() const { return std::string(info(tool_).name); }
  [[nodiscard]] std::string where() const { return tool() + "'s `" + table_ + "` (" + database_ + ")"; }
  [[nodiscard]] const std::vector<MigrationSource>& migrations() const { return migrations_; }

  /// The index of the migration `key` names, by key_of(); `none` when there is none.
  [[nodiscard]] std::size_t find(const std::string& key) {
    if (keys_.empty()) {
      for (std::size_t i = 0; i < migrations_.size(); ++i) keys_.emplace(key_of(tool_, migrations_[i]), i);
    }
    const auto found = keys_.find(key);
    if (found == keys_.end() || key.empty()) return none;
    return found->second;
  }

  /// A problem about the database as a whole, or a row no file matches.
  void refuse(const std::string& message) { problems_.push_back({database_, 0, 0, Severity::error, message + nothing_adopted}); }
  /// A problem about one migration of the folder.
  void refuse(std::size_t migration, const std::string& message) {
    problems_.push_back({migrations_[migration].display_path, 0, 0, Severity::error, message + nothing_adopted});
  }
  void refuse_missing(const std::string& what) {
    refuse(where() + " records " + what + ", which " + directory_.generic_string() +
           " does not have: restore that migration's file, or give the folder that migrated this database");
  }

  /// Records `migration` as applied, once.
  void take(std::size_t migration, std::string applied_at, std::int64_t execution_ms) {
    if (taken_[migration]) {
      refuse(migration, where() + " records this migration twice: that is not a table " + tool() + " wrote; check it");
      return;
    }
    taken_[migration] = true;
    applied_.push_back({migration, std::move(applied_at), execution_ms < 0 ? 0 : execution_ms});
  }

  /// The file's bytes as the tool hashed them, or nothing with a problem.
  std::optional<std::string> file_bytes(std::size_t migration) {
    std::string bytes;
    if (!read_file_bytes(directory_ / migrations_[migration].file_name, bytes)) {
      refuse(migration, "cannot be read to check the hash " + tool() + " recorded for it");
      return std::nullopt;
    }
    return bytes;
  }

  void hash_differs(std::size_t migration, const std::string& recorded, const std::string& computed) {
    refuse(migration, where() + " recorded it with hash " + short_hash(recorded) + ", but the file hashes to " +
                          short_hash(computed) + " as " + tool() +
                          " computes it: it was edited after it was applied. Restore the file as it was applied "
                          "(from version control), then adopt");
  }

  /// The query on the tool's table; a table without its columns is a problem.
  bool prepare(Query& query) {
    if (query.prepared()) return true;
    refuse("table `" + table_ + "` does not have " + tool() + "'s columns (" + std::string(info(tool_).columns) +
           "): check --from, and --peer-table when the tool was told to use another table");
    return false;
  }
  /// After the last row: a read that failed is a problem.
  void finished(const Query& query, sqlite3* db) {
    if (query.rc() != SQLITE_DONE) refuse("cannot read `" + table_ + "`: " + sqlite3_errmsg(db));
  }

  PeerHistory result() && {
    std::sort(applied_.begin(), applied_.end(),
              [](const PeerApplied& a, const PeerApplied& b) { return a.migration < b.migration; });
    return {std::move(applied_), std::move(problems_)};
  }

 private:
  static constexpr const char* nothing_adopted = "; nothing was adopted";
  const std::string& database_;
  PeerTool tool_;
  const std::string& table_;
  const std::filesystem::path& directory_;
  const std::vector<MigrationSource>& migrations_;
  std::vector<bool> taken_;
  std::multimap<std::string, std::size_t> keys_;
  std::vector<PeerApplied> applied_;
  std::vector<Diagnostic> problems_;
};

/// The journal's `when` of each migration (by its `<tag>.sql`): what drizzle
/// stores as `created_at`.
std::map<std::int64_t, std::size_t> drizzle_created_at(Matcher& match, const std::filesystem::path& directory) {
  std::map<std::int64_t, std::size_t> created;
  std::string text;
  if (!read_file_bytes(directory / "meta" / "_journal.json", text)) {
    match.refuse("cannot read " + (directory / "meta" / "_journal.json").generic_string() +
                 ", whose `when` values drizzle records");
    return created;
  }
  const nlohmann::json journal = nlohmann::json::parse(text, nullptr, false);
  if (!journal.is_object() || !journal.contains("entries") || !journal["entries"].is_array()) return created;
  for (const nlohmann::json& entry : journal["entries"]) {
    if (!entry.is_object() || !entry.contains("tag") || !entry["tag"].is_string() || !entry.contains("when") ||
        !entry["when"].is_number_integer()) {
      continue;  // the layout reader reported it
    }
    const std::string file = entry["tag"].get<std::string>() + ".sql";
    const auto& migrations = match.migrations();
    for (std::size_t i = 0; i < migrations.size(); ++i) {
      if (migrations[i].file_name == file) created.emplace(entry["when"].get<std::int64_t>(), i);
    }
  }
  return created;
}

void read_drizzle(sqlite3* db, Matcher& match, const std::string& table, const std::filesystem::path& directory) {
  const std::map<std::int64_t, std::size_t> created = drizzle_created_at(match, directory);
  Query query(db, "SELECT hash, created_at FROM main." + quoted(table) + " ORDER BY created_at");
  if (!match.prepare(query)) return;
  while (query.step()) {
    const std::string hash = query.text(0);
    const auto found = query.is_integer(1) ? created.find(query.integer(1)) : created.end();
    if (found == created.end()) {
      match.refuse_missing("a migration created at " + query.text(1) + " (hash " + short_hash(hash) +
                           ", matched by the journal's `when`)");
      continue;
    }
    if (const std::optional<std::string> bytes = match.file_bytes(found->second)) {
      const std::string computed = sha256_hex(*bytes);
      if (computed != hash) {
        match.hash_differs(found->second, hash, computed);
        continue;
      }
    }
    match.take(found->second, {}, 0);  // created_at is when drizzle-kit generated it, not when it ran
  }
  match.finished(query, db);
}

/// wrangler, dbmate, diesel: every row is an applied migration, named by a text key.
void read_named_rows(sqlite3* db, Matcher& match, const std::string& sql, const std::string& what) {
  Query query(db, sql);
  if (!match.prepare(query)) return;
  while (query.step()) {
    const std::string key = query.text(0);
    if (const std::size_t found = match.find(key); found != none) {
      match.take(found, query.is_null(1) ? std::string() : query.text(1), 0);
    } else {
      match.refuse_missing(what + " `" + key + "`");
    }
  }
  match.finished(query, db);
}

void read_sqlx(sqlite3* db, Matcher& match, const std::string& table) {
  Query query(db, "SELECT version, success, checksum, " + iso_time("installed_on") + ", execution_time FROM main." +
                      quoted(table) + " ORDER BY version");
  if (!match.prepare(query)) return;
  while (query.step()) {
    const std::string version = query.is_integer(0) ? std::to_string(query.integer(0)) : query.text(0);
    const std::size_t found = match.find(version);
    if (query.integer(1) != 1) {
      const std::string message = match.where() + " records version " + version +
                                  " as failed (success = false): sqlx itself refuses to migrate this database. "
                                  "Check what that migration changed, repair it with sqlx, then adopt";
      found != none ? match.refuse(found, message) : match.refuse(message);
      continue;
    }
    if (found == none) {
      match.refuse_missing("version " + version);
      continue;
    }
    if (const std::optional<std::string> bytes = match.file_bytes(found)) {
      const auto digest = sha384(*bytes);
      const std::string computed = hex(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
      const std::string recorded = hex(query.text(2));
      if (computed != recorded) {
        match.hash_differs(found, recorded, computed);
        continue;
      }
    }
    // execution_time is in nanoseconds, and -1 when sqlx stopped before updating it.
    const std::int64_t nanoseconds = query.integer(4);
    match.take(found, query.is_null(3) ? std::string() : query.text(3), nanoseconds > 0 ? nanoseconds / 1000000 : 0);
  }
  match.finished(query, db);
}

void read_goose(sqlite3* db, Matcher& match, const std::string& table) {
  // The newest row of each version decides (old goose wrote is_applied = 0 on down).
  Query query(db, "SELECT version_id, is_applied, " + iso_time("tstamp") + " FROM main." + quoted(table) +
                      " ORDER BY id DESC");
  if (!match.prepare(query)) return;
  std::map<std::string, bool> seen;
  while (query.step()) {
    const std::string version = query.is_integer(0) ? std::to_string(query.integer(0)) : query.text(0);
    if (!seen.emplace(version, true).second) continue;
    if (version == "0" || query.integer(1) != 1) continue;  // 0: the row goose creates with its table
    if (const std::size_t found = match.find(version); found != none) {
      match.take(found, query.is_null(2) ? std::string() : query.text(2), 0);
    } else {
      match.refuse_missing("version " + version);
    }
  }
  match.finished(query, db);
}

void read_golang_migrate(sqlite3* db, Matcher& match, const std::string& table) {
  Query query(db, "SELECT version, dirty FROM main." + quoted(table));
  if (!match.prepare(query)) return;
  std::vector<std::pair<std::string, bool>> rows;
  while (query.step()) {
    rows.emplace_back(query.is_integer(0) ? std::to_string(query.integer(0)) : query.text(0), query.integer(1) != 0);
  }
  match.finished(query, db);
  if (query.rc() != SQLITE_DONE || rows.empty()) return;  // no row: nothing applied
  if (rows.size() > 1) {
    match.refuse(match.where() + " has " + std::to_string(rows.size()) +
                 " rows; golang-migrate keeps exactly one (the last version): check --from (dbmate's table has "
                 "the same name)");
    return;
  }
  const auto& [version, dirty] = rows.front();
  const std::size_t found = match.find(version);
  if (dirty) {
    const std::string message = match.where() + " is dirty at version " + version +
                                ": that migration started and did not finish, so what it changed is unknown. "
                                "Check the database, finish or undo the migration by hand, then run `migrate force " +
                                version + "` (or the version before it) and adopt";
    found != none ? match.refuse(found, message) : match.refuse(message);
    return;
  }
  if (found == none) {
    match.refuse_missing("version " + version + " as the last one applied");
    return;
  }
  // Every version up to the recorded one is applied; golang-migrate keeps no time.
  const auto& migrations = match.migrations();
  const std::int64_t last = migrations[found].id;
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].id <= last) match.take(i, {}, 0);
  }
}

void read_flyway(sqlite3* db, Matcher& match, const std::string& table) {
  Query query(db, "SELECT installed_rank, version, type, script, checksum, " + iso_time("installed_on") +
                      ", execution_time, success FROM main." + quoted(table) + " ORDER BY installed_rank");
  if (!match.prepare(query)) return;
  while (query.step()) {
    const std::string script = query.text(3);
    const std::string row = "row " + std::to_string(query.integer(0)) + " (`" + script + "`)";
    const std::size_t found = query.is_null(1) ? none : match.find(flyway_version(query.text(1)));
    const auto refuse = [&](const std::string& message) { found != none ? match.refuse(found, message) : match.refuse(message); };
    if (query.integer(7) != 1) {
      refuse(match.where() + " records " + row + " as failed (success = 0): Flyway itself refuses to migrate "
             "this database. Undo what it changed and run `flyway repair`, then adopt");
      continue;
    }
    const std::string type = query.text(2);
    if (type == "SCHEMA") continue;  // Flyway created the schema: no migration
    if (query.is_null(1)) {
      refuse(match.where() + " records " + row + ", a repeatable migration; migbundle runs versioned migrations "
             "only. Make its SQL a versioned migration (`V<n>__<name>.sql`) first");
      continue;
    }
    if (type != "SQL") {
      refuse(match.where() + " records " + row + " of type " + type +
             "; migbundle adopts only SQL migrations Flyway ran (type SQL), not a baseline, a deleted or a Java "
             "migration. Give the folder a `V<n>__` file for each version instead");
      continue;
    }
    if (found == none) {
      match.refuse_missing("version " + query.text(1) + " " + row);
      continue;
    }
    if (const std::optional<std::string> bytes = match.file_bytes(found)) {
      const std::int32_t computed = flyway_checksum(*bytes);
      if (query.is_null(4) || static_cast<std::int32_t>(query.integer(4)) != computed) {
        match.hash_differs(found, query.is_null(4) ? std::string("NULL") : query.text(4), std::to_string(computed));
        continue;
      }
    }
    match.take(found, query.is_null(5) ? std::string() : query.text(5), query.integer(6));
  }
  match.finished(query, db);
}

void read_prisma(sqlite3* db, Matcher& match, const std::string& table) {
  // quaint binds times as Unix milliseconds; text is taken as it is.
  const std::string finished =
      "CASE WHEN typeof(finished_at) IN ('integer', 'real') THEN strftime('%Y-%m-%dT%H:%M:%fZ', finished_at / 1000.0, "
      "'unixepoch') ELSE " + iso_time("finished_at") + " END";
  Query query(db, "SELECT migration_name, checksum, finished_at IS NOT NULL, rolled_back_at IS NOT NULL, " + finished +
                      " FROM main." + quoted(table) + " ORDER BY started_at, migration_name");
  if (!match.prepare(query)) return;
  while (query.step()) {
    const std::string name = query.text(0);
    if (query.integer(3) != 0) continue;  // rolled back: Prisma ignores the row
    const std::size_t found = match.find(name);
    if (query.integer(2) == 0) {
      const std::string message = match.where() + " records `" + name +
                                  "` as started and not finished (a failed migration): Prisma itself refuses to "
                                  "deploy. Resolve it with `prisma migrate resolve`, then adopt";
      found != none ? match.refuse(found, message) : match.refuse(message);
      continue;
    }
    if (found == none) {
      match.refuse_missing("migration `" + name + "`");
      continue;
    }
    if (const std::optional<std::string> bytes = match.file_bytes(found)) {
      // Prisma also takes the hash of the script with its line endings swapped.
      std::string lf, crlf;
      for (std::size_t i = 0; i < bytes->size(); ++i) {
        if ((*bytes)[i] == '\r' && i + 1 < bytes->size() && (*bytes)[i + 1] == '\n') continue;
        lf += (*bytes)[i];
      }
      for (const char c : lf) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
      const std::string recorded = query.text(1);
      if (recorded != sha256_hex(*bytes) && recorded != sha256_hex(lf) && recorded != sha256_hex(crlf)) {
        match.hash_differs(found, recorded, sha256_hex(*bytes));
        continue;
      }
    }
    match.take(found, query.is_null(4) ? std::string() : query.text(4), 0);
  }
  match.finished(query, db);
}

}  // namespace

const std::vector<std::string_view>& peer_tool_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> all;
    for (const ToolInfo& tool : tool_infos) all.push_back(tool.name);
    return all;
  }();
  return names;
}

std::optional<PeerTool> peer_tool_from_name(std::string_view name) {
  for (const ToolInfo& tool : tool_infos) {
    if (tool.name == name) return tool.tool;
  }
  return std::nullopt;
}

std::string_view peer_tool_name(PeerTool tool) { return info(tool).name; }
std::string_view peer_default_table(PeerTool tool) { return info(tool).table; }
Layout peer_layout(PeerTool tool) { return info(tool).layout; }

PeerHistory read_peer_history(sqlite3* db, const std::string& database, PeerTool tool, const std::string& table,
                              const std::filesystem::path& directory, const std::vector<MigrationSource>& migrations) {
  Matcher match(database, tool, table, directory, migrations);
  const std::string from = " FROM main." + quoted(table);
  switch (tool) {
    case PeerTool::drizzle:
      read_drizzle(db, match, table, directory);
      break;
    case PeerTool::wrangler:
      read_named_rows(db, match, "SELECT name, " + iso_time("applied_at") + from + " ORDER BY id", "migration");
      break;
    case PeerTool::dbmate:
      read_named_rows(db, match, "SELECT version, NULL" + from + " ORDER BY version", "version");
      break;
    case PeerTool::diesel:
      read_named_rows(db, match, "SELECT version, " + iso_time("run_on") + from + " ORDER BY version", "version");
      break;
    case PeerTool::sqlx:
      read_sqlx(db, match, table);
      break;
    case PeerTool::goose:
      read_goose(db, match, table);
      break;
    case PeerTool::golang_migrate:
      read_golang_migrate(db, match, table);
      break;
    case PeerTool::flyway:
      read_flyway(db, match, table);
      break;
    case PeerTool::prisma:
      read_prisma(db, match, table);
      break;
  }
  return std::move(match).result();
}

}  // namespace migbundle::gen
