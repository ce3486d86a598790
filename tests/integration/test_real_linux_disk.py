# SPDX-License-Identifier: GPL-2.0-only
"""Real Linux guests on disks (issue 11): each kernel of the guest folder
mounts its root file system from a virtio-blk disk, /dev/vda, and what it
writes there stays.

The disk is the project's initramfs tree made into an ext2 image (make
rootdisks, scripts/mkrootdisk.sh), so the guest boots with
`root=/dev/vda rw` and no initramfs to the same busybox shell on hvc0.

 * module disk: the image is a Multiboot module `IMG disk=rw` after the
   guest's kernel.  A file written in the guest is still there after the
   guest's `reboot` (the hypervisor keeps the module's RAM copy); the
   image file itself is never written.  A second module, `disk=ro`, is
   vdb: read-only, its MBR partition seen by the guest.
 * IDE disk: the image is one of QEMU's four legacy IDE drives,
   `disk=hdN` (whole disk) or `disk=hdNp1` (partition 1 of an MBR disk),
   the two forms alternating over the kernels.  A file written in the
   guest is on the image once the machine has powered off (read on the
   host with debugfs), and the guest sees it when the machine boots again
   from the same images; in that second boot every other disk is given
   read-only (`:ro`), and its guest finds its root mounted read-only.  In
   the first boot a read-only module disk comes after the real disk, as
   vdb (real disks first, then modules).

To keep the run short the kernels go four to a machine, the four guests
each with a disk of its own, typed to in turn by moving the console focus.
"""
import os
import re
import shutil
import subprocess
import tempfile

from lib.harness import TestFailure, TestSkipped, check
from lib.linux_guests import GUEST_FOLDER, KERNELS, label, old_userspace, rootdisks
from lib.qemu import EXIT_CLEAN, boot_kernel

PER_MACHINE = 4                 # the legacy IDE channels' four drives
GUEST_MEM = "48M"
PART_OFFSET = 1 << 20           # scripts/mkrootdisk.sh --mbr: partition 1 at 1 MiB

# Whatever ends a guest early fails the test at the first wait.  (A power
# off is trouble unless asked for, which only its whole line can tell.)
TROUBLE = (r"hv: guest \S+ killed: .*|hv: module \d+ .*guest not started|"
           r"hv: guest \S+: power off \(\"(?!Power down\")[^\n]*\n|hypervisor fault.*")


class Machine4:
    """Up to four guests n0.. in one machine, root=/dev/vda each."""

    def __init__(self, kernels, guest_opts, disk_modules=None, extra=()):
        self.names = ["n%d" % i for i in range(len(kernels))]
        mods = []
        for i, k in enumerate(kernels):
            mods.append("%s name=%s mem=%s%s -- console=hvc0 root=/dev/vda rw quiet"
                        % (k, self.names[i], GUEST_MEM, guest_opts[i]))
            mods += disk_modules[i] if disk_modules else []
        self.m = boot_kernel(mem=512, modules=mods, extra=extra)
        self.focus = None

    def expect(self, pattern, timeout=60, since=0):
        got = self.m.wait_for(r"(%s)|(%s)" % (pattern, TROUBLE), timeout, since)
        check(got.group(1) is not None, "trouble: %s" % got.group(0), self.m.transcript)
        return got

    def mark(self):
        return len(self.m.transcript)

    def shells(self, since=0):
        for n in self.names:
            self.expect(r"\[%s\] guest:/# " % n, 300, since)
        if self.focus is None:
            self.m.wait_for(r"hv: console focus: guest n0", 10)
            self.focus = "n0"

    def type_to(self, name, line):
        """Moves the focus to guest `name` (Ctrl-A three times steps to the
        next guest or the hypervisor) and types a line there."""
        for _ in range(len(self.names) + 2):
            if self.focus == name:
                break
            pos = self.mark()
            self.m.send("\x01\x01\x01")
            got = self.m.wait_for(r"hv: console focus: (?:guest (\S+)|hypervisor)", 20, pos)
            self.focus = got.group(1)
        check(self.focus == name, "the focus never came to %s" % name, self.m.transcript)
        self.m.send(line + "\r")

    def power_off_all(self):
        for n in self.names:
            pos = self.mark()
            self.type_to(n, "poweroff")
            self.expect(r"hv: guest %s: power off \(\"Power down\"\)" % n, 120, pos)
            if self.focus == n:         # it goes to the first guest left
                rest = self.names[self.names.index(n) + 1:]
                self.focus = rest[0] if rest else None
        status = self.m.wait_exit(60)
        out = self.m.transcript
        check("hypervisor fault" not in out, "the hypervisor faulted", out)
        check("killed" not in out, "a guest was killed", out)
        check(status == EXIT_CLEAN, "QEMU exit status %s" % status, out)

    def finish(self):
        self.m.kill()


def _groups():
    # The root disks hold busybox, which kernels before 2.6.29 cannot
    # start (no AT_RANDOM): their disks are tested by the test guests
    # (test_disk.py) and the boot test (test_real_linux).
    kernels = [k for k in KERNELS if os.path.exists(k) and not old_userspace(k)]
    return [kernels[i:i + PER_MACHINE] for i in range(0, len(kernels), PER_MACHINE)]


def _no_kernels():
    if KERNELS:
        raise TestSkipped("no kernel of 2.6.29 or later (busybox's) among %s" % ", ".join(KERNELS))
    raise TestSkipped("no kernels: none in %s (LGUEST_GUESTS) and LGUEST_LINUX unset"
                      % GUEST_FOLDER)


# What the guest checks its root and disk with: the root's file system
# type and mount flags as /proc/mounts has them, and vda's size in sectors.
ROOT_INFO = ("echo root=$(grep ' / ext2 ' /proc/mounts | cut -d' ' -f3,4 | cut -d, -f1)"
             "-size=$(cat /sys/block/vda/size)")
# A second disk, a read-only module of the MBR image after the root disk:
# the guest sees it as vdb, read-only, with its partition.
SECOND = "disk=ro"
VDB_INFO = ("echo vdb=$(cat /sys/block/vdb/size)-ro$(cat /sys/block/vdb/ro)"
            "-parts$(grep -c ' vdb1$' /proc/partitions)")
VDB_SEEN = r"\[%s\] vdb=%d-ro1-parts1"


def _module_disk_root(kernels):
    def test():
        whole, mbr = rootdisks()
        before = _digest(whole)
        box = Machine4(kernels, [""] * len(kernels),
                       [["%s disk=rw" % whole, "%s %s" % (mbr, SECOND)] for _ in kernels])
        try:
            box.shells()
            sectors = os.path.getsize(whole) // 512
            pos = box.mark()
            for n in box.names:
                box.type_to(n, ROOT_INFO + "; " + VDB_INFO)
                box.expect(r"\[%s\] root=ext2 rw-size=%d" % (n, sectors), 60, pos)
                box.expect(VDB_SEEN % (n, os.path.getsize(mbr) // 512), 60, pos)
                box.type_to(n, "echo module-$((6*7))-%s > /f; sync; reboot" % n)
            for n in box.names:
                box.expect(r"hv: guest %s: restarting(?s:.*)\[%s\] guest:/# " % (n, n), 300, pos)
            for n in box.names:
                box.type_to(n, "cat /f")
                box.expect(r"\[%s\] module-42-%s" % (n, n), 60, pos)
            box.power_off_all()
        finally:
            box.finish()
        check(_digest(whole) == before, "the module's image file was written to")
    return test


def _digest(path):
    return subprocess.run(["sha256sum", path], check=True, capture_output=True,
                          text=True).stdout.split()[0]


def _debugfs_cat(img, offset, path):
    target = "%s?offset=%d" % (img, offset) if offset else img
    run = subprocess.run(["debugfs", "-R", "cat %s" % path, target], capture_output=True,
                         text=True, env=dict(os.environ, PATH=os.environ.get("PATH", "") +
                                             ":/sbin:/usr/sbin"))
    return run.stdout


def _ide_disk_root(kernels, first):
    """Guest i gets drive i: the whole disk when first + i is even, else
    partition 1 of an MBR disk (first alternates the forms over machines)."""
    def test():
        if not shutil.which("debugfs", path=os.environ.get("PATH", "") + ":/sbin:/usr/sbin"):
            raise TestSkipped("no debugfs (e2fsprogs)")
        whole, mbr = rootdisks()
        tmp = tempfile.mkdtemp(prefix="lghv-ide-")
        try:
            disks, drives = [], []
            for i in range(len(kernels)):
                part = (first + i) % 2 == 1
                img = os.path.join(tmp, "hd%d.img" % i)
                shutil.copyfile(mbr if part else whole, img)
                size = os.path.getsize(img) // 512 - (PART_OFFSET // 512 if part else 0)
                disks.append((img, "hd%d%s" % (i, "p1" if part else ""),
                               PART_OFFSET if part else 0, size))
                drives += ["-drive", "file=%s,format=raw,if=ide,index=%d" % (img, i)]
            # First boot: write a file on each disk, power off.  A module
            # disk comes after the real one, as vdb.
            box = Machine4(kernels, [" disk=%s" % d[1] for d in disks],
                           [["%s %s" % (mbr, SECOND)] for _ in kernels], extra=drives)
            try:
                box.shells()
                for n, d in zip(box.names, disks):
                    box.type_to(n, ROOT_INFO + "; " + VDB_INFO)
                    box.expect(r"\[%s\] root=ext2 rw-size=%d" % (n, d[3]), 60)
                    box.expect(VDB_SEEN % (n, os.path.getsize(mbr) // 512), 60)
                    box.type_to(n, "echo ide-$((6*7))-%s-%s > /f; sync; cat /f" % (n, d[1]))
                    box.expect(r"\[%s\] ide-42-%s-%s" % (n, n, d[1]), 60)
                box.power_off_all()
            finally:
                box.finish()
            for n, d in zip(box.names, disks):
                got = _debugfs_cat(d[0], d[2], "/f")
                check("ide-42-%s-%s" % (n, d[1]) in got,
                      "%s (%s): /f on the image after power-off reads %r" % (n, d[1], got))
            # Second boot from the same images, every other disk read-only.
            ro = [i % 2 == 1 for i in range(len(disks))]
            box = Machine4(kernels, [" disk=%s%s" % (d[1], ":ro" if r else "")
                                     for d, r in zip(disks, ro)], extra=drives)
            try:
                box.shells()
                for n, d, r in zip(box.names, disks, ro):
                    box.type_to(n, "cat /f; " + ROOT_INFO)
                    box.expect(r"\[%s\] ide-42-%s-%s" % (n, n, d[1]), 60)
                    box.expect(r"\[%s\] root=ext2 %s-size=%d" % (n, "ro" if r else "rw", d[3]),
                               60)
                box.power_off_all()
            finally:
                box.finish()
        except TestFailure:
            print("lghv-ide: images kept in %s" % tmp)
            raise
        shutil.rmtree(tmp, ignore_errors=True)
    return test


def _register():
    groups = _groups()
    if not groups:
        globals()["test_linux_disk_root"] = _no_kernels
        return
    for g, kernels in enumerate(groups):
        names = "__".join(label(k) for k in kernels)
        globals()["test_linux_module_disk_root__%s" % names] = _module_disk_root(kernels)
        globals()["test_linux_ide_disk_root__%s" % names] = _ide_disk_root(kernels, g % 2)


_register()
