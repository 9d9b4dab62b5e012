#!/usr/bin/env bash
# Runs every benchmark and prints its tables (Markdown), as in the README's
# Performance section. Peers come from scripts/install_bench_peers.sh; a missing
# one is skipped with a line saying so.
#   scripts/bench.sh            # 100, 1,000 and 10,000 migrations (about 15-20 minutes on 2 cores; PostgreSQL adds about 8)
#   scripts/bench.sh --quick    # 100 and 1,000 only, fewer rounds
#   scripts/bench.sh --only apply --rounds 3
#   scripts/bench.sh --only postgres --rounds 5   # a private PostgreSQL server, against psql
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh" time  # /usr/bin/time measures the generator's peak memory
exec python3 "$root/bench/run_bench.py" "$@"
