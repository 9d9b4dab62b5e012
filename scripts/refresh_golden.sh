#!/usr/bin/env bash
# Regenerates the golden headers, tests/golden/<case>/expected_{inline.hpp,split.hpp,split.cpp},
# from tests/golden/<case>/migrations with a built `migbundle`, exactly as the
# generator.golden.<case> tests generate them (namespace golden::<case>, plus the arguments in
# tests/golden/<case>/arguments.txt when there is one: separated by blanks, without quotes).
# Review `git diff tests/golden` before committing: it shows what users will get.
#
# usage: scripts/refresh_golden.sh [BUILD_DIR | PATH_TO_MIGBUNDLE]     (default: ./build)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${1:-$root/build}"
if [[ -d "$target" ]]; then
  tool="$target/generator/migbundle"
else
  tool="$target"
fi
if [[ ! -x "$tool" ]]; then
  echo "refresh_golden.sh: no migbundle executable at '$tool'." >&2
  echo "Build it first (cmake --build <build-dir> --target migbundle_generator) and pass the build directory" >&2
  echo "or the executable: scripts/refresh_golden.sh <build-dir | path/to/migbundle>" >&2
  exit 2
fi

refreshed=0
for case_dir in "$root"/tests/golden/*/; do
  case_dir="${case_dir%/}"
  [[ -d "$case_dir/migrations" ]] || continue
  name="$(basename "$case_dir")"
  arguments=()
  if [[ -f "$case_dir/arguments.txt" ]]; then
    read -r -d '' -a arguments <"$case_dir/arguments.txt" || true  # every word, over all lines
  fi
  "$tool" generate --dir "$case_dir/migrations" --namespace "golden::$name" ${arguments[@]+"${arguments[@]}"} \
    --out "$case_dir/expected_inline.hpp"
  "$tool" generate --dir "$case_dir/migrations" --namespace "golden::$name" ${arguments[@]+"${arguments[@]}"} \
    --out "$case_dir/expected_split.hpp" --source "$case_dir/expected_split.cpp"
  echo "refreshed tests/golden/$name"
  refreshed=$((refreshed + 1))
done
if [[ $refreshed -eq 0 ]]; then
  echo "refresh_golden.sh: no tests/golden/<case>/migrations directories found" >&2
  exit 1
fi
