#!/usr/bin/env python3
"""migbundle::postgres in real processes (postgres_apply_driver), against the test servers.

  race          16 processes released at once on one fresh database, 8 rounds: every migration
                applied exactly once, in order, and every process reports ok
  kill-applier  20 rounds: SIGKILL the applier at a random moment of a run, then run again: every
                migration exactly once, and the schema is the clean run's
  kill-server   6 rounds: SIGKILL every server process mid-run (server.sh restart: crash
                recovery), then run again: the same verdicts
  history       a realistic history through migbundle and through psql (each file in one
                transaction, a no-transaction file without): identical pg_dump --schema-only

Prints what it checked; exits 1 on any problem, listing them all.
"""
import argparse
import difflib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pg_support import Server, kill_server_processes  # noqa: E402

TRACKING = "public.migbundle_migrations"
problems = []


def expect(condition, what):
    if not condition:
        problems.append(what)
        print("FAILED:", what, flush=True)
    return condition


def parse_report(stdout):
    lines = [line for line in stdout.splitlines() if line.startswith("{")]
    if not lines:
        return None
    try:
        return json.loads(lines[-1])
    except ValueError:
        return None


def quote_literal(text):
    return "'" + text.replace("'", "''") + "'"


def migration_files(folder):
    return sorted(f for f in os.listdir(folder) if f.endswith(".sql") and f[:1].isdigit())


def is_no_transaction(path):
    with open(path) as f:
        for line in f:
            if line.strip() == "-- migbundle: no-transaction":
                return True
            if line.strip() and not line.startswith("--"):
                return False
    return False


class Driver:
    def __init__(self, args, server):
        self.path = args.driver
        self.server = server

    def command(self, dbname, bundle, *extra):
        return [self.path, "--conninfo", self.server.conninfo, "--dbname", dbname, "--bundle", bundle, *extra]

    def run(self, dbname, bundle, *extra, timeout=120):
        done = subprocess.run(self.command(dbname, bundle, *extra), capture_output=True, text=True, timeout=timeout)
        return done.returncode, parse_report(done.stdout), done.stdout + done.stderr

    def start(self, dbname, bundle, *extra):
        return subprocess.Popen(self.command(dbname, bundle, *extra), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)


def tracking_ids(server, db):
    out = server.psql(f"SELECT id FROM {TRACKING} ORDER BY id", db)
    return [int(x) for x in out.split()] if out else []


def table_exists(server, db, name):
    return server.psql(f"SELECT to_regclass('{name}') IS NOT NULL", db) == "t"


def advisory_locks(server):
    return int(server.psql("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"))


# ---- race ----------------------------------------------------------------------------------
def race(args, server):
    driver = Driver(args, server)
    count = len(migration_files(args.migrations))
    processes, rounds = 16, 8
    slowest = 0.0
    appliers_seen = []
    for round_number in range(rounds):
        where = f"round {round_number + 1}: "
        db = server.create_database("race")
        with tempfile.TemporaryDirectory() as scratch:
            start_file = os.path.join(scratch, "go")
            children = [driver.start(db, "race", "--start-file", start_file) for _ in range(processes)]
            # Let every child connect and wait at the barrier, then release them together.
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                waiting = int(server.psql(f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{db}'"))
                if waiting >= processes:
                    break
                time.sleep(0.02)
            began = time.monotonic()
            open(start_file, "w").close()
            outcomes = []
            for child in children:
                stdout, stderr = child.communicate(timeout=120)
                outcomes.append((child.returncode, parse_report(stdout), stdout + stderr))
            slowest = max(slowest, time.monotonic() - began)
        applied_total, appliers = 0, 0
        for rc, report, text in outcomes:
            if not expect(rc == 0 and report is not None and report["ok"], where + f"a process failed ({rc}): {text.strip()}"):
                continue
            expect(report["applied"] + report["already_applied"] == count and report["current_id"] == count,
                   where + f"a process reports applied {report['applied']} + already applied "
                   f"{report['already_applied']}, current id {report['current_id']}")
            expect(report["transaction_idle"], where + "a connection was left inside a transaction")
            applied_total += report["applied"]
            appliers += 1 if report["applied"] > 0 else 0
        appliers_seen.append(appliers)
        expect(applied_total == count, where + f"the processes applied {applied_total} migrations, expected {count}")
        expect(tracking_ids(server, db) == list(range(1, count + 1)), where + "tracking rows are not exactly 1..N once")
        expect(server.psql("SELECT count(*), count(DISTINCT migration) FROM counter", db) == f"{count}|{count}",
               where + "the counter table does not hold each migration exactly once")
        expect(server.psql("SELECT count(*) FROM counter WHERE seen_before <> migration - 1", db) == "0",
               where + "a migration ran out of order (it saw a different number of earlier rows)")
        expect(server.psql("SELECT count(*), count(DISTINCT migration) FROM side_effect", db) == f"{count}|{count}",
               where + "the side-effect table does not hold each migration exactly once")
        server.drop_database(db)
    expect(advisory_locks(server) == 0, "advisory locks are left on the server")
    print(f"race: {rounds} rounds x {processes} processes x {count} migrations; processes that applied "
          f"something per round: {appliers_seen}; slowest round {slowest:.2f} s")


# ---- SIGKILL: the applier, or the server ----------------------------------------------------
class SlowBundle:
    """What a complete run of the `slow` bundle leaves: every migration tracked once, one ledger
    row per transactional migration (the no-transaction one writes none: it may run twice), a
    valid index, and the clean run's schema."""

    def __init__(self, args, server, driver):
        self.server, self.driver = server, driver
        self.invalid_after_crash = 0
        files = migration_files(args.migrations)
        self.ids = [int(f.split("_")[0]) for f in files]
        self.index_id = next(int(f.split("_")[0]) for f in files if "orders_total_index" in f)
        self.ledger_ids = [int(f.split("_")[0]) for f in files
                           if not is_no_transaction(os.path.join(args.migrations, f))]
        db = server.create_database("slow_clean")
        began = time.monotonic()
        rc, report, text = driver.run(db, "slow")
        self.seconds = time.monotonic() - began
        if not expect(rc == 0 and report and report["ok"], f"a clean run of the slow bundle failed: {text}"):
            raise SystemExit(1)
        self.dump = server.schema_dump(db, [TRACKING])
        server.drop_database(db)

    def check(self, db, where):
        server = self.server
        expect(tracking_ids(server, db) == self.ids, where + f"tracking rows {tracking_ids(server, db)}, expected {self.ids}")
        ledger = server.psql("SELECT migration FROM ledger ORDER BY migration", db).split()
        expect([int(x) for x in ledger] == self.ledger_ids,
               where + f"ledger rows {ledger}: each transactional migration must have run exactly once")
        valid = server.psql("SELECT coalesce(bool_and(indisvalid)::text, 'missing') FROM pg_index "
                            "WHERE indexrelid = to_regclass('orders_total_idx')", db)
        clean = self.dump
        dump = server.schema_dump(db, [TRACKING])
        expect(valid == "true", where + f"orders_total_idx is {'INVALID' if valid == 'false' else 'missing'}")
        if dump != clean:
            diff = "\n".join(list(difflib.unified_diff(clean, dump, "clean run", "after the kill", lineterm=""))[:40])
            expect(False, where + "the schema differs from a clean run's:\n" + diff)


def progress_of(server, db):
    """How many migrations a killed run left applied (the tracking table may not exist yet)."""
    if not table_exists(server, db, TRACKING):
        return 0
    return len(tracking_ids(server, db))


def kill_applier(args, server):
    driver = Driver(args, server)
    slow = SlowBundle(args, server, driver)
    rounds = 20
    random.seed(os.environ.get("MIGBUNDLE_PG_SEED", str(time.time_ns())))
    left_at = []
    for round_number in range(rounds):
        where = f"round {round_number + 1}: "
        db = server.create_database("kill_applier")
        child = driver.start(db, "slow")
        time.sleep(random.uniform(0.02, slow.seconds * 0.9))
        child.send_signal(signal.SIGKILL)
        child.communicate()
        left_at.append(progress_of(server, db) if child.returncode == -signal.SIGKILL else len(slow.ids))
        rc, report, text = driver.run(db, "slow")
        if expect(rc == 0 and report and report["ok"], where + f"the run after the kill failed ({rc}): {text.strip()}"):
            expect(report["applied"] + report["already_applied"] == len(slow.ids),
                   where + f"applied {report['applied']} + already applied {report['already_applied']}")
        slow.check(db, where)
        server.drop_database(db)
    interrupted = sum(1 for n in left_at if n < len(slow.ids))
    print(f"kill-applier: {rounds} rounds; a clean run takes {slow.seconds:.2f} s; migrations applied when "
          f"killed: {left_at}")
    expect(interrupted >= rounds // 4, f"only {interrupted} of {rounds} kills landed before the run ended")
    expect(advisory_locks(server) == 0, "advisory locks are left on the server")


def kill_server(args, server):
    driver = Driver(args, server)
    slow = SlowBundle(args, server, driver)
    rounds = 6
    random.seed(os.environ.get("MIGBUNDLE_PG_SEED", str(time.time_ns())))
    log_path = os.path.join(args.server_dir, "server.log")
    left_at = []
    for round_number in range(rounds):
        where = f"round {round_number + 1}: "
        db = server.create_database("kill_server")
        child = driver.start(db, "slow")
        time.sleep(random.uniform(0.05, slow.seconds * 0.9))
        log_size = os.path.getsize(log_path)
        killed = kill_server_processes(os.path.join(args.server_dir, "data"))
        expect(killed > 0, where + "no server process was found to kill")
        # server.sh restart waits for every killed process to be gone, then starts the server.
        restarted = subprocess.run(["bash", args.server_sh, "restart", args.server_dir], capture_output=True, text=True)
        if not expect(restarted.returncode == 0, where + f"server.sh restart failed: {restarted.stderr.strip()}"):
            child.kill()
            break
        with open(log_path, errors="replace") as log:
            log.seek(log_size)
            expect("automatic recovery in progress" in log.read(), where + "the server started without crash recovery")
        server.reload()
        stdout, stderr = child.communicate(timeout=120)
        report = parse_report(stdout)
        # The run under the kill either finished first or fails cleanly: a report, never a crash.
        expect(child.returncode in (0, 1, 3) and report is not None,
               where + f"the run under the server kill ended with {child.returncode}: {stdout}{stderr}")
        left_at.append(progress_of(server, db))
        rc, report, text = driver.run(db, "slow")
        if rc != 0 and report and "orders_total_idx is INVALID" in report.get("message", ""):
            # A crash during CREATE INDEX CONCURRENTLY leaves the index INVALID, and IF NOT EXISTS
            # would keep it: migrate() refuses to record the migration and says to drop it
            # (docs/postgres.md). Do what it says, then the run must complete.
            slow.invalid_after_crash += 1
            expect("DROP INDEX CONCURRENTLY" in report["message"] and report.get("error") == "migration_failed",
                   where + f"the refusal does not say what to do: {report}")
            expect(tracking_ids(server, db).count(slow.index_id) == 0,
                   where + "the migration that left the index INVALID was recorded")
            server.psql("DROP INDEX CONCURRENTLY public.orders_total_idx", db)
            rc, report, text = driver.run(db, "slow")
        if expect(rc == 0 and report and report["ok"], where + f"the run after the restart failed ({rc}): {text.strip()}"):
            expect(report["applied"] + report["already_applied"] == len(slow.ids),
                   where + f"applied {report['applied']} + already applied {report['already_applied']}")
        slow.check(db, where)
        server.drop_database(db)
    print(f"kill-server: {rounds} rounds; a clean run takes {slow.seconds:.2f} s; migrations applied after "
          f"the crash: {left_at}; rounds that left orders_total_idx INVALID: {slow.invalid_after_crash}")
    interrupted = sum(1 for n in left_at if n < len(slow.ids))
    expect(interrupted >= rounds // 3, f"only {interrupted} of {rounds} server kills landed before the run ended")


# ---- a realistic history: migbundle vs psql --------------------------------------------------
def history(args, server):
    driver = Driver(args, server)
    files = migration_files(args.migrations)
    by_migbundle = server.create_database("history_mb")
    by_psql = server.create_database("history_psql")
    rc, report, text = driver.run(by_migbundle, args.bundle)
    if expect(rc == 0 and report and report["ok"], f"migbundle failed on {args.bundle}: {text.strip()}"):
        expect(report["applied"] == len(files), f"migbundle applied {report['applied']} of {len(files)}")
        expect(report["transaction_idle"], "the connection was left inside a transaction")
    for name in files:
        path = os.path.join(args.migrations, name)
        single = [] if is_no_transaction(path) else ["-1"]
        done = subprocess.run([server.tool("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", *single, "-d",
                               server.dsn(by_psql), "-f", path], capture_output=True, text=True)
        if not expect(done.returncode == 0, f"psql failed on {name}: {done.stderr.strip()}"):
            break
    mine, theirs = server.schema_dump(by_migbundle, [TRACKING]), server.schema_dump(by_psql)
    if mine != theirs:
        diff = "\n".join(list(difflib.unified_diff(theirs, mine, "psql", "migbundle", lineterm=""))[:60])
        expect(False, "pg_dump --schema-only differs between psql and migbundle:\n" + diff)
    # The data the migrations wrote (seeds, backfills) too: every table's rows, in a stable order,
    # without what differs from run to run (times, random uuids, JSON that may carry either).
    tables = server.psql("SELECT format('%I.%I', schemaname, tablename) FROM pg_tables WHERE schemaname NOT IN "
                         "('pg_catalog', 'information_schema') AND tablename <> 'migbundle_migrations' ORDER BY 1",
                         by_psql).splitlines()
    for table in tables:
        columns = server.psql(
            "SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute a "
            "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE attrelid = "
            f"{quote_literal(table)}::regclass "
            "AND attnum > 0 AND NOT attisdropped AND atttypid NOT IN ('timestamptz'::regtype, 'timestamp'::regtype, "
            "'jsonb'::regtype, 'tstzrange'::regtype) "
            "AND coalesce(pg_get_expr(d.adbin, d.adrelid), '') NOT LIKE '%gen_random_uuid%'", by_psql)
        rows = f"row({columns})::text" if columns else "''"
        query = f"SELECT count(*) || ' ' || md5(coalesce(string_agg({rows}, E'\\n' ORDER BY {rows}), '')) FROM {table}"
        expect(server.psql(query, by_migbundle) == server.psql(query, by_psql), f"the rows of {table} differ")
    rc, report, text = driver.run(by_migbundle, args.bundle)
    expect(rc == 0 and report and report["applied"] == 0 and report["already_applied"] == len(files),
           f"a second run is not a no-op: {text.strip()}")
    rc, report, text = driver.run(by_migbundle, args.bundle, "--status")
    expect(rc == 0 and report and report["status_entries"] == len(files), f"status does not list every migration: {text}")
    print(f"history {args.bundle}: {len(files)} migrations, {len(mine)} lines of schema, {len(tables)} tables; "
          "migbundle and psql agree" if not problems else "")
    server.drop_database(by_migbundle)
    server.drop_database(by_psql)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["race", "kill-applier", "kill-server", "history"])
    parser.add_argument("--driver", required=True)
    parser.add_argument("--bindir")
    parser.add_argument("--conninfo-file", required=True)
    parser.add_argument("--migrations", required=True)
    parser.add_argument("--bundle")
    parser.add_argument("--server-sh")
    parser.add_argument("--server-dir")
    args = parser.parse_args()
    server = Server(args.conninfo_file, args.bindir)
    began = time.monotonic()
    {"race": race, "kill-applier": kill_applier, "kill-server": kill_server, "history": history}[args.mode](args, server)
    print(f"{args.mode}: {time.monotonic() - began:.1f} s, {len(problems)} problem(s)")
    if problems:
        print("\n".join(f"- {p}" for p in problems))
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
