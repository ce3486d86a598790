# SPDX-License-Identifier: GPL-2.0-only
"""Real Linux lguest guests, when the environment names some.

LGUEST_LINUX is a kernel (bzImage or vmlinux built with CONFIG_LGUEST_GUEST=y
and the virtio console) or a list of them separated by ':'.  The guests get
the project's initramfs (make initramfs), or LGUEST_INITRD if set.  No
kernel is fetched or built here: without the variable these tests are
reported as skipped.

Each kernel must be recognised (version and ABI generation), print its boot
messages through the early console (NOTIFY) and then hvc0, reach a shell on
hvc0, run what is typed there, come back after `reboot`, and power off
cleanly with `poweroff`.
"""
import os
import re
import subprocess

from lib.harness import TestSkipped, check
from lib.qemu import EXIT_CLEAN, ROOT, boot_kernel

KERNELS = [k for k in os.environ.get("LGUEST_LINUX", "").split(":") if k]
INITRD = os.environ.get("LGUEST_INITRD", "")


def initrd():
    if INITRD:
        return INITRD
    path = os.path.join(ROOT, "build", "initramfs.gz")
    subprocess.run(["make", "-s", "-C", ROOT, "initramfs"], check=True,
                   stdout=subprocess.DEVNULL)
    return path


def _boot_through_start_kernel(kernel):
    def test():
        if not os.path.exists(kernel):
            raise TestSkipped("LGUEST_LINUX names %s, which does not exist" % kernel)
        mods = ["%s name=linux mem=64M -- console=hvc0" % kernel, initrd()]
        m = boot_kernel(mem=256, modules=mods)
        try:
            g = m.wait_for(r"hv: guest linux: Linux (\S+), ABI (G\d)", 60)
            m.wait_for(r"\[linux\] Linux version " + re.escape(g.group(1).split("+")[0]), 120)
            m.wait_for(r"\[linux\] Kernel command line: console=hvc0", 120)
            m.wait_for(r"\[linux\] Memory: \d+k/\d+k available", 120)
            m.wait_for(r"\[linux\] Freeing unused kernel memory", 300)
            m.wait_for(r"\[linux\] guest:/# ", 120)
            m.send("echo sum=$((40+2)); uname -r\r")
            m.wait_for(r"\[linux\] sum=42", 60)
            # reboot: the hypervisor starts it again from its modules, and
            # the console focus stays with it.
            m.send("reboot\r")
            m.wait_for(r"hv: guest linux: restarting", 120)
            m.wait_for(r"(?s)restarting.*\[linux\] guest:/# ", 180)
            m.send("echo again-$((40+3))\r")
            m.wait_for(r"\[linux\] again-43", 60)
            m.send("poweroff\r")
            status = m.wait_exit(120)
        finally:
            m.kill()
        out = m.transcript
        check("hypervisor fault" not in out, "the hypervisor faulted", out)
        check('hv: guest linux: power off ("Power down")' in out, "no clean power-off", out)
        check(status == EXIT_CLEAN, "QEMU exit status %s" % status, out)
    return test


if KERNELS:
    for _i, _k in enumerate(KERNELS):
        globals()["test_linux_%d_%s" % (_i, re.sub(r"\W", "_", os.path.basename(_k)))] = \
            _boot_through_start_kernel(_k)
else:
    def test_linux_guests():
        raise TestSkipped("set LGUEST_LINUX=/path/to/bzImage[:...] to boot real Linux guests")


def test_four_linux_guests_at_once():
    """Four real guests (4 x 48 MiB) on the shared console: each reaches its
    shell, and with the focus moved to each in turn runs a typed command,
    while the first one keeps the CPU busy with an endless loop."""
    if not KERNELS:
        raise TestSkipped("set LGUEST_LINUX to boot real Linux guests")
    names = ["l0", "l1", "l2", "l3"]
    rd = initrd()
    mods = []
    for i, n in enumerate(names):
        mods += ["%s name=%s mem=48M -- console=hvc0 quiet" % (KERNELS[i % len(KERNELS)], n), rd]
    m = boot_kernel(mem=400, modules=mods)
    try:
        for n in names:
            m.wait_for(r"\[%s\] guest:/# " % n, 180)
        m.wait_for(r"hv: console focus: guest l0", 10)
        for i, n in enumerate(names):
            if i:
                m.send("\x01\x01\x01")
                m.wait_for(r"hv: console focus: guest %s" % n, 20)
            hog = "(while :; do :; done) & " if i == 0 else ""
            m.send("%secho ok-$((%d*11))\r" % (hog, i + 1))
            m.wait_for(r"\[%s\] ok-%d" % (n, (i + 1) * 11), 60)
    finally:
        m.kill()
    check("hypervisor fault" not in m.transcript, "the hypervisor faulted", m.transcript)
    check("killed" not in m.transcript, "a guest was killed", m.transcript)
