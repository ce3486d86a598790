# SPDX-License-Identifier: GPL-2.0-only
"""Booting the bare hypervisor (no guests yet) and checking what it reports.

Both ways a user boots it: QEMU's own Multiboot loader (-kernel, modules
through -initrd) and a real GRUB rescue ISO (Multiboot 1 and 2), at
several memory sizes.  Each boot must print the memory it found, echo every
module's command line, and end with a clean power-off, never a reset.
"""
import os
import re
import subprocess
import tempfile
import threading

from lib.harness import TestFailure, check
from lib.qemu import EXIT_CLEAN, HV_ELF, ROOT, boot_iso, run_kernel


# Every test here runs again on a two-CPU machine (name@smp2).
SMP_VARIANTS = True

BUILD = os.path.join(ROOT, "build", "tests")


def check_memory(transcript, mem_mib):
    m = re.search(r"memory: (\d+) KiB usable RAM, top of RAM at (\d+) MiB", transcript)
    check(m, "no memory summary", transcript)
    usable_kib, top_mib = int(m.group(1)), int(m.group(2))
    # QEMU gives all of -m as RAM except the legacy hole below 1 MiB and
    # a little it keeps for firmware at the top.
    check(mem_mib * 1024 - 1024 <= usable_kib <= mem_mib * 1024,
          "usable RAM %d KiB does not match -m %d" % (usable_kib, mem_mib), transcript)
    check(top_mib == mem_mib, "top of RAM %d MiB, expected %d" % (top_mib, mem_mib), transcript)


def check_clean_end(status, transcript):
    check("hv: no guests to run; powering off." in transcript, "no clean power-off message",
          transcript)
    check(status == EXIT_CLEAN, "QEMU exit status %s, expected %d (clean power-off)"
          % (status, EXIT_CLEAN), transcript)


def module_files(count):
    """Small module files of distinct sizes in build/tests."""
    os.makedirs(BUILD, exist_ok=True)
    paths = []
    for i in range(count):
        p = os.path.join(BUILD, "module%d.bin" % i)
        # Written aside and renamed into place: a test running at the same
        # time (its @smp2 twin) may be loading the file from this path.
        fd, tmp = tempfile.mkstemp(dir=BUILD)
        with os.fdopen(fd, "wb") as f:
            f.write(bytes([i]) * (1000 + 4096 * i))
        os.replace(tmp, p)
        paths.append(p)
    return paths


def test_image_has_both_multiboot_headers():
    for flag in ("--is-x86-multiboot", "--is-x86-multiboot2"):
        r = subprocess.run(["grub-file", flag, HV_ELF])
        check(r.returncode == 0, "grub-file %s rejects build/hv.elf" % flag)


def _kernel_memory(mem):
    def test():
        status, out = run_kernel(mem=mem)
        check_memory(out, mem)
        check("boot: Multiboot 1 from \"qemu\"" in out, "boot protocol not reported", out)
        check(re.search(r"tsc: \d+\.\d{3} MHz, calibrated against the PIT", out),
              "no TSC calibration", out)
        check(re.search(r"clock: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(CMOS\)", out),
              "no wall-clock time", out)
        check("lapic: id 0" in out, "LAPIC not used", out)
        check_clean_end(status, out)
    return test


test_kernel_boot_64m = _kernel_memory(64)
test_kernel_boot_200m = _kernel_memory(200)
test_kernel_boot_1g = _kernel_memory(1024)


def test_kernel_modules_echoed():
    paths = module_files(3)
    specs = ["%s mem=32M name=web -- console=hvc0 root=/dev/ram" % paths[0],
             paths[1], "%s second words here" % paths[2]]
    status, out = run_kernel(mem=128, modules=specs)
    check("modules: 3" in out, "module count not reported", out)
    for i, spec in enumerate(specs):
        size = os.path.getsize(paths[i])
        pat = r'module %d: 0x[0-9a-f]+-0x[0-9a-f]+, %d bytes \(\d+ KiB\): "%s"' % (
            i, size, re.escape(spec))
        check(re.search(pat, out), "module %d not echoed as %r" % (i, spec), out)
    # Modules must be reserved: free memory is less than usable by at least
    # the image and the modules.
    check_clean_end(status, out)


def test_kernel_boot_without_lapic():
    status, out = run_kernel(mem=64, cmdline="console=com1 hv.noapic")
    check("timer: PIT one-shot on IRQ 0 (no LAPIC: hv.noapic)" in out, "PIT not chosen", out)
    check_clean_end(status, out)


def test_bad_cmdline_options_reported_and_boot_goes_on():
    status, out = run_kernel(cmdline="com1=12345 console=lpt9 bogus=1 hv.selftest=nosuch")
    check("cmdline: com1=: baud rate must divide 115200" in out, "bad baud not reported", out)
    check("unknown console 'lpt9'" in out, "bad console not reported", out)
    check("unknown option 'bogus=...' ignored" in out, "unknown option not reported", out)
    check("selftest nosuch: no such self-test" in out, "unknown self-test not reported", out)
    check("115200 8n1" in out, "default serial settings not kept", out)
    check_clean_end(status, out)


def test_console_on_com2():
    # With console=com2 the hypervisor speaks on the second port only.
    from lib.qemu import Machine
    os.makedirs(BUILD, exist_ok=True)
    # A file of its own: the @smp2 run of this test may run at the same time.
    fd, log = tempfile.mkstemp(prefix="com2-", suffix=".log", dir=BUILD)
    os.close(fd)
    args = ["-m", "64", "-kernel", HV_ELF, "-append", "console=com2"]
    m = Machine(["-serial", "file:" + log] + args, serial_ports=1)
    status = m.wait_exit(60)
    com1 = m.transcript
    com2 = open(log, errors="replace").read().replace("\r", "")
    os.unlink(log)
    check("hv: no guests to run" in com2, "nothing on COM2", com2)
    check("serial: com2 at 0x2f8 irq 3, 115200 8n1" in com2, "COM2 not reported", com2)
    check("lghv" not in com1, "hypervisor output leaked to COM1", com1)
    check(status == EXIT_CLEAN, "bad exit status %s" % status, com2)


def test_acpi_power_off_without_debug_exit():
    # No isa-debug-exit device: only a working ACPI S5 power-off ends QEMU.
    from lib.qemu import boot_kernel
    m = boot_kernel(mem=64, debug_exit=False)
    status = m.wait_exit(60)
    out = m.transcript
    check("acpi: power off through PM1a_CNT 0x604" in out, "ACPI power-off not found", out)
    check("did not switch off" not in out, "ACPI power-off failed", out)
    check(status == 0, "QEMU exit status %s after ACPI power-off" % status, out)


_iso_lock = threading.Lock()


def make_iso(protocol, modules):
    """A GRUB rescue ISO with the hypervisor and the given modules."""
    os.makedirs(BUILD, exist_ok=True)
    # One of its own: its @smp2 twin may be booting from another.
    iso = os.path.join(BUILD, "boot-%s-%d.iso" % (protocol, threading.get_ident()))
    env = dict(os.environ, ISO_PROTOCOL=protocol, ISO_TIMEOUT="0")
    with _iso_lock:
        r = subprocess.run([os.path.join(ROOT, "scripts", "mkiso.sh"), iso, HV_ELF] + modules,
                           env=env, capture_output=True, text=True)
    if r.returncode != 0:
        raise TestFailure("mkiso.sh failed:\n" + r.stdout + r.stderr)
    return iso


def _iso_boot(protocol, mem):
    def test():
        paths = module_files(2)
        iso = make_iso(protocol, ["%s mem=16M -- console=hvc0" % paths[0], paths[1]])
        m = boot_iso(iso, mem=mem)
        status = m.wait_exit(90)
        out = m.transcript
        os.unlink(iso)
        proto_no = "2" if protocol == "multiboot2" else "1"
        check(re.search(r'boot: Multiboot %s from "GRUB' % proto_no, out),
              "not booted by GRUB with %s" % protocol, out)
        check_memory(out, mem)
        name0, name1 = (os.path.basename(p) for p in paths)
        check('"%s mem=16M -- console=hvc0"' % name0 in out, "module 0 line not echoed", out)
        check('"%s"' % name1 in out, "module 1 line not echoed", out)
        check_clean_end(status, out)
    return test


test_iso_multiboot2_boot = _iso_boot("multiboot2", 96)
test_iso_multiboot1_boot = _iso_boot("multiboot", 160)
