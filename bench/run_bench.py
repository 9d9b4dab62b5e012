#!/usr/bin/env python3
"""Runs every migbundle benchmark and prints Markdown tables (scripts/bench.sh calls it).

Sections: the generator against sha256sum (and its peak memory), compile time of
the generated bundle against an `xxd -i` header and a raw-string header, applying
1,000 migrations against the sqlite3 CLI and peers, the same 1,000 applied to
PostgreSQL against psql (a private server started for the run), and the
up-to-date start.

The machine is shared and noisy, so every comparison runs in rounds: each round
runs every contender once, in alternating order, and a ratio is taken within a
round (tool time / floor time of that same round). Tables show the median with
min-max. Peers are optional: a missing one prints a line saying so.
"""
import argparse
import datetime
import glob
import hashlib
import json
import os
import platform
import re
import shlex
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
PEERS = os.path.join(BENCH, ".peers")
NODE_MODULES = os.path.join(PEERS, "node", "node_modules")
DEBIAN_PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable

# Sizes the issue asks for: about 0.2, 5 and 50 MB.
SETS = {100: 18, 1000: 46, 10000: 46}  # migrations -> INSERTs per migration

out_lines = []


def say(text=""):
    print(text, flush=True)
    out_lines.append(text)


def note(text):
    """Progress, to stderr: not part of the tables."""
    print(f"[bench] {text}", file=sys.stderr, flush=True)


# ---- running and timing ----------------------------------------------------------------------

class Failed(Exception):
    pass


def run(argv, cwd=None, env=None, stdin=None, check=True):
    """Runs argv to completion; returns (seconds, peak RSS in KiB of it and its children)."""
    stdin_file = open(stdin, "rb") if stdin else subprocess.DEVNULL
    err_path = os.path.join(WORK, "last_stderr.txt")
    with open(err_path, "wb") as err:
        full_env = dict(os.environ, **(env or {}))
        start = time.perf_counter()
        process = subprocess.Popen(argv, cwd=cwd, env=full_env, stdin=stdin_file, stdout=subprocess.DEVNULL,
                                   stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
    if stdin:
        stdin_file.close()
    if check and process.returncode != 0:
        with open(err_path, errors="replace") as f:
            tail = f.read()[-2000:]
        raise Failed(f"{' '.join(map(str, argv[:4]))} ... exited {process.returncode}:\n{tail}")
    return seconds, usage.ru_maxrss


def peak_rss_kib(argv, cwd=None):
    """Peak RSS of argv alone, in KiB, measured by /usr/bin/time. The rusage of
    a child Python starts counts the Python process it was forked from (about
    25 MB) until exec, which swamped the small sets' figures."""
    out_path = os.path.join(WORK, "peak_rss.txt")
    run(["/usr/bin/time", "-f", "%M", "-o", out_path] + list(argv), cwd=cwd)
    with open(out_path) as f:
        return int(f.read().split()[-1])


class Contender:
    """One command in a comparison. `reset` runs untimed before each run, `check` after it."""

    def __init__(self, name, argv, cwd=None, env=None, stdin=None, reset=None, check=None, sqlite="", max_rounds=None,
                 peak_by_time=False):
        self.name, self.argv, self.cwd, self.env, self.stdin = name, argv, cwd, env, stdin
        self.reset, self.check, self.sqlite, self.max_rounds = reset, check, sqlite, max_rounds
        # rss from /usr/bin/time in the timed run itself (its fork and exec, about 1 ms, are in the time):
        # for runs too long to repeat once more for memory alone.
        self.peak_by_time = peak_by_time
        self.times, self.rss = [], []
        self.error = None


def compare(contenders, rounds, label):
    """Runs every contender once per round, alternating the order; a failing one drops out."""
    for r in range(rounds):
        order = contenders if r % 2 == 0 else list(reversed(contenders))
        note(f"{label}: round {r + 1}/{rounds}")
        for c in order:
            if c.error or (c.max_rounds is not None and len(c.times) >= c.max_rounds):
                continue
            try:
                if c.reset:
                    c.reset()
                if c.peak_by_time:
                    peak_path = os.path.join(WORK, "peak_rss.txt")
                    seconds, _ = run(["/usr/bin/time", "-f", "%M", "-o", peak_path] + list(c.argv), cwd=c.cwd,
                                     env=c.env, stdin=c.stdin)
                    with open(peak_path) as f:
                        rss = int(f.read().split()[-1])
                else:
                    seconds, rss = run(c.argv, cwd=c.cwd, env=c.env, stdin=c.stdin)
                if c.check and r == 0:
                    c.check()
                c.times.append(seconds)
                c.rss.append(rss)
            except (Failed, OSError, AssertionError, sqlite3.Error) as error:
                c.error = str(error).strip().splitlines()[-1][:200] if str(error).strip() else repr(error)
                note(f"{c.name} failed: {error}")
    return contenders


def ratios(tool, floor):
    n = min(len(tool.times), len(floor.times))
    return [tool.times[i] / floor.times[i] for i in range(n)]


# ---- formatting ------------------------------------------------------------------------------

def fmt_seconds(s):
    if s >= 1:
        return f"{s:.2f} s"
    if s >= 0.001:
        return f"{s * 1e3:.1f} ms" if s < 0.1 else f"{s * 1e3:.0f} ms"
    return f"{s * 1e6:.0f} µs"


def spread(values, fmt):
    if not values:
        return "–"
    if len(values) == 1:
        return fmt(values[0])
    return f"{fmt(statistics.median(values))} ({fmt(min(values))}–{fmt(max(values))})"


def fmt_ratio(r):
    return f"{r:.2f}×" if r < 10 else f"{r:.0f}×" if r >= 100 else f"{r:.1f}×"


def time_cell(c):
    return f"failed: {c.error}" if c.error and not c.times else spread(c.times, fmt_seconds)


def ratio_cell(tool, floor, single_run_vs_median=False):
    if single_run_vs_median and len(tool.times) == 1 and len(floor.times) > 1:
        # One run of a slow peer spans minutes, not the floor's moment in its round:
        # against the floor's median it is steadier.
        return fmt_ratio(tool.times[0] / statistics.median(floor.times)) + " ¹"
    values = ratios(tool, floor)
    return spread(values, fmt_ratio) if values else "–"


def table(header, rows):
    say("| " + " | ".join(header) + " |")
    say("|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|")
    for row in rows:
        say("| " + " | ".join(row) + " |")
    say()


def goal_line(goals, measure, goal, value, met):
    goals.append((measure, goal, value, "met" if met else "**missed**"))


def mb(n):
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} kB"


# ---- setup -----------------------------------------------------------------------------------

def make_sets(sizes):
    sets = {}
    for count in sizes:
        directory = os.path.join(WORK, "sets", f"m{count}")
        stamp = os.path.join(directory, ".params")
        with open(os.path.join(BENCH, "make_migrations.py")) as f:
            params = f"count={count} rows={SETS[count]} alter=0\n{f.read()}"
        if not (os.path.exists(stamp) and open(stamp).read() == params):
            note(f"writing the {count}-migration set")
            subprocess.run([sys.executable, os.path.join(BENCH, "make_migrations.py"), "--count", str(count),
                            "--rows", str(SETS[count]), "--out", directory], check=True, stdout=subprocess.DEVNULL)
            with open(stamp, "w") as f:
                f.write(params)
        files = sorted(glob.glob(os.path.join(directory, "*.sql")))
        sets[count] = {"dir": directory, "files": files, "bytes": sum(os.path.getsize(f) for f in files)}
    return sets


def build(apply_set):
    build_dir = os.path.join(ROOT, "build-bench")
    amalgamation = os.path.join(NODE_MODULES, "better-sqlite3", "deps", "sqlite3")
    note("configuring and building bench/ (Release)")
    subprocess.run(["cmake", "-S", BENCH, "-B", build_dir, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
                    f"-DBENCH_APPLY_SET={apply_set}",
                    f"-DBENCH_SQLITE_AMALGAMATION={amalgamation if os.path.isdir(amalgamation) else ''}"],
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", build_dir, "-j", str(os.cpu_count() or 2)], check=True,
                   stdout=subprocess.DEVNULL)
    programs = {name: os.path.join(build_dir, name) for name in
                ["bench_apply", "bench_start", "bench_user_version", "bench_start_loop", "bench_apply_amalgamation",
                 "bench_apply_postgres"]}
    programs["migbundle"] = os.path.join(build_dir, "migbundle", "generator", "migbundle")
    return {k: v for k, v in programs.items() if os.path.exists(v)}


def tool_version(argv):
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=60).stdout.strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return ""


def cpu_model():
    """The CPU's model name, as /proc/cpuinfo gives it ("" elsewhere)."""
    try:
        with open("/proc/cpuinfo") as f:
            return next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        return ""


def machine_short():
    """CPU, cores and date, for a figure's title: every figure says which machine it came from."""
    return f"{cpu_model()}, {os.cpu_count()} cores, shared; {datetime.date.today().isoformat()}"


def machine_line():
    cpu = cpu_model()
    debian = ""
    try:
        debian = open("/etc/debian_version").read().strip()
    except OSError:
        pass
    gxx = tool_version(["g++", "--version"])
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{datetime.date.today().isoformat()}; {cpu}, {os.cpu_count()} cores, "
            f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB; "
            f"Debian {debian}, Linux {platform.release()}; {gxx}; system SQLite {sqlite3.sqlite_version}; "
            f"load average at start {load} (a shared machine: read the ratios, not the absolute times)")


# ---- 1. the generator ------------------------------------------------------------------------

def bench_generator(sets, programs, rounds, goals):
    say("### Generator: `migbundle generate` against `sha256sum` over the same files")
    say()
    migbundle = programs["migbundle"]
    rows = []
    memory_rows = []
    for count, s in sets.items():
        out = os.path.join(WORK, "generate", f"m{count}")
        os.makedirs(out, exist_ok=True)
        header, source = os.path.join(out, "bundle.hpp"), os.path.join(out, "bundle_data.cpp")
        args = [migbundle, "generate", "--dir", s["dir"], "--out", header, "--namespace", "bench::db",
                "--source", source]

        def remove_outputs():
            for path in (header, source):
                if os.path.exists(path):
                    os.remove(path)

        sha = Contender("sha256sum", ["sha256sum"] + s["files"])
        fresh = Contender("generate", args, reset=remove_outputs)
        unchanged = Contender("generate, outputs up to date", args)
        n = rounds if count < 10000 else max(3, rounds // 2)
        compare([sha, fresh, unchanged], n, f"generator m{count}")
        rows.append([f"{count:,} ({mb(s['bytes'])})", time_cell(sha), time_cell(fresh), ratio_cell(fresh, sha),
                     time_cell(unchanged), ratio_cell(unchanged, sha)])
        if fresh.times:
            remove_outputs()
            peak = peak_rss_kib(args) * 1024
            memory_rows.append([f"{count:,}", mb(s["bytes"]), mb(peak), fmt_ratio(peak / s["bytes"]),
                                mb(os.path.getsize(source)) if os.path.exists(source) else "–"])
            # At every size: a small set is where the process's own floor weighs most.
            if count >= 1000:
                goal_line(goals, f"generator peak memory, {mb(s['bytes'])} set", "≤ 2× input",
                          fmt_ratio(peak / s["bytes"]), peak / s["bytes"] <= 2)
        if count >= 1000 and fresh.times:  # the issue's two sizes; at 100 files both are a few ms of start-up
            r = statistics.median(ratios(fresh, sha))
            goal_line(goals, f"`migbundle generate` on {count:,} files vs `sha256sum`", "≤ 1.5×", fmt_ratio(r),
                      r <= 1.5)
    table(["migrations", "sha256sum", "generate", "× sha256sum", "generate (unchanged)", "× sha256sum"], rows)
    say("Peak memory of `migbundle generate` (max RSS by /usr/bin/time, fresh outputs):")
    say()
    table(["migrations", "input", "peak RSS", "× input", "generated .cpp"], memory_rows)


# ---- 2. compile time -------------------------------------------------------------------------

def xxd_i(name, data):
    """What `xxd -i NAME` prints, for a machine without xxd."""
    ident = "".join(c if c.isalnum() else "_" for c in name)
    ident = "__" + ident if ident[0].isdigit() else ident
    lines = [", ".join(f"0x{b:02x}" for b in data[i:i + 12]) for i in range(0, len(data), 12)]
    return f"unsigned char {ident}[] = {{\n  " + ",\n  ".join(lines) + f"\n}};\nunsigned int {ident}_len = {len(data)};\n"


def write_compile_sources(count, s, migbundle):
    """The four translation units, written once per set (not timed)."""
    out = os.path.join(WORK, "compile", f"m{count}")
    stamp = os.path.join(out, ".done")
    # The set's parameters and the generator itself: a changed generator (a new bundle format) must
    # regenerate, or the compile would measure a stale header against a newer runtime.
    with open(migbundle, "rb") as f:
        generator = hashlib.sha256(f.read()).hexdigest()
    inputs = open(os.path.join(s["dir"], ".params")).read() + f"\ngenerator {generator}\n"
    if os.path.exists(stamp) and open(stamp).read() == inputs:
        return out
    note(f"writing the compile inputs for m{count}")
    if os.path.isdir(out):
        shutil.rmtree(out)
    os.makedirs(out)
    subprocess.run([migbundle, "generate", "--dir", s["dir"], "--out", os.path.join(out, "split.hpp"),
                    "--namespace", "bench::db", "--source", os.path.join(out, "split_data.cpp")], check=True)
    subprocess.run([migbundle, "generate", "--dir", s["dir"], "--out", os.path.join(out, "inline.hpp"),
                    "--namespace", "bench::db"], check=True)
    with open(os.path.join(out, "inline_tu.cpp"), "w") as f:
        f.write('#include "inline.hpp"\n'
                "// Use the bundle, so its data is emitted as in a program that applies it.\n"
                "const migbundle::Bundle* bench_bundle() { return &bench::db::bundle; }\n")
    # `xxd -i` of each file: one unsigned char array (and its length) per file.
    with open(os.path.join(out, "xxd.cpp"), "wb") as f:
        for path in s["files"]:
            if shutil.which("xxd"):
                f.write(subprocess.run(["xxd", "-i", os.path.basename(path)], cwd=s["dir"], check=True,
                                       stdout=subprocess.PIPE).stdout)
            else:
                f.write(xxd_i(os.path.basename(path), open(path, "rb").read()).encode())
    # A plain raw-string header: one R"x(...)x" per file, as a person would write it.
    with open(os.path.join(out, "raw.hpp"), "w", newline="\n") as f:
        f.write("#pragma once\n\ninline constexpr const char* bench_raw_sql[] = {\n")
        for path in s["files"]:
            text = open(path, encoding="utf-8").read()
            assert ')x"' not in text
            f.write(f'R"x({text})x",\n')
        f.write("};\n")
    with open(os.path.join(out, "raw_tu.cpp"), "w") as f:
        f.write('#include "raw.hpp"\n\nconst char* const* bench_raw() { return bench_raw_sql; }\n')
    with open(stamp, "w") as f:
        f.write(inputs)
    return out


def bench_compile(sets, programs, rounds, goals):
    say("### Compile time: `g++ -O2 -c` of the embedded SQL")
    say()
    say("migbundle (split) is the data `.cpp` that `add_migrations()` builds; migbundle (inline) is the header "
        "without `--source`, included from a `.cpp` that uses the bundle. Both also carry each migration's id, "
        "sizes, name offset, flags and checksum (a `Migration` initialiser, bundle format 5: the id, one hex word for "
        "the sizes and flags, one literal for the file name and the SQL, another for the checksum's 32 bytes as "
        "octal escapes) and include "
        "`<migbundle/migration.hpp>` (`<cstdint>` only). `xxd -i`: one `unsigned char` array per file. "
        "raw string: one `R\"x(...)x\"` per file "
        "in one array, nothing else.")
    say()
    include = os.path.join(ROOT, "runtime", "include")
    rows, instruction_rows = [], []
    for count, s in sets.items():
        if count < 1000:
            continue
        out = write_compile_sources(count, s, programs["migbundle"])

        def cc(name, source):
            obj = os.path.join(out, os.path.splitext(source)[0] + ".o")
            return Contender(name, ["g++", "-std=c++17", "-O2", "-I", include, "-c", os.path.join(out, source),
                                    "-o", obj])

        split, inline = cc("migbundle (split)", "split_data.cpp"), cc("migbundle (inline)", "inline_tu.cpp")
        xxd, raw = cc("xxd -i", "xxd.cpp"), cc("raw string", "raw_tu.cpp")
        # At 50 MB an `xxd -i` compile takes minutes and GBs: once; at 5 MB, 6 s: three times. The
        # others take a fifth of a second at 5 MB, where one round's ratio spans 0.8× to 1.4× on a
        # shared 2-core machine and the median of nine still moved by 0.15 between runs: 25 rounds
        # there (18 s). At 50 MB one round's ratio still spans 0.9× to 1.16×: nine rounds (1 minute).
        xxd.max_rounds = 1 if count >= 10000 else 3
        compare([xxd, split, inline, raw], max(rounds, 9) if count >= 10000 else max(rounds, 25), f"compile m{count}")
        size = lambda f: mb(os.path.getsize(os.path.join(out, f)))
        for c, source in ((split, "split_data.cpp"), (inline, "inline.hpp"), (xxd, "xxd.cpp"), (raw, "raw.hpp")):
            rows.append([f"{count:,} ({mb(s['bytes'])})", c.name, size(source), time_cell(c),
                         f"{max(c.rss) / 1024:.0f} MB" if c.rss else "–",
                         ratio_cell(c, xxd) if c is not xxd else "1", ratio_cell(c, raw) if c is not raw else "1"])
        # Where a compile takes a fraction of a second (valgrind runs it some 50 times slower), its
        # instruction count too: the comparison this machine's noise cannot move.
        if count < 10000:
            counted = {c.name: instructions_of(c.argv) for c in (split, inline, raw)}
            if all(counted.values()):
                for c in (split, inline, raw):
                    instruction_rows.append([f"{count:,} ({mb(s['bytes'])})", c.name, f"{counted[c.name] / 1e9:.3f} G",
                                             fmt_ratio(counted[c.name] / counted[raw.name]) if c is not raw else "1"])
            else:
                note("valgrind missing or failing: no instruction counts (scripts/install_bench_peers.sh installs it)")
        for c in (split, inline):
            if c.times and xxd.times and raw.times:
                rx, rr = statistics.median(ratios(c, xxd)), statistics.median(ratios(c, raw))
                goal_line(goals, f"compile {c.name}, {mb(s['bytes'])}, vs `xxd -i`", "≤ 0.1×", fmt_ratio(rx), rx <= 0.1)
                goal_line(goals, f"compile {c.name}, {mb(s['bytes'])}, vs raw string", "≤ 1.2×", fmt_ratio(rr),
                          rr <= 1.2)
    table(["migrations", "embedding", "source", "g++ -O2 -c", "compiler peak RSS", "× xxd -i", "× raw string"], rows)
    if instruction_rows:
        say("Instructions executed by `g++ -O2 -c` and its children (`cc1plus`, `as`), counted by "
            "`valgrind --tool=cachegrind --cache-sim=no --trace-children=yes` in one run each: the same work "
            "whatever else the machine does, where the times above move with it.")
        say()
        table(["migrations", "embedding", "instructions", "× raw string"], instruction_rows)


def instructions_of(argv):
    """Instructions executed by argv and every process it starts (valgrind's cachegrind), or None."""
    if not shutil.which("valgrind"):
        return None
    result = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--trace-children=yes",
                             "--cachegrind-out-file=/dev/null"] + list(argv), capture_output=True, text=True)
    if result.returncode != 0:
        return None
    counts = re.findall(r"==\d+== I\s+refs:\s+([\d,]+)", result.stderr)
    return sum(int(c.replace(",", "")) for c in counts) if counts else None


# ---- 3. apply --------------------------------------------------------------------------------

def statements_of(text):
    """The synthetic SQL has one statement per `;` at a line end (peers that need them split)."""
    parts, current = [], []
    for line in text.splitlines(keepends=True):
        current.append(line)
        if line.rstrip().endswith(";"):
            parts.append("".join(current))
            current = []
    if "".join(current).strip():
        parts.append("".join(current))
    return parts


def write_peer_inputs(s):
    """Each peer's own layout of the same SQL, written once per set (not timed)."""
    out = os.path.join(WORK, "peers", os.path.basename(s["dir"]))
    stamp = os.path.join(out, ".done")
    params = open(os.path.join(s["dir"], ".params")).read() + open(__file__).read()
    if os.path.exists(stamp) and open(stamp).read() == params:
        return out
    note("writing the peers' inputs")
    if os.path.isdir(out):
        shutil.rmtree(out)
    for sub in ("cli", "dbmate", "sql-migrate/migrations", "drizzle/meta", "sqitch/deploy", "sqitch/revert",
                "sqitch/verify", "alembic/versions"):
        os.makedirs(os.path.join(out, sub))
    names = [os.path.basename(f)[:-4] for f in s["files"]]
    texts = [open(f, encoding="utf-8").read() for f in s["files"]]
    with open(os.path.join(out, "cli", "per_file.sql"), "w") as f:
        for path in s["files"]:
            f.write(f"BEGIN;\n.read {path}\nCOMMIT;\n")
    with open(os.path.join(out, "cli", "single.sql"), "w") as f:
        f.write("BEGIN;\n" + "".join(f".read {path}\n" for path in s["files"]) + "COMMIT;\n")
    journal = {"version": "6", "dialect": "sqlite", "entries": []}
    plan = ["%syntax-version=1.0.0", "%project=bench", ""]
    previous = None
    for i, (name, text) in enumerate(zip(names, texts)):
        table_name = name.split("_")[-1]
        with open(os.path.join(out, "dbmate", name + ".sql"), "w") as f:
            f.write(f"-- migrate:up\n{text}\n-- migrate:down\nDROP TABLE {table_name};\n")
        with open(os.path.join(out, "sql-migrate", "migrations", name + ".sql"), "w") as f:
            f.write(f"-- +migrate Up\n{text}\n-- +migrate Down\nDROP TABLE {table_name};\n")
        with open(os.path.join(out, "drizzle", name + ".sql"), "w") as f:
            f.write("--> statement-breakpoint\n".join(statements_of(text)))
        journal["entries"].append({"idx": i, "version": "6", "when": 1700000000000 + i, "tag": name,
                                   "breakpoints": True})
        change = f"c{name.split('_')[0]}"
        plan.append(f"{change} 2024-01-01T00:00:00Z Bench <bench@example.com> # {name}")
        with open(os.path.join(out, "sqitch", "deploy", change + ".sql"), "w") as f:
            f.write(f"BEGIN;\n{text}COMMIT;\n")
        with open(os.path.join(out, "sqitch", "revert", change + ".sql"), "w") as f:
            f.write(f"DROP TABLE {table_name};\n")
        with open(os.path.join(out, "sqitch", "verify", change + ".sql"), "w") as f:
            f.write(f"SELECT 1 FROM {table_name} LIMIT 1;\n")
        revision = name.split("_")[0]
        with open(os.path.join(out, "alembic", "versions", f"{name}.py"), "w") as f:
            f.write(f'"""{name}"""\nfrom alembic import op\n\nrevision = "{revision}"\n'
                    f"down_revision = {repr(previous)}\nbranch_labels = None\ndepends_on = None\n\n"
                    f"SQL = {repr(statements_of(text))}\n\n\ndef upgrade():\n"
                    "    connection = op.get_bind()\n    for statement in SQL:\n"
                    "        connection.exec_driver_sql(statement)\n\n\ndef downgrade():\n"
                    f"    op.execute('DROP TABLE {table_name}')\n")
        previous = revision
    with open(os.path.join(out, "drizzle", "meta", "_journal.json"), "w") as f:
        json.dump(journal, f, indent=1)
    with open(os.path.join(out, "sqitch", "sqitch.plan"), "w") as f:
        f.write("\n".join(plan) + "\n")
    with open(os.path.join(out, "sqitch", "sqitch.conf"), "w") as f:
        f.write("[core]\n\tengine = sqlite\n\tplan_file = sqitch.plan\n\ttop_dir = .\n")
    shutil.copy(os.path.join(BENCH, "peers", "alembic_env.py"), os.path.join(out, "alembic", "env.py"))
    with open(os.path.join(out, "alembic", "alembic.ini"), "w") as f:
        f.write("[alembic]\nscript_location = %(here)s\nsqlalchemy.url = sqlite:///bench.db\n")
    with open(stamp, "w") as f:
        f.write(params)
    return out


def have_python_module(module):
    return subprocess.run([DEBIAN_PYTHON, "-c", f"import {module}"], capture_output=True).returncode == 0


def node_module_ok(*modules):
    if not shutil.which("node"):
        return False
    code = ";".join(f"require('{m}')" for m in modules)
    return subprocess.run(["node", "-e", code], capture_output=True,
                          env=dict(os.environ, NODE_PATH=NODE_MODULES)).returncode == 0


def apply_contenders(s, programs, single):
    """(floor, [contenders], [skipped lines]) for one mode; each contender has its own directory."""
    peers = write_peer_inputs(s)
    mode = "single" if single else "per_file"
    contenders, skipped = [], []
    expected_rows = SETS[len(s["files"])]
    last_table = f"t{len(s['files']):05d}"

    def make(name, argv_of_db, sqlite_version, needs=True, why="", cwd_of=None, env=None, stdin=None,
             db_name="bench.db", extra_files=(), max_rounds=None):
        if not needs:
            skipped.append(f"- {name}: skipped, {why}")
            return None
        directory = os.path.join(WORK, "apply", mode, name.replace(" ", "_").replace("/", "_"))
        db = os.path.join(directory, db_name)

        def reset():
            if os.path.isdir(directory):
                shutil.rmtree(directory)
            os.makedirs(directory)
            for source, target in extra_files:
                target_path = os.path.join(directory, target)
                with open(target_path, "w") as f:
                    f.write(source.replace("@DB@", db))

        def check():
            con = sqlite3.connect(db)
            try:
                tables = con.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name GLOB "
                                     "'t[0-9]*'").fetchone()[0]
                rows = con.execute(f"SELECT count(*) FROM {last_table}").fetchone()[0]
            finally:
                con.close()
            assert tables == len(s["files"]) and rows == expected_rows, f"{name}: {tables} tables, {rows} rows"

        c = Contender(name, argv_of_db(db), cwd=cwd_of(directory) if cwd_of else directory, env=env, stdin=stdin,
                      reset=reset, check=check, sqlite=sqlite_version, max_rounds=max_rounds)
        c.directory, c.db = directory, db
        contenders.append(c)
        return c

    system = sqlite3.sqlite_version
    flag = ["--single-transaction"] if single else []
    floor = make("sqlite3 CLI (floor)", lambda db: ["sqlite3", "-bail", db], system, shutil.which("sqlite3"),
                 "the sqlite3 CLI is not installed", stdin=os.path.join(peers, "cli", f"{mode}.sql"))
    make("migbundle, embedded", lambda db: [programs["bench_apply"], db] + flag, system)
    make("migbundle apply (CLI)", lambda db: [programs["migbundle"], "apply", "--dir", s["dir"], "--db", db] + flag,
         system)
    amalgamation = programs.get("bench_apply_amalgamation")
    better_version = better_sqlite_version()
    make(f"migbundle, embedded, SQLite {better_version}",
         lambda db: [amalgamation, db] + flag, better_version, amalgamation is not None,
         "better-sqlite3's SQLite source is not installed (scripts/install_bench_peers.sh)")
    make("Python stdlib runner", lambda db: [DEBIAN_PYTHON, os.path.join(BENCH, "peers", "py_runner.py"), db,
                                               s["dir"]] + flag, python_sqlite_version())
    # The slowest peers (minutes a run, mostly their own extra commits) run once: the full run stays near 20 minutes.
    slow = 1
    if not single:
        make("yoyo", lambda db: [DEBIAN_PYTHON, "-m", "yoyo", "apply", "--batch", "--no-config-file", "--database",
                                 f"sqlite:///{db}", s["dir"]], python_sqlite_version(),
             have_python_module("yoyo"), "yoyo is not installed (Debian python3-yoyo)", max_rounds=slow)
    make("alembic", lambda db: ["alembic", "-c", os.path.join(peers, "alembic", "alembic.ini"), "-x",
                                f"single={1 if single else 0}", "upgrade", "head"], python_sqlite_version(),
         shutil.which("alembic") is not None, "alembic is not installed (Debian alembic)",
         max_rounds=None if single else slow)
    if not single:
        make("sqitch", lambda db: ["sqitch", "deploy", "--no-verify", f"db:sqlite:{db}"], system,
             shutil.which("sqitch") is not None, "sqitch is not installed (Debian sqitch, libdbd-sqlite3-perl)",
             cwd_of=lambda d: os.path.join(peers, "sqitch"),
             env={"SQITCH_FULLNAME": "Bench", "SQITCH_EMAIL": "bench@example.com"}, max_rounds=slow)
        # Go's mattn/go-sqlite3 sets `PRAGMA synchronous = NORMAL` unless told otherwise (one fsync a
        # commit fewer); `_sync=FULL` gives them SQLite's default, as every other tool here runs.
        make("sql-migrate", lambda db: ["sql-migrate", "up", "-config", os.path.join(os.path.dirname(db), "dbconfig.yml"),
                                        "-env", "bench"], system,
             shutil.which("sql-migrate") is not None, "sql-migrate is not installed (Debian sql-migrate)",
             extra_files=[(f"bench:\n  dialect: sqlite3\n  datasource: @DB@?_sync=FULL\n  dir: "
                           f"{os.path.join(peers, 'sql-migrate', 'migrations')}\n", "dbconfig.yml")])
        dbmate = os.path.join(NODE_MODULES, ".bin", "dbmate")
        make("dbmate", lambda db: [dbmate, "--url", f"sqlite:{db}?_sync=FULL", "--migrations-dir",
                                   os.path.join(peers, "dbmate"), "--no-dump-schema", "up"],
             bundled_sqlite_version(os.path.join(NODE_MODULES, "@dbmate", "linux-x64", "bin", "dbmate")),
             os.path.exists(dbmate), "dbmate is not installed (npm dbmate)")
    else:
        make("drizzle-orm + better-sqlite3",
             lambda db: ["node", os.path.join(BENCH, "peers", "drizzle_apply.js"), db, os.path.join(peers, "drizzle")],
             better_version, node_module_ok("better-sqlite3", "drizzle-orm/better-sqlite3/migrator"),
             "drizzle-orm or better-sqlite3 is not installed (npm)", env={"NODE_PATH": NODE_MODULES})
    # alembic's URL (alembic.ini) is sqlite:///bench.db, relative to the contender's directory, its cwd.
    return floor, contenders, skipped


_better_version = None


def bundled_sqlite_version(binary):
    """The SQLite version string compiled into a static binary, or "bundled"."""
    import re
    try:
        data = open(binary, "rb").read()
    except OSError:
        return "bundled"
    found = {tuple(map(int, m.groups())) for m in re.finditer(rb"(?<![0-9.])3\.([3-5]\d)\.(\d{1,2})\x00", data)}
    return ".".join(map(str, (3,) + max(found))) if found else "bundled"


def better_sqlite_version():
    global _better_version
    if _better_version is None:
        header = os.path.join(NODE_MODULES, "better-sqlite3", "deps", "sqlite3", "sqlite3.h")
        _better_version = "?"
        if os.path.exists(header):
            for line in open(header, errors="replace"):
                if line.startswith("#define SQLITE_VERSION "):
                    _better_version = line.split('"')[1]
                    break
    return _better_version


def python_sqlite_version():
    return subprocess.run([DEBIAN_PYTHON, "-c", "import sqlite3; print(sqlite3.sqlite_version)"],
                          capture_output=True, text=True).stdout.strip()


def bench_apply(sets, programs, rounds, goals):
    count = 1000 if 1000 in sets else max(sets)
    s = sets[count]
    say(f"### Apply {count:,} migrations ({mb(s['bytes'])}, no ALTER) to a new database file")
    say()
    say("Every tool starts from no file, on the same file system, with SQLite's defaults (rollback journal, "
        "`synchronous=FULL`): one transaction per file pays several fsyncs per migration, so that column measures "
        "the disk as much as the tool. The floor is one `sqlite3` CLI process `.read`ing the same files "
        "(`BEGIN; .read f; COMMIT;` per file, or all between one `BEGIN`/`COMMIT`); it records nothing, "
        "the tools also write a tracking row per migration.")
    say()
    results = {}
    skipped_all = []
    for single in (False, True):
        floor, contenders, skipped = apply_contenders(s, programs, single)
        skipped_all += skipped
        label = "apply, one transaction" if single else "apply, per file"
        compare(contenders, rounds, label)
        results[single] = (floor, contenders)
    rows = []
    names = []
    for single in (False, True):
        for c in results[single][1]:
            if c.name not in names:
                names.append(c.name)
    for name in names:
        row = [name]
        version = ""
        for single in (False, True):
            floor, contenders = results[single]
            c = next((x for x in contenders if x.name == name), None)
            if c is None:
                row += ["–", "–"]
                continue
            version = c.sqlite
            row += [time_cell(c), "1" if c is floor else ratio_cell(c, floor, True) if floor else "–"]
        rows.append([row[0], version] + row[1:])
    table(["tool", "SQLite", "one transaction per file", "× floor", "all in one transaction", "× floor"], rows)
    if any("¹" in cell for row in rows for cell in row):
        say("¹ one run (the slowest peers take minutes), against the floor's median.")
        say()
    for line in skipped_all:
        say(line)
    if skipped_all:
        say()
    for single in (False, True):
        floor, contenders = results[single]
        for c in contenders:
            if c.name in ("migbundle, embedded", "migbundle apply (CLI)") and c.times and floor and floor.times:
                r = statistics.median(ratios(c, floor))
                what = "all in one transaction (`single_transaction`)" if single else "one transaction per file"
                goal_line(goals, f"apply {count:,}, {c.name}, {what}, vs sqlite3 CLI", "≤ 1.05×", fmt_ratio(r),
                          r <= 1.05)
    return results


# ---- 3b. one large migration ----------------------------------------------------------------

def bench_large(programs, rounds, goals):
    """One 10 MB migration of short INSERTs: apply must be linear in a migration's size (SQLite
    parses each statement in place; given the text without its NUL it copied the rest of the
    migration for every statement, and 160k INSERTs took 14 s against 0.36 s)."""
    directory = os.path.join(WORK, "sets", "large")
    stamp = os.path.join(directory, ".params")
    rows = 90000
    with open(os.path.join(BENCH, "make_migrations.py")) as f:
        params = f"count=1 rows={rows}\n{f.read()}"
    if not (os.path.exists(stamp) and open(stamp).read() == params):
        note("writing the one-migration 10 MB set")
        subprocess.run([sys.executable, os.path.join(BENCH, "make_migrations.py"), "--count", "1", "--rows",
                        str(rows), "--out", directory], check=True, stdout=subprocess.DEVNULL)
        with open(stamp, "w") as f:
            f.write(params)
    (path,) = glob.glob(os.path.join(directory, "*.sql"))
    size = os.path.getsize(path)
    say(f"### One large migration ({mb(size)}, {rows:,} INSERTs) to a new database file")
    say()
    script = os.path.join(WORK, "large_cli.sql")
    with open(script, "w") as f:
        f.write(f"BEGIN;\n.read {path}\nCOMMIT;\n")
    contenders = []
    for name, argv_of_db, stdin in [
            ("sqlite3 CLI (floor)", lambda db: ["sqlite3", "-bail", db], script),
            ("`migbundle apply` (CLI)", lambda db: [programs["migbundle"], "apply", "--dir", directory, "--db", db],
             None)]:
        work = os.path.join(WORK, "large", name.strip("`").split()[0])
        db = os.path.join(work, "bench.db")

        def reset(work=work):
            shutil.rmtree(work, ignore_errors=True)
            os.makedirs(work)

        def check(db=db):
            con = sqlite3.connect(db)
            try:
                n = con.execute("SELECT count(*) FROM t00001").fetchone()[0]
            finally:
                con.close()
            assert n == rows, f"{n} rows"

        contenders.append(Contender(name, argv_of_db(db), cwd=WORK, stdin=stdin, reset=reset, check=check,
                                    sqlite=sqlite3.sqlite_version))
    if not shutil.which("sqlite3"):
        say("- skipped: the sqlite3 CLI is not installed")
        say()
        return
    compare(contenders, rounds, "one large migration")
    floor, ours = contenders
    table(["tool", "time", "× floor"], [[floor.name, time_cell(floor), "1"], [ours.name, time_cell(ours),
                                        ratio_cell(ours, floor)]])
    say("`migbundle apply` also reads, checksums and lints the file before it applies it.")
    say()
    if ours.times and floor.times:
        r = statistics.median(ratios(ours, floor))
        goal_line(goals, f"one {mb(size)} migration, `migbundle apply`, vs sqlite3 CLI", "≤ 1.2×", fmt_ratio(r),
                  r <= 1.2)


# ---- 3c. PostgreSQL --------------------------------------------------------------------------

def postgres_bindir():
    """The directory that holds initdb, pg_ctl, postgres and psql: pg_config's (libpq-dev), else the
    newest /usr/lib/postgresql/*/bin (Debian keeps them off PATH); None when there is none."""
    candidates = []
    if shutil.which("pg_config"):
        bindir = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True).stdout.strip()
        if bindir:
            candidates.append(bindir)
    version = lambda p: int(p.split("/")[-2]) if p.split("/")[-2].isdigit() else 0
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True)
    for bindir in candidates:
        if all(os.access(os.path.join(bindir, name), os.X_OK) for name in ("initdb", "pg_ctl", "postgres", "psql")):
            return bindir
    return None


class PostgresServer:
    """A private server for one run: initdb and pg_ctl in a temporary directory (as user postgres when
    this runs as root: the server refuses to run as root), a Unix socket in that directory and no TCP
    (listen_addresses=''), fsync on, every other setting PostgreSQL's default. Superuser `postgres`,
    trust authentication on the socket, nobody else can reach it."""

    def __init__(self, bindir):
        self.bindir, self.dir, self.running = bindir, None, False

    def _argv(self, name, *args):
        argv = [os.path.join(self.bindir, name)] + list(args)
        return ["runuser", "-u", "postgres", "--"] + argv if os.geteuid() == 0 else argv

    def start(self):
        # Under bench/.work (the file system the other sections write to) when the socket path fits
        # sun_path (107 bytes) and, as root, user postgres can reach it; else in the temporary directory.
        reachable = os.geteuid() != 0 or subprocess.run(["runuser", "-u", "postgres", "--", "test", "-x", WORK],
                                                        stderr=subprocess.DEVNULL).returncode == 0
        self.dir = tempfile.mkdtemp(prefix="pg-", dir=WORK if len(WORK) < 64 and reachable else None)
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        os.chmod(self.dir, 0o700)
        data = os.path.join(self.dir, "data")
        result = subprocess.run(self._argv("initdb", "-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8",
                                           "--locale=C"), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if result.returncode != 0:
            raise Failed(f"initdb failed: {result.stderr.strip()[-1000:]}")
        options = f"-c listen_addresses='' -c unix_socket_directories='{self.dir}' -c fsync=on"
        result = subprocess.run(self._argv("pg_ctl", "-D", data, "-l", os.path.join(self.dir, "server.log"), "-w",
                                           "-t", "60", "-o", options, "start"),
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.running = True  # pg_ctl may have started it even when it reports failure: stop() tries anyway
        if result.returncode != 0:
            log = open(os.path.join(self.dir, "server.log"), errors="replace").read()[-2000:]
            raise Failed(f"pg_ctl start failed: {result.stderr.strip()}\n{log}")
        with open(os.path.join(self.dir, "conninfo"), "w") as f:
            f.write(self.conninfo("postgres") + "\n")

    def stop(self):
        if self.dir is None:
            return
        data = os.path.join(self.dir, "data")
        if self.running and os.path.exists(os.path.join(data, "postmaster.pid")):
            for mode in ("fast", "immediate"):
                if subprocess.run(self._argv("pg_ctl", "-D", data, "-m", mode, "-w", "-t", "60", "stop"),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0:
                    break
        self.running = False
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir = None

    def version(self):
        return tool_version([os.path.join(self.bindir, "postgres"), "--version"]).replace("postgres (PostgreSQL) ", "")

    def conninfo(self, db):
        return f"host={self.dir} user=postgres dbname={db}"

    def uri(self, db):
        import urllib.parse
        return f"postgresql://postgres@/{db}?host={urllib.parse.quote(self.dir, safe='/')}"

    def psql(self, db, *args):
        return [os.path.join(self.bindir, "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", self.dir, "-U",
                "postgres", "-d", db] + list(args)

    def query(self, db, sql):
        result = subprocess.run(self.psql(db, "-At", "-c", sql), capture_output=True, text=True)
        if result.returncode != 0:
            raise Failed(f"psql -c {sql!r}: {result.stderr.strip()}")
        return result.stdout.strip()

    def fresh_database(self, db):
        """Untimed, before every run: an empty database, and a CHECKPOINT so that no run pays for
        writing out the dirty pages of the run before it."""
        run(self.psql("postgres", "-c", f"DROP DATABASE IF EXISTS {db}", "-c", f"CREATE DATABASE {db}", "-c",
                      "CHECKPOINT"))


def write_psql_inputs(s, server):
    """The psql scripts (the files are read by psql at run time, as the tools read theirs)."""
    out = os.path.join(WORK, "postgres_inputs")
    os.makedirs(out, exist_ok=True)
    paths = {}
    # One transaction per file, one psql process: the floor.
    paths["per_file"] = os.path.join(out, "per_file.sql")
    with open(paths["per_file"], "w") as f:
        for path in s["files"]:
            f.write(f"BEGIN;\n\\i {path}\nCOMMIT;\n")
    # Each file as one query string (psql's `\;` joins statements into one request): one round
    # trip per migration instead of one per statement. The synthetic SQL ends each statement with
    # `;` at a line end and has no `;` elsewhere.
    paths["one_query"] = os.path.join(out, "one_query_per_file.sql")
    with open(paths["one_query"], "w") as f:
        for path in s["files"]:
            lines = [line[:-1] + "\\;" if line.endswith(";") else line
                     for line in open(path, encoding="utf-8").read().splitlines()]
            f.write("BEGIN\\;\n" + "\n".join(lines) + "\nCOMMIT;\n")
    # All files in one transaction: `psql -1` over a script of `\i`s.
    paths["single"] = os.path.join(out, "single.sql")
    with open(paths["single"], "w") as f:
        f.write("".join(f"\\i {path}\n" for path in s["files"]))
    return paths


def bench_postgres(sets, programs, rounds, goals):
    count = 1000 if 1000 in sets else max(sets)
    s = sets[count]
    say(f"### Apply {count:,} migrations ({mb(s['bytes'])}) to a new PostgreSQL database")
    say()
    bindir = postgres_bindir()
    why = None
    if bindir is None:
        why = ("no PostgreSQL server binaries (initdb, pg_ctl, postgres, psql; Debian postgresql, "
               "found through pg_config or /usr/lib/postgresql/*/bin)")
    elif "bench_apply_postgres" not in programs:
        why = "bench_apply_postgres was not built (migbundle::postgres needs libpq: Debian libpq-dev)"
    elif os.geteuid() == 0 and not user_exists("postgres"):
        why = "running as root and there is no user postgres to run the server as"
    if why:
        say(f"- skipped: {why}")
        say()
        return
    server = PostgresServer(bindir)
    previous_term = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the server on SIGTERM too
    try:
        note("starting a private PostgreSQL server")
        server.start()
        results = postgres_rounds(s, programs, server, rounds)
        report_postgres(s, server, results, rounds, goals)
        if shutil.which("strace"):
            postgres_round_trips(s, programs, server)
    except (Failed, OSError, subprocess.CalledProcessError) as error:
        say(f"- failed: {str(error).strip()[:500]}")
        say()
    finally:
        note("stopping the private PostgreSQL server")
        server.stop()
        signal.signal(signal.SIGTERM, previous_term)


def user_exists(name):
    import pwd
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def postgres_contenders(s, programs, server, single):
    """(floor, [contenders]) for one mode; each contender has its own database, made afresh before each run."""
    scripts = write_psql_inputs(s, server)
    count = len(s["files"])
    last_table = f"t{count:05d}"
    expected_rows = SETS[count]
    contenders = []

    def make(name, key, argv_of_db, tracked, max_rounds=None):
        db = f"bench_{'single' if single else 'per_file'}_{key}"

        def check():
            tables, rows = server.query(db, "SELECT (SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = "
                                            f"'public' AND tablename ~ '^t[0-9]+$'), (SELECT count(*) FROM {last_table})"
                                        ).split("|")
            assert int(tables) == count and int(rows) == expected_rows, f"{name}: {tables} tables, {rows} rows"
            if tracked:
                recorded = server.query(db, "SELECT count(*) FROM public.migbundle_migrations")
                assert int(recorded) == count, f"{name}: {recorded} tracking rows"

        c = Contender(name, argv_of_db(db), cwd=WORK, reset=lambda: server.fresh_database(db), check=check,
                      max_rounds=max_rounds)
        c.db = db
        contenders.append(c)
        return c

    flag = ["--single-transaction"] if single else []
    if single:
        floor = make("psql (floor)", "psql", lambda db: server.psql(db, "-1", "-f", scripts["single"]), False)
    else:
        floor = make("psql (floor)", "psql", lambda db: server.psql(db, "-f", scripts["per_file"]), False)
    make("migbundle, embedded", "embedded", lambda db: [programs["bench_apply_postgres"], server.conninfo(db)] + flag,
         True)
    make("migbundle apply (CLI)", "cli",
         lambda db: [programs["migbundle"], "apply", "--dir", s["dir"], "--db", server.uri(db)] + flag, True)
    if not single:
        make("psql, each file as one query (`\\;`)", "one_query",
             lambda db: server.psql(db, "-f", scripts["one_query"]), False)

        def loop(db):
            script = os.path.join(WORK, "postgres_inputs", "psql_per_process.sh")
            with open(script, "w") as f:
                f.write("set -e\n" + "".join(" ".join(map(shlex.quote, server.psql(db, "-1", "-f", path))) + "\n"
                                             for path in s["files"]))
            return ["sh", script]

        # A thousand connections (a new server process each) take minutes: one run.
        make("`psql -1 -f FILE`, one process per file", "per_process", loop, False, max_rounds=1)
    return floor, contenders


def postgres_rounds(s, programs, server, rounds):
    results = {}
    for single in (False, True):
        floor, contenders = postgres_contenders(s, programs, server, single)
        compare(contenders, rounds, "postgres, " + ("one transaction" if single else "per file"))
        results[single] = (floor, contenders)
    return results


def report_postgres(s, server, results, rounds, goals):
    count = len(s["files"])
    say(f"PostgreSQL {server.version()}, a private server started for the run (initdb `--locale=C`, Unix socket "
        "only, `fsync=on`, every other setting the default: `synchronous_commit=on`, so each COMMIT waits for its "
        "WAL flush). Each run gets a new database (`CREATE DATABASE` and a `CHECKPOINT`, not timed). The floor, "
        "one transaction per file, is one `psql -X -q -v ON_ERROR_STOP=1` process running `BEGIN; \\i FILE; "
        "COMMIT;` for every file; all in one transaction, `psql -1` over `\\i` of every file. psql records "
        "nothing; migbundle also takes its advisory lock, checks each migration is not recorded and writes a "
        f"tracking row per migration. {rounds} round{'s' if rounds != 1 else ''}, ratios within a round.")
    say()
    rows = []
    names = []
    for single in (False, True):
        for c in results[single][1]:
            if c.name not in names:
                names.append(c.name)
    for name in names:
        row = [name]
        for single in (False, True):
            floor, contenders = results[single]
            c = next((x for x in contenders if x.name == name), None)
            if c is None:
                row += ["–", "–"]
            else:
                row += [time_cell(c), "1" if c is floor else ratio_cell(c, floor, True)]
        rows.append(row)
    table(["tool", "one transaction per file", "× floor", "all in one transaction", "× floor"], rows)
    if any("¹" in cell for row in rows for cell in row):
        say("¹ one run (a thousand connections take minutes), against the floor's median.")
        say()
    say("psql sends each statement of a file as its own query (a round trip each); with `\\;` between "
        "them it sends the file as one query, as migbundle does.")
    say()
    for single in (False, True):
        floor, contenders = results[single]
        for c in contenders:
            if c.name in ("migbundle, embedded", "migbundle apply (CLI)") and c.times and floor.times:
                r = statistics.median(ratios(c, floor))
                what = "all in one transaction (`single_transaction`)" if single else "one transaction per file"
                goal_line(goals, f"apply {count:,} to PostgreSQL, {c.name}, {what}, vs psql", "≤ 1.05×",
                          fmt_ratio(r), r <= 1.05)


def postgres_round_trips(s, programs, server):
    """What each contender sends: send() calls of the client process (one per query libpq or psql
    sends), counted by strace in one more, untimed, run of each, one transaction per file."""
    count = len(s["files"])
    floor, contenders = postgres_contenders(s, programs, server, False)
    rows = []
    for c in contenders:
        if "one process per file" in c.name:
            continue
        c.reset()
        out = os.path.join(WORK, "strace.txt")
        subprocess.run(["strace", "-f", "-c", "-o", out, "-e", "trace=sendto,sendmsg"] + c.argv,
                       cwd=c.cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        calls = 0
        for line in open(out):
            parts = line.split()
            if len(parts) >= 5 and parts[-1] in ("sendto", "sendmsg"):  # % time, seconds, usecs/call, calls, [errors,] name
                calls += int(parts[3])
        rows.append([c.name, f"{calls:,}", f"{calls / count:.1f}"])
    say("Queries sent to the server (the client's `send` calls, counted by `strace -f -c` in one untimed run, "
        "one transaction per file; libpq sends each query in one call):")
    say()
    table(["tool", "sends", "per migration"], rows)


# ---- 4. up-to-date start ---------------------------------------------------------------------

def hyperfine_rounds(commands, rounds, runs):
    """Median seconds of each command, per round; hyperfine runs the commands of a round back to back."""
    per_round = []
    for r in range(rounds):
        note(f"up-to-date start (hyperfine): round {r + 1}/{rounds}")
        export = os.path.join(WORK, "hyperfine.json")
        order = commands if r % 2 == 0 else list(reversed(commands))
        subprocess.run(["hyperfine", "-N", "--style", "none", "--warmup", "5", "--runs", str(runs), "--export-json",
                        export] + [c for _, c in order], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        data = json.load(open(export))["results"]
        medians = {cmd: result["median"] for (_, cmd), result in zip(order, data)}
        per_round.append({name: medians[cmd] for name, cmd in commands})
    return per_round


def bench_uptodate(sets, programs, rounds, goals, apply_results):
    say("### Up-to-date start: 1,000 migrations applied, nothing pending")
    say()
    say("What a program pays at every start. The floor opens the database and reads `PRAGMA user_version`, "
        "a header field: SQLite does not load the schema for it. Every query on a table (the tracking table, or "
        "the program's own first query) loads the whole schema first — here 2,001 `CREATE` statements — so a "
        "second floor adds one such query (`SELECT ... FROM sqlite_master`).")
    say()
    floor_contender = next((c for c in apply_results[False][1] if c.name == "migbundle, embedded" and c.times), None)
    if floor_contender is None:
        say("skipped: the embedded apply did not run")
        return
    db = floor_contender.db  # applied by migbundle, one transaction per file
    quoted = lambda argv: " ".join(f"'{a}'" if " " in a else a for a in argv)
    commands = [("open + `PRAGMA user_version` (floor)", quoted([programs["bench_user_version"], db])),
                ("open + `user_version` + schema load", quoted([programs["bench_user_version"], db, "--schema"])),
                ("migbundle, embedded: open + `migrate()`", quoted([programs["bench_start"], db])),
                ("migbundle, embedded, stamped: open + `migrate(..., StampField::user_version)`",
                 quoted([programs["bench_start"], db, "--stamped"]))]
    rows = []
    if shutil.which("hyperfine"):
        # A round is under a second: many of them, so one busy moment of a shared machine moves one
        # round's ratio, not the median (five rounds left the stamped start's between 1.07× and 1.11×).
        rounds = max(rounds, 15)
        per_round = hyperfine_rounds(commands, rounds, 30)
        floor_name = commands[0][0]
        for name, _ in commands:
            times = [r[name] for r in per_round]
            rs = [r[name] / r[floor_name] for r in per_round]
            rs2 = [r[name] / r[commands[1][0]] for r in per_round]
            rows.append([name, spread(times, fmt_seconds), "1" if name == floor_name else spread(rs, fmt_ratio),
                         "1" if name == commands[1][0] else spread(rs2, fmt_ratio)])
            if name.startswith("migbundle, embedded, stamped"):
                r = statistics.median(rs)
                goal_line(goals, "up-to-date start with a history stamp, 1,000 applied, vs open + "
                          "`PRAGMA user_version` (whole process)", "≤ 1.1×", fmt_ratio(r), r <= 1.1)
            elif name.startswith("migbundle"):
                r2 = statistics.median(rs2)
                goal_line(goals, "up-to-date start without a stamp, vs open + `user_version` + the schema load "
                          "any first query pays", "≤ 1.1×", fmt_ratio(r2), r2 <= 1.1)
        say(f"Whole process, hyperfine (`-N`, 5 warm-up runs, median of 30 runs a round, {rounds} rounds):")
        say()
        table(["program", "time", "× floor", "× floor with schema load"], rows)
    else:
        say("- hyperfine: skipped, not installed (Debian hyperfine; scripts/install_bench_peers.sh)")
        say()

    # In process: the per-call cost without process start.
    result = subprocess.run([programs["bench_start_loop"], db, "1000", "10"], check=True, capture_output=True,
                            text=True)
    loop = json.loads(result.stdout)
    us = lambda v: f"{v:.0f} µs" if v >= 10 else f"{v:.1f} µs"
    pair = lambda a, b: [x / y for x, y in zip(loop[a], loop[b])]
    say(f"In one process, 1,000 calls each, in {len(loop['open_migrate'])} interleaved blocks "
        "(median per call, min–max over blocks):")
    say()
    table(["call", "per call", "× user_version"],
          [["open + `migrate()` + close", spread(loop["open_migrate"], us),
            spread(pair("open_migrate", "open_user_version"), fmt_ratio)],
           ["open + stamped `migrate(..., StampField::user_version)` + close", spread(loop["open_stamped"], us),
            spread(pair("open_stamped", "open_user_version"), fmt_ratio)],
           ["open + `PRAGMA user_version` + close", spread(loop["open_user_version"], us), "1"],
           ["`migrate()` on an open connection (schema loaded)", spread(loop["migrate_only"], us),
            spread(pair("migrate_only", "user_version_only"), fmt_ratio)],
           ["`PRAGMA user_version` on an open connection", spread(loop["user_version_only"], us), "1"]])

    # Every tool again on the database it just applied: nothing pending.
    contenders = []
    for single in (False, True):
        for c in apply_results[single][1]:
            if not c.times or c.name.startswith("sqlite3 CLI") or c.name.endswith(f"SQLite {better_sqlite_version()}"):
                continue
            if single and c.name != "drizzle-orm + better-sqlite3":
                continue
            argv = [programs["bench_start"], c.db] if c.name == "migbundle, embedded" else c.argv
            contenders.append(Contender(c.name, argv, cwd=c.cwd, env=c.env, stdin=c.stdin, sqlite=c.sqlite))
    floor = Contender("open + `PRAGMA user_version` (floor)", [programs["bench_user_version"], db])
    compare([floor] + contenders, rounds, "up-to-date start, every tool")
    say(f"Every tool run again on the database it applied (whole process, {rounds} rounds, timed from Python, "
        "so a few ms of process start are in every number):")
    say()
    table(["tool", "time", "× floor"], [[c.name, time_cell(c), ratio_cell(c, floor) if c is not floor else "1"]
                                        for c in [floor] + contenders])


# ---- 5. scale: 100 to 100,000 small migrations -----------------------------------------------

SCALE_SIZES = [100, 1000, 10000, 100000]
SCALE_LINEAR = 1.5  # per-migration cost at the largest size within this factor of the one before: linear


def make_small_set(count):
    """The `--shape small` set of `count` migrations (regenerated when make_migrations.py changes)."""
    directory = os.path.join(WORK, "sets", f"small{count}")
    stamp = os.path.join(directory, ".params")
    with open(os.path.join(BENCH, "make_migrations.py")) as f:
        params = f"shape=small count={count}\n{f.read()}"
    if not (os.path.exists(stamp) and open(stamp).read() == params):
        note(f"writing the {count}-migration small set")
        subprocess.run([sys.executable, os.path.join(BENCH, "make_migrations.py"), "--shape", "small", "--count",
                        str(count), "--out", directory], check=True, stdout=subprocess.DEVNULL)
        with open(stamp, "w") as f:
            f.write(params)
    files = sorted(glob.glob(os.path.join(directory, "*.sql")))
    return {"dir": directory, "files": files, "bytes": sum(os.path.getsize(f) for f in files)}


def build_scale_generator():
    """The generator alone, once (Release, no tests): every size's build takes it through
    MIGBUNDLE_GENERATOR instead of building its own."""
    build_dir = os.path.join(ROOT, "build-bench-scale", "tool")
    note("configuring and building the generator (Release)")
    subprocess.run(["cmake", "-S", ROOT, "-B", build_dir, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
                    "-DMIGBUNDLE_BUILD_TESTS=OFF", "-DMIGBUNDLE_BUILD_EXAMPLES=OFF", "-DMIGBUNDLE_INSTALL=OFF"],
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", build_dir, "-j", str(min(2, os.cpu_count() or 2)), "--target",
                    "migbundle_generator"], check=True, stdout=subprocess.DEVNULL)
    return os.path.join(build_dir, "generator", "migbundle")


def build_scale_programs(count, s, generator, stages):
    """bench_apply and bench_start embed one set (BENCH_APPLY_SET): a build directory per size, made
    afresh, so its configure (add_migrations() over the set) and build (the generator's run, the
    bundle's compile, the runtime's, links) are timed too: one run each, untimed otherwise."""
    build_dir = os.path.join(ROOT, "build-bench-scale", f"m{count}")
    shutil.rmtree(build_dir, ignore_errors=True)
    note(f"configuring and building bench/ for the {count:,}-migration set (Release)")
    configure = Contender("configure", ["cmake", "-S", BENCH, "-B", build_dir, "-G", "Ninja",
                                        "-DCMAKE_BUILD_TYPE=Release", f"-DBENCH_APPLY_SET={s['dir']}",
                                        "-DMIGBUNDLE_BUILD_GENERATOR=OFF", f"-DMIGBUNDLE_GENERATOR={generator}"],
                          peak_by_time=True)
    build = Contender("build", ["cmake", "--build", build_dir, "-j", str(min(2, os.cpu_count() or 2)), "--target",
                                "bench_apply", "bench_start", "bench_user_version"], peak_by_time=True)
    for c in (configure, build):
        compare([c], 1, f"scale m{count}, {c.name}")
        stages[c.name].by_count[count] = c
        if c.error:
            raise Failed(f"{c.name} of build-bench-scale/m{count} failed: {c.error}")
    return {name: os.path.join(build_dir, name) for name in ("bench_apply", "bench_start", "bench_user_version")}


class ScaleStage:
    def __init__(self, key, title, label, memory=True):
        # label: the plot's legend, plain text (gnuplot substitutes `...` in strings: it would run it)
        self.key, self.title, self.label, self.memory = key, title, label, memory
        self.by_count = {}  # count -> Contender (times in seconds, rss in KiB)


def scale_check(db, count):
    """The applied database holds every table and row of the set, and a tracking row per migration."""
    con = sqlite3.connect(db)
    try:
        tables = con.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name GLOB 's[0-9]*'"
                             ).fetchone()[0]
        last = f"s{(count - 1) // 10 + 1:05d}"
        rows = con.execute(f"SELECT count(*) FROM {last}").fetchone()[0]
        recorded = con.execute("SELECT count(*) FROM migbundle_migrations").fetchone()[0]
    finally:
        con.close()
    want_rows = 3 * ((count - 1) % 10)
    assert tables == (count + 9) // 10 and rows == want_rows and recorded == count, \
        f"{tables} tables, {rows} rows in {last}, {recorded} recorded"


def scale_size(count, s, generator, rounds, cheap_rounds, stages):
    """Every stage at one size; fills stages[key].by_count[count]. `cheap_rounds` for the stages that take
    seconds at 100,000 (generate, compile, status), `rounds` for the applies, which take minutes there."""
    programs = build_scale_programs(count, s, generator, stages)
    out = os.path.join(WORK, "scale", f"m{count}")
    os.makedirs(out, exist_ok=True)
    header, source = os.path.join(out, "bundle.hpp"), os.path.join(out, "bundle_data.cpp")

    def remove_outputs():
        for path in (header, source):
            if os.path.exists(path):
                os.remove(path)

    label = f"scale m{count}"
    generate = Contender("generate", [generator, "generate", "--dir", s["dir"], "--out", header, "--namespace",
                                      "bench::db", "--source", source], reset=remove_outputs, peak_by_time=True)
    compare([generate], cheap_rounds, f"{label}, generate")
    stages["generate"].by_count[count] = generate
    if generate.error:
        return
    obj = os.path.join(out, "bundle_data.o")
    compile_ = Contender("compile", ["g++", "-std=c++17", "-O2", "-I", os.path.join(ROOT, "runtime", "include"),
                                     "-c", source, "-o", obj], peak_by_time=True)
    compare([compile_], cheap_rounds, f"{label}, compile")
    stages["compile"].by_count[count] = compile_

    dbs = {}
    for single in (False, True):
        directory = os.path.join(out, "single" if single else "per_file")
        db = os.path.join(directory, "bench.db")
        dbs[single] = db

        def reset(directory=directory):
            shutil.rmtree(directory, ignore_errors=True)
            os.makedirs(directory)

        c = Contender("apply", [programs["bench_apply"], db] + (["--single-transaction"] if single else []),
                      reset=reset, check=lambda db=db: scale_check(db, count), peak_by_time=True)
        contenders = [c]
        if not single:
            # With foreign keys on, migrate() runs `PRAGMA foreign_key_check` before each commit, and
            # that walks the whole schema: side by side with the run without.
            fk_directory = os.path.join(out, "per_file_fk")
            fk_db = os.path.join(fk_directory, "bench.db")

            def reset_fk():
                shutil.rmtree(fk_directory, ignore_errors=True)
                os.makedirs(fk_directory)

            fk = Contender("apply, foreign_keys=ON", [programs["bench_apply"], fk_db, "--foreign-keys"],
                           reset=reset_fk, check=lambda: scale_check(fk_db, count), peak_by_time=True)
            contenders.append(fk)
            stages["apply_per_file_fk"].by_count[count] = fk
        if single and shutil.which("sqlite3"):
            # The floor, in one transaction only (a transaction per file would add minutes of fsyncs at
            # 100,000): the sqlite3 CLI `.read`ing every file, which records nothing. What grows in it
            # grows in SQLite, not in migbundle.
            script = os.path.join(out, "cli_single.sql")
            with open(script, "w") as f:
                f.write("BEGIN;\n" + "".join(f".read {path}\n" for path in s["files"]) + "COMMIT;\n")
            floor_dir = os.path.join(out, "cli_single")
            floor_db = os.path.join(floor_dir, "bench.db")

            def reset_floor():
                shutil.rmtree(floor_dir, ignore_errors=True)
                os.makedirs(floor_dir)

            floor = Contender("sqlite3 CLI", ["sqlite3", "-bail", floor_db], stdin=script, reset=reset_floor,
                              peak_by_time=True)
            contenders.append(floor)
            stages["apply_single_floor"].by_count[count] = floor
        compare(contenders, rounds, f"{label}, apply {'in one transaction' if single else 'per migration'}")
        stages["apply_single" if single else "apply_per_file"].by_count[count] = c
    db = dbs[False] if os.path.exists(dbs[False]) else dbs[True]
    if not os.path.exists(db):
        return
    # status exits 0 on an up-to-date database: run() fails the stage otherwise.
    status = Contender("status", [generator, "status", "--dir", s["dir"], "--db", db], peak_by_time=True)
    compare([status], cheap_rounds, f"{label}, status")
    stages["status"].by_count[count] = status

    # The up-to-date start: timed without /usr/bin/time (its ~1 ms is the floor's whole time), in
    # rounds with the floor; peak RSS from one more run of each.
    floor = Contender("floor", [programs["bench_user_version"], db])
    start = Contender("start", [programs["bench_start"], db])
    stamped = Contender("stamped", [programs["bench_start"], db, "--stamped"])
    # The first stamped run writes the stamp (a whole migrate()); time the runs after it.
    run(stamped.argv)
    compare([floor, start, stamped], max(rounds, 5) * 3, f"{label}, up-to-date start")
    for key, c in (("start_floor", floor), ("start", start), ("start_stamped", stamped)):
        if not c.error:
            c.rss = [peak_rss_kib(c.argv)]
        stages[key].by_count[count] = c


def per_migration_us(c, count):
    return statistics.median(c.times) / count * 1e6


def fmt_us(v):
    return f"{v:.3g} µs" if v < 100 else f"{v:,.0f} µs"


def fmt_kib(kib):
    return f"{kib / 1024:.1f} MB" if kib < 100 * 1024 else f"{kib / 1024:.0f} MB"


def fmt_bytes_per(kib, count):
    b = kib * 1024 / count
    return f"{b / 1024:.1f} kB" if b >= 1024 else f"{b:.0f} B"


def growth_verdict(stage, sizes, what="time"):
    """(text, superlinear?) comparing the per-migration cost of the two largest sizes measured."""
    measured = [n for n in sizes if n in stage.by_count and stage.by_count[n].times]
    if len(measured) < 2:
        return "not enough sizes measured", False
    a, b = measured[-2], measured[-1]
    ca, cb = stage.by_count[a], stage.by_count[b]
    if what == "time":
        ra, rb = per_migration_us(ca, a), per_migration_us(cb, b)
    else:
        ra, rb = max(ca.rss) / a, max(cb.rss) / b
    factor = rb / ra
    kind = "**superlinear**" if factor > SCALE_LINEAR else "linear" if factor >= 1 / SCALE_LINEAR else "sublinear"
    return f"{a:,} → {b:,}: {what} per migration ×{factor:.2f}, {kind}", factor > SCALE_LINEAR


def write_scale_plot(stages, sizes, path, title):
    """Log-log plot of time and memory per migration against the number of migrations (gnuplot)."""
    gnuplot = shutil.which("gnuplot")
    if not gnuplot:
        return "gnuplot is not installed (Debian gnuplot-nox: scripts/setup.sh gnuplot-nox)"
    data_dir = os.path.join(WORK, "scale")
    os.makedirs(data_dir, exist_ok=True)
    series_time, series_memory = [], []
    for key, stage in stages.items():
        points = [(n, stage.by_count[n]) for n in sizes if n in stage.by_count and stage.by_count[n].times]
        if not points:
            continue
        data = os.path.join(data_dir, f"{key}.dat")
        with open(data, "w") as f:
            for n, c in points:
                f.write(f"{n} {per_migration_us(c, n):.6g} {max(c.rss) * 1024 / n:.6g}\n")
        series_time.append((data, stage.label))
        if stage.memory:
            series_memory.append((data, stage.label))
    # Single quotes: gnuplot substitutes nothing in them (no `command`, no escapes).
    quote = lambda text: "'" + text.replace("'", "''") + "'"
    # A colour and point of its own for each stage (gnuplot's default colours repeat after eight); floors dashed.
    colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#7f7f7f", "#9467bd", "#8c564b", "#e377c2", "#000000",
               "#17becf", "#bcbd22"]
    style = {label: (colours[i % len(colours)], i % 13 + 1, 2 if label.startswith("floor") else 1)
             for i, label in enumerate(stage.label for stage in stages.values())}
    plots = lambda series, column: ", ".join(
        f"{quote(d)} using 1:{column} with linespoints lw 2 lc rgb {quote(style[t][0])} pt {style[t][1]} "
        f"dt {style[t][2]} title {quote(t)}" for d, t in series)
    script = os.path.join(data_dir, "scale.gp")
    with open(script, "w") as f:
        f.write(f"""set terminal pngcairo size 1100,1000 font 'DejaVu Sans,10' noenhanced
set output {quote(path)}
set multiplot layout 2,1 title {quote(title)}
set logscale xy
set grid xtics ytics mxtics mytics lc rgb '#dddddd'
set xlabel 'migrations'
set xrange [70:140000]
set format x '%.0s%c'
set format y '%g'
set key outside right top vertical
set title 'time per migration (whole process, median): flat is linear, rising is superlinear'
set ylabel 'µs per migration'
plot {plots(series_time, 2)}
set title 'peak RSS per migration (whole process: a fixed base of a few MB dominates the small sets)'
set ylabel 'bytes per migration'
plot {plots(series_memory, 3)}
unset multiplot
""")
    result = subprocess.run([gnuplot, script], capture_output=True, text=True)
    if result.returncode != 0:
        return f"gnuplot failed: {result.stderr.strip()[-500:]}"
    return None


def bench_scale(scale_max, rounds, goals):
    sizes = [n for n in SCALE_SIZES if n <= scale_max]
    if not sizes:
        raise SystemExit(f"--scale-max {scale_max}: the smallest size is {SCALE_SIZES[0]}")
    # One round of the applies at 100,000 (they take minutes there); the generator, the compile and
    # status take seconds, and one round of them once caught a cold start (generate 1.46 s, 0.8 s
    # warm), so they keep their rounds at every size.
    rounds_of = lambda n: 1 if n >= 100000 else rounds
    sets = {n: make_small_set(n) for n in sizes}
    generator = build_scale_generator()
    stages = {key: ScaleStage(key, title, label, memory) for key, title, label, memory in [
        ("generate", "`migbundle generate` (fresh outputs)", "migbundle generate", True),
        ("compile", "`g++ -O2 -c` of the generated data `.cpp`", "g++ -O2 -c of the data .cpp", True),
        ("apply_per_file", "embedded apply, one transaction per migration", "apply, a transaction each", True),
        ("apply_per_file_fk", "embedded apply, one transaction per migration, `PRAGMA foreign_keys=ON` "
         "(a `foreign_key_check` before each commit)", "apply, a transaction each, foreign keys on", True),
        ("apply_single", "embedded apply, all in one transaction (`single_transaction`)", "apply, one transaction",
         True),
        ("apply_single_floor", "floor: the `sqlite3` CLI `.read`ing every file in one transaction (records nothing)",
         "floor: sqlite3 CLI, one transaction", True),
        ("status", "`migbundle status --dir --db` on the applied database", "migbundle status", True),
        ("start", "up-to-date start, `migrate()` (bench_start)", "up-to-date start", True),
        ("start_stamped", "up-to-date start, stamped (bench_start --stamped)", "up-to-date start, stamped", True),
        ("start_floor", "floor: open + `PRAGMA user_version` (bench_user_version)",
         "floor: open + user_version", False),
        ("configure", "CMake configure of bench/ (`add_migrations()` over the set), a new build directory, 1 run",
         "cmake configure (add_migrations)", True),
        ("build", "build of bench_apply, bench_start, bench_user_version (the generator's run, the bundle's and the "
         "runtime's compile, links; Ninja -j2), 1 run", "build (generate, compile, link)", True)]}
    for n in sizes:
        try:
            scale_size(n, sets[n], generator, rounds_of(n), rounds, stages)
        except Failed as error:
            note(str(error))

    say("### Scale: 100 to 100,000 small migrations")
    say()
    say(f"Sets from `bench/make_migrations.py --shape small`: every tenth file creates a table (five columns), "
        "the nine after it insert 3 rows each into it (200-600 bytes a file, N/10 tables). Each stage runs "
        f"{rounds} rounds at every size, except the applies: 1 round at 100,000 (a run there takes minutes), and "
        f"the up-to-date start, cheap and a few ms: {max(rounds, 5) * 3} rounds at every size, with its floor in each. "
        "Times are whole processes (median, min–max); peak RSS is `/usr/bin/time`'s maximum resident set "
        "(the whole process, so the fixed base of a few MB dominates the small sets' per-migration figure). "
        "The apply starts from no database file, with SQLite's defaults (rollback journal, `synchronous=FULL`). "
        "bench_apply and bench_start embed the set: one build per size, `build-bench-scale/mN/`.")
    say()
    size_cell = lambda n: f"{n:,} ({mb(sets[n]['bytes'])})"
    verdicts = []
    for key, stage in stages.items():
        say(f"#### {stage.title}")
        say()
        rows = []
        for n in sizes:
            c = stage.by_count.get(n)
            if c is None:
                rows.append([size_cell(n), "–", "not run", "–", "–", "–"])
                continue
            if c.error and not c.times:
                rows.append([size_cell(n), "–", f"failed: {c.error}", "–", "–", "–"])
                continue
            rss = max(c.rss) if c.rss else None
            rows.append([size_cell(n), str(len(c.times)), time_cell(c), fmt_us(per_migration_us(c, n)),
                         fmt_kib(rss) if rss else "–", fmt_bytes_per(rss, n) if rss else "–"])
        table(["migrations", "rounds", "time", "per migration", "peak RSS", "RSS per migration"], rows)
        text, superlinear = growth_verdict(stage, sizes, "time")
        line = f"Growth, {text}"
        if stage.memory:
            mtext, msuper = growth_verdict(stage, sizes, "memory")
            line += f"; {mtext.split(': ', 1)[1] if ': ' in mtext else mtext}"
            superlinear = superlinear or msuper
        say(line + ".")
        say()
        verdicts.append((stage, superlinear))
        measured = [n for n in sizes if n in stage.by_count and stage.by_count[n].times]
        if len(measured) >= 2 and not key.endswith("floor"):
            a, b = measured[-2], measured[-1]
            f = per_migration_us(stage.by_count[b], b) / per_migration_us(stage.by_count[a], a)
            goal_line(goals, f"{stage.label}: time per migration, {a:,} → {b:,}", f"≤ {SCALE_LINEAR}×",
                      fmt_ratio(f), f <= SCALE_LINEAR)
    # The generator's memory against its input, where the input outweighs the process's own few MB.
    largest = max(sizes)
    generated = stages["generate"].by_count.get(largest)
    if largest >= 10000 and generated is not None and generated.rss:
        ratio = max(generated.rss) * 1024 / sets[largest]["bytes"]
        goal_line(goals, f"generator peak memory, {largest:,} small files ({mb(sets[largest]['bytes'])})",
                  "≤ 2× input", fmt_ratio(ratio), ratio <= 2)
    start, floor = stages["start"], stages["start_floor"]
    stamped = stages["start_stamped"]
    ratio_rows = []
    for n in sizes:
        if n in floor.by_count and floor.by_count[n].times:
            row = [f"{n:,}"]
            for c in (start.by_count.get(n), stamped.by_count.get(n)):
                row.append(ratio_cell(c, floor.by_count[n]) if c is not None and c.times else "–")
            ratio_rows.append(row)
    # All stages in two tables: what the README shows.
    say("All stages, time in all and per migration (median; the applies 1 round at 100,000, the configure and build 1 at "
        "every size); the last column compares the cost per migration at the two largest sizes:")
    say()
    summary, memory_summary = [], []
    for key, stage in stages.items():
        cells, memory_cells = [stage.label], [stage.label]
        for n in sizes:
            c = stage.by_count.get(n)
            if c is None or not c.times:
                cells.append("failed" if c is not None and c.error else "–")
                memory_cells.append("–")
                continue
            cells.append(f"{fmt_seconds(statistics.median(c.times))} ({fmt_us(per_migration_us(c, n))})")
            memory_cells.append(f"{fmt_kib(max(c.rss))} ({fmt_bytes_per(max(c.rss), n)})" if c.rss else "–")
        text, superlinear = growth_verdict(stage, sizes, "time")
        cells.append(text.split(": ", 1)[1].replace("time per migration ", "") if ": " in text else text)
        summary.append(cells)
        if stage.memory:
            text, _ = growth_verdict(stage, sizes, "memory")
            memory_cells.append(text.split(": ", 1)[1].replace("memory per migration ", "") if ": " in text else text)
            memory_summary.append(memory_cells)
    growth_header = f"per migration, {sizes[-2]:,} → {sizes[-1]:,}" if len(sizes) >= 2 else "growth"
    table(["stage"] + [f"{n:,}" for n in sizes] + [growth_header], summary)
    say("Peak RSS in all and per migration (the whole process):")
    say()
    table(["stage"] + [f"{n:,}" for n in sizes] + [growth_header], memory_summary)
    apply, cli = stages["apply_single"], stages["apply_single_floor"]
    say("Applying in one transaction against the `sqlite3` CLI in one transaction (ratios within a round):")
    say()
    table(["migrations", "embedded apply × sqlite3 CLI"],
          [[f"{n:,}", ratio_cell(apply.by_count[n], cli.by_count[n])] for n in sizes
           if n in apply.by_count and n in cli.by_count and apply.by_count[n].times and cli.by_count[n].times])
    say("The up-to-date start against its floor (ratios within a round):")
    say()
    table(["migrations", "`migrate()` × floor", "stamped × floor"], ratio_rows)
    plot = os.path.join(ROOT, "docs", "bench-scale.png")
    why = write_scale_plot(stages, sizes, plot, f"migbundle, 100 to {sizes[-1]:,} small migrations (200-600 bytes each), "
                           f"log-log; {machine_short()}")
    say(f"Plot: {os.path.relpath(plot, ROOT)}" if why is None else f"- plot: skipped, {why}")
    say()


# ---- main ------------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="100 and 1,000 migrations only, fewer rounds")
    parser.add_argument("--rounds", type=int, help="rounds per comparison (default 5, --quick 2)")
    parser.add_argument("--only", choices=["generator", "compile", "apply", "large", "postgres", "uptodate"],
                        action="append", help="run only these sections (uptodate needs apply)")
    parser.add_argument("--scale", action="store_true",
                        help="only the scale run: 100 to 100,000 small migrations through every stage, a plot "
                             "(docs/bench-scale.png); default 3 rounds, 1 at 100,000")
    parser.add_argument("--scale-max", type=int, default=SCALE_SIZES[-1],
                        help="with --scale: the largest size to run (1000 for a short trial)")
    args = parser.parse_args()
    global WORK
    WORK = os.path.join(BENCH, ".work")
    os.makedirs(WORK, exist_ok=True)
    rounds = args.rounds or (2 if args.quick else 5)
    sizes = [100, 1000] if args.quick else [100, 1000, 10000]
    sections = args.only or ["generator", "compile", "apply", "large", "postgres", "uptodate"]
    if "uptodate" in sections and "apply" not in sections:
        sections.append("apply")
    started = time.time()
    if args.scale:
        say("## migbundle at scale")
        say()
        say(f"Machine: {machine_line()}.")
        say()
        goals = []
        bench_scale(args.scale_max, args.rounds or 3, goals)
        finish(goals, started)
        return

    sets = make_sets(sizes)
    programs = build(sets[1000]["dir"])
    say("## migbundle benchmarks")
    say()
    say(f"Machine: {machine_line()}.")
    say()
    goals = []
    if "generator" in sections:
        bench_generator(sets, programs, max(rounds, 5) if not args.quick else rounds, goals)
    if "compile" in sections:
        bench_compile(sets, programs, min(rounds, 5), goals)
    apply_results = None
    if "apply" in sections:
        # Five rounds, not three: one transaction per file is fsync-bound, and three rounds left its median
        # ratio to the load of the moment; the slow peers run once anyway (max_rounds).
        apply_results = bench_apply(sets, programs, min(rounds, 5), goals)
    if "large" in sections:
        bench_large(programs, min(rounds, 3), goals)
    if "postgres" in sections:
        bench_postgres(sets, programs, rounds, goals)
    if "uptodate" in sections:
        bench_uptodate(sets, programs, rounds, goals, apply_results)
    finish(goals, started)


def finish(goals, started):
    say("### Goals")
    say()
    table(["measure", "goal", "result (median ratio)", ""], [list(g) for g in goals])
    say(f"Ran in {(time.time() - started) / 60:.1f} minutes: `{' '.join(['scripts/bench.sh'] + sys.argv[1:])}`.")
    with open(os.path.join(WORK, "results.md"), "w") as f:
        f.write("\n".join(out_lines) + "\n")
    note(f"tables saved to {os.path.join(WORK, 'results.md')}")


if __name__ == "__main__":
    main()
