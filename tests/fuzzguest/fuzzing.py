# SPDX-License-Identifier: GPL-2.0-only
"""One seed of the fuzzing guest, watched line by line.

The hypervisor runs two guests: `fuzz` (lgtest=fuzz:SEED, with
on_crash=restart, so every kill starts a new life with a new sub-seed)
and `benign` (lgtest=benign, which checks its memory, its shadow page
tables and its FPU every ~20 ms and prints its checksum every fifth
round).  We read the serial console as it comes and count the hypercalls
the hypervisor reports in the fuzz guest's counters at the end of each
life, until there are `calls` of them.  The seed fails if

  - the hypervisor faults ("hypervisor fault", a "*** " dump) or QEMU
    stops (a triple fault resets nothing: -no-reboot);
  - the benign guest is killed, powers off, says FAIL, prints another
    checksum, or goes quiet for `stall` seconds (a hung hypervisor);
  - the fuzz guest reports a FINDING (a switcher write that did not fault).

Generations: the fuzzing guest of seed S is GENS[S % len(GENS)] (all of
G5-G10 by default: G8-G10 also attack configuration space, MMIO and the
virtio 1.0 PCI transport), the benign guest the generation after it
(G10 is followed by G5), so every seed pairs two generations.  FUZZ_GENS
may name G2-G4 too (not G1: its lives cannot end in the SHUTDOWN(RESTART)
that prints their counters).  We also
count the fuzzing guest's operations from its progress lines ("life L op
N faults F pci P", every 1024 operations), the last seen in each life:
a lower bound, since a life killed between two lines loses up to 1023.

A fuzz guest that goes quiet on its own (its random code spinning with
interrupts off, say) is restarted from the hypervisor console; that is
counted, not a failure: the benign guest shows the hypervisor is alive.
"""
import collections
import os
import re
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from lib.qemu import boot_kernel  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CTRL_A3 = "\x01\x01\x01"
ALL_GENS = (5, 6, 7, 8, 9, 10)     # the default
SUPPORTED = tuple(range(1, 11))
PCI_GENS = (8, 9, 10)


def parse_gens(text):
    """ "5-10", "8,9,10", "8-10" -> a tuple of generations."""
    gens = []
    for part in text.split(","):
        lo, _, hi = part.strip().partition("-")
        gens += list(range(int(lo), int(hi or lo) + 1))
    bad = [g for g in gens if g not in SUPPORTED]
    if bad or not gens:
        raise ValueError("generations must lie in 1-10: %r" % text)
    return tuple(gens)


def gens_for(seed, gens=ALL_GENS):
    """The fuzzing guest's generation for a seed, and the benign guest's."""
    fuzz = gens[seed % len(gens)]
    return fuzz, fuzz + 1 if fuzz < 10 else 5


def guest_elf(gen):
    return os.path.join(ROOT, "build", "guests", "lgtest-g%d.elf" % gen)


class Result:
    def __init__(self, seed, gen):
        self.seed, self.gen = seed, gen
        self.calls = self.lives = self.kills = self.unstuck = self.benign_rounds = 0
        self.ops = self.pci_ops = 0         # summed over finished lives
        self.life_ops = self.life_pci = 0   # the current life's, so far
        self.reasons = collections.Counter()
        self.failure = None
        self.tail = collections.deque(maxlen=60)
        self.seconds = 0.0

    def replay(self):
        return ("lgtest=fuzz:%d:LIFE with build/guests/lgtest-g%d.elf beside lgtest=benign "
                "of G%d (make fuzz FUZZ_SEEDS=%d replays the whole seed)"
                % (self.seed, self.gen, self.benign_gen, self.seed))


def _reason_kind(reason):
    """A kill reason without its numbers, to count kinds."""
    return re.sub(r"0x[0-9a-f]+|\b\d+\b", "N", reason)[:70]


def _to_hv_console(m, res):
    """Moves the shared console's focus to the hypervisor (Ctrl-A x3
    cycles through the guests, then the hypervisor)."""
    for _ in range(4):
        m.send(CTRL_A3)
        deadline = time.time() + 5
        while time.time() < deadline:
            for line in m.take_lines():
                res.tail.append(line)
                if line.startswith("hv: console focus: "):
                    if "hypervisor" in line:
                        return True
                    break
            else:
                time.sleep(0.05)
                continue
            break
    return False


def run_seed(seed, calls, stall=60, fuzz_gen=None, benign_gen=None, quiet_fuzz=30,
             log=None, gens=ALL_GENS):
    auto_fuzz, auto_benign = gens_for(seed, gens)
    fuzz_gen = fuzz_gen or auto_fuzz
    benign_gen = benign_gen or (auto_benign if fuzz_gen == auto_fuzz else
                                ALL_GENS[(ALL_GENS.index(fuzz_gen) + 1) % len(ALL_GENS)])
    res = Result(seed, fuzz_gen)
    res.benign_gen = benign_gen
    modules = ["%s name=fuzz mem=16M on_crash=restart -- lgtest=fuzz:%d"
               % (guest_elf(fuzz_gen), seed),
               "%s name=benign mem=16M -- lgtest=benign" % guest_elf(benign_gen)]
    m = boot_kernel(mem=160, modules=modules)
    start = last_benign = last_fuzz = time.time()
    checksum = None
    try:
        while res.failure is None and res.calls < calls:
            lines = m.take_lines()
            now = time.time()
            if not lines:
                if m.proc.poll() is not None:
                    res.failure = "QEMU stopped (status %s)" % m.proc.returncode
                elif now - last_benign > stall:
                    res.failure = "the benign guest went quiet for %ds: hypervisor hung?" % stall
                elif now - last_fuzz > quiet_fuzz:
                    # Stuck on its own: restart it by hand.
                    if not _to_hv_console(m, res):
                        res.failure = "could not reach the hypervisor console"
                    else:
                        m.send("restart fuzz\r")
                        res.unstuck += 1
                        last_fuzz = time.time()
                time.sleep(0.05)
                continue
            for line in lines:
                res.tail.append(line)
                if log:
                    log.write(line + "\n")
                if line.startswith("[benign] "):
                    last_benign = now
                    mm = re.search(r"benign: round (\d+) checksum ([0-9a-f]+)", line)
                    if mm:
                        res.benign_rounds = int(mm.group(1))
                        checksum = checksum or mm.group(2)
                        if mm.group(2) != checksum:
                            res.failure = "benign checksum changed: " + line
                    elif "FAIL" in line:
                        res.failure = "benign guest: " + line
                elif line.startswith("hv: guest benign"):
                    if " killed: " in line or "power off" in line:
                        res.failure = "benign guest stopped: " + line
                elif line.startswith("[fuzz] ") or line.startswith("hv: guest fuzz"):
                    last_fuzz = now
                    if "FINDING" in line:
                        res.failure = line
                    mk = re.match(r"hv: guest fuzz killed: (.*) \(eip", line)
                    if mk:
                        res.kills += 1
                        res.reasons[_reason_kind(mk.group(1))] += 1
                    mp = re.search(r"lgtest: fuzz: life \d+ op (\d+) faults \d+ pci (\d+)", line)
                    if mp:
                        res.life_ops, res.life_pci = int(mp.group(1)), int(mp.group(2))
                    if line.startswith("hv: guest fuzz counters:"):
                        res.lives += 1
                        res.ops += res.life_ops
                        res.pci_ops += res.life_pci
                        res.life_ops = res.life_pci = 0
                    # The per-call listing (every line of it, when it wraps).
                    if line.startswith("hv: guest fuzz hypercalls:"):
                        res.calls += sum(int(n) for n in re.findall(r"=(\d+)", line))
                if "hypervisor fault" in line or line.startswith("*** "):
                    res.failure = "hypervisor fault: " + line
                    time.sleep(1)
                    res.tail.extend(m.take_lines())
    finally:
        m.kill()
        res.seconds = time.time() - start
        res.ops += res.life_ops
        res.pci_ops += res.life_pci
        res.life_ops = res.life_pci = 0
    return res


def report(res):
    return ("seed %d (fuzz G%d, benign G%d): %d hypercalls, >=%d operations (%d on PCI) "
            "in %d lives (%d killed, %d unstuck), benign %d rounds, %.0fs, %s"
            % (res.seed, res.gen, res.benign_gen, res.calls, res.ops, res.pci_ops, res.lives,
               res.kills, res.unstuck, res.benign_rounds, res.seconds,
               "ok" if res.failure is None else "FAILED: " + res.failure))
