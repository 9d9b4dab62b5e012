#!/usr/bin/env python3
"""migbundle::postgres behind a real transaction-pooling proxy (pgbouncer, pool_mode =
transaction), where a session-level advisory lock cannot hold: docs/postgres.md says migrate()
notices that its transactions reach another server session than the lock's, refuses with
Error::invalid_argument naming the proxy, and applies nothing twice.

pgbouncer with server_round_robin hands a lone client's transactions to its idle server sessions
in turn, so whether the lock's session comes round again by the first migration's transaction
depends on how many queries lie between them and on the pool's size. The test runs one client per
pool of 2, 3, 4 and 5 warm server sessions: every run must either refuse as documented or (the
sessions happened to line up) apply everything; at least one must refuse; and whatever each did,
no migration ran twice, and a direct connection then completes the history.
    pooler_test.py --pgbouncer EXE --driver EXE --conninfo-file FILE --migrations DIR --work-dir DIR
"""
import argparse
import json
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pg_support import Server  # noqa: E402

TRACKING = '"public"."migbundle_migrations"'
POOL_SIZES = (2, 3, 4, 5)
problems = []


def expect(condition, what):
    if not condition:
        problems.append(what)
    return condition


def parse_report(stdout):
    for line in reversed(stdout.splitlines()):
        if line.startswith("{"):
            try:
                return json.loads(line)
            except ValueError:
                return None
    return None


class Pgbouncer:
    """pgbouncer on a Unix socket in `work`, in front of the test server, one alias per database."""

    def __init__(self, exe, work, server, databases):
        self.work = work
        self.port = 6400 + os.getpid() % 1000
        fields = dict(re.findall(r"(\w+)=(\S+)", server.conninfo))
        lines = ["[databases]"]
        for alias, (dbname, pool_size) in databases.items():
            lines.append(f"{alias} = host={fields['host']} port={fields['port']} dbname={dbname} "
                         f"pool_size={pool_size}")
        lines += ["[pgbouncer]", "listen_addr =", f"listen_port = {self.port}", f"unix_socket_dir = {work}",
                  "auth_type = trust", f"auth_file = {work}/userlist.txt", "pool_mode = transaction",
                  "server_round_robin = 1", "max_client_conn = 100", f"logfile = {work}/pgbouncer.log",
                  f"pidfile = {work}/pgbouncer.pid", "ignore_startup_parameters = extra_float_digits,options"]
        with open(os.path.join(work, "pgbouncer.ini"), "w") as f:
            f.write("\n".join(lines) + "\n")
        with open(os.path.join(work, "userlist.txt"), "w") as f:
            f.write('"postgres" ""\n')
        command = [exe, "-q", os.path.join(work, "pgbouncer.ini")]
        if os.geteuid() == 0:  # pgbouncer refuses to run as root
            postgres = pwd.getpwnam("postgres")
            for name in os.listdir(work):
                os.chown(os.path.join(work, name), postgres.pw_uid, postgres.pw_gid)
            os.chown(work, postgres.pw_uid, postgres.pw_gid)
            command = ["runuser", "-u", "postgres", "--"] + command
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        socket = os.path.join(work, f".s.PGSQL.{self.port}")
        deadline = time.monotonic() + 20
        while not os.path.exists(socket):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"pgbouncer did not start: {self.log()}")
            time.sleep(0.05)

    def conninfo(self):
        return f"host={self.work} port={self.port} user=postgres"

    def log(self):
        try:
            with open(os.path.join(self.work, "pgbouncer.log"), errors="replace") as f:
                return f.read()[-2000:]
        except OSError:
            return "(no log)"

    def stop(self):
        """Immediate shutdown (SIGTERM to pgbouncer itself, not to runuser): its server sessions
        close, and with them the advisory locks left in them."""
        try:
            with open(os.path.join(self.work, "pgbouncer.pid")) as f:
                os.kill(int(f.read().strip()), signal.SIGTERM)
        except (OSError, ValueError):
            self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def warm(server, bouncer, alias, sessions):
    """Opens `sessions` server sessions in the pool: as many overlapping transactions at once."""
    psql = server.tool("psql")
    threads = [threading.Thread(target=subprocess.run, args=(
        [psql, "-X", "-q", "-d", f"{bouncer.conninfo()} dbname={alias}", "-c", "SELECT pg_sleep(0.5)"],),
        kwargs={"capture_output": True}) for _ in range(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pgbouncer", required=True)
    parser.add_argument("--driver", required=True)
    parser.add_argument("--conninfo-file", required=True)
    parser.add_argument("--migrations", required=True)
    parser.add_argument("--work-dir", required=True)
    parser.add_argument("--bindir")
    args = parser.parse_args()
    server = Server(args.conninfo_file, args.bindir)
    count = len([f for f in os.listdir(args.migrations) if f.endswith(".sql")])
    shutil.rmtree(args.work_dir, ignore_errors=True)
    os.makedirs(args.work_dir)
    databases = {f"pool{size}": (server.create_database(f"pooler{size}"), size) for size in POOL_SIZES}
    bouncer = Pgbouncer(args.pgbouncer, args.work_dir, server, databases)
    refused = []
    try:
        for alias, (db, size) in databases.items():
            warm(server, bouncer, alias, size)
            backends = server.psql(f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{db}'")
            expect(backends == str(size), f"{alias}: the pool holds {backends} server sessions, not {size}")
            done = subprocess.run([args.driver, "--conninfo", bouncer.conninfo(), "--dbname", alias, "--bundle", "race"],
                                  capture_output=True, text=True, timeout=120)
            report = parse_report(done.stdout)
            if not expect(report is not None, f"{alias}: no report ({done.returncode}): {done.stdout}{done.stderr}"):
                continue
            print(f"{alias}: ok={report['ok']} applied={report['applied']} error={report['error']}: {report['message']}")
            if report["ok"]:
                expect(report["applied"] == count, f"{alias}: ok, but applied {report['applied']} of {count}")
            else:
                refused.append(alias)
                expect(report["error"] == "invalid_argument" and "transaction-pooling proxy" in report["message"] and
                       "pgbouncer" in report["message"] and "It was not applied" in report["message"] and
                       "the lock stays with that pooled session" in report["message"],
                       f"{alias}: not the documented refusal: {report}")
            # Whatever happened: recorded migrations ran once each, and nothing ran unrecorded.
            ids = server.psql(f"SELECT coalesce(string_agg(id::text, ',' ORDER BY id), '') FROM {TRACKING}", db) \
                if server.psql(f"SELECT to_regclass('{TRACKING}') IS NOT NULL", db) == "t" else ""
            recorded = [int(x) for x in ids.split(",")] if ids else []
            expect(recorded == list(range(1, len(recorded) + 1)), f"{alias}: tracking rows {recorded}")
            if recorded:
                effects = server.psql("SELECT count(*), count(DISTINCT migration) FROM side_effect", db)
                expect(effects == f"{len(recorded)}|{len(recorded)}",
                       f"{alias}: side effects {effects} for {len(recorded)} recorded migrations")
        expect(len(refused) > 0, "no pool size made migrate() meet another server session than the lock's: "
               "the check of docs/postgres.md was never exercised")
    finally:
        bouncer.stop()
    # The pooled sessions (and the locks they kept) go with pgbouncer.
    names = ", ".join(f"'{db}'" for db, _ in databases.values())
    deadline = time.monotonic() + 30
    while server.psql(f"SELECT count(*) FROM pg_stat_activity WHERE datname IN ({names})") != "0":
        if not expect(time.monotonic() < deadline, "pgbouncer's server sessions outlived it by 30 s"):
            break
        time.sleep(0.1)
    # A direct connection completes each history, every migration once.
    for alias, (db, _) in databases.items():
        done = subprocess.run([args.driver, "--conninfo", server.conninfo, "--dbname", db, "--bundle", "race"],
                              capture_output=True, text=True, timeout=120)
        report = parse_report(done.stdout)
        expect(report is not None and report["ok"], f"{alias}: the direct run failed: {done.stdout}{done.stderr}")
        expect(server.psql("SELECT count(*), count(DISTINCT migration) FROM counter", db) == f"{count}|{count}",
               f"{alias}: after the direct run, the counter table does not hold each migration once")
        server.drop_database(db)
    print(f"pooler: pool sizes {list(POOL_SIZES)}; refused behind pgbouncer: {refused}")
    for problem in problems:
        print("FAILED: " + problem)
    if problems:
        sys.exit(1)


if __name__ == "__main__":
    main()
