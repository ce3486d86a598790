# SPDX-License-Identifier: GPL-2.0-only
"""The serial port both ways and the one-shot timer, through self-tests.

echo: the hypervisor sleeps (sti; hlt) until a receive interrupt brings
typed bytes, so this fails if receive is not interrupt-driven.  flood: 4096
numbered lines must all arrive, in order, with the checksum the hypervisor
computed.  timer: the one-shot must fire, on the LAPIC and on the PIT.
"""
import re

from lib.harness import check
from lib.qemu import EXIT_CLEAN, boot_kernel, run_kernel


def test_serial_receive_echo():
    m = boot_kernel(cmdline="console=com1 hv.selftest=echo")
    m.wait_for(r"selftest echo: type lines", 60)
    lines = ["hello hypervisor", "x" * 100, "second line", "quit"]
    for line in lines:
        m.send(line + "\r")
        m.wait_for(re.escape("echo: " + line), 30)
    status = m.wait_exit(30)
    out = m.transcript
    check("selftest echo: done" in out, "echo test did not finish", out)
    check(status == EXIT_CLEAN, "exit status %s" % status, out)


def test_serial_transmit_flood_is_lossless():
    status, out = run_kernel(cmdline="console=com1 hv.selftest=flood", timeout=120)
    lines = [l for l in out.split("\n") if l.startswith("flood ")]
    check(len(lines) == 4096, "%d flood lines arrived, expected 4096" % len(lines), out)
    sum_ = 0
    for i, line in enumerate(lines):
        want = "flood %04d abcdefghijklmnopqrstuvwxyz0123456789" % i
        check(line == want, "line %d is %r, expected %r" % (i, line, want))
        for ch in (line + "\n").encode():
            sum_ = (sum_ * 31 + ch) & 0xFFFFFFFF
    m = re.search(r"selftest flood: done, checksum ([0-9a-f]{8})", out)
    check(m, "no checksum line", out)
    check(int(m.group(1), 16) == sum_, "checksum %s, computed %08x" % (m.group(1), sum_))
    check(status == EXIT_CLEAN, "exit status %s" % status, out)


def _timer(cmdline, name):
    def test():
        status, out = run_kernel(cmdline="console=com1 hv.selftest=timer " + cmdline)
        for us in (1000, 10000, 50000):
            m = re.search(r"selftest timer: %s one-shot of %d us fired after (\d+) us" % (name, us),
                          out)
            check(m, "%s one-shot of %d us did not fire" % (name, us), out)
            # It may be late (an emulator) but never early.
            check(int(m.group(1)) >= us * 0.95, "fired early: %s us" % m.group(1), out)
        check(status == EXIT_CLEAN, "exit status %s" % status, out)
    return test


test_lapic_oneshot_timer = _timer("", "lapic")
test_pit_oneshot_timer = _timer("hv.noapic", "pit")
