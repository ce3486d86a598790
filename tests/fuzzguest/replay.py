#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Replays one life of the fuzzing guest: lgtest=fuzz:SEED:LIFE alone (no
on_crash=restart, so the life ends the run) beside lgtest=benign, and
prints the transcript.

  tests/fuzzguest/replay.py SEED LIFE [FUZZ_GEN [BENIGN_GEN]] [--seconds N]

The generations default to the ones `make fuzz` uses for SEED
(tests/fuzzguest/fuzzing.py: gens_for).  Exits 1 if the hypervisor
faulted or the benign guest was stopped or reported a failure.
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from fuzzing import gens_for, guest_elf  # noqa: E402
from lib.qemu import boot_kernel  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("seed", type=int)
    ap.add_argument("life", type=int)
    ap.add_argument("gens", type=int, nargs="*")
    ap.add_argument("--seconds", type=float, default=60)
    a = ap.parse_args()
    fuzz_gen, benign_gen = gens_for(a.seed)
    if a.gens:
        fuzz_gen = a.gens[0]
        benign_gen = a.gens[1] if len(a.gens) > 1 else 5 + (fuzz_gen - 4) % 6
    print("replay: lgtest=fuzz:%d:%d on G%d, benign G%d" % (a.seed, a.life, fuzz_gen, benign_gen))
    m = boot_kernel(mem=160, modules=[
        "%s name=fuzz mem=16M -- lgtest=fuzz:%d:%d" % (guest_elf(fuzz_gen), a.seed, a.life),
        "%s name=benign mem=16M -- lgtest=benign" % guest_elf(benign_gen)])
    bad = False
    deadline = time.time() + a.seconds
    ended = None
    try:
        while time.time() < deadline and m.proc.poll() is None:
            for line in m.take_lines():
                print(line)
                if "hypervisor fault" in line or line.startswith("*** ") or \
                        (line.startswith("[benign] ") and "FAIL" in line) or \
                        (line.startswith("hv: guest benign") and " killed: " in line):
                    bad = True
                if line.startswith("hv: guest fuzz") and (" killed: " in line or
                                                          "power off" in line or
                                                          "restart" in line):
                    ended = ended or time.time()
            if ended and time.time() - ended > 2:
                break
            time.sleep(0.05)
        if m.proc.poll() is not None:
            print("replay: QEMU stopped (status %s)" % m.proc.returncode)
            bad = True
    finally:
        m.kill()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
