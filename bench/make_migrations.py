#!/usr/bin/env python3
"""Writes a synthetic migration set: N files `<id>_create_t<id>.sql`, each a table
with a few columns, an index and some INSERTs, optionally an ALTER TABLE every
K-th file. Deterministic: the same arguments give the same bytes.

    make_migrations.py --count 1000 --rows 42 --out DIR [--alter-every K]

ALTER TABLE makes SQLite re-check the whole schema; at 1,000 tables that cost
dominates an apply and hides the runner's own overhead, so it is off unless asked.
"""
import argparse
import os
import shutil

WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett",
         "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango"]


def migration_sql(number: int, rows: int, alter_every: int) -> str:
    table = f"t{number:05d}"
    lines = [
        f"-- Synthetic migration {number}: a table, an index and {rows} rows.",
        f"CREATE TABLE {table} (",
        "  id INTEGER PRIMARY KEY,",
        "  name TEXT NOT NULL,",
        "  email TEXT,",
        "  score REAL NOT NULL DEFAULT 0,",
        "  created_at TEXT NOT NULL DEFAULT '2024-01-01T00:00:00Z'",
        ");",
        f"CREATE INDEX {table}_name ON {table} (name);",
    ]
    for row in range(1, rows + 1):
        word = WORDS[(number * 7 + row) % len(WORDS)]
        lines.append(
            f"INSERT INTO {table} (id, name, email, score) VALUES "
            f"({row}, '{word} {number}-{row}', '{word}.{row}@example.com', {(number * row) % 1000 / 10:.1f});")
    if alter_every > 0 and number % alter_every == 0 and number > 1:
        previous = f"t{number - 1:05d}"
        lines.append(f"ALTER TABLE {previous} ADD COLUMN note_{number} TEXT NOT NULL DEFAULT '';")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, required=True, help="number of migrations")
    parser.add_argument("--rows", type=int, default=42, help="INSERTs per migration (42 gives about 5 KB a file)")
    parser.add_argument("--alter-every", type=int, default=0, help="add an ALTER TABLE every K-th migration (0: never)")
    parser.add_argument("--out", required=True, help="directory to (re)create")
    args = parser.parse_args()

    if os.path.isdir(args.out):
        shutil.rmtree(args.out)
    os.makedirs(args.out)
    total = 0
    for number in range(1, args.count + 1):
        text = migration_sql(number, args.rows, args.alter_every)
        with open(os.path.join(args.out, f"{number:05d}_create_t{number:05d}.sql"), "w", newline="\n") as f:
            f.write(text)
        total += len(text.encode())
    print(f"{args.out}: {args.count} migrations, {total} bytes")


if __name__ == "__main__":
    main()
