#!/usr/bin/env python3
"""Writes a synthetic migration set: N files `<id>_create_t<id>.sql`, each a table
with a few columns, an index and some INSERTs, optionally an ALTER TABLE every
K-th file. Deterministic: the same arguments give the same bytes.

    make_migrations.py --count 1000 --rows 42 --out DIR [--alter-every K]
    make_migrations.py --shape small --count 100000 --out DIR

`--shape small` (the `--scale` run's set) writes small files, 200-600 bytes: every
tenth migration creates a table, the nine after it each insert `--rows` rows (3
unless given) into it, so N migrations make N/10 tables. A table per file would
make the schema, which SQLite parses whole at a connection's first query, the
cost of every stage at 100,000; one table a file is what the default shape is for.

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


def small_migration_sql(number: int, rows: int) -> tuple:
    """(name, text) of migration `number` of the small shape."""
    group = (number - 1) // 10 + 1
    table = f"s{group:05d}"
    if (number - 1) % 10 == 0:
        return f"create_{table}", "\n".join([
            f"-- Small migration {number}: table {table}.",
            f"CREATE TABLE {table} (",
            "  id INTEGER PRIMARY KEY,",
            "  name TEXT NOT NULL,",
            "  email TEXT,",
            "  score REAL NOT NULL DEFAULT 0,",
            "  created_at TEXT NOT NULL DEFAULT '2024-01-01T00:00:00Z'",
            ");",
        ]) + "\n"
    lines = [f"-- Small migration {number}: {rows} rows into {table}."]
    for row in range(1, rows + 1):
        key = ((number - 1) % 10 - 1) * rows + row
        word = WORDS[(number * 7 + row) % len(WORDS)]
        lines.append(f"INSERT INTO {table} (id, name, email, score) VALUES "
                     f"({key}, '{word} {number}-{row}', '{word}.{row}@example.com', {(number * row) % 1000 / 10:.1f});")
    return f"insert_{table}", "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, required=True, help="number of migrations")
    parser.add_argument("--shape", choices=["table", "small"], default="table",
                        help="table: a table, an index and --rows INSERTs a file; small: see above")
    parser.add_argument("--rows", type=int, help="INSERTs per migration (default 42, about 5 KB a file; small: 3)")
    parser.add_argument("--alter-every", type=int, default=0, help="add an ALTER TABLE every K-th migration (0: never)")
    parser.add_argument("--out", required=True, help="directory to (re)create")
    args = parser.parse_args()

    if os.path.isdir(args.out):
        shutil.rmtree(args.out)
    os.makedirs(args.out)
    total = 0
    # Five digits as before; more when the count needs them, so names sort as ids do.
    width = max(5, len(str(args.count)))
    for number in range(1, args.count + 1):
        if args.shape == "small":
            name, text = small_migration_sql(number, 3 if args.rows is None else args.rows)
            path = os.path.join(args.out, f"{number:0{width}d}_{name}.sql")
        else:
            text = migration_sql(number, 42 if args.rows is None else args.rows, args.alter_every)
            path = os.path.join(args.out, f"{number:05d}_create_t{number:05d}.sql")
        with open(path, "w", newline="\n") as f:
            f.write(text)
        total += len(text.encode())
    print(f"{args.out}: {args.count} migrations, {total} bytes")


if __name__ == "__main__":
    main()
