# SPDX-License-Identifier: GPL-2.0-only
"""`make soak` in small: the same four streaming test guests (tests/soak/),
for SOAK_TEST_SECONDS (default 20) instead of ten minutes, so that every
`make test` checks the console moves bytes by the megabyte, in both
directions, without losing or damaging one.
"""
import os

from lib.harness import check
from soak.session import soak


# Every test here runs again on a two-CPU machine (name@smp2).
SMP_VARIANTS = True


def test_soak_four_streams():
    result = soak(float(os.environ.get("SOAK_TEST_SECONDS", "20")))
    check(result.ok, result.report())
