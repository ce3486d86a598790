#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""make fuzz: the fuzzing guest over many seeds (tests/fuzzguest/fuzzing.py).

  FUZZ_SEEDS   seeds to run: "1-20" (the default), "7", "3,9,12-15"
  FUZZ_CALLS   hypercalls per seed, counted by the hypervisor (default 10^6)
  FUZZ_JOBS    seeds run at once (default: the number of CPUs)
  FUZZ_GENS    the fuzzing guest's generations, taken in turn by seed
               (default "5-10"; "8-10" for PCI only, "2-4" for 2.6.25-2.6.30);
               the benign guest is
               the generation after the fuzzing guest's

Prints one line a seed and, for a failed seed, the end of its transcript
and how to replay it; the full transcript of every seed is kept in
build/fuzz-guest/seed-N.log.  Ends with "N passed, N failed" and exits
non-zero if any seed failed.
"""
import concurrent.futures
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fuzzing import PCI_GENS, ROOT, parse_gens, report, run_seed  # noqa: E402


def parse_seeds(text):
    seeds = []
    for part in text.split(","):
        lo, _, hi = part.strip().partition("-")
        seeds += list(range(int(lo), int(hi or lo) + 1))
    return seeds


def one(seed, calls, logdir, gens):
    with open(os.path.join(logdir, "seed-%d.log" % seed), "w") as log:
        return run_seed(seed, calls, log=log, gens=gens)


def main():
    seeds = parse_seeds(os.environ.get("FUZZ_SEEDS", "1-20"))
    calls = int(float(os.environ.get("FUZZ_CALLS", "1e6")))
    jobs = int(os.environ.get("FUZZ_JOBS", os.cpu_count() or 1))
    gens = parse_gens(os.environ.get("FUZZ_GENS", "5-10"))
    logdir = os.path.join(ROOT, "build", "fuzz-guest")
    os.makedirs(logdir, exist_ok=True)
    print("make fuzz: %d seeds, %d hypercalls each, %d at a time, fuzzing guest G%s"
          % (len(seeds), calls, jobs, ",".join(map(str, gens))), flush=True)
    failed = total_calls = total_lives = 0
    total_ops = total_pci = pci_ops = pci_lives = pci_seeds = 0
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        for res in pool.map(lambda s: one(s, calls, logdir, gens), seeds):
            print(report(res), flush=True)
            total_calls += res.calls
            total_lives += res.lives
            total_ops += res.ops
            total_pci += res.pci_ops
            if res.gen in PCI_GENS:
                pci_seeds += 1
                pci_ops += res.ops
                pci_lives += res.lives
            if res.failure is not None:
                failed += 1
                print("  replay: " + res.replay())
                print("  --- last lines ---\n  " + "\n  ".join(res.tail))
            else:
                kinds = ", ".join("%s x%d" % kv for kv in res.reasons.most_common(3))
                print("  most common kills: " + (kinds or "none"))
    print("make fuzz: %d hypercalls, >=%d operations (%d of them on PCI) in %d lives over %d seeds"
          % (total_calls, total_ops, total_pci, total_lives, len(seeds)))
    print("make fuzz: PCI generations: %d seeds, %d lives, >=%d operations"
          % (pci_seeds, pci_lives, pci_ops))
    print("%d passed, %d failed" % (len(seeds) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
