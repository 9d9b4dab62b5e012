#!/usr/bin/env python3
"""Builds another tool's tracking table in a SQLite file, for the tools that cannot be
installed here (sqlx, goose, golang-migrate, diesel, Flyway, Prisma), as that tool would
have written it after applying every migration of a folder. The DDL, the keys and the hashes
follow docs/peer-tracking-tables.md (each tool's source); the hashes are computed here with
Python's hashlib/zlib, independently of migbundle's C++.

  peer_table.py <tool> <folder> <db> [--fail KEY] [--tamper KEY] [--dirty] [--baseline]
                                     [--down KEY] [--extra KEY]

  --fail KEY     the row of KEY records a failed run (sqlx success=0, Flyway success=0,
                 Prisma finished_at NULL)
  --tamper KEY   the row of KEY holds another hash (sqlx, Flyway, Prisma)
  --dirty        golang-migrate's single row is dirty
  --baseline     Flyway: a BASELINE row first
  --down KEY     goose: KEY was migrated down by old goose (a newer is_applied = 0 row)
  --extra KEY    a row for KEY, which no file has

KEY is the tool's key as printed by --keys (a version, or Prisma's folder name).
Prints the keys written, one per line.
"""
import argparse
import hashlib
import os
import re
import sqlite3
import sys
import uuid
import zlib

TIME = "2024-01-02 03:04:05"  # every row's time; the test checks migbundle keeps it


def files(folder, pattern):
    return sorted(f for f in os.listdir(folder) if re.match(pattern, f))


def data(path):
    with open(path, "rb") as f:
        return f.read()


def flyway_crc(raw):
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    crc = zlib.crc32(raw.replace(b"\r", b"").replace(b"\n", b"")) & 0xFFFFFFFF
    return crc - (1 << 32) if crc >= 1 << 31 else crc


def migrations(tool, folder):
    """(key, file path, extra) for each migration the tool would apply, in its order."""
    out = []
    if tool == "sqlx":
        for f in files(folder, r"^\d+_.*\.sql$"):
            if f.endswith(".down.sql"):
                continue
            version, rest = f.split("_", 1)
            desc = re.sub(r"(\.up)?\.sql$", "", rest).replace("_", " ")
            out.append((str(int(version)), os.path.join(folder, f), desc))
    elif tool == "goose":
        for f in files(folder, r"^\d+_.*\.sql$"):
            out.append((str(int(f.split("_", 1)[0])), os.path.join(folder, f), None))
    elif tool == "golang-migrate":
        for f in files(folder, r"^\d+_.*\.up\.sql$"):
            out.append((str(int(f.split("_", 1)[0])), os.path.join(folder, f), None))
        out.sort(key=lambda m: int(m[0]))
    elif tool == "diesel":
        for d in files(folder, r"^[0-9-]+_"):
            out.append((d.split("_", 1)[0].replace("-", ""), os.path.join(folder, d, "up.sql"), None))
    elif tool == "flyway":
        for f in files(folder, r"^V[0-9._]+__.*\.sql$"):
            m = re.match(r"^V([0-9._]+)__(.*)\.sql$", f)
            out.append((m.group(1).replace("_", "."), os.path.join(folder, f), (m.group(2).replace("_", " "), f)))
        out.sort(key=lambda m: [int(p) for p in m[0].split(".")])
    elif tool == "prisma":
        for d in files(folder, r"^\d+_"):
            if os.path.isdir(os.path.join(folder, d)):
                out.append((d, os.path.join(folder, d, "migration.sql"), None))
    else:
        sys.exit(f"peer_table.py: unknown tool {tool}")
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("tool")
    p.add_argument("folder")
    p.add_argument("db")
    p.add_argument("--fail")
    p.add_argument("--tamper")
    p.add_argument("--dirty", action="store_true")
    p.add_argument("--baseline", action="store_true")
    p.add_argument("--down")
    p.add_argument("--extra")
    a = p.parse_args()
    ms = migrations(a.tool, a.folder)
    if a.extra:
        ms.append((a.extra, None, ("extra", "V%s__extra.sql" % a.extra) if a.tool == "flyway" else "extra"))
    db = sqlite3.connect(a.db)
    c = db.cursor()
    if a.tool == "sqlx":
        c.execute("CREATE TABLE IF NOT EXISTS _sqlx_migrations ( version BIGINT PRIMARY KEY, description TEXT NOT NULL, "
                  "installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, success BOOLEAN NOT NULL, "
                  "checksum BLOB NOT NULL, execution_time BIGINT NOT NULL )")
        for key, path, desc in ms:
            digest = hashlib.sha384(data(path)).digest() if path else bytes(48)
            if key == a.tamper:
                digest = hashlib.sha384(b"edited").digest()
            c.execute("INSERT INTO _sqlx_migrations VALUES (?, ?, ?, ?, ?, ?)",
                      (int(key), desc, TIME, 0 if key == a.fail else 1, digest, 2500000))
    elif a.tool == "goose":
        c.execute("CREATE TABLE goose_db_version ( id INTEGER PRIMARY KEY AUTOINCREMENT, version_id INTEGER NOT NULL, "
                  "is_applied INTEGER NOT NULL, tstamp TIMESTAMP DEFAULT (datetime('now')) )")
        c.execute("INSERT INTO goose_db_version (version_id, is_applied, tstamp) VALUES (0, 1, ?)", (TIME,))
        for key, _, _ in ms:
            c.execute("INSERT INTO goose_db_version (version_id, is_applied, tstamp) VALUES (?, 1, ?)", (int(key), TIME))
        if a.down:
            c.execute("INSERT INTO goose_db_version (version_id, is_applied, tstamp) VALUES (?, 0, ?)", (int(a.down), TIME))
    elif a.tool == "golang-migrate":
        c.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version uint64,dirty bool)")
        c.execute("CREATE UNIQUE INDEX IF NOT EXISTS version_unique ON schema_migrations (version)")
        c.execute("INSERT INTO schema_migrations VALUES (?, ?)", (int(ms[-1][0]), 1 if a.dirty else 0))
    elif a.tool == "diesel":
        c.execute("CREATE TABLE IF NOT EXISTS __diesel_schema_migrations ( version VARCHAR(50) PRIMARY KEY NOT NULL, "
                  "run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP )")
        for key, _, _ in ms:
            c.execute("INSERT INTO __diesel_schema_migrations VALUES (?, ?)", (key, TIME))
    elif a.tool == "flyway":
        c.execute('CREATE TABLE "main"."flyway_schema_history" ( "installed_rank" INT NOT NULL PRIMARY KEY, '
                  '"version" VARCHAR(50), "description" VARCHAR(200) NOT NULL, "type" VARCHAR(20) NOT NULL, '
                  '"script" VARCHAR(1000) NOT NULL, "checksum" INT, "installed_by" VARCHAR(100) NOT NULL, '
                  "\"installed_on\" TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f','now')), "
                  '"execution_time" INT NOT NULL, "success" BOOLEAN NOT NULL )')
        c.execute('CREATE INDEX "main"."flyway_schema_history_s_idx" ON "flyway_schema_history" ("success")')
        rank = 1
        if a.baseline:
            c.execute("INSERT INTO flyway_schema_history VALUES (1, '1', '<< Flyway Baseline >>', 'BASELINE', "
                      "'<< Flyway Baseline >>', NULL, '', ?, 0, 1)", (TIME + ".678",))
            rank = 2
        for key, path, (desc, script) in ms:
            crc = flyway_crc(data(path)) if path else 0
            if key == a.tamper:
                crc = flyway_crc(b"edited")
            c.execute("INSERT INTO flyway_schema_history VALUES (?, ?, ?, 'SQL', ?, ?, '', ?, 12, ?)",
                      (rank, key, desc, script, crc, TIME + ".678", 0 if key == a.fail else 1))
            rank += 1
    elif a.tool == "prisma":
        c.execute('CREATE TABLE "_prisma_migrations" ( "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, '
                  '"finished_at" DATETIME, "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME, '
                  '"started_at" DATETIME NOT NULL DEFAULT current_timestamp, '
                  '"applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0 )')
        millis = 1704164645000  # TIME as Unix milliseconds, the way quaint binds times
        for i, (key, path, _) in enumerate(ms):
            checksum = hashlib.sha256(data(path)).hexdigest() if path else "0" * 64
            if key == a.tamper:
                checksum = hashlib.sha256(b"edited").hexdigest()
            failed = key == a.fail
            c.execute("INSERT INTO _prisma_migrations VALUES (?, ?, ?, ?, NULL, NULL, ?, ?)",
                      (str(uuid.UUID(int=i + 1)), checksum, None if failed else millis + i, key, millis + i,
                       0 if failed else 1))
    db.commit()
    for key, _, _ in ms:
        print(key)


main()
