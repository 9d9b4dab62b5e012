#!/usr/bin/env bash
# The README's second command: set everything up, build, and run every test.
#   1. build/           the project with g++, every test label (unit, CLI, compile, consumer
#                       projects, corpora, reliability, firmware under QEMU when its tools are there)
#   2. build-sanitize/  the same code with clang, AddressSanitizer + UndefinedBehaviorSanitizer,
#                       and the libFuzzer targets' smoke runs (label fuzz)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# clang and its runtimes: the sanitizer and fuzzing build. --firmware: the Arm toolchain, QEMU and
# npm (for the SQLite amalgamation), for the firmware test.
"$root/scripts/setup.sh" clang-14 libclang-rt-14-dev --firmware

jobs="$(nproc)"
echo "== 1/2: build/ (g++) =="
cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMIGBUNDLE_BUILD_TESTS=ON
cmake --build "$root/build" -j "$jobs"
ctest --test-dir "$root/build" -j "$jobs" --output-on-failure

echo "== 2/2: build-sanitize/ (clang, ASan + UBSan, fuzz smoke) =="
sanitizers="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
# Consumer projects are left out here: they build outside this configuration's flags.
cmake -S "$root" -B "$root/build-sanitize" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_COMPILER=clang++-14 \
  -DCMAKE_CXX_FLAGS="$sanitizers -fsanitize=fuzzer-no-link" \
  -DCMAKE_EXE_LINKER_FLAGS="$sanitizers" \
  -DMIGBUNDLE_BUILD_TESTS=ON -DMIGBUNDLE_CONSUMER_TESTS=OFF -DMIGBUNDLE_FUZZ=ON
cmake --build "$root/build-sanitize" -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir "$root/build-sanitize" -j "$jobs" --output-on-failure -LE firmware
