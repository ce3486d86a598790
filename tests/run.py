#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Runs the whole test suite and ends with one line: N passed, N failed, N skipped.

  tests/unit/test_*.c         host-compiled unit tests of the pure logic;
                              each names the sources it tests in a
                              "sources:" comment and prints PASS/FAIL lines
  tests/integration/test_*.py QEMU boots asserting on the serial transcript;
                              every function named test_* is one test, and
                              in a module with SMP_VARIANTS = True each runs
                              again as name@smp2 on a two-CPU machine
  tests/fuzz/fuzz_*.c         fuzz targets; their seed corpora are replayed
                              under ASan/UBSan (make fuzz-host runs libFuzzer)

Options: --only unit|integration, -k SUBSTRING (run matching tests only),
-j N (parallel QEMU runs; default: the number of CPUs).
"""
import argparse
import concurrent.futures
import importlib.util
import os
import re
import subprocess
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from lib.harness import TestFailure, TestSkipped  # noqa: E402
from lib import qemu  # noqa: E402

BUILD = os.path.join(ROOT, "build", "tests")
HOSTCC = os.environ.get("HOSTCC", "gcc")


class Tally:
    def __init__(self):
        self.passed = self.failed = self.skipped = 0
        self.failures = []

    def record(self, name, outcome, detail="", seconds=None):
        took = " (%.1fs)" % seconds if seconds is not None else ""
        if outcome == "pass":
            self.passed += 1
            print("PASS %s%s" % (name, took))
        elif outcome == "skip":
            self.skipped += 1
            print("SKIP %s: %s" % (name, detail))
        else:
            self.failed += 1
            self.failures.append(name)
            print("FAIL %s%s" % (name, took))
            for line in detail.rstrip().splitlines():
                print("    " + line)
        sys.stdout.flush()


def sanitizer_flags():
    """ASan and UBSan when the host compiler has them."""
    flags = ["-fsanitize=address,undefined", "-fno-sanitize-recover=undefined"]
    probe = subprocess.run([HOSTCC, "-x", "c", "-", "-o", os.devnull] + flags,
                           input=b"int main(void){return 0;}", capture_output=True)
    return flags if probe.returncode == 0 else []


def run_unit(tally, pattern):
    os.makedirs(BUILD, exist_ok=True)
    san = sanitizer_flags()
    unit_dir = os.path.join(HERE, "unit")
    for fname in sorted(os.listdir(unit_dir)):
        if not (fname.startswith("test_") and fname.endswith(".c")):
            continue
        path = os.path.join(unit_dir, fname)
        stem = fname[:-2]
        text = open(path).read()
        m = re.search(r"sources:\s*(.*)", text)
        sources = m.group(1).split() if m else []
        exe = os.path.join(BUILD, stem)
        cmd = [HOSTCC, "-std=gnu11", "-g", "-O1", "-Wall", "-Wextra", "-Werror",
               "-Wno-unused-parameter", "-I" + ROOT, "-I" + unit_dir] + san + \
              ["-o", exe, path] + [os.path.join(ROOT, s) for s in sources]
        cc = subprocess.run(cmd, capture_output=True, text=True)
        if cc.returncode != 0:
            tally.record("unit/%s (build)" % stem, "fail", cc.stderr[-4000:])
            continue
        case_filter = "" if not pattern or pattern in "unit/" + stem else pattern
        env = dict(os.environ, UNIT_FILTER=case_filter)
        run = subprocess.run([exe], capture_output=True, text=True, timeout=120, env=env)
        seen = 0
        detail = []
        for line in run.stdout.splitlines():
            if line.startswith("PASS "):
                seen += 1
                tally.record("unit/%s/%s" % (stem, line[5:]), "pass")
            elif line.startswith("FAIL "):
                seen += 1
                tally.record("unit/%s/%s" % (stem, line[5:]), "fail", "\n".join(detail))
                detail = []
            else:
                detail.append(line)
        if run.returncode != 0 or (seen == 0 and not case_filter):
            tally.record("unit/%s (exit status %d)" % (stem, run.returncode), "fail",
                         (run.stdout + run.stderr)[-4000:])


def run_fuzz_replay(tally, pattern):
    """Every fuzz target's seed corpus, replayed under the sanitizers with
    the host gcc (libFuzzer itself is for make fuzz-host)."""
    os.makedirs(BUILD, exist_ok=True)
    san = sanitizer_flags()
    fuzz_dir = os.path.join(HERE, "fuzz")
    for fname in sorted(os.listdir(fuzz_dir)):
        if not (fname.startswith("fuzz_") and fname.endswith(".c")):
            continue
        target = fname[len("fuzz_"):-2]
        if pattern and pattern not in "fuzz/" + target:
            continue
        m = re.search(r"sources:\s*(.*)", open(os.path.join(fuzz_dir, fname)).read())
        sources = m.group(1).split() if m else []
        exe = os.path.join(BUILD, "replay_" + target)
        cmd = [HOSTCC, "-std=gnu11", "-g", "-O1", "-Wall", "-Wextra", "-Werror",
               "-Wno-unused-parameter", "-I" + ROOT] + san + \
              ["-o", exe, os.path.join(fuzz_dir, fname), os.path.join(fuzz_dir, "replay.c")] + \
              [os.path.join(ROOT, src) for src in sources]
        cc = subprocess.run(cmd, capture_output=True, text=True)
        if cc.returncode != 0:
            tally.record("fuzz/%s (build)" % target, "fail", cc.stderr[-4000:])
            continue
        corpus = os.path.join(fuzz_dir, "corpus", target)
        files = sorted(os.path.join(corpus, f) for f in os.listdir(corpus))
        run = subprocess.run([exe] + files, capture_output=True, text=True, timeout=300)
        seen = set()
        for line in run.stdout.splitlines():
            if line.startswith("PASS "):
                seen.add(line[5:])
                tally.record("fuzz/%s/%s" % (target, line[5:]), "pass")
        if run.returncode != 0 or len(seen) != len(files):
            tally.record("fuzz/%s (seed corpus replay)" % target, "fail",
                         (run.stdout + run.stderr)[-4000:])


def load_integration(pattern):
    tests = []
    idir = os.path.join(HERE, "integration")
    for fname in sorted(os.listdir(idir)):
        if not (fname.startswith("test_") and fname.endswith(".py")):
            continue
        spec = importlib.util.spec_from_file_location("integration." + fname[:-3],
                                                      os.path.join(idir, fname))
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        smp = getattr(mod, "SMP_VARIANTS", False)
        for name in sorted(vars(mod)):
            fn = getattr(mod, name)
            if name.startswith("test_") and callable(fn):
                full = "integration/%s/%s" % (fname[:-3], name[5:])
                if not pattern or pattern in full:
                    tests.append((full, fn))
                if smp and (not pattern or pattern in full + "@smp2"):
                    tests.append((full + "@smp2", on_two_cpus(fn)))
    return tests


def on_two_cpus(fn):
    """The test again, its machines with two CPUs (-smp 2)."""
    def variant():
        with qemu.cpus(2):
            fn()
    return variant


def run_one(fn):
    start = time.time()
    try:
        fn()
        return "pass", "", time.time() - start
    except TestSkipped as e:
        return "skip", str(e), time.time() - start
    except TestFailure as e:
        return "fail", str(e), time.time() - start
    except Exception:
        return "fail", traceback.format_exc(), time.time() - start


def run_integration(tally, pattern, jobs):
    tests = load_integration(pattern)
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [(name, pool.submit(run_one, fn)) for name, fn in tests]
        for name, fut in futures:
            outcome, detail, took = fut.result()
            tally.record(name, outcome, detail, took)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", choices=["unit", "integration"])
    ap.add_argument("-k", dest="pattern", default="")
    ap.add_argument("-j", dest="jobs", type=int, default=os.cpu_count() or 2)
    opts = ap.parse_args()

    tally = Tally()
    if opts.only in (None, "unit"):
        run_unit(tally, opts.pattern)
        run_fuzz_replay(tally, opts.pattern)
    if opts.only in (None, "integration"):
        run_integration(tally, opts.pattern, opts.jobs)
    if tally.failures:
        print("\nfailed:\n  " + "\n  ".join(tally.failures))
    print("%d passed, %d failed, %d skipped" % (tally.passed, tally.failed, tally.skipped))
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())
