#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Writes tests/fuzz/corpus/pci/: the seed scripts of fuzz_pci.c (see its
header for the record format), each a small guest doing one meaningful
thing.  Run it again after changing the format:
    python3 tests/fuzz/seeds_pci.py
(bug-enable-queue-via-window is not written here: it is the libFuzzer
crash input, minimised, that found the enable_queue bug through the
PCI_CFG window.)
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "corpus", "pci")

WIDX = {1: 0, 2: 1, 4: 2}
RAM_SIZE = 0x1F800      # mem_size of the fuzz guest (tests/unit/vpci_host.h)
WINDOW = 0x20000        # mmio_base: mem_limit


class Script:
    def __init__(self, two=False):
        self.b = bytearray([1 if two else 0])

    def rec(self, op, a, b, c, v=0):
        self.b += struct.pack("<BBBBI", op, a & 0xFF, b & 0xFF, c & 0xFF, v & 0xFFFFFFFF)

    def port_out(self, port, n, v):
        self.rec(0, port - 0xCF8, WIDX[n], 0, v)

    def port_in(self, port, n):
        self.rec(1, port - 0xCF8, WIDX[n], 0)

    def cfg_w(self, slot, reg, n, v):
        self.rec(2, slot, reg, WIDX[n], v)

    def cfg_r(self, slot, reg, n):
        self.rec(3, slot, reg, WIDX[n])

    def bar_w(self, f, off, n, v):
        self.rec(4, f | WIDX[n] << 1, off, off >> 8, v)

    def bar_r(self, f, off, n):
        self.rec(5, f | WIDX[n] << 1, off, off >> 8)

    def mmio(self, off, n, write=False, v=0):
        self.rec(6, int(write) | WIDX[n] << 1, off, off >> 8, v)

    def ram(self, gpa, v):
        self.rec(7, gpa, gpa >> 8, gpa >> 16, v)

    def window(self, f, bar, off, n, write=False, v=0):
        a = f | ((0x80 | bar << 1) if bar else 0)
        c = (off >> 8) & 0xF | (0xC0 if n == 3 else WIDX[n] << 4)
        self.rec(8 | (0x80 if write else 0), a, off, c, v)

    # BAR0 registers (struct virtio_pci_common_cfg)
    def status(self, v, f=0):
        self.bar_w(f, 20, 1, v)

    def features(self, lo, hi, f=0):
        self.bar_w(f, 8, 4, 0)
        self.bar_w(f, 12, 4, lo)
        self.bar_w(f, 8, 4, 1)
        self.bar_w(f, 12, 4, hi)

    def queue(self, q, size, desc, avail, used, f=0, enable=True):
        self.bar_w(f, 22, 2, q)
        self.bar_r(f, 24, 2)
        self.bar_w(f, 24, 2, size)
        for off, v in ((32, desc), (36, 0), (40, avail), (44, 0), (48, used), (52, 0)):
            self.bar_w(f, off, 4, v)
        self.bar_w(f, 26, 2, 0xFFFF)
        if enable:
            self.bar_w(f, 28, 2, 1)

    def desc(self, table, i, addr, length, flags=0, nxt=0):
        at = table + 16 * i
        self.ram(at, addr)
        self.ram(at + 4, 0)
        self.ram(at + 8, length)
        self.ram(at + 12, flags | nxt << 16)

    def offer(self, avail, idx, heads):
        self.ram(avail, idx << 16)
        for i, h in enumerate(heads):
            if i % 2 == 0:
                nxt = heads[i + 1] if i + 1 < len(heads) else 0
                self.ram(avail + 4 + 2 * i, h | nxt << 16)

    def caps(self, slot=1):
        self.cfg_r(slot, 0x06, 2)
        self.cfg_r(slot, 0x34, 1)
        for cap in (0x40, 0x50, 0x64, 0x74, 0x84):
            self.cfg_r(slot, cap, 2)
            self.cfg_r(slot, cap + 3, 1)
            self.cfg_r(slot, cap + 4, 1)
            self.cfg_r(slot, cap + 8, 4)
            self.cfg_r(slot, cap + 12, 4)
        self.cfg_r(slot, 0x60, 4)


def bring_up(s, f=0, queues=((0, 16, 0x1000, 0x1100, 0x2000), (1, 16, 0x3000, 0x3100, 0x4000))):
    s.status(0, f)
    s.status(1, f)
    s.status(3, f)
    s.bar_w(f, 0, 4, 0)
    s.bar_r(f, 4, 4)
    s.bar_w(f, 0, 4, 1)
    s.bar_r(f, 4, 4)
    s.features(1 << 2 if f == 0 else 0, 1, f)
    s.status(0xB, f)
    s.bar_r(f, 20, 1)
    for q in queues:
        s.queue(*q, f=f)
    s.status(0xF, f)


def seeds():
    out = {}

    s = Script()
    s.port_out(0xCFB, 1, 1)
    s.port_in(0xCF8, 4)
    s.port_out(0xCF8, 4, 0x80000000)
    s.port_in(0xCF8, 4)
    s.port_out(0xCF8, 4, 0x01000000)
    s.cfg_r(0, 0x0A, 2)
    s.cfg_r(0, 0x00, 2)
    s.cfg_r(1, 0x00, 4)
    s.cfg_r(2, 0x00, 4)
    s.port_out(0xCF8, 2, 0x0800)
    s.port_out(0xCFA, 2, 0x8000)
    s.port_in(0xCFC, 4)
    s.port_in(0xCFE, 2)
    s.port_out(0xCF8, 4, 0x80010800)    # bus 1
    s.port_in(0xCFC, 4)
    out["type1-scan"] = s

    s = Script()
    s.cfg_r(1, 0x00, 4)
    s.caps()
    s.cfg_r(1, 0x10, 4)
    s.cfg_w(1, 0x10, 4, 0xFFFFFFFF)
    s.cfg_r(1, 0x10, 4)
    s.cfg_w(1, 0x10, 4, WINDOW)
    s.cfg_w(1, 0x04, 2, 6)
    bring_up(s)
    s.desc(0x1000, 0, 0x5000, 16)
    s.offer(0x1100, 1, [0])
    s.bar_w(0, 56, 2, 0)
    s.bar_r(0, 58, 1)
    s.desc(0x3000, 0, 0x6000, 32, 2)
    s.desc(0x3000, 1, 0x6100, 32, 1 | 2, 2)
    s.desc(0x3000, 2, 0x6200, 32, 2)
    s.offer(0x3100, 2, [0, 1])
    s.bar_w(0, 56, 2, 1)
    s.bar_r(0, 58, 1)
    s.bar_r(0, 60, 4)
    s.bar_w(0, 68, 4, 0x41)
    s.status(0)
    bring_up(s)
    out["linux-bring-up"] = s

    s = Script()
    s.cfg_r(1, 0x00, 4)
    s.caps()
    for ch in b"Hi\n":
        s.window(0, 0, 68, 4, True, ch)
    s.window(0, 0, 60, 4)
    s.window(0, 0, 18, 2)
    s.window(0, 0, 20, 1, True, 1)
    out["early-console"] = s

    s = Script(two=True)
    for slot in (1, 2):
        s.cfg_r(slot, 0x00, 4)
        s.cfg_r(slot, 0x10, 4)
        s.cfg_w(slot, 0x10, 4, 0xFFFFFFFF)
        s.cfg_r(slot, 0x10, 4)
        s.cfg_w(slot, 0x10, 4, WINDOW + (slot - 1) * 0x1000)
    s.cfg_w(1, 0x10, 4, WINDOW + 5 * 0x1000)
    s.cfg_w(2, 0x10, 4, WINDOW + 6 * 0x1000)
    s.cfg_w(1, 0x10, 4, WINDOW + 6 * 0x1000)    # onto the other: refused
    s.cfg_w(1, 0x10, 4, 0x1000)                 # RAM: refused
    s.cfg_w(1, 0x10, 4, WINDOW + 0x800)         # unaligned: refused
    s.cfg_w(2, 0x10, 4, WINDOW + 32 * 0x1000)   # past the window: refused
    s.cfg_w(2, 0x10, 4, WINDOW + 31 * 0x1000)
    s.mmio(5 * 0x1000 + 18, 2)
    s.mmio(31 * 0x1000 + 18, 2)
    s.mmio(0, 4)
    s.mmio(0x1000, 4, True, 0)
    bring_up(s, f=1, queues=((0, 8, 0x8000, 0x8080, 0x9000),))
    s.desc(0x8000, 0, 0xA000, 64, 2)
    s.offer(0x8080, 1, [0])
    s.bar_w(1, 56, 2, 0)
    s.bar_r(1, 58, 1)
    s.cfg_r(3, 0x00, 4)
    out["two-functions"] = s

    s = Script()
    s.window(0, 1, 60, 4, True, 0x41)
    out["window-bar1"] = s

    s = Script()
    s.window(0, 0, 60, 3)
    out["window-length3"] = s

    s = Script()
    s.window(0, 0, 4094, 4)
    out["window-past-bar"] = s

    s = Script()
    s.bar_r(0, 0x12, 4)
    out["straddle-12"] = s

    s = Script()
    s.bar_w(0, 57, 2, 0)
    out["straddle-57"] = s

    s = Script()
    s.queue(0, 16, 0x1000, 0x1100, 0x2000)
    s.bar_w(0, 32, 4, 0x5000)
    out["queue-changed-while-enabled"] = s

    s = Script()
    s.queue(0, 64, RAM_SIZE - 0x100, 0x1100, 0x2000)
    out["ring-outside-ram"] = s

    s = Script()
    s.queue(0, 16, 0x1000, 0x1100, 0x2000, enable=False)
    s.bar_w(0, 36, 4, 1)
    s.bar_w(0, 28, 2, 1)
    out["ring-above-4g"] = s

    s = Script()
    s.status(3)
    s.features(1 << 5, 1)
    s.status(0xB)
    s.bar_r(0, 20, 1)
    s.status(0xF)
    out["feature-refused"] = s

    s = Script()
    s.status(3)
    s.status(1)
    out["status-backwards"] = s

    s = Script()
    s.queue(0, 16, 0x1000, 0x1100, 0x2000)
    s.desc(0x1000, 0, 0x5000, 16, 1, 0)     # NEXT to itself
    s.offer(0x1100, 1, [0])
    s.bar_w(0, 56, 2, 0)
    out["ring-loops"] = s

    s = Script()
    s.bar_w(0, 16, 2, 0)
    out["msix-vector"] = s

    # queue_enable for queue 65535: once read past the transport's arrays
    s = Script()
    s.bar_w(0, 22, 2, 0xFFFF)
    s.bar_w(0, 28, 2, 1)
    out["bug-enable-queue-65535"] = s
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, s in sorted(seeds().items()):
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(bytes(s.b))


if __name__ == "__main__":
    main()
