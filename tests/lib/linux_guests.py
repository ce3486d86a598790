# SPDX-License-Identifier: GPL-2.0-only
"""What the real-Linux tests share: which kernels to boot, and the files
they boot with (the initramfs, the ext2 root disks), each built once.

Kernels: LGUEST_LINUX, a ':'-separated list of kernel images; when it is
unset, every `*/bzImage` in the guest folder LGUEST_GUESTS (default
~/lguest-guests).  No kernel is fetched or built here.
"""
import fcntl
import glob
import os
import re
import subprocess

from .harness import TestSkipped
from .qemu import ROOT

GUEST_FOLDER = os.path.expanduser(os.environ.get("LGUEST_GUESTS", "~/lguest-guests"))


def _kernels():
    named = [k for k in os.environ.get("LGUEST_LINUX", "").split(":") if k]
    if named:
        return named, "LGUEST_LINUX"
    return sorted(glob.glob(os.path.join(GUEST_FOLDER, "*", "bzImage"))), GUEST_FOLDER


KERNELS, SOURCE = _kernels()
INITRD = os.environ.get("LGUEST_INITRD", "")


def _made(target, *paths):
    """`make TARGET` once at a time: tests run in parallel, and two makes at
    once in a fresh tree would download and write the same files together
    (a guest once got a truncated initramfs that way)."""
    os.makedirs(os.path.join(ROOT, "build"), exist_ok=True)
    with open(os.path.join(ROOT, "build", ".initramfs.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        subprocess.run(["make", "-s", "-C", ROOT, target], check=True,
                       stdout=subprocess.DEVNULL)
    return [os.path.join(ROOT, "build", p) for p in paths]


def initrd(kernel=None):
    """The project's initramfs for this kernel (make initramfs), or
    LGUEST_INITRD: busybox's, or klibc's for kernels before 2.6.29, which
    busybox cannot start on (scripts/initramfs-for.sh decides)."""
    if INITRD:
        return INITRD
    if kernel and old_userspace(kernel):
        return initrd_klibc()
    return _made("initramfs", "initramfs.gz")[0]


def old_userspace(kernel):
    """Whether the kernel needs the klibc initramfs (before 2.6.29)."""
    out = subprocess.run([os.path.join(ROOT, "scripts", "initramfs-for.sh"), kernel, "build"],
                         capture_output=True, text=True, check=True).stdout
    return out.strip().endswith("initramfs-klibc.gz")


def initrd_klibc():
    """The klibc initramfs, for kernels before 2.6.29 and guests on a 486
    or Pentium (make initramfs-klibc)."""
    return _made("initramfs-klibc", "initramfs-klibc.gz")[0]


def rootdisks():
    """(whole, mbr): the initramfs's tree as an ext2 root disk image, and
    the same file system as partition 1 of an MBR disk (make rootdisks).
    Tests that write to them work on copies."""
    return tuple(_made("rootdisks", "rootdisk.img", "rootdisk-mbr.img"))


def one_kernel(*versions):
    """One kernel for a test that needs just one: the first of these guest
    folder versions that is there, else any of KERNELS; skips without."""
    for want in versions:
        for k in KERNELS:
            if os.path.basename(os.path.dirname(k)) == want and os.path.exists(k):
                return k
    for k in KERNELS:
        if os.path.exists(k):
            return k
    raise TestSkipped("no Linux kernel in %s (see test_real_linux.py)" % SOURCE)


def label(kernel):
    """A test-name part: the folder's name for guest-folder kernels."""
    parent = os.path.basename(os.path.dirname(kernel))
    base = os.path.basename(kernel)
    return re.sub(r"\W", "_", parent if base == "bzImage" else base)
