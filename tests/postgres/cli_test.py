#!/usr/bin/env python3
"""The migbundle command on PostgreSQL, as a user runs it: `apply`, `status` and `verify --engine
postgres` with `--db postgresql://...`, against the tests' server. Each case checks the exact exit
code (0, 1 a problem in the migrations or the database, 2 wrong usage) and the words printed.
    cli_test.py CASE --migbundle EXE --conninfo-file FILE --migrations DIR [--bindir DIR]
DIR holds tests/postgres/migrations (its basic and syntax_error folders are used)."""
import argparse
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pg_support import Server  # noqa: E402

problems = []


def expect(condition, what):
    if not condition:
        problems.append(what)
    return condition


def uri(server, dbname, password=None):
    """The server's key=value conninfo as a postgresql:// URI (the form --db takes)."""
    fields = dict(re.findall(r"(\w+)=(\S+)", server.conninfo))
    user = fields.get("user", "postgres") + (f":{password}" if password else "")
    return f"postgresql://{user}@/{dbname}?host={fields['host']}&port={fields.get('port', '5432')}"


def run(args, *arguments, env=None):
    done = subprocess.run([args.migbundle, *arguments], capture_output=True, text=True,
                          env=None if env is None else {**os.environ, **env})
    return done.returncode, done.stdout, done.stderr


def case_apply(args, server):
    db = server.create_database("cli_apply")
    basic = os.path.join(args.migrations, "basic")
    count = len([f for f in os.listdir(basic) if f.endswith(".sql")])
    rc, out, err = run(args, "apply", "--dir", basic, "--db", uri(server, db))
    expect(rc == 0, f"apply exited {rc}: {out}{err}")
    expect(f"applied {count} migration(s); now at migration" in out, f"apply did not say what it applied:\n{out}")
    expect(server.psql('SELECT count(*) FROM "public"."migbundle_migrations"', db) == str(count),
           "the tracking table does not hold every migration")
    rc, out, err = run(args, "apply", "--dir", basic, "--db", uri(server, db), "--json")
    report = json.loads(out) if rc == 0 else {}
    expect(rc == 0 and report.get("ok") is True and report.get("applied") == [] and
           report.get("already_applied") == count and report.get("pending") == 0,
           f"a second apply is not a no-op: {rc} {out}{err}")
    server.drop_database(db)


def case_status(args, server):
    db = server.create_database("cli_status")
    basic = os.path.join(args.migrations, "basic")
    rc, out, err = run(args, "status", "--dir", basic, "--db", uri(server, db), "--json")
    status = json.loads(out) if rc == 0 else {}
    expect(rc == 0 and status.get("summary", {}).get("pending", 0) > 0 and status["summary"]["applied"] == 0,
           f"status of an empty database does not list everything pending: {rc} {out}{err}")
    expect(server.psql("SELECT count(*) FROM pg_class WHERE relname = 'migbundle_migrations'", db) == "0",
           "status created the tracking table")
    expect(run(args, "apply", "--dir", basic, "--db", uri(server, db))[0] == 0, "apply failed")
    rc, out, err = run(args, "status", "--dir", basic, "--db", uri(server, db))
    expect(rc == 0 and re.search(r"^\d+ applied, 0 pending, 0 modified, 0 unknown$", out, re.M) is not None,
           f"status after apply: {rc} {out}{err}")
    expect(re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", out) is not None, f"no applied-at time in:\n{out}")
    # Drift is compared on SQLite only: said, never a failure.
    expect("\nschema: drift not checked: drift is compared on SQLite databases only; this is PostgreSQL\n" in out,
           f"status on PostgreSQL does not say drift was not checked:\n{out}")
    rc, out, err = run(args, "status", "--dir", basic, "--db", uri(server, db), "--json")
    drift = json.loads(out).get("drift", {}) if rc == 0 else {}
    expect(drift.get("checked") is False and "PostgreSQL" in drift.get("reason", ""),
           f"status --json on PostgreSQL: drift is not {{checked: false, reason}}: {rc} {out}{err}")
    # An edited migration: status says so and exits 1.
    server.psql("UPDATE \"public\".\"migbundle_migrations\" SET checksum = repeat('0', 64) WHERE id = "
                "(SELECT min(id) FROM \"public\".\"migbundle_migrations\")", db)
    rc, out, err = run(args, "status", "--dir", basic, "--db", uri(server, db))
    expect(rc == 1 and "changed after it was applied" in err, f"status of an edited history: {rc} {out}{err}")
    server.drop_database(db)


def case_failure(args, server):
    db = server.create_database("cli_failure")
    broken = os.path.join(args.migrations, "syntax_error")
    rc, out, err = run(args, "apply", "--dir", broken, "--db", uri(server, db))
    expect(rc == 1, f"a failing migration exited {rc}")
    expect(re.search(r"syntax_error/0002_broken\.sql:6:14: error: syntax error at or near \"WHERE\" \(SQLSTATE 42601\) "
                     r"in statement 3 of migration 2\..*It was rolled back\. The database is left at migration 1\.", err)
           is not None, f"the error is not located and explained:\n{err}")
    rc, out, err = run(args, "apply", "--dir", broken, "--db", uri(server, db), "--json")
    report = json.loads(out) if out.strip() else {}
    error = report.get("error", {})
    expect(rc == 1 and error.get("kind") == "migration_failed" and error.get("sqlstate") == "42601" and
           error.get("line") == 6 and error.get("column") == 14 and error.get("statement") == 3,
           f"--json does not carry the failure: {out}")
    server.drop_database(db)


def case_password_hidden(args, server):
    db = server.create_database("cli_password")
    basic = os.path.join(args.migrations, "basic")
    # The test server trusts local connections: the password is sent and ignored.
    rc, out, err = run(args, "apply", "--dir", basic, "--db", uri(server, db, password="s3cret-pw"))
    expect(rc == 0, f"apply with a password exited {rc}: {err}")
    expect("s3cret-pw" not in out + err and "postgres:***@" in out, f"the password is printed:\n{out}{err}")
    rc, out, err = run(args, "apply", "--dir", basic, "--db", uri(server, "no_such_database", password="s3cret-pw"))
    expect(rc == 1 and "could not connect to PostgreSQL" in err and "no_such_database" in err and
           "s3cret-pw" not in out + err, f"a failed connection: {rc} {out}{err}")
    server.drop_database(db)


def scratch_databases(server):
    return server.psql("SELECT count(*) FROM pg_database WHERE datname LIKE 'migbundle_verify_%'")


def case_verify(args, server):
    basic = os.path.join(args.migrations, "basic")
    before = scratch_databases(server)
    rc, out, err = run(args, "verify", "--engine", "postgres", "--dir", basic, "--db", uri(server, "postgres"))
    expect(rc == 0 and re.search(r"^verified \d+ migration\(s\) from .* on PostgreSQL \d+\.\d+ \(scratch database "
                                 r"migbundle_verify_\d+_\d+, dropped\)$", out, re.M) is not None,
           f"verify on a server: {rc} {out}{err}")
    broken = os.path.join(args.migrations, "syntax_error")
    rc, out, err = run(args, "verify", "--engine", "postgres", "--dir", broken, "--db", uri(server, "postgres"))
    expect(rc == 1 and "0002_broken.sql:6:14: error: syntax error" in err and "SQLSTATE 42601" in err,
           f"verify of a broken migration: {rc} {out}{err}")
    expect(scratch_databases(server) == before, "verify left a scratch database behind")
    # Without a server: the checks alone.
    rc, out, err = run(args, "verify", "--engine", "postgres", "--dir", basic)
    expect(rc == 0 and "none applied" in out, f"verify without --db: {rc} {out}{err}")


def case_usage(args, server):
    basic = os.path.join(args.migrations, "basic")
    for arguments, words in (
            (["apply", "--dir", basic, "--db", uri(server, "postgres"), "--adopt", "drizzle"], "--adopt works on SQLite"),
            (["verify", "--dir", basic, "--db", uri(server, "postgres")], "--db is for `verify --engine postgres`")):
        rc, out, err = run(args, *arguments)
        expect(rc == 2 and words in err, f"{' '.join(arguments[:1])}: expected usage error 2 saying {words!r}: {rc} {err}")


def case_libpq_on_demand(args, server):
    """The command loads libpq at its first PostgreSQL call, not at start (on ELF systems: not NEEDED), and
    says what to install when it cannot; MIGBUNDLE_LIBPQ names another file."""
    dynamic = subprocess.run(["readelf", "-d", args.migbundle], capture_output=True, text=True, check=True).stdout
    expect("libsqlite3" in dynamic, f"readelf -d does not list what the command links:\n{dynamic}")
    expect("libpq" not in dynamic, f"the command links libpq, loaded by every run:\n{dynamic}")
    basic = os.path.join(args.migrations, "basic")
    db = server.create_database("cli_libpq")
    rc, out, err = run(args, "apply", "--dir", basic, "--db", uri(server, db))
    expect(rc == 0 and "migration(s); now at migration" in out, f"apply with libpq loaded on demand: {rc} {out}{err}")
    missing = "/nonexistent/libpq.so.5"
    rc, out, err = run(args, "status", "--dir", basic, "--db", uri(server, db), env={"MIGBUNDLE_LIBPQ": missing})
    expect(rc == 1 and "could not connect to PostgreSQL: libpq could not be loaded" in err and missing in err and
           "apt-get install libpq5" in err, f"without libpq: {rc} {out}{err}")
    # Everything that does not touch PostgreSQL works without it.
    rc, out, err = run(args, "list", "--dir", basic, env={"MIGBUNDLE_LIBPQ": missing})
    expect(rc == 0, f"list without libpq: {rc} {out}{err}")
    server.drop_database(db)


CASES = {"libpq_on_demand": case_libpq_on_demand, "apply": case_apply, "status": case_status, "failure": case_failure, "password_hidden": case_password_hidden,
         "verify": case_verify, "usage": case_usage}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("case", choices=sorted(CASES))
    parser.add_argument("--migbundle", required=True)
    parser.add_argument("--conninfo-file", required=True)
    parser.add_argument("--migrations", required=True)
    parser.add_argument("--bindir")
    args = parser.parse_args()
    CASES[args.case](args, Server(args.conninfo_file, args.bindir))
    for problem in problems:
        print("FAILED: " + problem)
    if problems:
        sys.exit(1)
    print(f"cli {args.case}: passed")


if __name__ == "__main__":
    main()
