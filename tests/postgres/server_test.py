#!/usr/bin/env python3
"""Tests of the test server itself (server.sh), before any test relies on it.

  server_test.py connect <conninfo file>
      the server answers on its socket, has no TCP listener, syncs (fsync on), and a database
      of one's own can be created, used and dropped
  server_test.py restart <conninfo file> <server.sh> <dir>
      a row committed before `server.sh restart` (SIGKILL to every server process, then a start
      that replays the WAL) is there afterwards; a row of a transaction open at the kill is not
"""
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pg_support import Server  # noqa: E402

problems = []


def expect(condition, what):
    if not condition:
        problems.append(what)
        print("FAILED:", what)


def connect(conninfo_file):
    server = Server(conninfo_file)
    expect("host=/" in server.conninfo and "user=postgres" in server.conninfo,
           f"conninfo names a socket directory and the postgres user: {server.conninfo}")
    expect(server.psql("SHOW fsync") == "on", "fsync is on")
    expect(server.psql("SHOW listen_addresses") == "", "no TCP listener (listen_addresses = '')")
    expect(server.psql("SELECT rolsuper FROM pg_roles WHERE rolname = current_user") == "t",
           "connected as a superuser")
    name = server.create_database("server_connect")
    try:
        server.psql("CREATE TABLE t (x integer); INSERT INTO t VALUES (1), (2)", name)
        expect(server.psql("SELECT sum(x) FROM t", name) == "3", "a database of one's own holds what was written")
        expect(server.psql("SELECT current_database()", name) == name, "the dbname given wins over conninfo's")
    finally:
        server.drop_database(name)
    expect(server.psql(f"SELECT count(*) FROM pg_database WHERE datname = '{name}'") == "0", "the database is gone")


def restart(conninfo_file, server_sh, directory):
    server = Server(conninfo_file)
    name = server.create_database("server_restart")
    server.psql("CREATE TABLE t (x integer); INSERT INTO t VALUES (42)", name)
    # A transaction left open at the kill, in a psql that waits on stdin.
    open_tx = subprocess.Popen([server.tool("psql"), "-X", "-q", "-d", server.dsn(name)], stdin=subprocess.PIPE,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)
    open_tx.stdin.write("BEGIN; INSERT INTO t VALUES (7);\n")
    open_tx.stdin.flush()
    for _ in range(100):
        if server.psql(f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{name}' "
                       "AND state = 'idle in transaction'") == "1":
            break
        time.sleep(0.1)
    else:
        expect(False, "the open transaction's session showed up in pg_stat_activity")
    pid_before = server.psql("SELECT pg_postmaster_start_time()")
    done = subprocess.run(["bash", server_sh, "restart", directory], capture_output=True, text=True)
    expect(done.returncode == 0, f"server.sh restart succeeded: {done.stderr.strip()}")
    open_tx.stdin.close()
    open_tx.wait(timeout=30)
    server.reload()
    expect(server.psql("SELECT pg_postmaster_start_time()") != pid_before, "a new postmaster runs")
    expect(server.psql("SELECT string_agg(x::text, ',') FROM t", name) == "42",
           "the committed row survived the kill; the open transaction's did not")
    with open(os.path.join(directory, "server.log")) as log:
        expect("automatic recovery in progress" in log.read(), "the server log shows crash recovery")
    server.drop_database(name)


if sys.argv[1:2] == ["connect"] and len(sys.argv) == 3:
    connect(sys.argv[2])
elif sys.argv[1:2] == ["restart"] and len(sys.argv) == 5:
    restart(*sys.argv[2:])
else:
    raise SystemExit(__doc__)
if problems:
    sys.exit(1)
print("all checks passed")
