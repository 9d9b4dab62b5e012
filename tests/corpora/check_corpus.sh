#!/usr/bin/env bash
# Applies one real project's migration history (../shared/corpora/flat/<name>)
# through `migbundle apply` (the runtime's code path) and through the sqlite3
# CLI, one file at a time, then compares the two databases: schema, rows and
# user_version must be identical, and a second `migbundle apply` must apply
# nothing.
# usage: check_corpus.sh <migbundle> <corpus-dir> [<sqlite3 CLI>]
set -euo pipefail
migbundle="$1"
corpus="$2"
sqlite3_cli="${3:-sqlite3}"
sqlite3() { "$sqlite3_cli" "$@"; }
name="$(basename "$corpus")"
scratch_root=/dev/shm
[ -d "$scratch_root" ] && [ -w "$scratch_root" ] || scratch_root="${TMPDIR:-/tmp}"
work="$(mktemp -d "$scratch_root/migbundle-corpus-$name.XXXXXX")"
trap 'rm -rf "$work"' EXIT

count=$(find "$corpus" -maxdepth 1 -name '*.sql' | wc -l)

"$migbundle" apply --dir "$corpus" --db "$work/ours.db" --json >"$work/first.json"
applied=$(grep -c '"file"' "$work/first.json" || true)
if [ "$applied" -ne "$count" ]; then
  echo "FAIL $name: first run applied $applied of $count migrations" >&2
  cat "$work/first.json" >&2
  exit 1
fi

"$migbundle" apply --dir "$corpus" --db "$work/ours.db" --json >"$work/second.json"
if ! grep -q '"applied": \[\]' "$work/second.json"; then
  echo "FAIL $name: the second run applied something" >&2
  cat "$work/second.json" >&2
  exit 1
fi

# The reference: the sqlite3 CLI, each file in id order (the names sort by id: zero-padded).
for file in $(find "$corpus" -maxdepth 1 -name '*.sql' | sort); do
  sqlite3 -bail "$work/reference.db" <"$file" >/dev/null
done

cp "$work/ours.db" "$work/ours_compare.db"
sqlite3 "$work/ours_compare.db" "DROP TABLE migbundle_migrations;"
# Some corpora seed rows from the clock or randomness (strftime('now'),
# randomblob): those values are masked, everything else must match exactly.
dump() {
  sqlite3 "$1" "PRAGMA user_version;"
  sqlite3 "$1" .dump | sed -E \
    -e "s/'[0-9a-f]{32}'/'<random>'/g" \
    -e "s/[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z?/<time>/g" \
    -e "s/\b1[0-9]{9}([0-9]{3})?\b/<epoch>/g"
}
dump "$work/ours_compare.db" >"$work/ours.sql"
dump "$work/reference.db" >"$work/reference.sql"
if ! diff -u "$work/reference.sql" "$work/ours.sql" >"$work/diff.txt"; then
  echo "FAIL $name: the databases differ (reference vs migbundle):" >&2
  head -50 "$work/diff.txt" >&2
  exit 1
fi
echo "ok $name: $count migrations, same schema and rows as the sqlite3 CLI, second run applied nothing"
