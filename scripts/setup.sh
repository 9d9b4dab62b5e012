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

# apt_get: apt-get that waits for apt's lock, saying so (MIGBUNDLE_APT_LOCK_WAIT, 600 s).
source "$(dirname "${BASH_SOURCE[0]}")/apt_get_waiting.sh"

echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt_get update
apt_get install -y --no-install-recommends "${missing[@]}"
