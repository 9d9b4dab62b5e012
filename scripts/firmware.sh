#!/usr/bin/env bash
# The firmware proof, end to end: the demo's migrations embedded in Cortex-M3
# firmware (no filesystem, no malloc), booted under QEMU, then the size report.
#   1. installs the Arm toolchain and QEMU (Debian packages, via setup.sh)
#   2. builds the host migbundle generator, unless MIGBUNDLE_GENERATOR names one
#   3. fetches the SQLite amalgamation (npm pack better-sqlite3@<pinned>) into
#      the build tree and checks its SHA-256 sums
#   4. cross-compiles examples/firmware with cmake/toolchains/arm-none-eabi.cmake
#   5. boots it: qemu-system-arm -M mps2-an385, semihosting for output and exit code
# Exits with the firmware's exit code. Build tree: $MIGBUNDLE_FIRMWARE_BUILD (build-firmware/).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${MIGBUNDLE_FIRMWARE_BUILD:-$root/build-firmware}"
jobs="${MIGBUNDLE_JOBS:-2}"

"$root/scripts/setup.sh" --firmware

echo "== host generator =="
generator="${MIGBUNDLE_GENERATOR:-}"
if [ -z "$generator" ]; then
  cmake -S "$root" -B "$build/host" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DMIGBUNDLE_BUILD_TESTS=OFF -DMIGBUNDLE_BUILD_EXAMPLES=OFF -DMIGBUNDLE_INSTALL=OFF >/dev/null
  cmake --build "$build/host" --target migbundle_generator -j "$jobs"
  generator="$build/host/generator/migbundle"
fi
echo "migbundle generator: $generator"

echo
echo "== SQLite amalgamation =="
sqlite_cache="$build/_deps/sqlite"
cmake -DCACHE_DIR="$sqlite_cache" -P "$root/examples/firmware/cmake/SqliteAmalgamation.cmake"

echo
echo "== firmware (arm-none-eabi, Cortex-M3, -Os) =="
cmake -S "$root/examples/firmware" -B "$build/target" -G Ninja \
  -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchains/arm-none-eabi.cmake" \
  -DMIGBUNDLE_GENERATOR="$generator" \
  -DFIRMWARE_SQLITE_CACHE="$sqlite_cache"
cmake --build "$build/target" -j "$jobs"

echo
echo "== boot: qemu-system-arm -M mps2-an385 =="
set +e
# Semihosting writes to QEMU's stderr; the exit code is the firmware's.
timeout 120 qemu-system-arm -M mps2-an385 -cpu cortex-m3 -nographic -monitor none -serial none \
  -semihosting-config enable=on,target=native -kernel "$build/target/firmware.elf" 2>&1
code=$?
set -e
echo "firmware exit code: $code"

echo
echo "== size report =="
cat "$build/target/firmware_size.txt"
exit "$code"
