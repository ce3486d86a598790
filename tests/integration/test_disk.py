# SPDX-License-Identifier: GPL-2.0-only
"""Disks for the test guests (issue 11): virtio-blk on disk-image modules, both transports.

A Multiboot module whose line ends in `disk=rw` or `disk=ro` is a disk of
the guest whose kernel precedes it; the guest sees vda, vdb, ... in order,
on the lguest device page after the console (G5-G7: descriptors 1.., one
IRQ per queue from 3) or on PCI after it (G8-G10: 1af4:1042 at 00:02.0,
00:03.0, ..., INTERRUPT_LINE = slot).  The images are plain files written
here, sector i beginning "LGHV sector <i>\\n" and continuing with bytes
(31 i + offset) & 0xff (tests/guests/vblk.c checks them byte for byte).

  vblk_gN      lgtest=vblk:restart with a read-write disk (vda, 1 MiB) and
               a read-only one (vdb, 256 KiB): every line of the guest's
               report (config, features, ID, reads cut every way, writes
               read back, FLUSH, the IOERR and UNSUPP answers, the
               interrupt), then a restart under on_crash=restart after
               which the second life finds the first life's writes: a
               module disk lives as long as the machine.  Nothing is
               checked on the host's files: the hypervisor writes the
               module's copy in RAM.
  vblk_crash_* the same, but the first life ends killed (an unknown
               hypercall), not with SHUTDOWN(RESTART).
  vblk_ide_*   the same on QEMU IDE drives given with disk=hd0 (a whole
               disk), disk=hd1p1 and disk=hd1p2:ro (MBR partitions), then
               a module disk: afterwards the image files hold exactly the
               guest's writes, and the next boot of the machine
               (lgtest=vblk:verify) finds them.
  vblkbad_*    lgtest=vblkbad:VARIANT: malformed request chains, each
               killing its guest with a reason naming the disk, several
               hostile guests in one machine beside the benign guest of
               the hostile suite, which must keep its pace and checksum;
               and a flood of 64 KiB requests beside it, which is no
               crime.
"""
import os
import re
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib.harness import check  # noqa: E402
from lib.qemu import EXIT_CLEAN, ROOT, boot_kernel  # noqa: E402
from test_hostile import benign_rounds  # noqa: E402
from test_guests import (GENS, HEAVY_LEGACY_GENS, LEGACY_GENS, OLD_GENS, PCI_GENS,  # noqa: E402
                         TLV_GENS, check_power_off, check_started, check_verdict, guest_elf,
                         guest_lines)

DISK_DIR = os.path.join(ROOT, "build", "disks")
SECTOR = 512
RW_SECTORS = 2048       # vda: 1 MiB
RO_SECTORS = 512        # vdb: 256 KiB
_image_lock = threading.Lock()


def sector_bytes(i):
    pre = b"LGHV sector %d\n" % i
    return pre + bytes((31 * i + j) & 0xFF for j in range(len(pre), SECTOR))


def image(name, sectors):
    """build/disks/NAME with the sector pattern, written once (atomically:
    tests run in parallel threads)."""
    path = os.path.join(DISK_DIR, name)
    with _image_lock:
        if not os.path.exists(path) or os.path.getsize(path) != sectors * SECTOR:
            os.makedirs(DISK_DIR, exist_ok=True)
            tmp = path + ".tmp"
            with open(tmp, "wb") as f:
                for i in range(sectors):
                    f.write(sector_bytes(i))
            os.replace(tmp, path)
    return path


def guest(gen, name, test, mem="32M", opts=""):
    return "%s name=%s mem=%s%s -- lgtest=%s" % (guest_elf(gen), name, mem, opts, test)


def disk(path, mode):
    return "%s disk=%s" % (path, mode)


def boot(modules, guests):
    return boot_kernel(mem=96 + 48 * guests, modules=modules)


# ---- lgtest=vblk ------------------------------------------------------------------

def features(gen, ro):
    """(offered, accepted): 2.6.24 has no feature bits for a disk at all;
    2.6.25-2.6.30 do not know FLUSH."""
    if gen in TLV_GENS:
        return 0, 0
    f = 1 << 2 | 1 << 6 | 1 << 9 | (1 << 5 if ro else 0)    # SEG_MAX BLK_SIZE FLUSH (RO)
    f |= 1 << 32 if gen >= 8 else 0                         # VERSION_1
    return f, f & ~(1 << 9) if gen in OLD_GENS else f


def expected_lines(gen, dev, k, sectors, ro, image_name):
    """The lines lgtest=vblk prints for disk k (regular expressions)."""
    last = sectors - 1
    offered, accepted = features(gen, ro)
    if gen >= 8:
        where = r"00:%02x\.0, 1 queue of 256, IRQ %d" % (2 + k, 2 + k)
    else:
        where = r"device page \+\d+, 1 queue of 256, IRQ %d" % (3 + k)
    pats = [
        r"%s: %s$" % (dev, where),
        r"%s: capacity %d sectors, seg_max 128, blk_size %s, config %s bytes$"
        % (dev, sectors, "0" if gen in TLV_GENS else "512", r"\d+" if gen in TLV_GENS else "24"),
        r"%s: features offered %#x, accepted %#x, %s$"
        % (dev, offered, accepted, "read-only" if ro else "read-write"),
        r"%s: id: none asked, 2\.6\.24 has no GET_ID$" % dev if gen in TLV_GENS else
        r'%s: id "%s", status 0, used 21$' % (dev, re.escape(image_name)),
        r"%s: sectors 0 and %d read: pattern ok$" % (dev, last),
        r"%s: sectors 0-127 in one request of 64 KiB: pattern ok$" % dev,
        r"%s: 128 sectors from 8 in 128 one-sector segments \(130 descriptors\): pattern ok$"
        % dev,
        r"%s: 8 sectors from 40 in segments of 100, 412, 1536, 1000 and 1048 bytes: pattern ok, "
        r"used 4097$" % dev,
        r"%s: 2 sectors from 60 with data and status in one descriptor: pattern ok, used 1025$"
        % dev,
        r"%s: sector 70 with the header in two descriptors \(4 \+ 12 bytes\): pattern ok$" % dev,
        r"%s: flush: none sent, 2\.6\.2[45].* has no FLUSH$" % dev if gen in OLD_GENS else
        r"%s: flush: status 0, used 1$" % dev,
        r"%s: reads at sector %d \(past the end\), %d \+ 2 \(straddling\), 2\^55 and 2\^64 - 1: "
        r"status 1, used 1$" % (dev, sectors, last),
        r"%s: write at sector %d \(past the end\): status 1, used 1$" % (dev, sectors),
        r"%s: read of 100 bytes: status 1, used 1$" % dev,
        r"%s: request type 0x55: status 2, used 1$" % dev,
        r"%s: interrupts arrived on IRQ %d$" % (dev, 2 + k if gen >= 8 else 3 + k),
    ]
    if ro:
        pats += [r"%s: write to the read-only disk: status 1, used 1; sector 100 unchanged$" % dev,
                 r"%s: after restart 1: read-only disk unchanged$" % dev]
    else:
        pats += [r"%s: sectors 100-107 written \(status 0, used 1\) and read back; their "
                 r"neighbours unchanged$" % dev,
                 r"%s: sectors 200-203 written with header and data in one descriptor, read "
                 r"back$" % dev,
                 r"%s: write of 700 bytes: status 1, used 1; sectors 300-301 unchanged$" % dev]
    return pats


def check_report(out, name, gen, disks, pats):
    """Every line lgtest=vblk must print for these disks (dev, ID, sectors,
    read-only), and the lines pats, were printed, and no FAIL."""
    lines = guest_lines(out, name)
    for k, (dev, label, sectors, ro) in enumerate(disks):
        pats = pats + ["lgtest: vblk: " + p for p in
                       expected_lines(gen, dev, k, sectors, ro, label)]
    missing = [p for p in pats if not any(re.match(p, l) for l in lines)]
    fails = [l for l in lines if ": FAIL" in l]
    check(not fails and not missing, "%s\nno line matching:\n  %s"
          % ("\n".join(fails), "\n  ".join(missing)), out)


def _vblk(gen, variant="restart"):
    def t():
        name = "d%d" % gen
        rw, ro = image("vblk-rw.img", RW_SECTORS), image("vblk-ro.img", RO_SECTORS)
        # 2.6.24 cannot tell a read-only disk (no feature bits): both writable.
        ro_mode, ro_flag = ("rw", False) if gen in TLV_GENS else ("ro", True)
        m = boot([guest(gen, name, "vblk:" + variant, opts=" on_crash=restart"),
                  disk(rw, "rw"), disk(ro, ro_mode)], 1)
        status = m.wait_exit(120)
        out = m.transcript
        check_started(out, name, gen)
        check_report(out, name, gen, [("vda", "vblk-rw.img", RW_SECTORS, False),
                                      ("vdb", "vblk-ro.img", RO_SECTORS, ro_flag)],
                     [r"lgtest: vblk: life 1: 2 disks$", r"lgtest: vblk: life 2: 2 disks$",
                      r"lgtest: vblk: vda: marker written at sector 3; %s$"
                      % ("crashing" if variant == "crash" else "restarting"),
                      r"lgtest: vblk: vda: after restart 1: the marker and the first life's "
                      r"writes are there$"])
        for dev, img, sectors, ro_text in (("vda", "vblk-rw.img", RW_SECTORS, ""),
                                           ("vdb", "vblk-ro.img", RO_SECTORS,
                                            ", read-only" if ro_flag else "")):
            check(len(re.findall(r"hv: guest %s: disk %s: %s, %d sectors \([^)]*\)%s\n"
                                 % (name, dev, re.escape(img), sectors, re.escape(ro_text)),
                                 out)) == 2,
                  "the hypervisor did not list %s in each life" % dev, out)
        if variant == "crash":
            check(re.search(r"hv: guest %s killed: unknown hypercall 99 " % name, out),
                  "the crash was not reported", out)
            check(out.count(" killed: ") == 1, "a guest was killed twice", out)
        else:
            check('hv: guest %s: restart ("lgtest vblk restart")' % name in out,
                  "the restart was not reported", out)
            check(" killed: " not in out, "a guest was killed", out)
        check_verdict(out, name, "vblk")
        check_power_off(out, name)
        check(status == EXIT_CLEAN, "QEMU exit status %s" % status, out)
    return t


for _gen in GENS:
    # 2.6.24 cannot restart: its second life comes from a kill instead.
    globals()["test_vblk_g%d" % _gen] = _vblk(_gen, "crash" if _gen in TLV_GENS else "restart")
# A crash (killed under on_crash=restart) keeps the disk too: one of each transport.
test_vblk_crash_g6 = _vblk(6, "crash")
test_vblk_crash_g9 = _vblk(9, "crash")


# ---- lgtest=vblkbad ---------------------------------------------------------------

# variant: the kill reason, all of it ("hv: guest bad_VARIANT killed: REASON (eip ...)")
KILLS = {
    "loop": "disk vda ring: descriptor chain loops or is longer than the ring",
    "long": "disk vda ring: descriptor chain loops or is longer than the ring",
    "addr": "disk vda ring: descriptor points outside guest memory",
    "hdr_addr": "disk vda ring: descriptor points outside guest memory",
    "len": "disk vda ring: descriptor points outside guest memory",
    "hdr8": "disk vda: request header is 8 bytes, not 16",
    "hdr_write": "disk vda: request header is 0 bytes, not 16",
    "nostatus": "disk vda: request has no status byte to write (0 writable bytes)",
    "status_ro": "disk vda: request has no status byte to write (0 writable bytes)",
    "in_extra": "disk vda: read request carries 512 bytes to write",
    "out_write": "disk vda: write request offers 512 writable bytes besides its status",
    "flush_write": "disk vda: write request offers 512 writable bytes besides its status",
}
BATCH = 6   # hostile guests per machine, beside the benign one (at most 8 guests)


def check_benign(out, after, more=15):
    """The benign guest lived through it all, unharmed, and went on for
    more rounds after round after."""
    check("hv: guest benign killed" not in out, "the benign guest was killed", out)
    check(not any(": FAIL" in l for l in guest_lines(out, "benign")), "the benign guest failed",
          out)
    sums = set(c for _, c in benign_rounds(out))
    check(len(sums) == 1, "the benign guest's checksum changed: %s" % sorted(sums), out)
    check("hypervisor fault" not in out and "*** " not in out, "the hypervisor faulted", out)
    check(len(re.findall(r"hv: guest benign: Linux", out)) == 1, "the machine rebooted", out)
    check(benign_rounds(out)[-1][0] >= after + more, "the benign guest stopped", out)


def run_beside_benign(bad, gens, benign_gen, wait_line):
    """Boots benign + the hostile guests bad[i] (variant) of gens[i], each
    with a read-write disk; waits until wait_line(name, variant) for each
    appears, then for 15 more benign rounds; returns the transcript."""
    rw = image("vblkbad.img", RW_SECTORS)
    mods = [guest(benign_gen, "benign", "benign", "24M")]
    for v, g in zip(bad, gens):
        mods += [guest(g, "bad_" + v, "vblkbad:" + v, "16M"), disk(rw, "rw")]
    m = boot(mods, 1 + len(bad))
    try:
        m.wait_for(re.escape("[benign] lgtest: benign: round 10 ") + r"checksum", 60)
        for v in bad:
            m.wait_for(wait_line("bad_" + v, v), 90)
        last = benign_rounds(m.transcript)[-1][0]
        m.wait_for(re.escape("[benign] lgtest: benign: round %d " % (last + 15)) +
                   r"checksum [0-9a-f]+\n", 60)
        out = m.transcript
        out = out[:out.rfind("\n") + 1]
    finally:
        m.kill()
    check_benign(out, last)
    return out


def _kills(variants, family, first):
    def t():
        gens = [family[(first + i) % len(family)] for i in range(len(variants))]
        other = PCI_GENS if family == LEGACY_GENS else LEGACY_GENS
        benign_gen = other[(first + len(variants)) % len(other)]
        out = run_beside_benign(
            variants, gens, benign_gen,
            lambda name, v: r"hv: guest %s killed: .*\(eip 0x[0-9a-f]+\)" % re.escape(name))
        wrong = []
        for v, g in zip(variants, gens):
            name = "bad_" + v
            check_started(out, name, g)
            check(any(l == "lgtest: vblkbad: %s: attacking" % v for l in guest_lines(out, name)),
                  "%s did not attack" % name, out)
            m = re.search(r"hv: guest %s killed: (.*) \(eip 0x[0-9a-f]+\)" % re.escape(name), out)
            want = KILLS[v].replace("not 16", "not 24") if g in TLV_GENS else KILLS[v]
            if not (m and m.group(1) == want):
                wrong.append("%s (G%d): %s" % (v, g, m.group(1) if m else "not killed"))
            if any(": FAIL" in l or ": PASS" in l for l in guest_lines(out, name)):
                wrong.append("%s printed a verdict" % v)
        check(not wrong, "kill reasons that do not match:\n  " + "\n  ".join(wrong), out)
    return t


_variants = list(KILLS)
for _fam, _tag in ((LEGACY_GENS, "lguest"), (PCI_GENS, "pci")):
    for _b in range(0, len(_variants), BATCH):
        globals()["test_vblkbad_%s_%d" % (_tag, _b // BATCH + 1)] = \
            _kills(_variants[_b:_b + BATCH], _fam, _b)


def _flood(gen, benign_gen):
    def t():
        out = run_beside_benign(["flood"], [gen], benign_gen,
                                lambda name, v: re.escape("[%s] lgtest: vblkbad: " % name) +
                                r"(PASS|FAIL.*)\n")
        name = "bad_flood"
        lines = guest_lines(out, name)
        check("lgtest: vblkbad: PASS" in lines, "the flood failed", out)
        m = [re.match(r"lgtest: vblkbad: flood: (\d+) requests of 64 KiB \((\d+) writes\) in "
                      r"(\d+) ms, every status 0$", l) for l in lines]
        m = [x for x in m if x]
        check(m and int(m[0].group(1)) >= 2000, "no flood report", out)
        # The benign guest printed while the flood ran (it was not starved).
        start = out.index("[%s] lgtest: vblkbad: flood: attacking" % name)
        end = out.index("[%s] lgtest: vblkbad: flood: " % name, start + 1)
        during = re.findall(r"\[benign\] lgtest: benign: round", out[start:end])
        ms = int(m[0].group(3))
        check(ms >= 3000 and len(during) >= ms // 600, "the benign guest printed %d lines "
              "during a flood of %d ms" % (len(during), ms), out)
        check(" killed: " not in out, "a guest was killed", out)
    return t


test_vblkbad_flood_g7 = _flood(7, 9)
test_vblkbad_flood_g10 = _flood(10, 6)
test_vblkbad_flood_g3 = _flood(3, 1)


# ---- real disks: disk=hdN[pM][:ro] on the kernel's line ----------------------------

def written_sector(i, gen, salt):
    """Sector i as tests/guests/vblk.c writes it (salt 1: its writes, 2: the marker)."""
    pre = b"LGHV written %d G%d\n" % (i, gen)
    return pre + bytes((31 * i + j + salt) & 0xFF for j in range(len(pre), SECTOR))


def mbr(parts):
    """A sector 0 with primary partitions (start, sectors) of type 0x83."""
    s = bytearray(SECTOR)
    for n, (start, count) in enumerate(parts):
        e = 446 + 16 * n
        s[e + 4] = 0x83
        s[e + 8:e + 12] = start.to_bytes(4, "little")
        s[e + 12:e + 16] = count.to_bytes(4, "little")
    s[510:512] = b"\x55\xaa"
    return bytes(s)


HD1_PARTS = [(1024, 1024), (2048, 1024)]    # hd1p1 (read-write), hd1p2 (read-only)


def ide_images(gen):
    """Fresh hd0 (2048 pattern sectors, no partition table) and hd1 (4096
    sectors: an MBR, and each partition's sectors with the pattern counted
    from the partition's start); returns their paths and contents."""
    hd0 = b"".join(sector_bytes(i) for i in range(2048))
    hd1 = bytearray(4096 * SECTOR)
    hd1[:SECTOR] = mbr(HD1_PARTS)
    for start, count in HD1_PARTS:
        hd1[start * SECTOR:(start + count) * SECTOR] = b"".join(sector_bytes(i)
                                                              for i in range(count))
    paths = []
    for n, content in enumerate((hd0, bytes(hd1))):
        path = os.path.join(DISK_DIR, "ide-g%d-hd%d.img" % (gen, n))
        os.makedirs(DISK_DIR, exist_ok=True)
        with open(path, "wb") as f:
            f.write(content)
        paths.append(path)
    return paths, [hd0, bytes(hd1)]


def after_writes(content, base, gen, marker):
    """The disk content once lgtest=vblk:restart wrote a read-write disk
    whose first sector is at base."""
    c = bytearray(content)
    for i in list(range(100, 108)) + list(range(200, 204)):
        c[(base + i) * SECTOR:(base + i + 1) * SECTOR] = written_sector(i, gen, 1)
    if marker:
        c[(base + 3) * SECTOR:(base + 4) * SECTOR] = written_sector(3, gen, 2)
    return bytes(c)


def _ide(gen):
    def t():
        name = "i%d" % gen
        (hd0, hd1), (c0, c1) = ide_images(gen)
        drives = ["-drive", "file=%s,format=raw,if=ide,index=0" % hd0,
                  "-drive", "file=%s,format=raw,if=ide,index=1" % hd1]
        disks = [("vda", "hd0", 2048, False), ("vdb", "hd1p1", 1024, False),
                 ("vdc", "hd1p2", 1024, True), ("vdd", "vblk-rw.img", RW_SECTORS, False)]
        rw = image("vblk-rw.img", RW_SECTORS)
        m = boot_kernel(mem=160, extra=drives, modules=[
            guest(gen, name, "vblk:restart",
                  opts=" on_crash=restart disk=hd0 disk=hd1p1 disk=hd1p2:ro"), disk(rw, "rw")])
        status = m.wait_exit(180)
        out = m.transcript
        check_started(out, name, gen)
        check_report(out, name, gen, disks, [
            r"lgtest: vblk: life 1: 4 disks$", r"lgtest: vblk: life 2: 4 disks$",
            r"lgtest: vblk: vda: after restart 1: the marker and the first life's writes "
            r"are there$",
            r"lgtest: vblk: vdb: after restart 1: the first life's writes are there$",
            r"lgtest: vblk: vdc: after restart 1: read-only disk unchanged$",
            r"lgtest: vblk: vdd: after restart 1: the first life's writes are there$"])
        check_verdict(out, name, "vblk")
        check(" killed: " not in out, "a guest was killed", out)
        check(status == EXIT_CLEAN, "QEMU exit status %s" % status, out)
        # The writes are on the drives, and nothing else changed.
        got0, got1 = open(hd0, "rb").read(), open(hd1, "rb").read()
        check(got0 == after_writes(c0, 0, gen, True), "hd0 does not hold exactly the "
              "guest's writes", out)
        check(got1 == after_writes(c1, HD1_PARTS[0][0], gen, False), "hd1 does not hold "
              "exactly the guest's writes to hd1p1 (and nothing in hd1p2)", out)
        # The machine boots again: the guest finds them there.
        m = boot_kernel(mem=160, extra=drives, modules=[
            guest(gen, name, "vblk:verify", opts=" disk=hd0 disk=hd1p1 disk=hd1p2:ro")])
        status = m.wait_exit(60)
        out = m.transcript
        lines = guest_lines(out, name)
        for p in [r"lgtest: vblk: vda: on this boot: the marker and the first life's writes "
                  r"are there$",
                  r"lgtest: vblk: vdb: on this boot: the first life's writes are there$",
                  r"lgtest: vblk: vdc: on this boot: read-only disk unchanged$"]:
            check(any(re.match(p, l) for l in lines), "no line matching %r" % p, out)
        check_verdict(out, name, "vblk")
        check(status == EXIT_CLEAN, "QEMU exit status %s" % status, out)
    return t


test_vblk_ide_g7 = _ide(7)
test_vblk_ide_g10 = _ide(10)


def test_vblk_ide_claims():
    """Claims on real disks, held by each guest: a partition given to one
    guest to write is refused to another (naming the holder), a read-only
    one is shared, and the whole disk under a written partition is
    refused; the guests that got theirs run."""
    (hd0, hd1), _ = ide_images(5)
    drives = ["-drive", "file=%s,format=raw,if=ide,index=0" % hd0,
              "-drive", "file=%s,format=raw,if=ide,index=1" % hd1]
    specs = [("w", " disk=hd1p1"), ("x", " disk=hd1p1:ro"), ("r1", " disk=hd1p2:ro"),
             ("r2", " disk=hd1p2:ro"), ("y", " disk=hd1:ro"), ("z", " disk=hd0")]
    m = boot_kernel(mem=96 + 40 * len(specs), extra=drives,
                    modules=[guest(5, n, "hello", opts=o) for n, o in specs])
    status = m.wait_exit(120)
    out = m.transcript
    for n, why in (("x", r"disk=hd1p1:ro: hd1p1 is already given to guest w to write"),
                   ("y", r"disk=hd1:ro: hd1p1 is already given to guest w to write")):
        check(re.search(r'hv: module \d+ \("[^"]*"\): %s; guest not started' % why, out),
              "guest %s was not refused: %s" % (n, why), out)
        check("hv: guest %s:" % n not in out, "guest %s started" % n, out)
    for n in ("w", "r1", "r2", "z"):
        check_started(out, n, 5)
        check_verdict(out, n, "hello")
    check(status == EXIT_CLEAN, "QEMU exit status %s" % status, out)
