# SPDX-License-Identifier: GPL-2.0-only
"""Starting the other CPUs of an SMP machine (drivers/smp.c, hv/smp_boot.c).

The hypervisor finds the processors in the ACPI MADT, or in the Intel MP
table when the machine has no ACPI, wakes each other CPU with INIT and
STARTUP IPIs, and prints one boot line:

  cpus: 4 online (MADT: apic 0, 1, 2, 3)
  cpus: 2 online (MADT: apic 0, 1; 2 more not started: cpus=2)
  cpus: cpu 3 (apic 3) did not start; 3 online (MADT: apic 0, 1, 2)

With hv.selftest=smp the boot CPU then checks that each other CPU really
runs: it checked in from its own C code (with the APIC id its own LAPIC
reports), it takes an IPI, and in that IPI's handler it arms its own LAPIC
timer with the boot CPU's calibration, whose interrupt it must then take:

  selftest smp: cpu 1 (apic 1): checked in (its LAPIC says 1), answered an IPI, its LAPIC timer fired
  selftest smp: 3 of 3 other CPUs answered

None of this is timed: the hypervisor's own waits are bounded, the tests
only read what it says.
"""
import os
import re
import sys

from lib.harness import check
from lib.qemu import EXIT_CLEAN, EXIT_PANIC, boot_kernel, run_kernel

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_guests import check_power_off, check_started, check_verdict, module  # noqa: E402


def cpus_line(out):
    lines = [l for l in out.split("\n") if l.startswith("cpus: ")]
    check(len(lines) == 1, "expected one cpus: line, got %d" % len(lines), out)
    return lines[0].rstrip("\r")


def check_clean(status, out):
    check("hv: no guests to run; powering off." in out, "no clean power-off message", out)
    check(status == EXIT_CLEAN, "QEMU exit status %s, expected %d" % (status, EXIT_CLEAN), out)
    check("hypervisor fault" not in out, "a hypervisor fault", out)


def check_selftest(out, apics):
    """Every other CPU answered, one line each, in order."""
    for index, apic in enumerate(apics[1:], start=1):
        want = ("selftest smp: cpu %d (apic %d): checked in (its LAPIC says %d), answered an "
                "IPI, its LAPIC timer fired" % (index, apic, apic))
        check(want in out, "missing: %s" % want, out)
    others = len(apics) - 1
    check("selftest smp: %d of %d other CPUs answered" % (others, others) in out,
          "not every other CPU answered", out)
    check("did NOT" not in out, "a CPU failed a check", out)


def smp(n, machine=(), cmdline="console=com1 hv.selftest=smp"):
    return run_kernel(mem=64, cmdline=cmdline, extra=["-smp", str(n)] + list(machine))


def _all_cpus(n):
    def test():
        status, out = smp(n)
        apics = list(range(n))
        line = cpus_line(out)
        check(line == "cpus: %d online (MADT: apic %s)" % (n, ", ".join(map(str, apics))),
              "wrong cpus line: %r" % line, out)
        check_selftest(out, apics)
        check_clean(status, out)
    return test


test_smp2_all_online = _all_cpus(2)
test_smp4_all_online = _all_cpus(4)


def test_smp1_unchanged():
    status, out = smp(1)
    check(cpus_line(out) == "cpus: 1 online (MADT: apic 0)", "wrong cpus line", out)
    check("selftest smp: no other CPU online" in out, "self-test found other CPUs", out)
    check_clean(status, out)


def test_cpus2_of_4():
    status, out = smp(4, cmdline="console=com1 cpus=2 hv.selftest=smp")
    check(cpus_line(out) == "cpus: 2 online (MADT: apic 0, 1; 2 more not started: cpus=2)",
          "wrong cpus line", out)
    check_selftest(out, [0, 1])
    check("cpu 2 (apic 2)" not in out, "a CPU beyond cpus=2 was used", out)
    check_clean(status, out)


def test_cpus1_starts_none():
    status, out = smp(2, cmdline="console=com1 cpus=1 hv.selftest=smp")
    check(cpus_line(out) == "cpus: 1 online (MADT: apic 0; 1 more not started: cpus=1)",
          "wrong cpus line", out)
    check("selftest smp: no other CPU online" in out, "an AP runs under cpus=1", out)
    check_clean(status, out)


def test_bad_cpus_value_keeps_all():
    status, out = smp(2, cmdline="console=com1 cpus=0")
    check("cmdline: cpus=0: a number of CPUs from 1 to 8; using all of them" in out,
          "bad cpus= not reported", out)
    check(cpus_line(out) == "cpus: 2 online (MADT: apic 0, 1)", "wrong cpus line", out)
    check_clean(status, out)


def test_mp_table_without_acpi():
    # SeaBIOS's MP table lists the first CPU of each package only (as the
    # MP specification's era expected), so the CPUs are two sockets here.
    status, out = smp("2,sockets=2", machine=["-machine", "pc,acpi=off"])
    check(cpus_line(out) == "cpus: 2 online (MP table: apic 0, 1)", "wrong cpus line", out)
    check_selftest(out, [0, 1])
    check_clean(status, out)


def test_mp_table_four_sockets():
    status, out = smp("4,sockets=4", machine=["-machine", "pc,acpi=off"])
    check(cpus_line(out) == "cpus: 4 online (MP table: apic 0, 1, 2, 3)", "wrong cpus line", out)
    check_selftest(out, [0, 1, 2, 3])
    check_clean(status, out)


def test_q35():
    status, out = smp(2, machine=["-machine", "q35"])
    check(cpus_line(out) == "cpus: 2 online (MADT: apic 0, 1)", "wrong cpus line", out)
    check_selftest(out, [0, 1])
    check_clean(status, out)


def test_more_cpus_than_supported():
    status, out = smp(9, cmdline="console=com1")
    check(cpus_line(out) == "cpus: 8 online (MADT: apic 0, 1, 2, 3, 4, 5, 6, 7; "
          "1 more not started: at most 8)", "wrong cpus line", out)
    check_clean(status, out)


def test_noapic_one_cpu():
    status, out = smp(2, cmdline="console=com1 hv.noapic")
    check(cpus_line(out) == "cpus: 1 online (hv.noapic: no other CPU started)",
          "wrong cpus line", out)
    check_clean(status, out)


def test_nocpuid_one_cpu():
    status, out = smp(2, cmdline="console=com1 hv.nocpuid")
    check(cpus_line(out) == "cpus: 1 online (no LAPIC: no other CPU looked for)",
          "wrong cpus line", out)
    check_clean(status, out)


def test_overflow_still_double_faults():
    # The boot CPU's stack is now slot 0 of cpu/percpu.c: its guard page
    # must still turn an overflow into a double fault with a dump.
    status, out = smp(2, cmdline="console=com1 hv.selftest=overflow")
    check("*** hypervisor fault: double fault (#DF)" in out, "no double-fault report", out)
    check(status == EXIT_PANIC, "QEMU exit status %s" % status, out)


def test_guests_run_with_other_cpus_up():
    # Guests placed on CPUs 0 and 1 run to their verdicts with four up.
    mods = [module(9, "a", "irq"), module(5, "b", "fpu")]
    m = boot_kernel(mem=96 + 48 * 2, modules=mods, extra=["-smp", "4"])
    status = m.wait_exit(120)
    out = m.transcript
    check(cpus_line(out).startswith("cpus: 4 online"), "not 4 CPUs", out)
    check_started(out, "a", 9)
    check_started(out, "b", 5)
    check_verdict(out, "a", "irq")
    check_verdict(out, "b", "fpu")
    check_power_off(out, "a")
    check_power_off(out, "b")
    check(status == EXIT_CLEAN, "QEMU exit status %s" % status, out)


def test_cpu_that_does_not_start_is_named():
    # hv.smp.phantom adds an APIC id no CPU has to the firmware's list: it
    # must be named, and the CPUs after it must still come up.
    status, out = smp(2, cmdline="console=com1 hv.smp.phantom=5 hv.selftest=smp")
    check(cpus_line(out) == "cpus: cpu 2 (apic 5) did not start; 2 online (MADT: apic 0, 1)",
          "wrong cpus line", out)
    check_selftest(out, [0, 1])
    check_clean(status, out)


def test_phantom_first_then_real_cpus():
    # The phantom comes last in the list; with cpus=3 under -smp 3 the
    # real CPUs fill the places and the phantom is never tried.
    status, out = smp(3, cmdline="console=com1 hv.smp.phantom=7 cpus=3")
    check(cpus_line(out) == "cpus: 3 online (MADT: apic 0, 1, 2; 1 more not started: cpus=3)",
          "wrong cpus line", out)
    check_clean(status, out)


def test_ap_stack_overflow_is_its_own_double_fault():
    # CPU 1 recurses into its stack's guard page; its own double-fault TSS
    # (on its own stack) reports the overflow, with an esp just below the
    # stack the self-test announced.
    status, out = smp(2, cmdline="console=com1 hv.selftest=smp-overflow")
    m = re.search(r"selftest smp-overflow: cpu 1's stack is 0x([0-9a-f]+)-0x([0-9a-f]+)", out)
    check(m, "no stack range printed", out)
    low = int(m.group(1), 16)
    check("*** hypervisor fault: double fault (#DF)" in out, "no double-fault report", out)
    d = re.search(r"eip [0-9a-f]{8}  cs 0050  eflags [0-9a-f]{8}  esp ([0-9a-f]{8})", out)
    check(d, "no register dump", out)
    esp = int(d.group(1), 16)
    check(low - 4096 <= esp < low + 64, "esp %#x is not at cpu 1's guard page (%#x)"
          % (esp, low - 4096), out)
    check(status == EXIT_PANIC, "QEMU exit status %s, expected %d (halt after fault)"
          % (status, EXIT_PANIC), out)
