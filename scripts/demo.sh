#!/usr/bin/env bash
# The README's first command: set everything up, then run the demo — generate a
# bundle from migrations/, build, apply it to a database file, print what
# happened, and run it again to show that nothing is pending.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"

build="$root/build"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target migbundle_demo

database="$build/demo/app.db"
mkdir -p "$(dirname "$database")"
rm -f "$database" "$database-wal" "$database-shm"
echo
echo "== first run: a new database =="
"$build/examples/demo/migbundle_demo" "$database"
echo
echo "== second run: the same database =="
"$build/examples/demo/migbundle_demo" "$database"
