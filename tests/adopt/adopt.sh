#!/usr/bin/env bash
# adopt.sh - `migbundle adopt` against databases other tools migrated.
#
#   adopt.sh <case> <migbundle> <corpora-original-dir> <work-dir>
#
# Cases with the real tool (peer_tools.sh installs them; PEER_TOOLS_DIR names its cache):
#   real-drizzle (karakeep), real-dbmate (sematic), real-wrangler (sonicjs), real-sql-migrate
#   (gophish, its goose annotations renamed to sql-migrate's: no corpus is in that layout)
# Cases with a table built from the tool's documented schema (peer_table.py), for the
# tools that cannot be installed here:
#   built-sqlx (atuin-client), built-goose (gophish), built-golang-migrate (flipt),
#   built-diesel (vaultwarden), built-flyway (task-orchestrator), built-prisma (spacedrive)
# And: concurrent (6 processes adopt one goose database at once), no-peer-table.
#
# Each adopts the tool's history of a real corpus, then applies one more migration added
# in the tool's own layout; checks that the tool's table is left byte for byte as it was,
# that every migration is recorded once with the tool's times, that the schema equals
# migbundle applying the same folder to a new database, and that a second run does nothing.
# Each refusal (a hash that differs, a version the folder lacks, a dirty or failed row,
# another tool's table) must exit 1, name the migration, and leave the database unchanged.
set -euo pipefail

[ $# -eq 4 ] || { sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2; exit 2; }
case_name=$1
MB=$2
CORPORA=$3
WORK=$4
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PEER_TABLE="python3 $HERE/peer_table.py"
rm -rf "$WORK"
mkdir -p "$WORK"
cd "$WORK"

fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "-- $*"; }
sq() { sqlite3 -batch -bail "$@"; }

# The tool's layout, tracking table and probe migration (one more, in its layout).
layout_of() { case $1 in wrangler) echo wrangler ;; *) echo "$1" ;; esac; }
table_of() {
  case $1 in
    drizzle) echo __drizzle_migrations ;; wrangler) echo d1_migrations ;; sqlx) echo _sqlx_migrations ;;
    sql-migrate) echo gorp_migrations ;;
    goose) echo goose_db_version ;; golang-migrate | dbmate) echo schema_migrations ;;
    diesel) echo __diesel_schema_migrations ;; flyway) echo flyway_schema_history ;;
    prisma) echo _prisma_migrations ;;
  esac
}
probe_sql='CREATE TABLE adopt_probe (id INTEGER PRIMARY KEY, note TEXT);'
add_probe() {  # add_probe <tool> <folder>
  local tool=$1 dir=$2
  case $tool in
    drizzle)
      printf '%s\n' "$probe_sql" >"$dir/9000_adopt_probe.sql"
      python3 - "$dir/meta/_journal.json" <<'EOF'
import json, sys
path = sys.argv[1]
journal = json.load(open(path))
last = journal["entries"][-1]
journal["entries"].append({"idx": last["idx"] + 1, "version": last.get("version", "6"),
                           "when": last["when"] + 1000, "tag": "9000_adopt_probe", "breakpoints": True})
json.dump(journal, open(path, "w"), indent=2)
EOF
      ;;
    wrangler) printf '%s\n' "$probe_sql" >"$dir/999_adopt_probe.sql" ;;
    sqlx) printf '%s\n' "$probe_sql" >"$dir/29990101000000_adopt_probe.sql" ;;
    dbmate) printf -- '-- migrate:up\n%s\n\n-- migrate:down\nDROP TABLE adopt_probe;\n' "$probe_sql" \
              >"$dir/29990101000000_adopt_probe.sql" ;;
    goose) printf -- '-- +goose Up\n%s\n\n-- +goose Down\nDROP TABLE adopt_probe;\n' "$probe_sql" \
             >"$dir/29990101000000_adopt_probe.sql" ;;
    sql-migrate) printf -- '-- +migrate Up\n%s\n\n-- +migrate Down\nDROP TABLE adopt_probe;\n' "$probe_sql" \
                   >"$dir/29990101000000_adopt_probe.sql" ;;
    golang-migrate) printf '%s\n' "$probe_sql" >"$dir/999_adopt_probe.up.sql"
                    printf 'DROP TABLE adopt_probe;\n' >"$dir/999_adopt_probe.down.sql" ;;
    diesel) mkdir "$dir/2999-01-01-000000_adopt_probe"
            printf '%s\n' "$probe_sql" >"$dir/2999-01-01-000000_adopt_probe/up.sql"
            printf 'DROP TABLE adopt_probe;\n' >"$dir/2999-01-01-000000_adopt_probe/down.sql" ;;
    flyway) printf '%s\n' "$probe_sql" >"$dir/V999__Adopt_Probe.sql" ;;
    prisma) mkdir "$dir/29990101000000_adopt_probe"
            printf '%s\n' "$probe_sql" >"$dir/29990101000000_adopt_probe/migration.sql" ;;
  esac
}

count_migrations() {  # count_migrations <tool> <folder>
  "$MB" list --dir "$2" --layout "$(layout_of "$1")" --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["migrations"]))'
}

# The schema apart from tracking tables (and wrangler's own _cf_ tables), in a stable order.
# Comments and blank lines are left out: D1 (workerd) strips comments from what it runs.
schema_of() {
  sq "$1" "SELECT type, name, tbl_name, sql FROM sqlite_master
           WHERE tbl_name NOT IN ('migbundle_migrations', 'scratch_history', 'sqlite_sequence', '$2')
             AND tbl_name NOT LIKE '\\_cf\\_%' ESCAPE '\\'
           ORDER BY type, name" | sed -E 's/--.*$//; s/[[:space:]]+$//' | grep -v '^$'
}

# A database whose schema is the corpus applied (by migbundle, into a table then dropped),
# with <tool>'s table built by peer_table.py [its options]. Prints the keys written.
built_db() {  # built_db <tool> <folder> <db> [peer_table.py options]
  local tool=$1 dir=$2 db=$3
  shift 3
  rm -f "$db"
  "$MB" apply --dir "$dir" --layout "$(layout_of "$tool")" --db "$db" --table scratch_history >/dev/null
  sq "$db" "DROP TABLE scratch_history"
  $PEER_TABLE "$tool" "$dir" "$db" "$@" >"$db.keys"
}

# expect_refusal <db> <pattern> <migbundle adopt arguments...>: exit 1, <pattern> in the
# message, and the database exactly as it was.
expect_refusal() {
  local db=$1 pattern=$2
  shift 2
  local before after out rc=0
  before=$(sq "$db" .dump)
  out=$("$MB" adopt --db "$db" "$@" 2>&1) || rc=$?
  [ "$rc" -eq 1 ] || fail "adopt $* should refuse with exit 1, got $rc:
$out"
  grep -qF -- "$pattern" <<<"$out" || fail "adopt $*: the refusal should say '$pattern':
$out"
  grep -qF -- "nothing was adopted" <<<"$out" || fail "adopt $*: the refusal should say nothing was adopted:
$out"
  after=$(sq "$db" .dump)
  [ "$before" = "$after" ] || fail "adopt $* refused but changed the database"
  echo "refused as expected: $(head -1 <<<"$out")"
}

# expect_adopted <tool> <folder> <db> <adopted> <first applied_at or -> [adopt arguments...]:
# the probe is in <folder> and not yet applied.
expect_adopted() {
  local tool=$1 dir=$2 db=$3 adopted=$4 first_time=$5
  shift 5
  local table before after out total
  table=$(table_of "$tool")
  before=$(sq "$db" ".dump $table")
  out=$("$MB" adopt --from "$tool" --dir "$dir" --db "$db" "$@" 2>&1) || fail "adopt failed:
$out"
  echo "$out"
  grep -qF "adopted $adopted migration(s) that $tool applied (\`$table\` is left as it is)" <<<"$out" || fail "expected $adopted adopted"
  grep -qF "applied 1 migration(s)" <<<"$out" || fail "expected the probe applied"
  after=$(sq "$db" ".dump $table")
  [ "$before" = "$after" ] || fail "$table was changed:
$(diff <(echo "$before") <(echo "$after") | head -20)"
  total=$(count_migrations "$tool" "$dir")
  [ "$(sq "$db" 'SELECT count(*) FROM migbundle_migrations')" = "$total" ] || fail "expected $total rows in migbundle_migrations"
  [ "$(sq "$db" "SELECT count(*) FROM sqlite_master WHERE name = 'adopt_probe'")" = 1 ] || fail "the probe was not applied"
  if [ "$first_time" != - ]; then
    local got
    got=$(sq "$db" 'SELECT applied_at FROM migbundle_migrations ORDER BY id LIMIT 1')
    [ "$got" = "$first_time" ] || fail "the first migration's applied_at is '$got', not the tool's '$first_time'"
  fi
  # Adopting then applying gives what migbundle gives applying the folder to a new database.
  "$MB" apply --dir "$dir" --layout "$(layout_of "$tool")" --db reference.db >/dev/null
  [ "$(schema_of "$db" "$table")" = "$(schema_of reference.db "$table")" ] || fail "the schema differs from migbundle's own:
$(diff <(schema_of "$db" "$table") <(schema_of reference.db "$table") | head -20)"
  rm -f reference.db
  out=$("$MB" adopt --from "$tool" --dir "$dir" --db "$db" "$@" 2>&1) || fail "a second adopt failed: $out"
  grep -qF "already has migbundle history ($total migration(s) recorded); nothing adopted" <<<"$out" || fail "a second adopt should find the history: $out"
  grep -qF "up to date" <<<"$out" || fail "a second adopt should apply nothing: $out"
  "$MB" status --dir "$dir" --layout "$(layout_of "$tool")" --db "$db" >/dev/null || fail "status disagrees"
  echo "adopted $adopted, applied the probe; $table untouched; schema equals migbundle's own"
}

peer() {  # peer <tool> <folder> <db>: the real tool migrates <db>
  [ -n "${PEER_TOOLS_DIR:-}" ] || fail "PEER_TOOLS_DIR is not set (the adopt.peer_tools fixture sets up the tools)"
  bash "$HERE/peer_tools.sh" migrate "$1" "$2" "$3" >peer.log 2>&1 || fail "$1 could not migrate $2:
$(tail -20 peer.log)"
}

case $case_name in
  real-drizzle)
    cp -r "$CORPORA/karakeep" src
    peer drizzle src k.db
    n=$(sq k.db 'SELECT count(*) FROM __drizzle_migrations')
    step "a file edited after drizzle applied it"
    cp src/0010_*.sql saved.sql
    edited=$(ls src/0010_*.sql)
    printf -- '-- edited\n' >>"$edited"
    expect_refusal k.db "src/$(basename "$edited"):1:1: error: cannot adopt drizzle's history, nothing was adopted: drizzle recorded migration 10 with hash" \
      --from drizzle --dir src
    cp saved.sql "$edited"
    step "a migration drizzle applied that the folder lacks"
    mv src/0093_*.sql saved93.sql
    python3 - src/meta/_journal.json <<'EOF'
import json, sys
j = json.load(open(sys.argv[1])); j["entries"] = j["entries"][:-1]; json.dump(j, open(sys.argv[1], "w"))
EOF
    expect_refusal k.db "which this bundle does not have" --from drizzle --dir src
    rm -rf src && cp -r "$CORPORA/karakeep" src
    step "adopt, then one more migration"
    add_probe drizzle src
    expect_adopted drizzle src k.db "$n" -
    ;;
  real-dbmate)
    cp -r "$CORPORA/sematic" src
    peer dbmate src s.db
    n=$(sq s.db 'SELECT count(*) FROM schema_migrations')
    step "a version dbmate applied that the folder lacks"
    missing=$(ls src | sort | sed -n 5p)
    mv "src/$missing" .
    expect_refusal s.db "records ${missing%%_*}, which this bundle does not have" --from dbmate --dir src
    mv "$missing" src/
    step "the table is dbmate's, not golang-migrate's"
    expect_refusal s.db "does not have golang-migrate's columns (version, dirty)" --from golang-migrate --dir src --layout dbmate
    step "adopt, then one more migration"
    add_probe dbmate src
    expect_adopted dbmate src s.db "$n" -
    ;;
  real-wrangler)
    cp -r "$CORPORA/sonicjs" src
    peer wrangler src w.db
    n=$(sq w.db 'SELECT count(*) FROM d1_migrations')
    first=$(sq w.db "SELECT strftime('%Y-%m-%dT%H:%M:%fZ', applied_at) FROM d1_migrations ORDER BY id LIMIT 1")
    step "adopt, then one more migration"
    add_probe wrangler src
    expect_adopted wrangler src w.db "$n" "$first"
    ;;
  real-sql-migrate)
    # sql-migrate's own annotations; the Down sections dropped, as peer_tools.sh does for
    # sql-migrate (it insists on a final `;` there, which gophish's do not always have).
    mkdir src
    for f in "$CORPORA"/gophish/*.sql; do
      sed -e 's/^-- +goose /-- +migrate /' -e '/^-- +migrate Down/,$d' "$f" >"src/$(basename "$f")"
    done
    peer sql-migrate src m.db
    n=$(sq m.db 'SELECT count(*) FROM gorp_migrations')
    first=$(sq m.db "SELECT strftime('%Y-%m-%dT%H:%M:%fZ', applied_at) FROM gorp_migrations ORDER BY id LIMIT 1")
    step "a migration sql-migrate applied that the folder lacks"
    missing=$(ls src | sort | sed -n 3p)
    mv "src/$missing" .
    expect_refusal m.db "records $missing, which this bundle does not have" --from sql-migrate --dir src
    mv "$missing" src/
    step "adopt, then one more migration"
    add_probe sql-migrate src
    expect_adopted sql-migrate src m.db "$n" "$first"
    ;;
  built-sqlx)
    cp -r "$CORPORA/atuin-client" src
    keys=$(python3 "$HERE/peer_table.py" sqlx src keys.db); rm -f keys.db
    third=$(sed -n 3p <<<"$keys")
    step "a failed row (success = false)"
    built_db sqlx src a.db --fail "$third"
    expect_refusal a.db "error: cannot adopt sqlx's history, nothing was adopted: sqlx's \"_sqlx_migrations\" records this migration as failed" --from sqlx --dir src
    step "a checksum that differs"
    built_db sqlx src a.db --tamper "$third"
    expect_refusal a.db "edited after it was applied" --from sqlx --dir src
    step "adopt, then one more migration"
    built_db sqlx src a.db
    add_probe sqlx src
    # execution_time 2500000 ns is 2 ms
    expect_adopted sqlx src a.db "$(wc -l <<<"$keys")" 2024-01-02T03:04:05.000Z
    [ "$(sq a.db 'SELECT execution_ms FROM migbundle_migrations ORDER BY id LIMIT 1')" = 2 ] || fail "sqlx's execution_time not kept"
    ;;
  built-goose)
    cp -r "$CORPORA/gophish" src
    step "old goose migrated the newest version down (a newer is_applied = 0 row)"
    keys=$(python3 "$HERE/peer_table.py" goose src keys.db); rm -f keys.db
    last=$(tail -1 <<<"$keys")
    built_db goose src g.db --down "$last"
    "$MB" adopt --from goose --dir src --db g.db --adopt-only >out.txt 2>&1 || fail "$(cat out.txt)"
    [ "$(sq g.db "SELECT count(*) FROM migbundle_migrations WHERE id = $last")" = 0 ] || fail "version $last, migrated down, was adopted"
    [ "$(sq g.db 'SELECT count(*) FROM migbundle_migrations')" = "$(($(wc -l <<<"$keys") - 1))" ] || fail "wrong count adopted"
    step "a version goose applied that the folder lacks"
    built_db goose src g.db --extra 29000101000000
    expect_refusal g.db "records 29000101000000, which this bundle does not have" --from goose --dir src
    step "adopt, then one more migration"
    built_db goose src g.db
    add_probe goose src
    expect_adopted goose src g.db "$(wc -l <<<"$keys")" 2024-01-02T03:04:05.000Z
    ;;
  built-golang-migrate)
    cp -r "$CORPORA/flipt" src
    step "dirty"
    built_db golang-migrate src f.db --dirty
    last=$(tail -1 <f.db.keys)
    expect_refusal f.db "src/${last}_$(cd src && ls ${last}_*.up.sql | sed "s/^${last}_//"):1:1: error: cannot adopt golang-migrate's history, nothing was adopted: golang-migrate's \"schema_migrations\" records this migration as dirty" --from golang-migrate --dir src
    step "adopt, then one more migration"
    built_db golang-migrate src f.db
    add_probe golang-migrate src
    expect_adopted golang-migrate src f.db "$(wc -l <f.db.keys)" -
    ;;
  built-diesel)
    cp -r "$CORPORA/vaultwarden" src
    step "a version diesel applied that the folder lacks"
    built_db diesel src v.db --extra 20990101000000
    expect_refusal v.db "records 20990101000000, which this bundle does not have" --from diesel --dir src
    step "adopt, then one more migration"
    built_db diesel src v.db
    add_probe diesel src
    expect_adopted diesel src v.db "$(wc -l <v.db.keys)" 2024-01-02T03:04:05.000Z
    ;;
  built-flyway)
    cp -r "$CORPORA/task-orchestrator" src
    built_db flyway src t.db
    third=$(sed -n 3p <t.db.keys)
    step "a failed row"
    built_db flyway src t.db --fail "$third"
    expect_refusal t.db "records this migration as failed" --from flyway --dir src
    step "a checksum that differs"
    built_db flyway src t.db --tamper "$third"
    expect_refusal t.db "edited after it was applied" --from flyway --dir src
    step "a baseline"
    built_db flyway src t.db --baseline
    expect_refusal t.db "has a row migbundle cannot adopt (BASELINE" --from flyway --dir src
    step "a version the folder lacks"
    built_db flyway src t.db --extra 900
    expect_refusal t.db "records 900, which this bundle does not have" --from flyway --dir src
    step "adopt, then one more migration"
    built_db flyway src t.db
    add_probe flyway src
    expect_adopted flyway src t.db "$(wc -l <t.db.keys)" 2024-01-02T03:04:05.678Z
    [ "$(sq t.db 'SELECT execution_ms FROM migbundle_migrations ORDER BY id LIMIT 1')" = 12 ] || fail "Flyway's execution_time not kept"
    ;;
  built-prisma)
    cp -r "$CORPORA/spacedrive" src
    built_db prisma src p.db
    third=$(sed -n 3p <p.db.keys)
    step "a failed migration (started, not finished)"
    built_db prisma src p.db --fail "$third"
    expect_refusal p.db "records this migration as failed" --from prisma --dir src
    step "a checksum that differs"
    built_db prisma src p.db --tamper "$third"
    expect_refusal p.db "edited after it was applied" --from prisma --dir src
    step "adopt, then one more migration"
    built_db prisma src p.db
    add_probe prisma src
    expect_adopted prisma src p.db "$(wc -l <p.db.keys)" 2024-01-02T03:04:05.000Z
    ;;
  concurrent)
    cp -r "$CORPORA/gophish" src
    built_db goose src g.db
    add_probe goose src
    n=$(wc -l <g.db.keys)
    before=$(sq g.db ".dump goose_db_version")
    step "6 processes adopt at once"
    pids=()
    for i in 1 2 3 4 5 6; do
      "$MB" adopt --from goose --dir src --db g.db >"out$i.txt" 2>&1 &
      pids+=($!)
    done
    for i in "${!pids[@]}"; do wait "${pids[$i]}" || fail "adopter $((i + 1)) failed: $(cat "out$((i + 1)).txt")"; done
    adopters=$(grep -l "adopted $n migration(s) that goose applied" out*.txt | wc -l)
    [ "$adopters" = 1 ] || fail "$adopters processes adopted; exactly one should have: $(cat out*.txt)"
    [ "$(grep -l 'already has migbundle history' out*.txt | wc -l)" = 5 ] || fail "the other 5 should find the history: $(cat out*.txt)"
    [ "$(sq g.db 'SELECT count(*) FROM migbundle_migrations')" = "$((n + 1))" ] || fail "expected $((n + 1)) rows"
    [ "$(cat out*.txt | grep -c 'applied 1 migration(s)')" = 1 ] || fail "the probe should be applied exactly once"
    [ "$before" = "$(sq g.db '.dump goose_db_version')" ] || fail "goose_db_version changed"
    echo "one adopter adopted $n; five found the history; the probe applied once"
    ;;
  no-peer-table)
    cp -r "$CORPORA/gophish" src
    sq app.db 'CREATE TABLE users (id INTEGER PRIMARY KEY)'
    expect_refusal app.db "has no \`goose_db_version\` table, so goose did not migrate it" --from goose --dir src
    sq empty.db 'PRAGMA user_version = 0; VACUUM'
    out=$("$MB" adopt --from goose --dir src --db empty.db 2>&1) || fail "$out"
    grep -qF "no \`goose_db_version\` table: nothing to adopt from goose" <<<"$out" || fail "$out"
    grep -qF "applied $(count_migrations goose src) migration(s)" <<<"$out" || fail "everything should be applied: $out"
    [ ! -e missing.db ] || fail "missing.db exists"
    rc=0; out=$("$MB" adopt --from goose --dir src --db missing.db 2>&1) || rc=$?
    [ "$rc" = 1 ] && [ ! -e missing.db ] || fail "a missing database should be refused, not created: $rc $out"
    echo "a database with tables but no goose_db_version is refused; an empty one gets everything"
    ;;
  usage-and-json)
    cp -r "$CORPORA/gophish" src
    rc=0; out=$("$MB" adopt --from liquibase --dir src --db x.db 2>&1) || rc=$?
    [ "$rc" = 2 ] || fail "an unknown --from should be wrong usage (2), got $rc"
    grep -qF "\`liquibase\` is not a tool migbundle adopts from; it adopts from drizzle, wrangler, sqlx, goose, golang-migrate, dbmate, diesel, flyway, prisma" <<<"$out" || fail "$out"
    rc=0; out=$("$MB" adopt --from goose --dir src --db x.db --table 'bad name' 2>&1) || rc=$?
    [ "$rc" = 2 ] && [ ! -e x.db ] || fail "a bad --table should be wrong usage before anything is opened: $rc $out"
    built_db goose src g.db
    add_probe goose src
    n=$(wc -l <g.db.keys)
    "$MB" adopt --from goose --dir src --db g.db --json --adopt-only >out.json 2>err.txt || fail "$(cat err.txt)"
    python3 - "$n" out.json <<'EOF2'
import json, sys
n = int(sys.argv[1])
r = json.load(open(sys.argv[2]))
assert r["ok"] is True and r["adopted"] == n and r["applied"] == [] and r["pending"] == 1, r
EOF2
    [ "$(sq g.db 'SELECT applied_at FROM migbundle_migrations ORDER BY id LIMIT 1')" = 2024-01-02T03:04:05.000Z ] || fail "goose's time"
    step "apply --adopt goes on where adopt --adopt-only stopped"
    "$MB" apply --adopt goose --dir src --layout goose --db g.db --json >out.json || fail "apply --adopt"
    python3 -c 'import json,sys; r=json.load(open("out.json")); assert r["adopted"]==0 and [a["file"] for a in r["applied"]]==["29990101000000_adopt_probe.sql"], r'
    rc=0; out=$("$MB" apply --dir src --layout goose --db g.db --peer-table x 2>&1) || rc=$?
    [ "$rc" = 2 ] || fail "--peer-table without --adopt should be wrong usage: $rc $out"
    echo "usage errors exit 2; --json reports what was adopted and applied"
    ;;
  *) fail "unknown case $case_name" ;;
esac
echo "PASS $case_name"
