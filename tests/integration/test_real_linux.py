# SPDX-License-Identifier: GPL-2.0-only
"""Real Linux lguest guests, when the environment names some.

LGUEST_LINUX is a kernel (bzImage or vmlinux built with CONFIG_LGUEST_GUEST=y)
or a list of them separated by ':'; LGUEST_INITRD optionally names an
initramfs to pass along.  Nothing is fetched or built here: without the
variable these tests are reported as skipped.

Each kernel must be recognised (version and ABI generation), print its boot
messages through the early console (NOTIFY), and get through start_kernel
to the point where it runs its first user process.
"""
import os
import re

from lib.harness import TestSkipped, check
from lib.qemu import boot_kernel

KERNELS = [k for k in os.environ.get("LGUEST_LINUX", "").split(":") if k]
INITRD = os.environ.get("LGUEST_INITRD", "")


def _boot_through_start_kernel(kernel):
    def test():
        if not os.path.exists(kernel):
            raise TestSkipped("LGUEST_LINUX names %s, which does not exist" % kernel)
        mods = ["%s name=linux mem=64M -- console=hvc0" % kernel]
        if INITRD:
            mods.append(INITRD)
        m = boot_kernel(mem=256, modules=mods)
        try:
            g = m.wait_for(r"hv: guest linux: Linux (\S+), ABI (G\d)", 60)
            m.wait_for(r"\[linux\] Linux version " + re.escape(g.group(1).split("+")[0]), 120)
            m.wait_for(r"\[linux\] Kernel command line: console=hvc0", 120)
            m.wait_for(r"\[linux\] Memory: \d+k/\d+k available", 120)
            m.wait_for(r"\[linux\] Freeing unused kernel memory", 300)
        finally:
            m.kill()
        check("hypervisor fault" not in m.transcript, "the hypervisor faulted", m.transcript)
    return test


if KERNELS:
    for _i, _k in enumerate(KERNELS):
        globals()["test_linux_%d_%s" % (_i, re.sub(r"\W", "_", os.path.basename(_k)))] = \
            _boot_through_start_kernel(_k)
else:
    def test_linux_guests():
        raise TestSkipped("set LGUEST_LINUX=/path/to/bzImage[:...] to boot real Linux guests")
