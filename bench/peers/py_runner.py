#!/usr/bin/env python3
"""The runner users write by hand, Python stdlib only: applies DIR/*.sql in name
order, each file and its schema_migrations row in one transaction (or all files in
one with --single-transaction).   usage: py_runner.py DB DIR [--single-transaction]"""
import os
import sqlite3
import sys


def main() -> int:
    db_path, directory = sys.argv[1], sys.argv[2]
    single = "--single-transaction" in sys.argv[3:]
    con = sqlite3.connect(db_path, isolation_level=None)  # transactions are spelled out below
    con.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                "(version TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)")
    applied = {row[0] for row in con.execute("SELECT version FROM schema_migrations")}
    pending = [f for f in sorted(os.listdir(directory)) if f.endswith(".sql") and f[:-4] not in applied]
    scripts = []
    for name in pending:
        with open(os.path.join(directory, name), encoding="utf-8") as f:
            version = name[:-4].replace("'", "''")
            scripts.append(f"{f.read()}\n;INSERT INTO schema_migrations (version) VALUES ('{version}');\n")
    # executescript() commits whatever is open first, so BEGIN/COMMIT go inside the script.
    batches = ["".join(scripts)] if single and scripts else scripts
    for batch in batches:
        con.executescript(f"BEGIN;\n{batch}COMMIT;\n")
    con.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
