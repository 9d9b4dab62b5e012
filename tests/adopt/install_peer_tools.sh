#!/usr/bin/env bash
# install_peer_tools.sh <cache-dir> <tool>...: peer_tools.sh install, failing unless each
# named tool is installed (the adopt tests need them; a tool this machine cannot install
# would make them fail, not pass).
set -euo pipefail
cache=$1
shift
out=$(bash "$(dirname "${BASH_SOURCE[0]}")/peer_tools.sh" install "$cache")
echo "$out"
for tool in "$@"; do
  grep -q "^$tool: installed " <<<"$out" || { echo "FAIL: $tool is not installed (see $cache/*/npm.log)" >&2; exit 1; }
done
