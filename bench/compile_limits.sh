#!/usr/bin/env bash
# Measures what one big migration costs the compilers: generates a bundle (split, as
# add_migrations() does) from one synthetic migration of about <MB> megabytes, compiles its
# data source with `-O2 -c`, and prints the time and peak memory, under a memory cap and a
# timeout so an experiment cannot take the machine down. The figures behind the generator's
# limit (max_bundle_sql_size, README "Migration files").
#
#   bench/compile_limits.sh <MB> <compiler> [cap in GiB, default 8] [timeout s, default 300] [flags...]
#   e.g. bench/compile_limits.sh 64 clang++-14 8 300
# Needs a built generator in build/ (or MIGBUNDLE=path) and python3; works in /tmp/migbundle-compile-limits.
set -u
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mb=$1; cxx=$2; cap=${3:-8}; limit_s=${4:-300}; shift $(( $# < 4 ? $# : 4 )); extra=("$@")
generator="${MIGBUNDLE:-$root/build/generator/migbundle}"
work="/tmp/migbundle-compile-limits/$mb"
if [ ! -f "$work/out/data.cpp" ]; then
  rows=$(( mb * 1000000 / 113 ))  # make_migrations.py writes about 113 bytes an INSERT
  python3 "$root/bench/make_migrations.py" --count 1 --rows "$rows" --out "$work/migrations" >/dev/null
  "$generator" generate --dir "$work/migrations" --out "$work/out/m.hpp" --source "$work/out/data.cpp" \
    --namespace big::db || exit 1
fi
sql=$(stat -c %s "$work"/migrations/*.sql)
out=$( { /usr/bin/time -f "%e s, peak %M KB" prlimit --as=$(( cap * 1024 * 1024 * 1024 )) timeout "$limit_s" \
  "$cxx" -std=c++17 -O2 "${extra[@]}" -I"$root/runtime/include" -I"$work/out" -c "$work/out/data.cpp" \
  -o "$work/out/data.o"; } 2>&1 )
code=$?
echo "$cxx, $sql bytes of SQL, cap ${cap} GiB: exit $code, $(echo "$out" | tail -1)"
[ $code -eq 0 ] || echo "$out" | head -5
