#!/usr/bin/env bash
# The README's second command: set everything up, build, and run every test.
#   1. build/           the project with g++, every test label (unit, CLI, compile, consumer
#                       projects, corpora, reliability, firmware under QEMU when its tools are there)
#   2. build-sanitize/  the same code with clang, AddressSanitizer + UndefinedBehaviorSanitizer,
#                       and the libFuzzer targets' smoke runs (label fuzz)
# It ends with a summary (scripts/test_summary.py): per build the tests run, passed, failed and
# skipped, each skip with its reason, the ten slowest against their timeouts, then the whole
# run's duration and 'N passed, N failed'. The summary is printed when tests fail too, and the
# script then exits non-zero. With CI=true a skipped test fails the run: CI runs everything.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
started=$SECONDS
# A test without a TIMEOUT of its own gets this one (CTest's would be 10^7 s), so that every test
# has a timeout the summary can hold it to: each should finish within half of it.
default_timeout=600

# clang and its runtimes: the sanitizer and fuzzing build. postgresql and libpq-dev: the server the
# postgres tests start privately, and libpq for migbundle::postgres. --firmware: the Arm toolchain, QEMU and
# npm (for the SQLite amalgamation), for the firmware test. python3: the summary.
"$root/scripts/setup.sh" clang-14 libclang-rt-14-dev python3 postgresql libpq-dev --firmware

jobs="$(nproc)"
ci=""
case "${CI:-}" in true | TRUE | True | 1 | yes) ci="--ci" ;; esac

# --build <title> <junit> <tests.json> <note> per build begun, for the summary.
builds=()
failed=0
# The summary runs however the script ends: after failing tests, and after a failed build (that
# build's tests then count as not run).
summary() {
  local status=$?
  trap - EXIT
  [ ${#builds[@]} -gt 0 ] || exit "$status"
  local summary_status=0
  python3 "$root/scripts/test_summary.py" $ci --default-timeout "$default_timeout" \
    --seconds "$((SECONDS - started))" "${builds[@]}" || summary_status=$?
  if [ "$status" -eq 0 ] && { [ "$failed" -ne 0 ] || [ "$summary_status" -ne 0 ]; }; then
    status=1
  fi
  exit "$status"
}
trap summary EXIT

# begin_build <title> <build dir> <note>: the summary reports this build from here on; until its
# tests have run, as not run.
begin_build() {
  rm -f "$2/test-results.xml" "$2/test-list.json"
  builds+=(--build "$1" "$2/test-results.xml" "$2/test-list.json" "$3")
}

# run_tests <build dir> [ctest arguments...]: ctest, its closing line as it prints it
# ("100% tests passed, 0 tests failed out of N", which CI reads), a failure remembered.
run_tests() {
  local dir="$1"
  shift
  ctest --test-dir "$dir" --show-only=json-v1 "$@" >"$dir/test-list.json"
  ctest --test-dir "$dir" -j "$jobs" --output-on-failure --timeout "$default_timeout" \
    --output-junit "$dir/test-results.xml" "$@" || failed=1
}

echo "== 1/2: build/ (g++) =="
begin_build "build/ (g++)" "$root/build" "the fuzz targets run in build-sanitize/ only"
cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMIGBUNDLE_BUILD_TESTS=ON
cmake --build "$root/build" -j "$jobs"
run_tests "$root/build"

echo "== 2/2: build-sanitize/ (clang, ASan + UBSan, fuzz smoke) =="
begin_build "build-sanitize/ (clang, ASan + UBSan)" "$root/build-sanitize" \
  "the consumer and cmake labels (MIGBUNDLE_CONSUMER_TESTS=OFF: they build outside these flags), the firmware (-LE firmware: cross-compiled, run in build/) and the real peer tools (-LE peers: node programs; the adopt cases with built tables run here)"
sanitizers="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
# Consumer projects are left out here: they build outside this configuration's flags.
cmake -S "$root" -B "$root/build-sanitize" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_COMPILER=clang++-14 \
  -DCMAKE_CXX_FLAGS="$sanitizers -fsanitize=fuzzer-no-link" \
  -DCMAKE_EXE_LINKER_FLAGS="$sanitizers" \
  -DMIGBUNDLE_BUILD_TESTS=ON -DMIGBUNDLE_CONSUMER_TESTS=OFF -DMIGBUNDLE_FUZZ=ON
cmake --build "$root/build-sanitize" -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  run_tests "$root/build-sanitize" -LE 'firmware|peers'
