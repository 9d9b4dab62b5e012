#!/usr/bin/env bash
# Reads one real project's migrations in its own tool's layout
# (../shared/corpora/original/<name>) with `--layout auto`, and checks them
# against the same history already flattened into migbundle's layout
# (../shared/corpora/flat/<name>): the layout detected must be the expected
# one, the migrations must hold exactly the flat files' SQL in the same order
# (equal checksums, one by one), and applying either must give the same
# schema and rows; a second apply from the original applies nothing.
# With a layout named instead of auto, the folder is read as that layout.
# usage: check_layout.sh <migbundle> <original-dir> <flat-dir> <auto|layout> <expected-layout> [<sqlite3 CLI>]
set -euo pipefail
migbundle="$1"
original="$2"
flat="$3"
layout="$4"
expected="$5"
sqlite3_cli="${6:-sqlite3}"
name="$(basename "$original")"
scratch_root=/dev/shm
[ -d "$scratch_root" ] && [ -w "$scratch_root" ] || scratch_root="${TMPDIR:-/tmp}"
work="$(mktemp -d "$scratch_root/migbundle-layout-$name.XXXXXX")"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL $name: $*" >&2; exit 1; }

"$migbundle" list --dir "$original" --layout "$layout" --json >"$work/original.json" 2>"$work/original.err" ||
  { cat "$work/original.err" >&2; fail "list --layout $layout refused the original layout"; }
"$migbundle" list --dir "$flat" --json >"$work/flat.json"
if [ "$layout" = auto ]; then
  grep -q "read as the \`$expected\` layout" "$work/original.err" ||
    { cat "$work/original.err" >&2; fail "auto did not say it detected \`$expected\`"; }
fi
checksums() { python3 -c 'import json,sys; print("\n".join(m["checksum"] for m in json.load(open(sys.argv[1]))["migrations"]))' "$1"; }
checksums "$work/original.json" >"$work/original.sums"
checksums "$work/flat.json" >"$work/flat.sums"
count=$(wc -l <"$work/flat.sums")
[ "$count" -gt 0 ] || fail "the flat twin holds no migration"
if ! diff "$work/flat.sums" "$work/original.sums" >"$work/sums.diff"; then
  head -20 "$work/sums.diff" >&2
  fail "the SQL read from the original layout differs from the flat files (checksums above, flat < > original)"
fi

"$migbundle" apply --dir "$original" --layout "$layout" --db "$work/original.db" --json >"$work/first.json" 2>/dev/null ||
  { cat "$work/first.json" >&2; fail "applying the original layout failed"; }
applied=$(grep -c '"file"' "$work/first.json" || true)
[ "$applied" -eq "$count" ] || fail "applied $applied of $count migrations from the original layout"
"$migbundle" apply --dir "$original" --layout "$layout" --db "$work/original.db" --json >"$work/second.json" 2>/dev/null
grep -q '"applied": \[\]' "$work/second.json" || { cat "$work/second.json" >&2; fail "the second run applied something"; }
"$migbundle" apply --dir "$flat" --db "$work/flat.db" >/dev/null 2>&1

dump() {
  "$sqlite3_cli" "$1" "DROP TABLE migbundle_migrations;"
  "$sqlite3_cli" "$1" "PRAGMA user_version;"
  # Rows seeded from the clock or randomness are masked, as in check_corpus.sh.
  "$sqlite3_cli" "$1" .dump | sed -E \
    -e "s/'[0-9a-f]{32}'/'<random>'/g" \
    -e "s/[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z?/<time>/g" \
    -e "s/\b1[0-9]{9}([0-9]{3})?\b/<epoch>/g"
}
dump "$work/original.db" >"$work/original.sql"
dump "$work/flat.db" >"$work/flat.sql"
if ! diff -u "$work/flat.sql" "$work/original.sql" >"$work/db.diff"; then
  head -40 "$work/db.diff" >&2
  fail "the databases differ (flat vs original layout)"
fi
echo "ok $name: $count migrations read as \`$expected\` equal the flat files, same schema and rows, second run applied nothing"
