#!/usr/bin/env bash
# A private PostgreSQL server for the tests, in a directory of its own.
#
#   server.sh start <dir>    a fresh cluster in <dir>/data (any old one there is stopped and
#                            removed), started and ready; writes <dir>/conninfo
#   server.sh stop <dir>     stops it (fast mode); a no-op when it is not running
#   server.sh kill <dir>     SIGKILL to the postmaster and every process of the server at once
#                            (a crash: nothing is flushed, nothing shuts down cleanly)
#   server.sh restart <dir>  `kill`, then starts again on the same data: crash recovery runs,
#                            and the log must say so
#   server.sh status <dir>   exit 0 when it is running
#
# The server listens on a Unix socket in <dir> only (listen_addresses = ''), so a port number
# only names the socket file there; it is still derived from <dir> (unlikely to collide) and kept
# in <dir>/port across restarts. fsync stays on: the tests kill servers, and a server that does
# not sync would make their verdicts meaningless for a real one. As root, the cluster runs as
# the `postgres` user (the server refuses to run as root); otherwise as the caller. Either way
# its superuser is `postgres` and local connections are trusted.
#
# The binaries: $PG_BINDIR, else `pg_config --bindir`, else the newest /usr/lib/postgresql/*/bin.
# Exit codes: 0 done, 1 failed (the reason on stderr, with the server log's tail), 2 usage,
# 3 the server binaries are missing.
set -euo pipefail

usage() {
  echo "usage: $0 start|stop|kill|restart|status <dir>" >&2
  exit 2
}
[ $# -eq 2 ] || usage
command="$1"
case "$command" in start | stop | kill | restart | status) ;; *) usage ;; esac

find_bindir() {
  local candidate
  if [ -n "${PG_BINDIR:-}" ]; then
    echo "$PG_BINDIR"
    return
  fi
  if command -v pg_config >/dev/null 2>&1; then
    candidate="$(pg_config --bindir 2>/dev/null || true)"
    if [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then
      echo "$candidate"
      return
    fi
  fi
  # Debian keeps the server binaries off PATH, one folder per major version: the newest.
  candidate="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n | tail -n 1 || true)"
  echo "$candidate"
}
bindir="$(find_bindir)"
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ] || [ ! -x "$bindir/pg_ctl" ] || [ ! -x "$bindir/postgres" ]; then
  echo "server.sh: no PostgreSQL server binaries (initdb, pg_ctl, postgres) found; install postgresql" \
    "(scripts/setup.sh does) or set PG_BINDIR" >&2
  exit 3
fi

mkdir -p "$2"
dir="$(cd "$2" && pwd -P)"
data="$dir/data"
log="$dir/server.log"

# The cluster's owner: the server refuses to run as root.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd "$dir" && runuser -u postgres -- "$@")
  else
    (cd "$dir" && "$@")
  fi
}

fail() {
  echo "server.sh $command $dir: $*" >&2
  if [ -f "$log" ]; then
    echo "--- the last lines of $log:" >&2
    tail -n 20 "$log" >&2
  fi
  exit 1
}

# The postmaster's pid, from postmaster.pid, when that process is alive; empty otherwise.
postmaster_pid() {
  local pid
  [ -f "$data/postmaster.pid" ] || return 0
  pid="$(head -n 1 "$data/postmaster.pid" 2>/dev/null || true)"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && [ "$(readlink "/proc/$pid/cwd" 2>/dev/null || true)" = "$data" ]; then
    echo "$pid"
  fi
}

# Every process of this server: its processes' working directory is the data directory
# (backends too, including the orphans a killed postmaster leaves behind).
server_pids() {
  local entry comm
  for entry in /proc/[0-9]*; do
    # The name first, with bash's own read: one readlink per process would take seconds.
    comm=""
    { read -r comm <"$entry/comm"; } 2>/dev/null || true
    case "$comm" in postgres | postmaster) ;; *) continue ;; esac
    [ "$(readlink "$entry/cwd" 2>/dev/null || true)" = "$data" ] && echo "${entry#/proc/}"
  done
  return 0
}

port_of() {
  local port
  if [ -f "$dir/port" ]; then
    cat "$dir/port"
    return
  fi
  # 20000-39999 from the directory's path: two build trees get two numbers.
  port=$((20000 + $(printf '%s' "$dir" | cksum | cut -d' ' -f1) % 20000))
  echo "$port" >"$dir/port"
  echo "$port"
}

write_conninfo() {
  local host="$dir"
  case "$host" in *" "* | *"'"* | *\\*) host="'$(printf '%s' "$host" | sed -e "s/[\\\\']/\\\\&/g")'" ;; esac
  printf 'host=%s port=%s user=postgres dbname=postgres\n' "$host" "$1" >"$dir/conninfo.tmp"
  mv "$dir/conninfo.tmp" "$dir/conninfo"
}

wait_ready() {
  local port="$1" i
  for i in $(seq 1 600); do
    if "$bindir/pg_isready" -q -h "$dir" -p "$port" -U postgres -d postgres 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  fail "the server did not accept connections within 60 s"
}

start_server() {
  local port="$1"
  # With no process of this server left, its lock files (postmaster.pid, the socket's .lock) are
  # stale: a killed postmaster may linger as a zombie until its parent reaps it, and a new one
  # would take the pid in them for a live server.
  if [ -z "$(server_pids)" ]; then
    rm -f "$data/postmaster.pid" "$dir/.s.PGSQL.$port.lock"
  fi
  as_owner "$bindir/pg_ctl" -D "$data" -l "$log" -w -t 120 start >/dev/null ||
    fail "pg_ctl start failed"
  wait_ready "$port"
  write_conninfo "$port"
}

stop_server() {
  if [ -n "$(postmaster_pid)" ]; then
    as_owner "$bindir/pg_ctl" -D "$data" -m fast -w -t 120 stop >/dev/null || fail "pg_ctl stop failed"
  fi
}

kill_server() {
  local pids pid i alive
  pids="$(server_pids)"
  [ -n "$pids" ] || return 0
  # All at once, postmaster first: nothing of the server gets to flush or shut down cleanly.
  pid="$(postmaster_pid)"
  [ -z "$pid" ] || kill -9 "$pid" 2>/dev/null || true
  # shellcheck disable=SC2086
  kill -9 $pids 2>/dev/null || true
  # A new postmaster refuses to start while an old process holds the shared memory, or while
  # the old postmaster's pid still exists (a zombie not yet reaped counts): wait for both.
  for i in $(seq 1 300); do
    alive=""
    for pid in $pids $(server_pids); do
      ! kill -0 "$pid" 2>/dev/null || alive="$alive $pid"
    done
    [ -n "$alive" ] || return 0
    # shellcheck disable=SC2046
    kill -9 $(server_pids) 2>/dev/null || true
    sleep 0.1
  done
  fail "processes of the killed server are still there:$alive"
}

case "$command" in
start)
  stop_server
  kill_server  # leftovers of a crashed run
  rm -rf "$data" "$dir/conninfo" "$log"
  port="$(port_of)"
  # The Unix socket's path must fit sockaddr_un (107 bytes on Linux).
  socket="$dir/.s.PGSQL.$port"
  [ "${#socket}" -le 107 ] || fail "the socket path $socket is longer than 107 bytes: use a shorter directory"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$dir"
    runuser -u postgres -- test -w "$dir" ||
      fail "the postgres user cannot write to $dir: every folder above it must be searchable by others (chmod o+x)"
  fi
  as_owner "$bindir/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; fail "initdb failed"; }
  cat >>"$data/postgresql.conf" <<CONF

# tests/postgres/server.sh
listen_addresses = ''
unix_socket_directories = '$dir'
unix_socket_permissions = 0777
port = $port
fsync = on
synchronous_commit = on
full_page_writes = on
max_connections = 100
shared_buffers = 32MB
dynamic_shared_memory_type = posix
log_line_prefix = '%m [%p] %d '
CONF
  start_server "$port"
  ;;
stop)
  [ -d "$data" ] || exit 0
  stop_server
  rm -f "$dir/conninfo"
  ;;
kill)
  [ -d "$data" ] || exit 0
  kill_server
  ;;
restart)
  [ -f "$data/PG_VERSION" ] || fail "no cluster in $data: run start first"
  was_running="$(server_pids)"
  kill_server
  lines_before="$(wc -l <"$log" 2>/dev/null || echo 0)"
  start_server "$(port_of)"
  # Killed here, so startup must have replayed the WAL; the log says so.
  if [ -n "$was_running" ] &&
    ! tail -n +"$((lines_before + 1))" "$log" | grep -q "not properly shut down; automatic recovery in progress"; then
    fail "the server started again without crash recovery"
  fi
  ;;
status)
  [ -n "$(postmaster_pid)" ]
  ;;
esac
