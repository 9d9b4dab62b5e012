// `migbundle squash --dir DIR --upto ID [--name NAME] [--to FOLDER]`: one
// baseline migration for the migrations up to ID, as Django's
// squashmigrations or a Rails schema load do for a long history. The
// baseline is read from what those migrations give (schema and rows),
// proven to give the same before anything moves, and takes ID as its id; the
// files it replaces move to FOLDER (DIR/.squashed, which no reader looks
// into). Every step undoes itself when a later one fails: the folder is then
// as it was.
#include "baseline.hpp"
#include "commands.hpp"
#include "database.hpp"
#include "schema_snapshot.hpp"

#include <migbundle/generator/check_migrations.hpp>
#include <migbundle/generator/lint.hpp>
#include <migbundle/generator/source.hpp>
#include <migbundle/generator/utf8.hpp>
#include <migbundle/generator/write_file.hpp>
#include <migbundle/migrate.hpp>

#include <nlohmann/json.hpp>

#include <ostream>
#include <system_error>

namespace migbundle::gen {
namespace {

namespace fs = std::filesystem;

/// Files moved so far, moved back when a later step fails.
class Moves {
 public:
  Moves() = default;
  Moves(const Moves&) = delete;
  Moves& operator=(const Moves&) = delete;
  ~Moves() {
    if (kept_) return;
    std::error_code ignored;
    for (auto it = done_.rbegin(); it != done_.rend(); ++it) fs::rename(it->second, it->first, ignored);
    for (const fs::path& path : created_) fs::remove(path, ignored);
  }

  void move(const fs::path& from, const fs::path& to) {
    std::error_code error;
    if (fs::exists(fs::symlink_status(to, error))) {
      throw UsageError("`" + to.generic_string() + "` exists already; move it away, or name another folder with --to");
    }
    fs::rename(from, to, error);
    if (error) throw UsageError("cannot move `" + from.generic_string() + "` to `" + to.generic_string() + "`: " +
                                error.message());
    done_.emplace_back(from, to);
  }
  /// A file this command made, removed again when it fails.
  void created(const fs::path& path) { created_.push_back(path); }
  void keep() { kept_ = true; }

 private:
  std::vector<std::pair<fs::path, fs::path>> done_;
  std::vector<fs::path> created_;
  bool kept_ = false;
};

/// The id as the squashed migration's file name writes it (`0005` keeps its width).
std::string id_text_of(const MigrationSource& m) {
  std::size_t digits = 0;
  while (digits < m.file_name.size() && m.file_name[digits] >= '0' && m.file_name[digits] <= '9') ++digits;
  return m.file_name.substr(0, digits);
}

}  // namespace

bool run_squash(const SquashOptions& options, std::ostream& out, std::ostream& err) {
  CheckedMigrations checked = check_migrations(options.directory, nullptr, Layout::migbundle);
  for (const Diagnostic& warning : checked.warnings) err << format(warning) << '\n';
  std::vector<MigrationSource>& all = checked.migrations;
  std::size_t count = 0;
  while (count < all.size() && all[count].id <= options.upto) ++count;
  if (count == 0 || all[count - 1].id != options.upto) {
    throw UsageError("--upto " + std::to_string(options.upto) + ": no migration in " + options.directory +
                     " has that id" +
                     (all.empty() ? std::string()
                                  : "; its ids run from " + std::to_string(all.front().id) + " to " +
                                        std::to_string(all.back().id)));
  }
  if (count < 2) {
    throw UsageError("--upto " + std::to_string(options.upto) + " takes in one migration only (`" +
                     all.front().file_name + "`): a baseline would gain nothing");
  }
  const MigrationSource& last = all[count - 1];
  if (options.name == last.name) {
    throw UsageError("--name " + options.name + " is the name of `" + last.file_name +
                     "`, which the baseline replaces: databases tell the two apart by name, so give another");
  }
  const std::vector<MigrationSource> squashed(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(count));
  for (const MigrationSource& m : squashed) {
    if ((m.flags & flag_no_transaction) != 0) {
      err << m.display_path << ":1:1: warning: runs outside a transaction (`no-transaction`); what it changes beyond "
          << "schema and rows (journal_mode, page_size, a VACUUM) is not in the baseline: a new database gets it "
          << "only if a later migration does it again\n";
    }
  }

  // The baseline, from the squashed migrations applied to an empty database.
  const fs::path directory = options.directory;
  const fs::path aside = options.aside.empty() ? directory / ".squashed" : fs::path(options.aside);
  const std::string file_name = id_text_of(last) + "_" + options.name + ".sql";
  const std::string shown = display_path_of(directory, file_name);
  std::string header = "-- migbundle: baseline\n";
  header += "-- Stands for " + squashed.front().file_name + " to " + last.file_name + " (" +
            std::to_string(count) + " migrations), squashed by `migbundle squash --upto " +
            std::to_string(options.upto) + "`;\n";
  // Where they went, relative to the folder: the text must depend neither on
  // the working directory nor on the machine (an absolute --to), so that two
  // checkouts squash to the same bytes.
  fs::path aside_shown = ".squashed";
  if (!options.aside.empty()) {
    std::error_code ignored;
    const fs::path folder = fs::absolute(directory, ignored).lexically_normal();
    aside_shown = fs::absolute(aside, ignored).lexically_normal().lexically_relative(folder);
    if (aside_shown.empty()) aside_shown = aside.filename();  // another drive: no relative path exists
    // Inside DIR, only a hidden folder is left unread: the reader refuses .sql
    // files in a visible subfolder (they look like a migration never run).
    const std::string first = aside_shown.empty() ? std::string() : aside_shown.begin()->string();
    if (!first.empty() && first != ".." && first.front() != '.') {
      throw UsageError("--to " + options.aside + " is a visible folder inside " + options.directory +
                       ", whose .sql files the generator would refuse as migrations never run: name a hidden one "
                       "(`.squashed`, the default) or one outside " + options.directory);
    }
  }
  header += "-- they are kept in " + escape_invalid_utf8(aside_shown.generic_string()) +
            ". A database that applied them keeps its history; a new one runs this.\n";
  header += "-- Written by migbundle from what those migrations give: change it by squashing again, not by hand.\n";
  std::string sql;
  {
    Database source(":memory:", true);
    source.load_extensions(options.extensions);
    const std::string where = options.directory;
    apply_migrations(source.get(), squashed, ::migbundle::Options{}, where);
    sql = baseline_sql(source.get(), ::migbundle::default_table, header, where);
  }
  MigrationSource baseline;
  baseline.id = options.upto;
  baseline.name = options.name;
  baseline.file_name = file_name;
  baseline.display_path = shown;
  std::vector<Diagnostic> problems;
  if (!set_migration_sql(baseline, sql, problems)) throw MigrationsError(std::move(problems));
  for (Diagnostic& d : lint_migration(baseline)) {
    if (d.severity == Severity::error) problems.push_back(std::move(d));
  }
  if (!problems.empty()) throw MigrationsError(std::move(problems));

  // Proven before anything moves.
  const std::string difference = baseline_difference(squashed, baseline, options.extensions, options.directory);
  if (!difference.empty()) {
    throw MigrationsError({{shown, 1, 1, Severity::error,
                            "the baseline would not give what the migrations it replaces give, so nothing was "
                            "written: " + difference + ". Squash below the migration that causes it"}});
  }

  // Write beside, move the squashed files aside, then take the name: a reader
  // never sees the baseline and the migration of its id together.
  Moves moves;
  std::error_code error;
  if (!fs::exists(aside, error)) {
    if (!fs::create_directory(aside, error) || error) {
      throw UsageError("cannot create `" + aside.generic_string() + "`: " + error.message());
    }
    moves.created(aside);
  }
  const fs::path temporary = directory / ("." + file_name + ".tmp");
  if (!create_new_file(temporary, baseline.text, temporary.generic_string())) {
    throw UsageError("`" + temporary.generic_string() + "` exists: a squash was interrupted? Remove it and run again");
  }
  moves.created(temporary);
  std::vector<std::string> moved;
  for (const MigrationSource& m : squashed) {
    moves.move(directory / m.file_name, aside / m.file_name);
    moved.push_back(m.file_name);
    if (m.down_text && !m.down_path.empty() && m.down_path != m.display_path) {
      const std::string down_file = fs::path(m.down_path).filename().string();
      moves.move(directory / down_file, aside / down_file);
      moved.push_back(down_file);
    }
  }
  const fs::path final_path = directory / file_name;
  moves.move(temporary, final_path);

  // Read back: the baseline must now be the folder's first migration, as written.
  const CheckedMigrations after = check_migrations(options.directory, nullptr, Layout::migbundle);
  if (after.migrations.empty() || after.migrations.front().file_name != file_name ||
      (after.migrations.front().flags & flag_baseline) == 0 || after.migrations.front().text != baseline.text) {
    throw MigrationsError({{shown, 1, 1, Severity::error,
                            "did not read back as the folder's first migration, a baseline; the folder is as it "
                            "was"}});
  }
  moves.keep();

  std::size_t before_bytes = 0;
  for (const MigrationSource& m : squashed) before_bytes += m.text.size();
  if (options.json) {
    nlohmann::ordered_json result = {{"baseline", shown},
                                     {"id", options.upto},
                                     {"squashed", count},
                                     {"sql_bytes_before", before_bytes},
                                     {"sql_bytes_after", baseline.text.size()},
                                     {"moved_to", escape_invalid_utf8(aside.generic_string())},
                                     {"moved", moved}};
    out << result.dump(2) << '\n';
    return true;
  }
  out << "squashed " << count << " migrations, " << squashed.front().file_name << " to " << last.file_name << " ("
      << before_bytes << " B of SQL), into " << shown << " (" << baseline.text.size() << " B)\n"
      << "  proven: applied to an empty database, it gives the schema, rows and header fields they give\n"
      << "  moved " << moved.size() << " file(s) to " << escape_invalid_utf8(aside.generic_string()) << '\n'
      << "A database that applied them keeps its history and goes on from " << options.upto
      << "; a new database applies the baseline.\n"
      << "A database that stops below " << options.upto
      << " is refused (below_baseline): migrate it first with a release built before this squash.\n"
      << "Keeping a lock file? Run `migbundle lock` to record the baseline.\n";
  return true;
}

}  // namespace migbundle::gen
