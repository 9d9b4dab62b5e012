#!/usr/bin/env bash
# Runs every benchmark and prints its tables (Markdown), as in the README's
# Performance section. Peers come from scripts/install_bench_peers.sh; a missing
# one is skipped with a line saying so.
#   scripts/bench.sh            # 100, 1,000 and 10,000 migrations (about 15-20 minutes on 2 cores; PostgreSQL adds about 8)
#   scripts/bench.sh --quick    # 100 and 1,000 only, fewer rounds
#   scripts/bench.sh --only apply --rounds 3
#   scripts/bench.sh --only postgres --rounds 5   # a private PostgreSQL server, against psql
#   scripts/bench.sh --scale    # 100 to 100,000 small migrations through every stage, and docs/bench-scale.png (about 10 minutes)
#   scripts/bench.sh --scale --scale-max 1000     # the same, up to 1,000 (a short trial)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
extra=()
for argument in "$@"; do
  [ "$argument" = --scale ] && extra+=(gnuplot-nox)  # the scale run draws docs/bench-scale.png
done
"$root/scripts/setup.sh" time "${extra[@]}"  # /usr/bin/time measures the generator's peak memory
exec python3 "$root/bench/run_bench.py" "$@"
