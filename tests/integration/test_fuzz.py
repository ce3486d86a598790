# SPDX-License-Identifier: GPL-2.0-only
"""Short runs of the fuzzing guest (make fuzz runs long ones).

Each test is one seed of tests/fuzzguest/fuzzing.py, 40,000 hypercalls
counted by the hypervisor, beside the benign guest: the hypervisor must
not fault or hang, the benign guest must keep its checksum and never be
stopped, and the fuzzing guest must really have been killed and restarted
(lives > 1), so that on_crash=restart and the kill paths were exercised.
The seeds rotate the fuzzing guest through G5, G6 and G7.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fuzzguest"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fuzzing import report, run_seed  # noqa: E402
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
    return t


# Seeds whose first lives die early, so each short run sees several lives.
for _s in (1, 5, 9):
    globals()["test_seed_%d" % _s] = _seed(_s)
