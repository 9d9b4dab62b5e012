#!/usr/bin/env python3
"""What scripts/test.sh ran, said plainly: per build the tests run, passed, failed and
skipped, each skipped test with its reason, the ten slowest with their time against their
timeout (flagging any that used more than half of it); then the whole run.

usage: test_summary.py [--ci] [--seconds S] [--default-timeout T]
                       --build TITLE JUNIT TESTS_JSON NOTE [--build ...]
  JUNIT       ctest's --output-junit file (missing: that build's tests did not run)
  TESTS_JSON  `ctest --show-only=json-v1` of the same selection, for the timeouts
  NOTE        what this build leaves out by design ("" for nothing)
  --ci        fail (exit 1) when any test was skipped, naming each: CI runs everything
  --seconds   the whole run's duration, printed at the end
  --default-timeout T  the timeout ctest gave tests without a TIMEOUT property (--timeout)

Exit status: 0 when every build's tests ran and none failed (and, with --ci, none was
skipped); 1 otherwise. A build whose junit file is missing counts as failed: its tests did
not run.
"""
import argparse
import json
import os
import sys
import xml.etree.ElementTree as ET

SKIP_MARKER = "MIGBUNDLE_SKIP:"


def skip_reason(output, message):
    """The line a skipped test printed with the marker, else the last line it printed."""
    lines = [line.strip() for line in (output or "").splitlines() if line.strip()]
    for line in lines:
        at = line.find(SKIP_MARKER)
        if at >= 0:
            return line[at + len(SKIP_MARKER):].strip()
    if lines:
        return lines[-1]
    return "(no reason printed; ctest says: %s)" % (message or "skipped")


def timeouts_from(path, default_timeout):
    timeouts = {}
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError):
        return timeouts
    for test in data.get("tests", []):
        timeout = default_timeout
        for prop in test.get("properties", []):
            if prop.get("name") == "TIMEOUT":
                timeout = float(prop.get("value"))
        timeouts[test.get("name")] = timeout
    return timeouts


def read_build(spec, default_timeout):
    title, junit, tests_json, note = spec
    build = {"title": title, "note": note, "tests": [], "missing": None}
    if not os.path.isfile(junit):
        build["missing"] = "no results (%s): its tests did not run" % junit
        return build
    try:
        root = ET.parse(junit).getroot()
    except ET.ParseError as error:
        build["missing"] = "unreadable results (%s): %s" % (junit, error)
        return build
    timeouts = timeouts_from(tests_json, default_timeout)
    for case in root.iter("testcase"):
        name = case.get("name", "?")
        status = case.get("status", "")
        output = case.findtext("system-out") or ""
        skipped = case.find("skipped")
        failure = case.find("failure")
        if skipped is not None or status in ("notrun", "disabled"):
            outcome = "skipped"
        elif failure is not None or status == "fail":
            outcome = "failed"
        else:
            outcome = "passed"
        test = {
            "name": name,
            "outcome": outcome,
            "seconds": float(case.get("time") or 0.0),
            "timeout": timeouts.get(name, default_timeout),
        }
        if outcome == "skipped":
            test["reason"] = skip_reason(output, skipped.get("message") if skipped is not None else status)
        if outcome == "failed" and failure is not None and failure.get("message"):
            test["why"] = failure.get("message")
        build["tests"].append(test)
    return build


def duration(seconds):
    seconds = int(round(seconds))
    if seconds >= 3600:
        return "%d h %02d min %02d s" % (seconds // 3600, seconds % 3600 // 60, seconds % 60)
    if seconds >= 60:
        return "%d min %02d s" % (seconds // 60, seconds % 60)
    return "%d s" % seconds


def timeout_text(timeout):
    return "no timeout" if not timeout else "%.0f s" % timeout


def main():
    parser = argparse.ArgumentParser(add_help=True)
    parser.add_argument("--ci", action="store_true")
    parser.add_argument("--seconds", type=float)
    parser.add_argument("--default-timeout", type=float, default=0.0)
    parser.add_argument("--build", dest="builds", nargs=4, action="append", required=True,
                        metavar=("TITLE", "JUNIT", "TESTS_JSON", "NOTE"))
    args = parser.parse_args()

    builds = [read_build(spec, args.default_timeout) for spec in args.builds]
    ok = True
    over_half = []
    totals = {"passed": 0, "failed": 0, "skipped": 0}
    print()
    print("== Summary ==")
    for build in builds:
        print()
        if build["missing"]:
            print("%s: %s" % (build["title"], build["missing"]))
            if build["note"]:
                print("  by design: " + build["note"])
            ok = False
            continue
        tests = build["tests"]
        count = {k: sum(1 for t in tests if t["outcome"] == k) for k in totals}
        for k in totals:
            totals[k] += count[k]
        print("%s: %d tests run, %d passed, %d failed, %d skipped" %
              (build["title"], count["passed"] + count["failed"], count["passed"], count["failed"],
               count["skipped"]))
        if build["note"]:
            print("  by design: " + build["note"])
        if count["failed"]:
            ok = False
            print("  failed:")
            for t in tests:
                if t["outcome"] == "failed":
                    print("    %s%s" % (t["name"], " (%s)" % t["why"] if t.get("why") else ""))
        if count["skipped"]:
            print("  skipped:")
            for t in tests:
                if t["outcome"] == "skipped":
                    print("    %s: %s" % (t["name"], t["reason"]))
        ran = [t for t in tests if t["outcome"] != "skipped"]
        slowest = sorted(ran, key=lambda t: t["seconds"], reverse=True)[:10]
        if slowest:
            print("  ten slowest (time / timeout):")
            for t in slowest:
                share = ""
                if t["timeout"]:
                    share = " %3.0f%%" % (100.0 * t["seconds"] / t["timeout"])
                flag = ""
                if t["timeout"] and t["seconds"] > t["timeout"] / 2:
                    flag = "  <-- more than half its timeout"
                print("    %8.1f s / %-10s%s  %s%s" % (t["seconds"], timeout_text(t["timeout"]), share, t["name"], flag))
        for t in ran:
            if t["timeout"] and t["seconds"] > t["timeout"] / 2:
                over_half.append((build["title"], t))

    print()
    if over_half:
        print("Headroom: %d test(s) used more than half their timeout:" % len(over_half))
        for title, t in over_half:
            print("  %s: %s: %.1f s of %s" % (title, t["name"], t["seconds"], timeout_text(t["timeout"])))
    else:
        print("Headroom: every test finished within half its timeout.")
    skipped = [(b["title"], t) for b in builds for t in b["tests"] if t["outcome"] == "skipped"]
    if args.ci and skipped:
        ok = False
        print("CI runs everything, and %d test(s) were skipped:" % len(skipped))
        for title, t in skipped:
            print("  %s: %s: %s" % (title, t["name"], t["reason"]))
    if args.seconds is not None:
        print("Whole run: %s." % duration(args.seconds))
    print("%d skipped" % totals["skipped"])
    print("%d passed, %d failed" % (totals["passed"], totals["failed"]))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
