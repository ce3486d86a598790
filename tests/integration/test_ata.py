# SPDX-License-Identifier: GPL-2.0-only
"""The machine's own IDE disks, as the hypervisor finds and lists them.

QEMU's PIIX IDE controller has the two legacy channels the driver probes,
in compatibility mode, with a bus-master DMA engine for each: its disks go
by DMA.  Each test boots the bare hypervisor (no guests) with raw disk
images made here -- partition tables written byte by byte, as fdisk would
-- and checks the boot listing line for line: every disk with its model,
size and transfer mode, every primary and logical partition with Linux's
number, the CD-ROM that -cdrom puts on the secondary master skipped (an
ATAPI device is no disk), and the line for a machine with no disk at all.
Two tests go further: a 200 GiB disk whose logical partitions lie past
sector 2^28, reachable only with the 48-bit commands, and a drive error
injected by QEMU's blkdebug layer into one sector read, which must be
reported and leave the channel working for the next disk on it.

PIO is what is left where there is no bus-master engine: QEMU's isapc
machine (ISA IDE on the same ports, no PCI at all) shows the fallback a
486 depends on, and hv.ata=pio asks for it on a PCI machine.
"""
import os
import re
import struct

from lib.harness import check
from lib.qemu import EXIT_CLEAN, ROOT, run_kernel

BUILD = os.path.join(ROOT, "build", "tests", "ata")
MIB = 2048      # sectors


def put_table(f, lba, slots):
    """Writes a partition table (MBR or EBR) at sector lba: up to four
    (slot, type, start, sectors) entries and the 0x55AA signature."""
    sector = bytearray(512)
    for slot, ptype, start, sectors in slots:
        entry = 446 + 16 * slot
        sector[entry + 4] = ptype
        sector[entry + 8:entry + 16] = struct.pack("<II", start, sectors)
    sector[510:512] = b"\x55\xaa"
    f.seek(lba * 512)
    f.write(sector)


def disk(name, sectors, tables=()):
    """A sparse raw image of that many sectors with those tables
    ((lba, slots) pairs) written on it."""
    os.makedirs(BUILD, exist_ok=True)
    path = os.path.join(BUILD, name)
    with open(path, "wb") as f:
        f.truncate(sectors * 512)
        for lba, slots in tables:
            put_table(f, lba, slots)
    return path


# 64 MiB: 1 Linux and 2 swap primary; 4 extended (from 40 MiB to the end)
# with logicals 5 (Linux, 8 MiB) and 6 (FAT32, 12 MiB); slot 3 empty.
EXT = 40 * MIB
PARTITIONED = [
    (0, [(0, 0x83, 2048, 16 * MIB), (1, 0x82, 18 * MIB, 4 * MIB), (3, 0x05, EXT, 24 * MIB)]),
    (EXT, [(0, 0x83, 2048, 8 * MIB), (1, 0x05, 10 * MIB, 12 * MIB + 2048)]),
    (EXT + 10 * MIB, [(0, 0x0C, 2048, 12 * MIB)]),
]
PARTITIONED_LISTING = [
    "hv: disk hd0: QEMU HARDDISK, 64 MiB (131072 sectors), DMA",
    "hv: disk hd0p1: type 0x83, 16 MiB at sector 2048 (32768 sectors)",
    "hv: disk hd0p2: type 0x82, 4 MiB at sector 36864 (8192 sectors)",
    "hv: disk hd0p5: type 0x83, 8 MiB at sector 83968 (16384 sectors)",
    "hv: disk hd0p6: type 0x0c, 12 MiB at sector 104448 (24576 sectors)",
]
CDROM_SKIPPED = "hv: disk hd2: skipped: an ATAPI device (QEMU DVD-ROM), not a disk"


def ide(path, index):
    spec = "file=%s,format=raw,if=ide,index=%d" % (path, index)
    return ["-drive", spec]


# QEMU's isapc machine: ISA IDE, no PCI.  Its default CPU, a 486, does not
# run the hypervisor (it wants a TSC and more); any P6 does.
ISA_PC = ["-M", "isapc", "-cpu", "pentium2"]


def listing(extra, cmdline="console=com1"):
    """Boots with those QEMU arguments; returns the disk lines."""
    status, out = run_kernel(mem=64, cmdline=cmdline, extra=extra)
    check(status == EXIT_CLEAN and "hv: no guests to run; powering off." in out,
          "no clean power-off (QEMU status %s)" % status, out)
    return [l for l in out.splitlines() if re.match(r"hv: (disk |no ATA disks)", l)], out


def check_listing(got, want, out):
    check(got == want, "disk listing\n  got:  %s\n  want: %s"
          % ("\n        ".join(got), "\n        ".join(want)), out)


def test_ata_listing():
    """Three disks on both channels, the CD-ROM between them skipped."""
    cd = disk("empty.iso", 40)
    extra = ide(disk("partitioned.img", 64 * MIB, PARTITIONED), 0) + \
        ide(disk("blank.img", 16 * MIB), 1) + \
        ide(disk("secondary.img", 3 * MIB, [(0, [(1, 0x83, 63, 3 * MIB - 63)])]), 3) + \
        ["-cdrom", cd]
    got, out = listing(extra)
    check_listing(got, PARTITIONED_LISTING + [
        "hv: disk hd1: QEMU HARDDISK, 16 MiB (32768 sectors), DMA",
        CDROM_SKIPPED,
        "hv: disk hd3: QEMU HARDDISK, 3 MiB (6144 sectors), DMA",
        "hv: disk hd3p2: type 0x83, 2 MiB at sector 63 (6081 sectors)",
    ], out)


def test_ata_no_disks():
    """QEMU's default machine has only its empty CD-ROM drive."""
    got, out = listing([])
    check_listing(got, [CDROM_SKIPPED, "hv: no ATA disks"], out)


def test_ata_no_controller_devices():
    """Without QEMU's default devices: no CD-ROM, nothing on either channel."""
    got, out = listing(["-nodefaults"])
    check_listing(got, ["hv: no ATA disks"], out)


def test_ata_slave_only_and_bad_tables():
    """A slave without a master, and tables with parts left out: one
    partition past the disk's end, an EBR chain that loops."""
    loop = 8 * MIB
    extra = ide(disk("slave.img", 16 * MIB, [
        (0, [(0, 0x83, 2048, 16 * MIB), (1, 0x83, 4096, 1024), (2, 0x0F, loop, 4 * MIB)]),
        (loop, [(0, 0x83, 1, 1000), (1, 0x05, 0x800, 0x800)]),
        (loop + 0x800, [(0, 0x82, 1, 1000), (1, 0x05, 0x800, 0x800)]),
    ]), 1)
    got, out = listing(extra + ["-nodefaults"])
    check_listing(got, [
        "hv: disk hd1: QEMU HARDDISK, 16 MiB (32768 sectors), DMA",
        "hv: disk hd1p2: type 0x83, 512 KiB at sector 4096 (1024 sectors)",
        "hv: disk hd1p5: type 0x83, 500 KiB at sector 16385 (1000 sectors)",
        "hv: disk hd1p6: type 0x82, 500 KiB at sector 18433 (1000 sectors)",
        "hv: disk hd1: partition table: a partition lies past the end of the disk",
    ], out)


def test_ata_lba48():
    """A 200 GiB disk (sparse): its EBRs and logical partitions lie past
    sector 2^28, where only READ SECTORS EXT reaches."""
    sectors = 200 * 1024 * MIB
    ext = 300000000
    path = disk("big.img", sectors, [
        (0, [(0, 0x83, 2048, MIB), (1, 0x05, ext, 10 * MIB)]),
        (ext, [(0, 0x83, 2048, MIB), (1, 0x05, 4 * MIB, 4 * MIB)]),
        (ext + 4 * MIB, [(0, 0x8E, 2048, 2 * MIB)]),
    ])
    got, out = listing(ide(path, 0) + ["-nodefaults"])
    check_listing(got, [
        "hv: disk hd0: QEMU HARDDISK, 204800 MiB (419430400 sectors), DMA",
        "hv: disk hd0p1: type 0x83, 1 MiB at sector 2048 (2048 sectors)",
        "hv: disk hd0p5: type 0x83, 1 MiB at sector 300002048 (2048 sectors)",
        "hv: disk hd0p6: type 0x8e, 2 MiB at sector 300010240 (4096 sectors)",
    ], out)


def read_error(cmdline, mode):
    """QEMU fails the read of hd0's first EBR with EIO (blkdebug): the
    drive reports the error, the listing says so, the primaries stay, and
    hd1 on the same channel (reset after the error) is read normally, in
    the same mode (a drive error is no fault of the DMA).  Images and
    configuration are named by mode: the tests run side by side."""
    os.makedirs(BUILD, exist_ok=True)
    conf = os.path.join(BUILD, "eio-%s.conf" % mode)
    with open(conf, "w") as f:
        f.write('[inject-error]\nevent = "read_aio"\nerrno = "5"\nsector = "%d"\n' % EXT)
    image = disk("failing-%s.img" % mode, 64 * MIB, PARTITIONED)
    extra = ["-drive", "file=blkdebug:%s:%s,format=raw,if=ide,index=0" % (conf, image)] + \
        ide(disk("after-%s.img" % mode, 4 * MIB, [(0, [(0, 0x83, 2048, 2 * MIB)])]), 1) + \
        ["-nodefaults"]
    got, out = listing(extra, cmdline)
    want = [l.replace(", DMA", ", " + mode) for l in PARTITIONED_LISTING[:3]]
    check_listing(got, want + [
        "hv: disk hd0: cannot read the partition table: drive error: status 0x41 error 0x04",
        "hv: disk hd1: QEMU HARDDISK, 4 MiB (8192 sectors), " + mode,
        "hv: disk hd1p1: type 0x83, 2 MiB at sector 2048 (4096 sectors)",
    ], out)


def test_ata_read_error():
    """The read error on the DMA path."""
    read_error("console=com1", "DMA")


def test_ata_read_error_pio():
    """The same by PIO (hv.ata=pio)."""
    read_error("console=com1 hv.ata=pio", "PIO")


def selftest(extra, options=""):
    """Boots with hv.selftest=disk; returns the transcript."""
    status, out = run_kernel(mem=64, cmdline="console=com1 hv.selftest=disk " + options,
                             extra=extra + ["-nodefaults"], timeout=120)
    check(status == EXIT_CLEAN, "no clean power-off (QEMU status %s)" % status, out)
    return out


def write_flush_restore(tag, mode, machine=(), options=""):
    """The selftest writes a pattern over the last 128 KiB, flushes, reads
    it back, and restores what was there: the image ends byte for byte as
    it began."""
    path = disk("random-%s.img" % tag, 4 * MIB)
    before = os.urandom(4 * MIB * 512)
    with open(path, "wb") as f:
        f.write(before)
    out = selftest(list(machine) + ide(path, 1), options)
    check("selftest disk: hd1, sectors 7936-8191, written and restored" in out,
          "the selftest did not pick hd1's last 256 sectors", out)
    check(re.search(r"selftest disk: read \d+ KiB/s, write \d+ KiB/s \(%s, 128 KiB each\)"
                    % mode, out), "no speed line for %s" % mode, out)
    check("selftest disk: done" in out, "the selftest failed", out)
    with open(path, "rb") as f:
        check(f.read() == before, "the disk image changed", out)


def test_ata_write_flush_restore():
    """By DMA, on the primary slave."""
    write_flush_restore("dma", "DMA")


def test_ata_write_flush_restore_pio():
    """By PIO on the same PCI machine, asked for with hv.ata=pio."""
    write_flush_restore("pio", "PIO", options="hv.ata=pio")


def test_ata_isa_machine_pio():
    """A machine without PCI (QEMU's isapc): the same channels on the ISA
    bus, no bus-master engine, so PIO -- listed so, and the selftest's
    writes and reads as good as ever."""
    got, out = listing(ISA_PC + ide(disk("isa.img", 3 * MIB, [(0, [(1, 0x83, 63, 3 * MIB - 63)])]), 0)
                       + ["-nodefaults"])
    check_listing(got, [
        "hv: disk hd0: QEMU HARDDISK, 3 MiB (6144 sectors), PIO",
        "hv: disk hd0p2: type 0x83, 2 MiB at sector 63 (6081 sectors)",
    ], out)
    write_flush_restore("isa", "PIO", machine=ISA_PC)


def test_ata_write_flush_lba48():
    """The same past sector 2^28 of a 200 GiB disk: WRITE SECTORS EXT and
    FLUSH CACHE EXT."""
    out = selftest(ide(disk("big-rw.img", 200 * 1024 * MIB), 0))
    check("selftest disk: hd0, sectors 419430144-419430399, written and restored" in out,
          "the selftest did not pick hd0's last 256 sectors", out)
    check("selftest disk: done" in out, "the selftest failed", out)


def write_error(mode, options=""):
    """A write the drive fails (blkdebug, EIO): the error comes back as a
    sentence naming the drive's status and error registers."""
    os.makedirs(BUILD, exist_ok=True)
    conf = os.path.join(BUILD, "eio-write-%s.conf" % mode)
    with open(conf, "w") as f:
        f.write('[inject-error]\nevent = "write_aio"\nerrno = "5"\nsector = "8000"\n')
    image = disk("failing-write-%s.img" % mode, 4 * MIB)
    out = selftest(["-drive", "file=blkdebug:%s:%s,format=raw,if=ide,index=0" % (conf, image)],
                   options)
    check("hv: disk hd0: QEMU HARDDISK, 4 MiB (8192 sectors), %s" % mode in out,
          "hd0 is not driven by %s" % mode, out)
    check("selftest disk: FAILED: drive error: status 0x41 error 0x04" in out,
          "the write error was not reported", out)


def test_ata_write_error():
    """The write error on the DMA path."""
    write_error("DMA")


def test_ata_write_error_pio():
    """The same by PIO."""
    write_error("PIO", "hv.ata=pio")
