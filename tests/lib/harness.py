# SPDX-License-Identifier: GPL-2.0-only
"""The little test framework the suite shares: failures, skips, checks."""


class TestFailure(Exception):
    """A test's assertion did not hold; the message says what and why."""


class TestSkipped(Exception):
    """A test that cannot run here (say, no real Linux kernel given)."""


def check(cond, message, transcript=None):
    if not cond:
        if transcript is not None:
            message += "\n--- serial transcript (last 60 lines) ---\n" + tail(transcript, 60)
        raise TestFailure(message)


def tail(text, lines):
    return "\n".join(text.splitlines()[-lines:])
