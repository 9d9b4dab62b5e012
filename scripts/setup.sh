#!/usr/bin/env bash
# Installs what migbundle needs to build and test, from Debian's packages.
# As root it runs apt-get itself; otherwise it prints the exact line to run.
set -euo pipefail

#   scripts/setup.sh [--firmware] [package...]
# --firmware adds what the firmware proof needs: the Arm cross compiler, its C
# and C++ libraries (newlib, and libstdc++ for the C++ headers: apt does not
# pull it in without recommends), QEMU, and npm to fetch the SQLite amalgamation.
packages=(g++ cmake ninja-build pkg-config sqlite3 libsqlite3-dev libboost-program-options-dev nlohmann-json3-dev catch2)
for argument in "$@"; do
  if [ "$argument" = --firmware ]; then
    packages+=(gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib qemu-system-arm)
    # Any npm will do; Debian's would conflict with a Node.js installed another way.
    command -v npm >/dev/null 2>&1 || packages+=(npm)
  else
    packages+=("$argument")  # extra packages a caller needs
  fi
done

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "migbundle needs these Debian packages: ${missing[*]}" >&2
  echo "Install them with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

# Another apt or dpkg (unattended-upgrades, a second setup) may hold apt's locks: wait for it, up
# to MIGBUNDLE_APT_LOCK_WAIT seconds (10 minutes), saying so, instead of failing at once with exit
# 100. DPkg::Lock::Timeout makes apt-get wait for the dpkg lock (apt >= 1.9.11), printing
# "Waiting for cache lock" on stdout at -q (-qq hides it); apt-get update does not apply it to the
# lists lock (apt 2.6: it still fails at once), so a failure that names a lock is retried until
# the same deadline. apt-get's stdout is dropped but for that first "Waiting" line.
lock_wait="${MIGBUNDLE_APT_LOCK_WAIT:-600}"
lock_deadline=$((SECONDS + lock_wait))
apt_get() {
  local errors status left said=0
  errors="$(mktemp)"
  while true; do
    left=$((lock_deadline - SECONDS))
    [ "$left" -gt 0 ] || left=0
    status=0
    apt-get -q -o DPkg::Lock::Timeout="$left" "$@" 2>"$errors" |
      awk -v wait="$lock_wait" '/^Waiting for cache lock/ && !said {
        print "setup: " $0 " (waiting up to " wait " s in all, MIGBUNDLE_APT_LOCK_WAIT)" > "/dev/stderr"
        said = 1; fflush("/dev/stderr") }' || status=$?
    if [ "$status" -eq 0 ] ||
      ! grep -qE 'Could not get lock|Unable to lock|Unable to acquire the dpkg frontend lock' "$errors" ||
      [ "$SECONDS" -ge "$lock_deadline" ]; then
      cat "$errors" >&2
      rm -f "$errors"
      [ "$status" -eq 0 ] || [ "$said" -eq 0 ] || echo "setup: gave up after waiting ${lock_wait} s for apt's lock" >&2
      return "$status"
    fi
    if [ "$said" -eq 0 ]; then
      echo "setup: another apt or dpkg holds apt's lock; waiting for it (up to ${lock_wait} s in all, MIGBUNDLE_APT_LOCK_WAIT)..." >&2
      said=1
    fi
    sleep 5
  done
}

echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt_get update
apt_get install -y --no-install-recommends "${missing[@]}"
