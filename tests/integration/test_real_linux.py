# SPDX-License-Identifier: GPL-2.0-only
"""Real Linux lguest guests: the kernels people will boot.

Which kernels: LGUEST_LINUX, a kernel (bzImage or vmlinux built with
CONFIG_LGUEST_GUEST=y and the virtio console) or a list of them separated
by ':'; when it is unset, every `*/bzImage` in the guest folder
LGUEST_GUESTS (default ~/lguest-guests), so that a machine that keeps
built kernels boots them on every `make test`.  The guests get the
project's initramfs (make initramfs), or LGUEST_INITRD if set.  No kernel
is fetched or built here: with none to be found these tests are reported
as skipped, saying why.

Each kernel of a supported generation must be recognised (version and ABI
generation), print its boot messages through the early console (NOTIFY up
to 3.19, the virtio-PCI emerg_wr window from 4.0) and then hvc0, reach a
shell on hvc0, run what is typed there, come back after `reboot`, and power
off cleanly with `poweroff`.  A kernel of a generation not supported yet
must be refused with a reason naming its version, and nothing else
disturbed.  Then up to four kernels of different generations run at once.
"""
import os
import re
import tempfile

from lib.harness import TestSkipped, check
from lib.linux_guests import (GUEST_FOLDER, KERNELS, SOURCE, initrd, label, old_userspace,
                               one_kernel)
from lib.qemu import EXIT_CLEAN, boot_kernel


def _started_or_refused(m):
    """Waits for the hypervisor's word on the kernel: (version, gen) or a refusal."""
    g = m.wait_for(r"hv: guest linux: Linux (\S+), ABI (G\d+)|"
                   r"hv: module 0 .*: Linux (\S+) is not a supported lguest guest", 60)
    if g.group(3):
        return None, g.group(3)
    return g.group(2), g.group(1)


def _boot_to_shell(kernel):
    def test():
        if not os.path.exists(kernel):
            raise TestSkipped("%s names %s, which does not exist" % (SOURCE, kernel))
        mods = ["%s name=linux mem=64M -- console=hvc0" % kernel, initrd(kernel)]
        m = boot_kernel(mem=256, modules=mods)
        try:
            gen, version = _started_or_refused(m)
            if gen is None:
                # Not supported yet: refused by name, and the machine
                # (with no guest left) powers off cleanly.
                status = m.wait_exit(60)
                out = m.transcript
                check(re.search(r"Linux %s is not a supported lguest guest \(supported: "
                                % re.escape(version), out), "refusal does not name it", out)
                check(status == EXIT_CLEAN, "QEMU exit status %s" % status, out)
                return
            got = m.wait_for(r"\[linux\] Linux version " + re.escape(version.split("+")[0]) +
                             r"|hv: guest linux killed: .*", 120)
            check("killed" not in got.group(0), got.group(0), m.transcript)
            m.wait_for(r"\[linux\] Kernel command line: console=hvc0", 120)
            m.wait_for(r"\[linux\] Memory: \d+[kK]/\d+[kK] available", 120)
            # Late 4.9.y kernels lose their console messages once the virtio
            # console takes over (it comes up as hvc1); the initramfs then
            # puts the shell on hvc1 and says so (initramfs/shell).
            m.wait_for(r"\[linux\] (Freeing unused kernel memory|lghv initramfs: the kernel "
                       r"console has no terminal)", 300)
            m.wait_for(r"\[linux\] guest:/# ", 120)
            m.send("echo sum=$((40+2)); uname -r\r")
            m.wait_for(r"\[linux\] sum=42", 60)
            m.wait_for(r"\[linux\] " + re.escape(version.split("+")[0]), 30)
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
        check("killed" not in out, "the guest was killed", out)
        check('hv: guest linux: power off ("Power down")' in out, "no clean power-off", out)
        check(status == EXIT_CLEAN, "QEMU exit status %s" % status, out)
        # System calls go straight into the guest, whatever gate its
        # kernel asked for (4.7 on: an interrupt gate): the counters of
        # its last life show no exit through vector 0x80.
        vectors = re.findall(r"hv: guest linux exits by vector: (.*)", out)
        check(vectors and "0x80=" not in vectors[-1],
              "system calls exit to the hypervisor: %s" % (vectors[-1:] or "no counters"), out)
    return test


if KERNELS:
    for _k in KERNELS:
        globals()["test_linux_%s" % label(_k)] = _boot_to_shell(_k)
else:
    def test_linux_guests():
        raise TestSkipped("no kernels: none in %s (LGUEST_GUESTS) and LGUEST_LINUX unset"
                          % GUEST_FOLDER)


def _generation_of(kernel):
    """The generation the hypervisor gives a kernel, from a short boot."""
    m = boot_kernel(mem=128, modules=["%s name=linux mem=32M -- console=hvc0" % kernel])
    try:
        gen, _ = _started_or_refused(m)
    finally:
        m.kill()
    return gen


_by_gen = []


def _newest_of_each_generation():
    """[kernel]: the newest kernel of each supported generation, oldest
    generation first (asked of the hypervisor once per run)."""
    if not _by_gen:
        by_gen = {}
        for k in KERNELS:
            if os.path.exists(k):
                gen = _generation_of(k)
                if gen:
                    by_gen[gen] = k
        _by_gen.append([by_gen[g] for g in sorted(by_gen, key=lambda g: int(g[1:]))])
    return _by_gen[0]


def _mix():
    """Up to four supported kernels, one per generation where there are
    that many generations (the newest kernel of each), else repeats."""
    picked = list(_newest_of_each_generation())
    if len(picked) > 4:
        # spread over the range: oldest, newest and two between
        n = len(picked)
        picked = [picked[0], picked[n // 3], picked[(2 * n) // 3], picked[-1]]
    return [picked[i % len(picked)] for i in range(4)] if picked else []


def _shells_at_once(kernels, prefix, mem_each, machine_mem, shell_wait, line, hv_command=None,
                    extra=()):
    """Boots the kernels in one machine as guests PREFIX0, PREFIX1, ...,
    waits for every shell, then moves the console focus to each in turn
    and types line(i)'s command, waiting for its answer; then, given
    hv_command (command, answer), moves the focus on to the hypervisor and
    types that.  extra: more QEMU arguments.  Checks nothing faulted or
    was killed and returns the transcript."""
    names = ["%s%d" % (prefix, i) for i in range(len(kernels))]
    mods = []
    for k, n in zip(kernels, names):
        mods += ["%s name=%s mem=%dM -- console=hvc0 quiet" % (k, n, mem_each), initrd(k)]
    m = boot_kernel(mem=machine_mem, modules=mods, extra=extra)
    try:
        for n in names:
            got = m.wait_for(r"\[%s\] guest:/# |hv: guest (%s\d+) killed: .*" % (n, prefix),
                             shell_wait)
            check(not got.group(1), "a guest was killed: %s" % got.group(0), m.transcript)
        m.wait_for(r"hv: console focus: guest %s\n" % names[0], 10)
        for i, n in enumerate(names):
            if i:
                m.send("\x01\x01\x01")
                m.wait_for(r"hv: console focus: guest %s\n" % n, 20)
            command, answer = line(i)
            m.send(command + "\r")
            m.wait_for(r"\[%s\] %s" % (n, answer), 60)
        if hv_command:
            m.send("\x01\x01\x01")
            m.wait_for(r"hv: console focus: hypervisor", 20)
            m.send(hv_command[0] + "\r")
            m.wait_for(hv_command[1], 20)
    finally:
        m.kill()
    out = m.transcript
    check("hypervisor fault" not in out, "the hypervisor faulted", out)
    check("killed" not in out, "a guest was killed", out)
    return out


def test_four_linux_guests_at_once():
    """Four real guests (4 x 48 MiB), of as many generations as there are
    kernels for, on the shared console: each reaches its shell, and with the
    focus moved to each in turn runs a typed command, while the first one
    keeps the CPU busy with an endless loop."""
    if not KERNELS:
        raise TestSkipped("no kernels: none in %s (LGUEST_GUESTS) and LGUEST_LINUX unset"
                          % GUEST_FOLDER)
    kernels = _mix()
    if not kernels:
        raise TestSkipped("no kernel of a supported generation among %s" % ", ".join(KERNELS))
    hog = "(while :; do :; done) & "
    out = _shells_at_once(kernels, "l", 48, 400, 240,
                          lambda i: ("%secho ok-$((%d*11)) $(uname -r)" % (hog if i == 0 else "",
                                                                        i + 1),
                                     r"ok-%d " % ((i + 1) * 11)))
    gens = set(re.findall(r"hv: guest l\d: Linux \S+, ABI (G\d+)", out))
    print("four guests at once, generations: %s" % ", ".join(sorted(gens)))


def test_every_generation_at_once():
    """A kernel of every generation in the guest folder (up to ten: 2.6.24
    to 4.13), all in one machine: each reaches its shell and answers a
    command typed with the console focus on it."""
    if not KERNELS:
        raise TestSkipped("no kernels: none in %s (LGUEST_GUESTS) and LGUEST_LINUX unset"
                          % GUEST_FOLDER)
    kernels = _newest_of_each_generation()
    if len(kernels) < 2:
        raise TestSkipped("kernels of only %d generation here" % len(kernels))
    out = _shells_at_once(kernels, "e", 40, 128 + 48 * len(kernels), 400,
                          lambda i: ("echo up-$((%d*7))" % (i + 1), r"up-%d\n" % ((i + 1) * 7)))
    gens = re.findall(r"hv: guest e\d+: Linux (\S+), ABI (G\d+)", out)
    check(len(gens) == len(kernels), "not every guest started", out)
    print("every generation at once: %s" % ", ".join("%s (%s)" % (v, g) for v, g in gens))


def test_twenty_four_linux_guests_in_a_gigabyte():
    """24 real guests of 32 MiB, each with its initramfs (48 modules), in a
    1 GiB machine: more than the sixteen a fixed table once allowed, as
    many as the memory holds.  Each reaches its shell and answers a
    command typed with the focus on it; then the hypervisor's `mem` says
    what is left."""
    kernel = one_kernel("2.6.32", "3.10", "2.6.35", "3.0")
    if old_userspace(kernel):
        raise TestSkipped("%s needs the klibc initramfs; this test wants busybox's" % kernel)
    count = 24
    out = _shells_at_once([kernel] * count, "t", 32, 1024, 300,
                          lambda i: ("echo hi-$((%d*3))" % (i + 1), r"hi-%d\n" % ((i + 1) * 3)),
                          hv_command=("mem", r"hv: memory: (\d+) KiB free of (\d+) KiB usable"))
    started = re.findall(r"hv: guest t\d+: Linux (\S+), ABI (G\d+)", out)
    check(len(started) == count, "%d of %d guests started" % (len(started), count), out)
    check("not enough memory" not in out, "a guest was refused for memory", out)
    free, usable = map(int, re.findall(r"hv: memory: (\d+) KiB free of (\d+) KiB usable",
                                       out)[-1])
    mods = sum(int(k) for k in re.findall(r"^module \d+: \S+, \d+ bytes \((\d+) KiB\)", out,
                                          re.M))
    print("24 guests of Linux %s (%s), 32 MiB each: modules %d KiB, %d KiB of %d KiB usable "
          "in use, %d KiB free" % (started[0][0], started[0][1], mods, usable - free, usable,
                                   free))


# Kernels before 2.6.29 boot klibc's initramfs, which has no network tools
# and cannot run the busybox root disks of test_real_linux_disk.py: their
# devices are checked here with what klibc has (cat, dd, ls), on a disk
# image made for the test with a marker at a known sector, a network card
# with a given MAC and (2.6.26 on) the entropy device.
MARK_AT = 100 * 512
MARK = b"lghv-old-disk-%d\n"
WRITE_AT = 300 * 512


def _old_kernel_devices(kernel):
    def test():
        if not os.path.exists(kernel):
            raise TestSkipped("%s names %s, which does not exist" % (SOURCE, kernel))
        fd, disk = tempfile.mkstemp(suffix=".img")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(b"\0" * (1 << 20))
                f.seek(MARK_AT)
                f.write(MARK % 42)
            mac = "02:00:00:00:24:01"
            mods = ["%s name=linux mem=64M net=sw0 mac=%s -- console=hvc0" % (kernel, mac),
                    initrd(kernel), "%s disk=rw" % disk]
            m = boot_kernel(mem=256, modules=mods)
            try:
                _old_kernel_session(m, mac)
            finally:
                m.kill()
        finally:
            os.unlink(disk)
        out = m.transcript
        check("hypervisor fault" not in out, "the hypervisor faulted", out)
        check("killed" not in out, "the guest was killed", out)
    return test


PROMPT = r"guest:/# "


def _type(m, line, pattern, timeout=30):
    """Types a command, waits for its answer and then for the next prompt,
    so that the next command is typed only once the shell reads again:
    typed ahead, its echo comes first and the prompt and the answer share
    the line after it, which is why the answers are not anchored to the
    start of a line.  Returns the answer's match."""
    mark = len(m.transcript)
    m.send(line + "\r")
    got = m.wait_for(pattern, timeout, since=mark)
    m.wait_for(PROMPT, timeout, since=got.end())
    return got


def _old_kernel_session(m, mac):
    m.wait_for(r"\[linux\] " + PROMPT, 240)
    version = m.wait_for(r"\[linux\] lghv initramfs-klibc: klibc sh on (\S+)", 5).group(1)
    # The disk: 1 MiB is 1024 blocks in /proc/partitions; the marker is read
    # at its sector; a line written at another sector is read back after a
    # reboot (so from the disk, not the page cache).
    _type(m, "cat /proc/partitions", r"\[linux\] +\d+ +0 +1024 vda\n")
    _type(m, "dd if=/dev/vda bs=1 skip=%d count=%d 2>/dev/null" % (MARK_AT, len(MARK % 42) - 1),
          r"lghv-old-disk-42")
    _type(m, "echo written-$((6*7)) > /tmp/w; dd if=/tmp/w of=/dev/vda bs=512 seek=%d "
          "2>/dev/null; sync; echo sync-$((2*3))" % (WRITE_AT // 512), r"sync-6")
    # The card, by its MAC.
    _type(m, "cat /sys/class/net/eth0/address", re.escape(mac))
    # The entropy device, where the kernel has a driver (2.6.26 on).
    minor = int(version.split(".")[2].split("-")[0])
    if minor >= 26:
        # (klibc's ls lists long: mode, links, owner, group, size, name.)
        _type(m, "cat /sys/class/misc/hw_random/rng_current", r"virtio")
        _type(m, "dd if=/dev/hwrng of=/tmp/r bs=64 count=1 2>/dev/null; ls /tmp",
              r"-\S+ +\d+ +\d+ +\d+ +64 +r\n")
    m.send("reboot\r")
    m.wait_for(r"hv: guest linux: restarting", 120)
    m.wait_for(r"(?s)restarting.*\[linux\] " + PROMPT, 240)
    _type(m, "dd if=/dev/vda bs=1 skip=%d count=10 2>/dev/null; echo" % WRITE_AT,
          r"written-42")
    m.send("poweroff\r")
    m.wait_for(r'hv: guest linux: power off \("Power down"\)', 120)


for _k in KERNELS:
    if os.path.exists(_k) and old_userspace(_k):
        globals()["test_linux_devices_%s" % label(_k)] = _old_kernel_devices(_k)
