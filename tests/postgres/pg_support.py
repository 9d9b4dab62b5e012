"""What the PostgreSQL tests' Python drivers share: psql and pg_dump against the test server,
and a database of one's own per test (CREATE DATABASE with a unique name), so that tests run in
parallel on one server."""
import os
import re
import signal
import subprocess
import time


def kill_server_processes(data_dir):
    """SIGKILL to every process of the server whose data directory is `data_dir`, at once (what
    server.sh kill does, without a shell's start-up delay, so that the moment is the one chosen).
    Returns how many processes were killed."""
    data_dir = os.path.realpath(data_dir)
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/comm") as f:
                if f.read().strip() not in ("postgres", "postmaster"):
                    continue
            if os.readlink(f"/proc/{entry}/cwd") == data_dir:
                pids.append(int(entry))
        except OSError:
            continue
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return len(pids)


class Server:
    def __init__(self, conninfo_file, bindir=None):
        self.conninfo_file = conninfo_file
        self.bindir = bindir or os.environ.get("PG_BINDIR", "")
        if not self.bindir or not os.path.exists(os.path.join(self.bindir, "psql")):
            raise SystemExit(f"no psql in '{self.bindir}': pass --bindir or set PG_BINDIR")
        self.reload()

    def reload(self):
        """Reads the conninfo again (a restarted server writes it anew)."""
        with open(self.conninfo_file) as f:
            self.conninfo = f.read().strip()

    def dsn(self, dbname="postgres"):
        # libpq takes the last of repeated keywords.
        return f"{self.conninfo} dbname={dbname}"

    def tool(self, name):
        return os.path.join(self.bindir, name)

    def psql(self, sql, dbname="postgres", check=True):
        """Runs `sql` and returns psql's unaligned, tuples-only output."""
        done = subprocess.run([self.tool("psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                               "-d", self.dsn(dbname), "-c", sql],
                              capture_output=True, text=True)
        if check and done.returncode != 0:
            raise RuntimeError(f"psql failed ({done.returncode}) on {sql!r}: {done.stderr.strip()}")
        return done.stdout.strip()

    def scalar(self, sql, dbname):
        return self.psql(sql, dbname)

    def create_database(self, prefix):
        name = f"{prefix}_{os.getpid()}_{time.monotonic_ns() % 10**9}"
        name = re.sub(r"[^a-z0-9_]", "_", name.lower())
        self.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.psql(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name):
        self.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', check=False)

    def schema_dump(self, dbname, exclude_tables=()):
        """pg_dump --schema-only --no-owner, without the given tables, with pg_dump's version
        comments and blank lines left out so that two databases compare line by line."""
        command = [self.tool("pg_dump"), "--schema-only", "--no-owner", "--no-privileges", "-d", self.dsn(dbname)]
        for table in exclude_tables:
            command += ["--exclude-table", table]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"pg_dump failed on {dbname}: {done.stderr.strip()}")
        lines = []
        for line in done.stdout.splitlines():
            # The version comments, and the random key of \restrict (pg_dump 17.6, 16.10, 15.14 on).
            if line.startswith(("-- Dumped from", "-- Dumped by", "\\restrict ", "\\unrestrict ")) or not line.strip():
                continue
            lines.append(line)
        return lines
