#!/usr/bin/env bash
# Sourced by scripts/setup.sh and scripts/install_bench_peers.sh; defines apt_get, apt-get that
# waits for apt's lock. Another apt or dpkg (unattended-upgrades, a second setup) may hold it: wait,
# up to MIGBUNDLE_APT_LOCK_WAIT seconds (10 minutes) in all, saying so, instead of failing at once
# with exit 100. DPkg::Lock::Timeout makes apt-get wait for the dpkg lock (apt >= 1.9.11), printing
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
