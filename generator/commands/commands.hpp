// The CLI commands that need the runtime: each loads a migrations directory
// and runs it through migbundle::migrate()/status(), exactly as an embedded
// bundle would be. main.cpp fills the options and maps the outcome to an
// exit code. Each returns false when it found a problem in the migrations or
// the database (exit 1); errors of usage are thrown as UsageError (exit 2).
#pragma once

#include <migbundle/generator/engine.hpp>
#include <migbundle/generator/layout.hpp>

#include <migbundle/adopt.hpp>

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace migbundle::gen {

struct DatabaseOptions {
  std::string directory;
  Layout layout = Layout::migbundle;  ///< how the directory is laid out (`--layout`)
  std::string database;
  std::string table;  ///< empty: the runtime's default
  std::vector<std::string> extensions;  ///< SQLite extensions loaded into the connection first
};

struct ApplyOptions : DatabaseOptions {
  /// First adopt the history of this tool (`--adopt`), when the database has
  /// no migbundle history but the tool's table (migbundle/adopt.hpp).
  std::optional<::migbundle::PeerTool> adopt;
  std::string peer_table;  ///< the tool's table; empty: its default
  bool adopt_only = false;  ///< adopt, apply nothing
  std::optional<std::int64_t> target_id;
  bool allow_unknown_applied = false;
  bool allow_out_of_order = false;
  bool single_transaction = false;
  bool revert_unknown = false;  ///< first revert applied migrations the folder lacks, with their stored downs
  bool json = false;
};

struct RollbackOptions : DatabaseOptions {
  std::int64_t target_id = -1;  ///< `--to`; -1 with `--all`: revert everything
  bool json = false;
};

struct StatusOptions : DatabaseOptions {
  bool json = false;
};

struct VerifyOptions {
  std::string directory;
  Layout layout = Layout::migbundle;  ///< how the directory is laid out (`--layout`)
  /// Whose rules apply (`--engine`). PostgreSQL's are checked without a server
  /// (names, directives, lint and lock file, nothing applied) unless `database` names one.
  Engine engine = Engine::sqlite;
  /// `--db postgresql://...` with `--engine postgres`: apply every migration to
  /// a scratch database created on that server, dropped afterwards.
  std::string database;
  std::optional<std::string> lock_file;
  bool allow_missing_lock = false;
  std::vector<std::string> extensions;  ///< SQLite extensions loaded into the in-memory database first
};

struct ListOptions {
  std::string directory;
  Layout layout = Layout::migbundle;  ///< how the directory is laid out (`--layout`)
  bool json = false;
};

struct LockOptions {
  std::string directory;
  Layout layout = Layout::migbundle;  ///< how the directory is laid out (`--layout`)
  std::string lock_file;
};

struct ConvertOptions {
  std::string directory;
  Layout layout = Layout::automatic;  ///< the layout to convert from (`--from`)
  std::string out;                    ///< the folder to create
  bool json = false;
};

struct SchemaOptions {
  std::string directory;
  Layout layout = Layout::migbundle;  ///< how the directory is laid out (`--layout`)
  std::optional<std::string> out;     ///< write the schema file here (only when it changed)
  std::optional<std::string> check;   ///< compare this schema file; stale: a diff and false
  std::vector<std::string> extensions;  ///< SQLite extensions loaded into the in-memory database first
};

struct SquashOptions {
  std::string directory;  ///< a migbundle-layout folder
  std::int64_t upto = 0;  ///< the newest migration the baseline stands for (its id becomes the baseline's)
  std::string name = "baseline";
  std::string aside;  ///< where the squashed files go; empty: DIR/.squashed
  std::vector<std::string> extensions;  ///< SQLite extensions loaded into the in-memory databases first
  bool json = false;
};

struct NewOptions {
  std::string directory;  ///< a migrations folder; created when missing (not its parents)
  /// The layout to write in (`--layout`); `automatic`: the folder's own, migbundle's when it is new or empty.
  Layout layout = Layout::automatic;
  std::string name;   ///< as given: spaces and `-` become `_`
  bool down = false;  ///< also create its down (`<id>_<name>.down.sql`, or the layout's)
  bool json = false;
  /// `YYYYMMDDHHMMSS` (UTC) standing in for the clock where ids are
  /// timestamps; empty: the clock. From MIGBUNDLE_NOW, for tests and reproducible scripts.
  std::string now;
};

bool run_apply(const ApplyOptions& options, std::ostream& out, std::ostream& err);
bool run_status(const StatusOptions& options, std::ostream& out, std::ostream& err);
bool run_rollback(const RollbackOptions& options, std::ostream& out, std::ostream& err);
bool run_verify(const VerifyOptions& options, std::ostream& out, std::ostream& err);
bool run_list(const ListOptions& options, std::ostream& out, std::ostream& err);
bool run_lock(const LockOptions& options, std::ostream& out, std::ostream& err);
/// `migbundle adopt`: run_apply() with `adopt` set, refusing first a database
/// that does not exist, or that has tables but neither migbundle's nor the tool's.
bool run_adopt(const ApplyOptions& options, std::ostream& out, std::ostream& err);
bool run_convert(const ConvertOptions& options, std::ostream& out, std::ostream& err);
/// `migbundle schema`: the schema file written, printed or checked (false: stale or missing).
bool run_schema(const SchemaOptions& options, std::ostream& out, std::ostream& err);
/// `migbundle new`: creates the folder's next migration (and its down), printing their paths.
bool run_new(const NewOptions& options, std::ostream& out, std::ostream& err);
/// `migbundle squash`: the migrations up to an id as one proven baseline, the files moved aside.
bool run_squash(const SquashOptions& options, std::ostream& out, std::ostream& err);

}  // namespace migbundle::gen
