# SPDX-License-Identifier: GPL-2.0-only
"""Short runs of the fuzzing guest (make fuzz runs long ones).

Each test is one seed of tests/fuzzguest/fuzzing.py, 40,000 hypercalls
counted by the hypervisor, beside the benign guest: the hypervisor must
not fault or hang, the benign guest must keep its checksum and never be
stopped, and the fuzzing guest must really have been killed and restarted
(lives > 1), so that on_crash=restart and the kill paths were exercised.
The seed picks the generations (fuzzing.gens_for): seed 1 is G6 beside a
G7 benign guest; seeds 3 and 11 are G8 (beside G9) and G10 (beside G5),
which also attack configuration space, MMIO and the virtio 1.0 PCI
transport, and must have done some of that.  Seed 2 runs on G2, G3 and G4
as well (the 2.6.25-2.6.30 hypercall registers, ring and GDT loading).
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fuzzguest"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fuzzing import PCI_GENS, report, run_seed  # noqa: E402
from lib.harness import check  # noqa: E402

CALLS = 40000


def _seed(seed, fuzz_gen=None, benign_gen=None):
    def t():
        res = run_seed(seed, CALLS, stall=90, fuzz_gen=fuzz_gen, benign_gen=benign_gen)
        check(res.failure is None, report(res) + "\nreplay: " + res.replay(),
              "\n".join(res.tail))
        check(res.calls >= CALLS, "only %d hypercalls counted" % res.calls)
        check(res.benign_rounds >= 5, "the benign guest did only %d rounds" % res.benign_rounds)
        check(res.lives >= 2 and res.kills >= 1,
              "%d lives, %d kills: no kill and restart was exercised" % (res.lives, res.kills))
        if res.gen in PCI_GENS:
            check(res.pci_ops >= 1000, "only %d PCI operations counted" % res.pci_ops)
    return t


# Seeds whose first lives die early, so each short run sees several lives.
for _s in (1, 3, 11):
    globals()["test_seed_%d" % _s] = _seed(_s)
# The 2.6.25-2.6.30 generations too (edx-first hypercalls, 16-byte ring
# records, the whole-GDT LOAD_GDT, vmcall with the old lguest_data), with a
# seed whose first lives die early there; G1 cannot restart, so not G1.
test_seed_2_g2 = _seed(2, fuzz_gen=2, benign_gen=9)
test_seed_2_g3 = _seed(2, fuzz_gen=3, benign_gen=8)
test_seed_2_g4 = _seed(2, fuzz_gen=4, benign_gen=10)
