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
transport, and must have done some of that.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fuzzguest"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fuzzing import PCI_GENS, report, run_seed  # noqa: E402
from lib.harness import check  # noqa: E402

CALLS = 40000


def _seed(seed):
    def t():
        res = run_seed(seed, CALLS, stall=90)
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
