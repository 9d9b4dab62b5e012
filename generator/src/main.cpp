// The `migbundle` command: parses options and maps outcomes to exit codes.
// The work itself is in the generator library and in commands/, which the
// tests link directly.
#include "commands.hpp"
#include "schema_snapshot.hpp"

#include <migbundle/bundle.hpp>
#include <migbundle/generator/diagnostic.hpp>
#include <migbundle/generator/engine.hpp>
#include <migbundle/generator/generate.hpp>
#include <migbundle/generator/layout.hpp>
#include <migbundle/generator/peer_identity.hpp>

#include <boost/program_options.hpp>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace po = boost::program_options;
using namespace migbundle::gen;

namespace {

constexpr int exit_ok = 0;
constexpr int exit_problem = 1;  // a problem in the migrations or the database (or outputs stale with --check)
constexpr int exit_usage = 2;

const char* const usage_text =
    "usage: migbundle <command> [options]\n"
    "\n"
    "commands:\n"
    "  generate   embed a migrations directory into a C++ header (and data source)\n"
    "  verify     apply every migration to an in-memory database; report SQL errors\n"
    "  list       show the migrations a directory holds, with checksums\n"
    "  lock       record the migrations as released in a lock file\n"
    "  apply      apply pending migrations to a database file\n"
    "  status     show which migrations a database file has applied\n"
    "  rollback   revert applied migrations above an id with their downs\n"
    "  adopt      take over a database another tool migrated, then apply the rest\n"
    "  convert    write a migbundle folder from another tool's migrations folder\n"
    "  schema     write or check the schema the migrations give, for review and drift checks\n"
    "  new        create the next migration file (and its down) in a folder, in its layout\n"
    "  squash     replace the migrations up to an id by one proven baseline, the files moved aside\n"
    "\n"
    "Run `migbundle <command> --help` (or `migbundle help <command>`) for a command's options.\n"
    "Exit codes: 0 success, 1 a problem in the migrations or database, 2 wrong usage.\n";

/// Parses `arguments`; prints help and returns false when --help (-h) was asked.
/// `positional`, when given, names the options that words stand for (`migbundle new`'s NAME).
bool parse(const std::string& synopsis, po::options_description& options, const std::vector<std::string>& arguments,
           po::variables_map& values, const po::positional_options_description* positional = nullptr) {
  options.add_options()("help,h", "show this help");
  if (std::find(arguments.begin(), arguments.end(), "--help") != arguments.end() ||
      std::find(arguments.begin(), arguments.end(), "-h") != arguments.end()) {
    std::cout << "usage: " << synopsis << "\n\n" << options;
    return false;
  }
  po::command_line_parser parser(arguments);
  parser.options(options);
  if (positional != nullptr) parser.positional(*positional);
  const po::parsed_options parsed = parser.run();
  // Boost keeps words that are no option's value as positional ones, and
  // store() drops them: a stray word would be ignored without a sound.
  for (const po::option& option : parsed.options) {
    if (option.position_key >= 0 && option.string_key.empty()) {
      const std::string word = option.original_tokens.empty() ? std::string() : option.original_tokens.front();
      throw UsageError("unexpected argument `" + word + "`: every argument is an option (`--name value`); run `" +
                       synopsis.substr(0, synopsis.find(" -")) + " --help` for them");
    }
  }
  po::store(parsed, values);
  po::notify(values);
  return true;
}

int exit_code(bool ok) { return ok ? exit_ok : exit_problem; }

const char* const dir_help = "directory holding the migrations (<digits>_<name>.sql, or another tool's with --layout)";

/// `--layout NAME`, on every command that reads a migrations directory.
void add_layout_option(po::options_description& options, std::string& layout) {
  std::string names;
  for (const std::string_view name : layout_names()) names += (names.empty() ? "" : ", ") + std::string(name);
  options.add_options()("layout", po::value(&layout)->default_value("migbundle"),
                        ("how the directory is laid out: " + names +
                         " (auto detects it and says which; the default is migbundle's `<digits>_<name>.sql`)")
                            .c_str());
}

/// `--engine NAME`, on the commands that lint (generate, verify).
void add_engine_option(po::options_description& options, std::string& engine) {
  std::string names;
  for (const std::string_view name : engine_names()) names += (names.empty() ? "" : ", ") + std::string(name);
  options.add_options()("engine", po::value(&engine)->default_value("sqlite"),
                        ("the database the migrations are written for: " + names +
                         "; chooses the lint's rules, never what is generated")
                            .c_str());
}

Engine to_engine(const std::string& name) {
  if (const std::optional<Engine> engine = engine_from_name(name)) return *engine;
  std::string names;
  for (const std::string_view known : engine_names()) names += (names.empty() ? "" : ", ") + std::string(known);
  throw UsageError("--engine `" + name + "` is not an engine migbundle knows; it knows " + names);
}

Layout to_layout(const std::string& name, const char* option = "--layout") {
  if (const std::optional<Layout> layout = layout_from_name(name)) return *layout;
  std::string names;
  for (const std::string_view known : layout_names()) names += (names.empty() ? "" : ", ") + std::string(known);
  throw UsageError(std::string(option) + " `" + name + "` is not a layout migbundle reads; it reads " + names);
}

// Defined beside the database options below, with the commands that share them.
std::string adopt_tools();
::migbundle::PeerTool to_adopt_tool(const std::string& name, const char* option);

int generate_command(const std::vector<std::string>& arguments) {
  GenerateOptions o;
  std::string header, source, lock, layout, adopt, engine;
  bool embed_schema = false;
  std::vector<std::string> extensions;
  po::options_description options("options");
  options.add_options()
      ("dir", po::value<std::filesystem::path>(&o.directory)->required(), dir_help)
      ("out", po::value(&header)->required(), "header to write")
      ("namespace", po::value(&o.cpp_namespace)->required(), "C++ namespace of the bundle, e.g. app::db")
      ("source", po::value(&source), "put the SQL data into this .cpp file; the header then only declares it")
      ("lock", po::value(&lock), "fail when a migration recorded in this lock file was edited or removed")
      ("allow-missing-lock", po::bool_switch(&o.allow_missing_lock),
       "take a --lock file that does not exist as empty (nothing released yet) instead of an error")
      ("adopt", po::value(&adopt),
       ("also emit `adoption`, what this tool knows each migration by, for migbundle::migrate(db, bundle, adoption, options) "
        "(the layout is still --layout's): " + adopt_tools()).c_str())
      ("adopt-table", po::value(&o.adopt_table),
       "with --adopt: the tool's tracking table, when it was told to use another (default: the tool's own)")
      ("check", po::bool_switch(&o.check_only), "write nothing; exit 1 when an output would change (for CI)")
      ("schema", po::bool_switch(&embed_schema),
       "also emit `schema`, the schema every migration gives (each object's type, name and fingerprint), for "
       "migbundle::check_schema(); applies the migrations to an in-memory SQLite database")
      ("load-extension", po::value(&extensions)->composing(),
       "with --schema: load this SQLite extension first, for migrations that call an application's functions; "
       "repeatable");
  add_layout_option(options, layout);
  add_engine_option(options, engine);
  po::variables_map values;
  if (!parse("migbundle generate --dir DIR [--layout NAME] [--engine sqlite|postgres] --out FILE.hpp --namespace NS "
             "[--source FILE.cpp] [--lock FILE [--allow-missing-lock]] [--adopt TOOL [--adopt-table NAME]] "
             "[--schema [--load-extension FILE]...] [--check]",
             options, arguments, values)) {
    return exit_ok;
  }
  if (!extensions.empty() && !embed_schema) {
    throw UsageError("--load-extension is for --schema, which runs the migrations; generating the bundle alone runs "
                     "no SQL. Add --schema, or drop --load-extension");
  }
  o.layout = to_layout(layout);
  o.engine = to_engine(engine);
  if (values.count("adopt") != 0) o.adopt = to_adopt_tool(adopt, "--adopt");
  o.header = header;
  if (!source.empty()) o.source = source;
  if (!lock.empty()) o.lock_file = lock;
  if (embed_schema) {
    if (o.engine != Engine::sqlite) {
      throw UsageError("--schema takes the schema from SQLite, and check_schema() runs on SQLite: drop --schema for "
                       "--engine postgres");
    }
    std::ostringstream ignored;  // generate() prints the folder's warnings itself
    o.schema = take_schema_snapshot(o.directory.string(), o.layout, extensions, ignored).objects;
  }
  const GenerateResult result = generate(o);
  for (const Diagnostic& warning : result.warnings) std::cerr << format(warning) << '\n';
  if (o.check_only && !result.up_to_date) {
    std::cerr << header << ": error: out of date with " << o.directory.generic_string()
              << "; run `migbundle generate` without --check and commit the result\n";
    return exit_problem;
  }
  return exit_ok;
}

const char* const load_extension_help =
    "load this SQLite extension (a shared library) first, for migrations that call functions an application "
    "registers; repeatable";

void add_database_options(po::options_description& options, DatabaseOptions& o) {
  options.add_options()
      ("dir", po::value(&o.directory)->required(), dir_help)
      ("db", po::value(&o.database)->required(), "SQLite database file")
      ("table", po::value(&o.table), "tracking table (default: migbundle_migrations)")
      ("load-extension", po::value(&o.extensions)->composing(), load_extension_help);
}

/// The tools `--adopt`/`--from` take, for help and errors.
std::string adopt_tools() {
  std::string tools;
  for (const std::string_view name : adopt_tool_names()) tools += (tools.empty() ? "" : ", ") + std::string(name);
  return tools;
}

::migbundle::PeerTool to_adopt_tool(const std::string& name, const char* option) {
  if (const std::optional<::migbundle::PeerTool> tool = adopt_tool_from_name(name)) return *tool;
  throw UsageError(std::string(option) + " `" + name + "` is not a tool migbundle adopts from; it adopts from " +
                   adopt_tools());
}

int apply_command(const std::vector<std::string>& arguments) {
  ApplyOptions o;
  std::string layout, adopt;
  std::int64_t target = 0;
  po::options_description options("options");
  add_database_options(options, o);
  options.add_options()
      ("target", po::value(&target), "apply only migrations up to and including this id")
      ("allow-unknown-applied", po::bool_switch(&o.allow_unknown_applied), "accept applied ids missing from the directory")
      ("allow-out-of-order", po::bool_switch(&o.allow_out_of_order), "apply a pending id below the newest applied one")
      ("single-transaction", po::bool_switch(&o.single_transaction), "apply everything pending in one transaction")
      ("revert-unknown", po::bool_switch(&o.revert_unknown),
       "first revert applied migrations missing from the directory, with the downs the database stored")
      ("adopt", po::value(&adopt),
       ("first adopt what this tool applied, when the database has its table and no migbundle history: " +
        adopt_tools()).c_str())
      ("peer-table", po::value(&o.peer_table), "with --adopt: the tool's tracking table, when it was told to use another")
      ("json", po::bool_switch(&o.json), "print the result as JSON");
  add_layout_option(options, layout);
  po::variables_map values;
  if (!parse("migbundle apply --dir DIR [--layout NAME] --db FILE [--table NAME] [--load-extension FILE]... "
             "[--target ID] "
             "[--single-transaction] [--allow-unknown-applied] [--revert-unknown] [--allow-out-of-order] [--adopt TOOL "
             "[--peer-table NAME]] [--json]",
             options, arguments, values)) {
    return exit_ok;
  }
  if (values.count("target") != 0) {
    // Migration ids are the files' leading digits: a negative target would silently apply nothing.
    if (target < 0) throw UsageError("--target " + std::to_string(target) + " is negative; ids are 0 or more");
    o.target_id = target;
  }
  o.layout = to_layout(layout);
  if (!adopt.empty()) o.adopt = to_adopt_tool(adopt, "--adopt");
  if (!o.peer_table.empty() && !o.adopt) throw UsageError("--peer-table is for --adopt: give the tool too");
  return exit_code(run_apply(o, std::cout, std::cerr));
}

int rollback_command(const std::vector<std::string>& arguments) {
  RollbackOptions o;
  std::string layout;
  std::int64_t to = 0;
  bool all = false;
  po::options_description options("options");
  add_database_options(options, o);
  options.add_options()
      ("to", po::value(&to), "revert every applied migration above this id, newest first")
      ("all", po::bool_switch(&all), "revert every applied migration")
      ("json", po::bool_switch(&o.json), "print the result as JSON");
  add_layout_option(options, layout);
  po::variables_map values;
  if (!parse("migbundle rollback --dir DIR [--layout NAME] --db FILE (--to ID | --all) [--table NAME] "
             "[--load-extension FILE]... [--json]",
             options, arguments, values)) {
    return exit_ok;
  }
  if ((values.count("to") != 0) == all) throw UsageError("give --to ID (the migration to go back to) or --all");
  if (values.count("to") != 0) {
    if (to < 0) throw UsageError("--to " + std::to_string(to) + " is negative; ids are 0 or more (--all reverts all)");
    o.target_id = to;
  }
  o.layout = to_layout(layout);
  return exit_code(run_rollback(o, std::cout, std::cerr));
}

int status_command(const std::vector<std::string>& arguments) {
  StatusOptions o;
  std::string layout;
  po::options_description options("options");
  add_database_options(options, o);
  options.add_options()("json", po::bool_switch(&o.json), "print the status as JSON (with a `drift` member)");
  add_layout_option(options, layout);
  po::variables_map values;
  if (!parse("migbundle status --dir DIR [--layout NAME] --db FILE [--table NAME] [--load-extension FILE]... "
             "[--json]",
             options,
             arguments, values)) {
    std::cout << "\nChanges nothing: a SQLite database is opened read-only. Its schema is compared with the one\n"
                 "the migrations it records as applied give (replayed on an in-memory database); drift names\n"
                 "each object missing, extra or different, then a diff. Not compared when a migration is\n"
                 "modified or unknown (the files do not say what ran), nor on PostgreSQL.\n"
                 "Exit 1 for a modified or unknown migration, or drift; 0 otherwise (pending ones included).\n";
    return exit_ok;
  }
  o.layout = to_layout(layout);
  return exit_code(run_status(o, std::cout, std::cerr));
}

int verify_command(const std::vector<std::string>& arguments) {
  VerifyOptions o;
  std::string layout, engine;
  std::string lock;
  po::options_description options("options");
  options.add_options()
      ("dir", po::value(&o.directory)->required(), dir_help)
      ("lock", po::value(&lock), "also check the migrations against this lock file")
      ("allow-missing-lock", po::bool_switch(&o.allow_missing_lock),
       "take a --lock file that does not exist as empty (nothing released yet) instead of an error")
      ("load-extension", po::value(&o.extensions)->composing(), load_extension_help)
      ("db", po::value(&o.database),
       "with --engine postgres: a PostgreSQL server (postgresql://user@host/db) to apply every migration to, "
       "in a scratch database created there and dropped afterwards (needs CREATEDB)");
  add_layout_option(options, layout);
  add_engine_option(options, engine);
  po::variables_map values;
  if (!parse("migbundle verify --dir DIR [--layout NAME] [--engine sqlite|postgres [--db postgresql://...]] "
             "[--lock FILE [--allow-missing-lock]] [--load-extension FILE]...",
             options,
             arguments, values)) {
    return exit_ok;
  }
  if (!lock.empty()) o.lock_file = lock;
  o.layout = to_layout(layout);
  o.engine = to_engine(engine);
  return exit_code(run_verify(o, std::cout, std::cerr));
}

int list_command(const std::vector<std::string>& arguments) {
  ListOptions o;
  std::string layout;
  po::options_description options("options");
  options.add_options()
      ("dir", po::value(&o.directory)->required(), dir_help)
      ("json", po::bool_switch(&o.json), "print the list as JSON");
  add_layout_option(options, layout);
  po::variables_map values;
  if (!parse("migbundle list --dir DIR [--layout NAME] [--json]", options, arguments, values)) return exit_ok;
  o.layout = to_layout(layout);
  return exit_code(run_list(o, std::cout, std::cerr));
}

int lock_command(const std::vector<std::string>& arguments) {
  LockOptions o;
  std::string layout;
  po::options_description options("options");
  options.add_options()
      ("dir", po::value(&o.directory)->required(), dir_help)
      ("lock", po::value(&o.lock_file)->required(), "lock file to create or extend (commit it); the only command that creates one");
  add_layout_option(options, layout);
  po::variables_map values;
  if (!parse("migbundle lock --dir DIR [--layout NAME] --lock FILE", options, arguments, values)) return exit_ok;
  o.layout = to_layout(layout);
  return exit_code(run_lock(o, std::cout, std::cerr));
}

int schema_command(const std::vector<std::string>& arguments) {
  SchemaOptions o;
  std::string layout, out, check;
  po::options_description options("options");
  options.add_options()
      ("dir", po::value(&o.directory)->required(), dir_help)
      ("out", po::value(&out), "write the schema to this file (only when it changed); without --out or --check: print it")
      ("check", po::value(&check), "compare this schema file with the schema the migrations give; exit 1 with a diff when it is stale")
      ("load-extension", po::value(&o.extensions)->composing(), load_extension_help);
  add_layout_option(options, layout);
  po::variables_map values;
  if (!parse("migbundle schema --dir DIR [--layout NAME] [--out FILE | --check FILE] [--load-extension FILE]...",
             options, arguments, values)) {
    return exit_ok;
  }
  o.layout = to_layout(layout);
  if (!out.empty()) o.out = out;
  if (!check.empty()) o.check = check;
  return exit_code(run_schema(o, std::cout, std::cerr));
}

int adopt_command(const std::vector<std::string>& arguments) {
  ApplyOptions o;
  std::string from, layout;
  po::options_description options("options");
  options.add_options()
      ("from", po::value(&from)->required(), ("the tool that migrated the database: " + adopt_tools()).c_str());
  add_database_options(options, o);
  options.add_options()
      ("layout", po::value(&layout), "how --dir is laid out (default: the --from tool's layout; auto detects it)")
      ("peer-table", po::value(&o.peer_table), "the tool's tracking table, when it was told to use another")
      ("adopt-only", po::bool_switch(&o.adopt_only), "record what the tool applied and stop; apply nothing")
      ("json", po::bool_switch(&o.json), "print the result as JSON");
  po::variables_map values;
  if (!parse("migbundle adopt --from TOOL --dir DIR [--layout NAME] --db FILE [--table NAME] [--peer-table NAME] "
             "[--load-extension FILE]... [--adopt-only] [--json]",
             options, arguments, values)) {
    return exit_ok;
  }
  o.adopt = to_adopt_tool(from, "--from");
  o.layout = layout.empty() ? adopt_tool_layout(*o.adopt) : to_layout(layout);
  return exit_code(run_adopt(o, std::cout, std::cerr));
}

int convert_command(const std::vector<std::string>& arguments) {
  ConvertOptions o;
  std::string from;
  std::string names;
  for (const std::string_view name : layout_names()) names += (names.empty() ? "" : ", ") + std::string(name);
  po::options_description options("options");
  options.add_options()
      ("from", po::value(&from)->required(),
       ("the layout of --dir: " + names + " (auto detects it and says which)").c_str())
      ("dir", po::value(&o.directory)->required(), "the folder to convert, left as it is")
      ("out", po::value(&o.out)->required(),
       "the folder to write, in migbundle's layout (`<id>_<name>.sql`); it must not exist, or be empty")
      ("json", po::bool_switch(&o.json), "print the report as JSON");
  po::variables_map values;
  if (!parse("migbundle convert --from LAYOUT --dir SRC --out DIR [--json]", options, arguments, values)) {
    return exit_ok;
  }
  o.layout = to_layout(from, "--from");
  return exit_code(run_convert(o, std::cout, std::cerr));
}

int new_command(const std::vector<std::string>& arguments) {
  NewOptions o;
  std::string layout;
  std::string names;
  for (const std::string_view name : layout_names()) names += (names.empty() ? "" : ", ") + std::string(name);
  po::options_description options("options");
  options.add_options()
      ("dir", po::value(&o.directory)->required(),
       "the migrations folder to add to; created when missing, in a parent that exists")
      ("name", po::value(&o.name),
       "NAME: what the migration does, e.g. add_users (spaces and `-` become `_`); given as the word after the "
       "options or with --name")
      ("layout", po::value(&layout)->default_value("auto"),
       ("the layout to write in: " + names +
        " (auto: the folder's own, detected; a new or empty folder is migbundle's `<digits>_<name>.sql`)").c_str())
      ("down", po::bool_switch(&o.down), "also create its down (`<id>_<name>.down.sql`, or the layout's own)")
      ("json", po::bool_switch(&o.json),
       "print {\"id\", \"name\", \"layout\", \"file\", \"down_file\"} as JSON");
  po::positional_options_description positional;
  positional.add("name", 1);
  po::variables_map values;
  if (!parse("migbundle new --dir DIR NAME [--down] [--json] [--layout NAME]", options, arguments, values,
             &positional)) {
    std::cout << "\nThe version is one more than the highest in DIR, as wide as it is written (0001 in an\n"
                 "empty folder); where the highest is a YYYYMMDDHHMMSS timestamp, the UTC time now.\n"
                 "The files are the layout's: sqlx `.up.sql`/`.down.sql` pairs in a reversible folder, goose\n"
                 "and dbmate sections in one file, golang-migrate `.up.sql`, Flyway `V<version>__<name>.sql`,\n"
                 "diesel and Prisma a folder per migration. drizzle's journal takes no hand-made file.\n"
                 "MIGBUNDLE_NOW=YYYYMMDDHHMMSS stands in for the clock (tests, reproducible scripts).\n";
    return exit_ok;
  }
  if (values.count("name") == 0) throw UsageError("give the migration's NAME: `migbundle new --dir DIR NAME`");
  o.layout = to_layout(layout);
  // Read here, by this command only: the other commands never look at the clock.
  if (const char* now = std::getenv("MIGBUNDLE_NOW")) o.now = now;
  return exit_code(run_new(o, std::cout, std::cerr));
}

int squash_command(const std::vector<std::string>& arguments) {
  SquashOptions o;
  po::options_description options("options");
  options.add_options()
      ("dir", po::value(&o.directory)->required(), "the migrations folder (migbundle's layout, `<id>_<name>.sql`)")
      ("upto", po::value(&o.upto)->required(),
       "the id of the newest migration to squash: it and every one before it become one baseline with this id")
      ("name", po::value(&o.name)->default_value("baseline"), "the baseline's name: `<id>_<name>.sql`")
      ("to", po::value(&o.aside), "the folder the squashed files move to (default: DIR/.squashed, which no reader "
                                  "looks into); created when missing")
      ("load-extension", po::value(&o.extensions)->composing(),
       "an SQLite extension the migrations need, loaded into the in-memory databases (repeatable)")
      ("json", po::bool_switch(&o.json), "print the result as JSON");
  po::variables_map values;
  if (!parse("migbundle squash --dir DIR --upto ID [--name NAME] [--to FOLDER] [--load-extension FILE]... [--json]",
             options, arguments, values)) {
    std::cout << "\nThe baseline holds what migrations 1..ID give, schema and rows (tables, their rows, then\n"
                 "indexes, views and triggers), and is proven to give the same before any file moves.\n"
                 "A database that applied them keeps its history and goes on; a new database applies the\n"
                 "baseline; a database that stops below ID is refused (it needs a release built before the\n"
                 "squash). `verify` proves the baseline again while the squashed files are in DIR/.squashed.\n";
    return exit_ok;
  }
  return exit_code(run_squash(o, std::cout, std::cerr));
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> arguments(argv + 1, argv + argc);
  const std::map<std::string, std::function<int(const std::vector<std::string>&)>> commands = {
      {"generate", generate_command}, {"verify", verify_command}, {"list", list_command},
      {"lock", lock_command},         {"apply", apply_command},   {"status", status_command},
      {"rollback", rollback_command},
      {"adopt", adopt_command},       {"convert", convert_command}, {"schema", schema_command},
      {"new", new_command},           {"squash", squash_command}};
  try {
    if (arguments.empty()) {
      std::cerr << usage_text;
      return exit_usage;
    }
    const std::string& command = arguments.front();
    if (command == "--help" || command == "-h" || command == "help") {
      // `migbundle help verify` is `migbundle verify --help`.
      if (command == "help" && arguments.size() > 1 && commands.count(arguments[1]) != 0) {
        return commands.at(arguments[1])({"--help"});
      }
      if (command == "help" && arguments.size() > 1) {
        std::cerr << "migbundle: error: unknown command `" << arguments[1] << "`\n\n" << usage_text;
        return exit_usage;
      }
      std::cout << usage_text;
      return exit_ok;
    }
    if (command == "--version") {
      std::cout << "migbundle " MIGBUNDLE_VERSION " (bundle format " << MIGBUNDLE_BUNDLE_FORMAT << ")\n";
      return exit_ok;
    }
    const auto found = commands.find(command);
    if (found == commands.end()) {
      std::cerr << "migbundle: error: unknown command `" << command << "`\n\n" << usage_text;
      return exit_usage;
    }
    return found->second(std::vector<std::string>(arguments.begin() + 1, arguments.end()));
  } catch (const MigrationsError& error) {
    for (const Diagnostic& diagnostic : error.diagnostics()) std::cerr << format(diagnostic) << '\n';
    return exit_problem;
  } catch (const UsageError& error) {
    std::cerr << "migbundle: error: " << error.what() << '\n';
    return exit_usage;
  } catch (const po::error& error) {
    std::cerr << "migbundle: error: " << error.what() << "\nRun `migbundle " << arguments.front()
              << " --help` for usage.\n";
    return exit_usage;
  } catch (const std::exception& error) {
    std::cerr << "migbundle: internal error: " << error.what() << '\n';
    return exit_problem;
  }
}
