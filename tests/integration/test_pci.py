# SPDX-License-Identifier: GPL-2.0-only
"""Virtio over PCI for the 4.x test guests (G8 "4.0.0", G9 "4.4.0", G10 "4.13.0").

From Linux 4.0 an lguest guest has no NOTIFY hypercall and no lguest
device page: it finds its console at PCI 00:01.0 through configuration
mechanism #1 (ports 0xCF8/0xCFC, which the hypervisor emulates from the
#GP each port access raises at ring 1), prints early through the PCI_CFG
window into the console's emerg_wr, and drives a virtio 1.0 device through
BAR 0, which it maps uncached so that every access traps and is decoded.
Each test boots one guest image (tests/guests/) of each PCI generation:

  pci    bus 0 as the host promises it: a host bridge at 00:00.0, the
         console at 00:01.0 (ids, class, subsystem, capability list,
         INTERRUPT_LINE 1), all ones elsewhere (32 slots, functions 1-7,
         bus 1); 0xCF8 composed from byte and word writes and read back;
         BAR 0 sizing (0xfffff000) and restore, BAR 1-5 and ROM 0; the
         five vendor capabilities in order; the PCI_CFG window; ports
         nobody emulates read all ones of the access width
  mmio   every instruction form the MMIO decoder takes (mov 88/89/8A/8B
         with and without 0x66, C6/C7, movzx/movsx, moffs A0-A3) in every
         addressing mode, on harmless registers, values checked both ways
  vpci   the virtio 1.0 handshake: reset, features (exactly VERSION_1 and
         EMERG_WRITE offered), FEATURES_OK refused for an unoffered bit and
         without VERSION_1, the full bring-up, ring addresses read back,
         the interrupt line and ISR; emerg_wr written through the mapped BAR
  early  every line of every G8+ guest came through emerg_wr (there is no
         other way before the driver is up): checked on the banner
and a PCI guest and a lguest-bus guest share the console, both ways.
"""
import re

from lib.harness import check
from test_guests import (PCI_GENS, boot_guests, check_started, guest_lines, module,
                         run_single)

EXPECTED = {
    "pci": [r"lgtest: pci: 0xCF8 composes from bytes and words and reads back; 0xCFC reads in "
            r"every width$",
            r"lgtest: pci: bus 0: 2 devices \(host bridge, virtio console 1af4:1043 rev 1\); "
            r"every other slot, function and bus reads all ones$",
            r"lgtest: pci: BAR 0 at 0x[0-9a-f]+000, 4 KiB, sized and restored; BAR 1-5 and ROM "
            r"hard-wired 0$",
            r"lgtest: pci: capability at 0x40: id 0x9 len 16 type 1 bar 0 offset 0 length 56$",
            r"lgtest: pci: capability at 0x[0-9a-f]+: id 0x9 len 20 type 2 bar 0 offset 56 "
            r"length 2$",
            r"lgtest: pci: capabilities: common, notify \(multiplier 0\), isr, device, pci_cfg; "
            r"num_queues 2 through the window$",
            r"lgtest: pci: ports nobody emulates read as all ones of the access width$",
            r"lgtest: pci: keyboard controller status 0x01 \(no controller\), data port all "
            r"ones$"],
    "mmio": [r"lgtest: mmio: BAR 0 0x[0-9a-f]+ mapped uncached at 0xf7000000$",
             r"lgtest: mmio: device config: cols \d+ rows \d+ max_nr_ports \d+$",
             r"lgtest: mmio: 76 MMIO forms decoded right$"],
    "vpci": [r"lgtest: vpci: reset, 2 queues of 256, no MSI-X, features 0x100000004$",
             r"lgtest: vpci: FEATURES_OK refused for an unoffered bit and without VERSION_1, "
             r"kept otherwise$",
             r"lgtest: vpci: emerg_wr through the mapped BAR$",
             r"lgtest: vpci: line 4 through the transmit queue$",
             r"lgtest: vpci: DRIVER_OK with VERSION_1; rings at .*; IRQ 1, [1-9]\d* interrupts"],
}


def _pci_test(test, gen):
    def t():
        # The bus as this test knows it: the console alone (no entropy
        # device in slot 2).
        out = run_single(gen, test, opts="rng=off" if test == "pci" else "")
        lines = guest_lines(out, "g%d" % gen)
        for pat in EXPECTED[test]:
            check(any(re.match(pat, l) for l in lines), "no line matching %r" % pat, out)
        check(lines and lines[0].startswith("lgtest: Linux version "),
              "the banner did not come first through the early console", out)
        # The device's failure report is logged only for a FAILED status,
        # which only mmio writes on purpose.
        if test != "mmio":
            check("reports failure" not in out, "the console driver reported failure", out)
    return t


for _test in EXPECTED:
    for _gen in PCI_GENS:
        globals()["test_%s_g%d" % (_test, _gen)] = _pci_test(_test, _gen)


def test_pci_and_lguest_bus_side_by_side():
    """A G7 (lguest bus) and a G10 (PCI) guest type-echo on one console."""
    m = boot_guests([module(7, "old", "vecho"), module(10, "new", "vecho")])
    try:
        for name in ("old", "new"):
            m.wait_for(re.escape("[%s] lgtest: vecho: ready" % name) + r"\n", 60)
        m.send("to old\r")
        m.wait_for(r"\[old\] echo: to old\n", 20)
        m.send("quit\r")
        m.wait_for(r"\[old\] lgtest: vecho: PASS\n", 20)
        m.wait_for(r"hv: guest old: power off", 30)
        for _ in range(3):      # old is gone: Ctrl-A x3 until the focus is on new
            n = len(re.findall(r"hv: console focus: ", m.transcript))
            m.send("\x01\x01\x01")
            m.wait_for(r"(?s)(hv: console focus: .*){%d}" % (n + 1), 10)
            if m.transcript.rstrip().split("hv: console focus: ")[-1].startswith("guest new"):
                break
        m.send("to new\r")
        m.wait_for(r"\[new\] echo: to new\n", 20)
        m.send("quit\r")
        status = m.wait_exit(30)
    finally:
        m.kill()
    out = m.transcript
    check_started(out, "old", 7)
    check_started(out, "new", 10)
    check("echo: to new" not in "\n".join(guest_lines(out, "old")), "old got new's line", out)
    check("echo: to old" not in "\n".join(guest_lines(out, "new")), "new got old's line", out)
    for name in ("old", "new"):
        check('hv: guest %s: power off ("lgtest done")' % name in out,
              "%s did not power off" % name, out)
    check(" killed: " not in out, "a guest was killed", out)
    check(status == 1, "QEMU exit status %s" % status, out)
