#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""`make soak`: four guests stream known bytes through their consoles for
SOAK_SECONDS (default 600) while every byte is checked at the serial end
and typed lines must come back (session.py).  With LGUEST_LINUX=path[:path...]
the guests are those real kernels, with the project's initramfs.  Prints
progress every 30 s and a report; exits non-zero on any loss, corruption,
missing echo, hang or fault.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from soak.session import soak  # noqa: E402


def main():
    seconds = float(os.environ.get("SOAK_SECONDS", "600"))
    kernels = [k for k in os.environ.get("LGUEST_LINUX", "").split(":") if k]
    missing = [k for k in kernels if not os.path.exists(k)]
    if missing:
        print("soak: no such kernel: %s" % ", ".join(missing))
        return 2
    print("soak: %d s with %s" % (seconds, ", ".join(kernels) or "the test guests"))
    sys.stdout.flush()
    result = soak(seconds, kernels, log=lambda text: print(text, flush=True))
    print(result.report())
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
