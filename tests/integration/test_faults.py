# SPDX-License-Identifier: GPL-2.0-only
"""Faults in the hypervisor itself, provoked on purpose (hv.selftest=...).

Each must print a full register dump on the serial port (the exception and
vector, error code, eip, control registers, general registers, a stack dump
and a call trace) and stop cleanly: never a triple fault, never a reset.
"""
import re

from lib.harness import check
from lib.qemu import EXIT_PANIC, run_kernel

DUMP_LINES = [
    r"eip [0-9a-f]{8}  cs 0050  eflags [0-9a-f]{8}  esp [0-9a-f]{8}  ss 0058",
    r"cr0 [0-9a-f]{8}  cr2 [0-9a-f]{8}  cr3 [0-9a-f]{8}  cr4 [0-9a-f]{8}",
    r"eax [0-9a-f]{8}  ebx [0-9a-f]{8}  ecx [0-9a-f]{8}  edx [0-9a-f]{8}",
    r"esi [0-9a-f]{8}  edi [0-9a-f]{8}  ebp [0-9a-f]{8}",
    r"stack at [0-9a-f]{8}:",
    r"call trace:( [0-9a-f]{8})+",
]


def _fault(selftest, headline, extra=()):
    def test():
        status, out = run_kernel(cmdline="console=com1 hv.selftest=" + selftest)
        check(re.search(headline, out), "no %r headline" % headline, out)
        for pat in DUMP_LINES + list(extra):
            check(re.search(pat, out), "register dump lacks %r" % pat, out)
        check("hv: no guests to run" not in out, "the fault did not stop the hypervisor", out)
        check(status == EXIT_PANIC, "QEMU exit status %s, expected %d (halt after fault)"
              % (status, EXIT_PANIC), out)
        check(out.count("lghv 0.1") == 1, "the machine rebooted", out)
    return test


test_page_fault_dump = _fault("fault", r"\*\*\* page fault \(#PF\): vector 14, error code 00000002",
                              [r"cr2 00000000"])
test_invalid_opcode_dump = _fault("ud", r"\*\*\* invalid opcode \(#UD\): vector 6")
test_divide_error_dump = _fault("div0", r"\*\*\* divide error \(#DE\): vector 0")
test_general_protection_dump = _fault("gp", r"\*\*\* general protection \(#GP\): vector 13, "
                                      r"error code 00001234")
test_stack_overflow_double_fault_dump = _fault(
    "overflow", r"double fault \(#DF\), vector 8 \(most likely the hypervisor stack overflowed\)",
    [r"stack at [0-9a-f]{8}:\n  [0-9a-f]{8}: \(not mapped\)"])
