#!/usr/bin/env bash
# Installs the tools scripts/bench.sh measures migbundle against. Every peer is
# optional: the benchmark skips (and says so) whatever is missing, so a failed
# install here costs one row of a table, not the run.
#
#   Debian: hyperfine, GNU time, valgrind (callgrind), xxd, the sqlite3 CLI,
#           yoyo (python3-yoyo), alembic, sqitch (+ DBD::SQLite), sql-migrate
#   npm:    dbmate, drizzle-orm + better-sqlite3, into bench/.peers/node
#           (better-sqlite3 compiles from source when its prebuilt download fails)
#
# As root it runs apt-get itself; otherwise it prints the apt-get line to run.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
peers="$root/bench/.peers"

# The build itself needs these too (scripts/setup.sh), so install them first.
"$root/scripts/setup.sh" || exit 1

apt_packages=(hyperfine time valgrind xxd sqlite3 python3 python3-yoyo alembic sqitch libdbd-sqlite3-perl
  sql-migrate nodejs)
missing=()
for package in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# nodejs from another source (nodesource) also counts: npm is what we need.
if command -v npm >/dev/null 2>&1; then
  missing=("${missing[@]/nodejs/}")
elif ! printf '%s\n' "${missing[@]}" | grep -qx nodejs; then
  missing+=(npm)
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "bench peers need these Debian packages: ${missing[*]}" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  else
    echo "installing (apt): ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # apt_get waits for apt's lock while another apt or dpkg holds it, saying so.
    source "$root/scripts/apt_get_waiting.sh"
    apt_get update
    # One at a time: a package this Debian lacks must not stop the others.
    for package in "${missing[@]}"; do
      apt_get install -y --no-install-recommends "$package" 2>/dev/null ||
        echo "  could not install $package (its peer will be skipped)" >&2
    done
  fi
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "npm not found: dbmate and drizzle-orm will be skipped" >&2
  exit 0
fi
mkdir -p "$peers/node"
cat >"$peers/node/package.json" <<'EOF'
{
  "name": "migbundle-bench-peers",
  "private": true,
  "description": "Peers that scripts/bench.sh measures; installed by scripts/install_bench_peers.sh",
  "type": "commonjs"
}
EOF
install_npm() {
  echo "installing (npm): $*"
  (cd "$peers/node" && npm install --no-audit --no-fund --loglevel=error "$@") ||
    echo "  could not install $* (its peer will be skipped)" >&2
}
[ -x "$peers/node/node_modules/.bin/dbmate" ] || install_npm dbmate
# better-sqlite3 tries a prebuilt binary first; without one it builds from source
# with node-gyp (g++, make, python3 and node's headers, found through npm's nodedir).
if ! (cd "$peers/node" && node -e "require('better-sqlite3'); require('drizzle-orm/better-sqlite3/migrator')" 2>/dev/null); then
  install_npm drizzle-orm better-sqlite3
fi
echo "peers installed under $peers (ignored by git)"
