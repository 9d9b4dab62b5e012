#!/usr/bin/env bash
# Installs what migbundle needs to build and test, from Debian's packages.
# As root it runs apt-get itself; otherwise it prints the exact line to run.
set -euo pipefail

packages=(g++ cmake ninja-build pkg-config sqlite3 libsqlite3-dev libboost-program-options-dev nlohmann-json3-dev catch2)
packages+=("$@")  # extra packages a caller needs (e.g. the firmware toolchain)

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
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
