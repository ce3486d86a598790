# SPDX-License-Identifier: GPL-2.0-only
"""The hypervisor on every 32-bit CPU from the 486 on, and on PCs without
PCI or ACPI.

QEMU's CPU models differ in what matters here: the 486 has no TSC, no
local APIC and no fxsave; the Pentium has a TSC and a LAPIC but still no
fxsave; from the Pentium II on everything is there.  The hypervisor must
notice and fall back (PIT for the clock and the timer, fnsave for guest
FPU state, 4 KiB pages where there is no PSE), say so in one line,

  hv: cpu: 486: PIT timer, PIT clock, 4 KiB pages, fnsave

and run the test guests (tests/guests/) as anywhere else, of the
lguest-bus and the PCI generations: every one must PASS and power off.  Machines: `pc` (i440FX), `q35`
and `isapc` (no PCI bus, no ACPI: power-off falls back to the debug-exit
port, or a halt with a message).

Then a real Linux guest on each CPU model and machine, one boot each, the
hypervisor's console on the serial port and the screen (console=com1,vga):
it reaches its shell, answers a command typed on the serial port there and
one typed on the keyboard (QEMU's `sendkey`) on the screen (read with `xp`,
tests/lib/qemu.py), and powers off.  From the Pentium II on (and on the
default CPU of `pc` and `q35`) that is a kernel of the guest folder (4.4
if there, see test_real_linux.py).  A 486 or Pentium (and `isapc`, whose
CPU is a 486) needs a kernel built for it (the guest folder's are
CONFIG_M686 and use cmov): LGUEST_486 names one, by default
LGUEST_GUESTS/cpu/486/bzImage (a level deeper than the `*/bzImage` the
other real-Linux tests boot, so that only these run it), with a klibc
initramfs (make initramfs-klibc: the busybox of the main one needs an i686).
Without a kernel those tests are skipped, saying so.
"""
import os
import re
import sys

from lib.harness import TestSkipped, check
from lib.linux_guests import GUEST_FOLDER, initrd, initrd_klibc, one_kernel
from lib.qemu import EXIT_CLEAN, boot_kernel

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_guests import check_power_off, check_started, check_verdict, module  # noqa: E402

# -cpu model: (class, timer, clock, FPU state) as the summary line names them.
CPUS = {
    "486": ("486", "PIT", "PIT", "fnsave"),
    "pentium": ("586", "LAPIC", "TSC", "fnsave"),
    "pentium2": ("686", "LAPIC", "TSC", "fxsave"),
    "pentium3": ("686", "LAPIC", "TSC", "fxsave"),
    "coreduo": ("686", "LAPIC", "TSC", "fxsave"),
    "n270": ("686", "LAPIC", "TSC", "fxsave"),
    "athlon": ("686", "LAPIC", "TSC", "fxsave"),
    "core2duo": ("686", "LAPIC", "TSC", "fxsave"),
    "qemu32": ("686", "LAPIC", "TSC", "fxsave"),
}

# One boot per CPU runs these four at once, of the lguest-bus and the PCI
# generations: page faults, ring 3 and two FPU guests whose states the
# switch (fxsave or fnsave) must keep apart.  None of them depends on
# timing.
GUESTS = [(5, "fpu"), (8, "fpu"), (7, "pagefault"), (10, "user")]
# Where the PIT is the clock, also the clock-event tests, each alone (they
# busy-wait for held ticks; without a TSC, with a loop timed at boot that
# only runs longer when the host is busy).
PIT_CLOCK_GUESTS = [(7, "hypercalls"), (10, "irq")]


def summary_line(cls, timer, clock, pages, fpu):
    return "hv: cpu: %s: %s timer, %s clock, %s pages, %s" % (cls, timer, clock, pages, fpu)


def run_guests(cpu=None, machine=None, guests=GUESTS, mem=None, cmdline="console=com1"):
    """Boots with these (generation, test) guests; checks every verdict and
    the clean end; returns the transcript."""
    extra = (["-cpu", cpu] if cpu else []) + (["-M", machine] if machine else [])
    mods = [module(gen, "g%d%s" % (gen, test[:2]), test) for gen, test in guests]
    m = boot_kernel(mem=mem or 96 + 48 * len(mods), cmdline=cmdline, modules=mods,
                    extra=extra)
    status = m.wait_exit(300)
    out = m.transcript
    for gen, test in guests:
        name = "g%d%s" % (gen, test[:2])
        check_started(out, name, gen)
        check_verdict(out, name, test)
        check_power_off(out, name)
    check(" killed: " not in out, "a guest was killed", out)
    check(status == EXIT_CLEAN, "QEMU exit status %s, expected %d" % (status, EXIT_CLEAN), out)
    return out


def _on_cpu(model):
    def test():
        cls, timer, clock, fpu = CPUS[model]
        line = summary_line(cls, timer, clock, "4 MiB", fpu)
        runs = [GUESTS] + ([[g] for g in PIT_CLOCK_GUESTS] if clock == "PIT" else [])
        for guests in runs:
            out = run_guests(cpu=model, guests=guests)
            check(line in out, "no line %r" % line, out)
            if clock == "PIT":
                check("tsc: none; time comes from the PIT" in out, "no TSC fallback", out)
                check("tsc_khz is 0" in out or "lgtest: irq" not in out,
                      "the irq guest was given a TSC rate", out)
            if fpu == "fnsave" and "lgtest: fpu" in out:
                check("no fxsave/SSE2 on this CPU" in out, "the fpu guest was not x87-only",
                      out)
    return test


for _model in CPUS:
    globals()["test_cpu_%s" % _model] = _on_cpu(_model)


def test_cpu_486_without_pse():
    """No 4 MiB pages: the hypervisor maps itself with 4 KiB ones (the
    memory map's holes included: the guests' memory and the page-faulting
    guest must all be reachable)."""
    out = run_guests(cpu="486,-pse", guests=[(5, "pagefault"), (8, "hello"), (10, "fpu")])
    line = summary_line("486", "PIT", "PIT", "4 KiB", "fnsave")
    check(line in out, "no line %r" % line, out)


def test_cpu_pentium2_without_pse_q35_3g():
    """4 KiB pages on q35 with 3 GiB: 2 GiB of RAM below the PCI hole, the
    rest above 4 GiB (unused: no PAE), reserved ranges between.  The 512
    page tables for the low 2 GiB come from the frame allocator, and the
    guests and the hypervisor's own structures must all be reachable."""
    out = run_guests(cpu="pentium2,-pse", machine="q35", mem=3072,
                     guests=[(7, "pagefault"), (9, "hello")])
    check(summary_line("686", "LAPIC", "TSC", "4 KiB", "fxsave") in out, "no 4 KiB line", out)
    check("memory: RAM above 0xffc00000 is not used" in out, "RAM above 4 GiB not set aside",
          out)


def test_cpu_pentium_as_486_without_cpuid():
    """hv.nocpuid: the hypervisor ignores CPUID, as on an early 486 that
    has none, and so uses every fallback at once.  (QEMU offers no CPU
    without CPUID; on a Pentium the guests' own native cpuid still agrees
    with what the hypervisor assumes: no fxsave, no SSE.)"""
    line = summary_line("486 (no CPUID)", "PIT", "PIT", "4 KiB", "fnsave")
    for guests in [GUESTS] + [[g] for g in PIT_CLOCK_GUESTS]:
        out = run_guests(cpu="pentium", guests=guests, cmdline="console=com1 hv.nocpuid")
        check(line in out, "no line %r" % line, out)
        check("cpu: a 486 without CPUID" in out, "CPUID not ignored", out)


def test_cpu_pentium2_without_apic():
    """A TSC but no local APIC: the PIT's one-shot drives the timer."""
    out = run_guests(cpu="pentium2,-apic")
    check(summary_line("686", "PIT", "TSC", "4 MiB", "fxsave") in out, "no PIT-timer line", out)
    check("timer: PIT one-shot on IRQ 0 (no LAPIC in this CPU)" in out, "no PIT timer", out)


def _on_machine(machine):
    def test():
        if machine == "isapc":
            for guests in PIT_CLOCK_GUESTS:
                run_guests(machine=machine, guests=[guests])
        out = run_guests(machine=machine)
        if machine == "isapc":
            # isapc's default CPU is a 486; nothing answers PCI or ACPI.
            check(summary_line("486", "PIT", "PIT", "4 MiB", "fnsave") in out,
                  "isapc's 486 not reported", out)
            check("acpi: cannot power off (no ACPI root pointer); will halt instead" in out,
                  "no ACPI fallback reported", out)
            check("hv: no network card" in out, "a network card on an ISA PC?", out)
        else:
            check(re.search(r"acpi: power off through PM1a_CNT", out), "no ACPI found", out)
    return test


for _machine in ("pc", "q35", "isapc"):
    globals()["test_machine_%s" % _machine] = _on_machine(_machine)


# --- a real Linux guest on every CPU and machine ---------------------------

LINUX_486 = os.environ.get("LGUEST_486", os.path.join(GUEST_FOLDER, "cpu", "486", "bzImage"))

# Test name: (-cpu, -M, kernel): "486" is LINUX_486 with the klibc
# initramfs, "686" a CONFIG_M686 kernel of the guest folder with the main
# one.  QEMU's default machine is `pc` with `qemu32`, so that one boot is
# both the model and the machine.
LINUX_MATRIX = {
    "486": ("486", None, "486"),
    "pentium": ("pentium", None, "486"),
    "pentium2": ("pentium2", None, "686"),
    "pentium3": ("pentium3", None, "686"),
    "coreduo": ("coreduo", None, "686"),
    "n270": ("n270", None, "686"),
    "athlon": ("athlon", None, "686"),
    "core2duo": ("core2duo", None, "686"),
    "qemu32_pc": ("qemu32", "pc", "686"),
    "q35": (None, "q35", "686"),
    "isapc": (None, "isapc", "486"),
}


def _linux_modules(kind):
    if kind == "686":
        return [one_kernel("4.4", "4.9", "4.13"), initrd()]
    if not os.path.exists(LINUX_486):
        raise TestSkipped("no 486 guest kernel at %s (LGUEST_486): see "
                          "LGUEST_GUESTS/NOTES.md for how it is built" % LINUX_486)
    return [LINUX_486, initrd_klibc()]


def _linux_on(cpu, machine, kind):
    """A shell on both consoles (console=com1,vga): a command typed on the
    serial port answers there, one typed on the keyboard answers on the
    screen; then power off."""
    def test():
        kernel, rd = _linux_modules(kind)
        extra = (["-cpu", cpu] if cpu else []) + (["-M", machine] if machine else [])
        m = boot_kernel(mem=256, cmdline="console=com1,vga", screen=True, extra=extra,
                        modules=["%s name=linux mem=64M -- console=hvc0" % kernel, rd])
        try:
            got = m.wait_for(r"hv: guest linux: Linux (\S+), ABI|hv: guest linux killed: .*", 120)
            check("killed" not in got.group(0), got.group(0), m.transcript)
            m.wait_for(r"\[linux\] guest:/# ", 600)
            m.send("echo ser=$((6*7)); cat /proc/cpuinfo\r")
            m.wait_for(r"\[linux\] ser=42\n", 120)
            m.wait_for(r"\[linux\] cpu family\s*: \d", 60)
            m.type_keys("echo kbd=$((40+3))\n")
            m.wait_screen(r"\[linux\] kbd=43\n", 120)
            m.send("poweroff\r")
            status = m.wait_exit(180)
        finally:
            m.kill()
        out = m.transcript
        check(" killed: " not in out, "the guest was killed", out)
        check(status == EXIT_CLEAN, "QEMU exit status %s" % status, out)
        cls = CPUS[cpu][0] if cpu else "486" if machine == "isapc" else "686"
        check("hv: cpu: %s: " % cls in out, "no hv: cpu: %s line" % cls, out)
        if cls == "486":
            check("PIT clock" in out, "not on the PIT clock", out)
    return test


for _name, _how in LINUX_MATRIX.items():
    globals()["test_linux_on_%s" % _name] = _linux_on(*_how)
