# SPDX-License-Identifier: GPL-2.0-only
"""Guests' network cards, switches and entropy (issue 12), both transports.

`net=NAME` on a guest's module line gives it a virtio-net card (eth0,
eth1, ... in order) on switch NAME, `mac=` the card's MAC (else
02:<hash of the name>:<card>); every guest has an entropy device unless
rng=off.  Devices come in order console, disks, cards, entropy: on the
lguest device page (G1-G7) each queue has its IRQ counted from 1, on PCI
(G8-G10) device n is in slot n with INTERRUPT_LINE n.  G1 (2.6.24) finds
its card's MAC in a typed config field and negotiates no feature; G2/G3
(2.6.27, 2.6.29) take MAC but not STATUS; 2.6.24 has no entropy driver, so
G1 never drives one (the device is there all the same).

  vnet_lan_N     lgtest=vnet: on switch lan guest a sends b 200 frames of
                 14-1518 bytes and checks each echo, b checks each byte,
                 and both, with bystander c, get a's three broadcasts and
                 END; three frames with a source MAC not a's own reach no
                 one; c's second card and e share switch dmz and must hear
                 only each other (e's unicast for b's MAC is unknown there:
                 nobody's).  Generations mixed across the transports.
  vrng           lgtest=vrng on G2-G10, the device after 0 or 1 cards.
  vnetbad_*      lgtest=vnetbad: chains that break the card's or the
                 entropy device's rules, each killing its guest with the
                 exact reason, beside the benign guest of the hostile
                 suite; frames of bad sizes, refused without harm; a flood
                 at a guest that posts no receive buffers: its port keeps
                 the flooder's share of 32 frames and drops the rest (the `net`
                 listing counts them), while the flooder, the sink and the
                 benign guest all go on.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib.harness import check  # noqa: E402
from lib.qemu import EXIT_CLEAN, boot_kernel  # noqa: E402
from test_disk import check_benign  # noqa: E402
from test_hostile import benign_rounds  # noqa: E402
from test_guests import (TLV_GENS, check_power_off,  # noqa: E402
                         check_started, check_verdict, guest_elf, guest_lines)

CTRL_A3 = "\x01\x01\x01"
B_MAC = "02:00:00:00:01:02"       # mac= of b on lan
C1_MAC = "02:00:00:00:02:03"      # mac= of c's eth1 on dmz
SINK_MAC = "02:00:00:00:0f:02"
NET_FEATURES = 1 << 5 | 1 << 16   # MAC, STATUS


def guest(gen, name, test, opts="", mem="32M"):
    return "%s name=%s mem=%s %s -- lgtest=%s" % (guest_elf(gen), name, mem, opts, test)


def boot(modules):
    return boot_kernel(mem=96 + 48 * len(modules), modules=modules)


def hv_macs(out, name):
    """{card: MAC} as the hypervisor announced them."""
    return dict(re.findall(r"hv: guest %s: (eth\d) on switch \w+, MAC ([0-9a-f:]{17})\n"
                           % re.escape(name), out))


def card_lines(gen, card, k, mac):
    """What lgtest=vnet prints about its card k (regular expressions)."""
    status = 1
    if gen >= 8:
        where = r"00:%02x\.0, IRQ %d, queues of 256 and 256" % (2 + k, 2 + k)
        f = accepted = NET_FEATURES | 1 << 32
        hdr = 12
    else:
        where = r"device page \+\d+, IRQs %d and %d, queues of 256 and 256" % (3 + 2 * k,
                                                                          4 + 2 * k)
        f = accepted = NET_FEATURES
        hdr = 10
        if gen in TLV_GENS:             # no feature field: nothing offered
            f = accepted = status = 0
        elif gen in (2, 3):             # no STATUS before 2.6.30
            accepted, status = 1 << 5, 0
    return [r"lgtest: vnet: %s: %s$" % (card, where),
            r"lgtest: vnet: %s: MAC %s, status %#x, features offered %#x, accepted %#x, "
            r"header %d bytes$" % (card, re.escape(mac), status, f, accepted, hdr),
            r"lgtest: vnet: %s: interrupts arrived$" % card]


def check_lines(out, name, pats):
    lines = guest_lines(out, name)
    missing = [p for p in pats if not any(re.match(p, l) for l in lines)]
    check(not missing, "%s printed no line matching:\n  %s" % (name, "\n  ".join(missing)), out)


def _lan(a, b, c, e):
    def t():
        m = boot([guest(a, "a", "vnet:a:200:bc", "net=lan"),
                  guest(b, "b", "vnet:b", "net=lan mac=" + B_MAC),
                  guest(c, "c", "vnet:c", "net=lan net=dmz mac=" + C1_MAC),
                  guest(e, "e", "vnet:e:" + B_MAC.replace(":", ""), "net=dmz")])
        status = m.wait_exit(60)
        out = m.transcript
        macs = {n: hv_macs(out, n) for n in "abce"}
        check(macs["b"].get("eth0") == B_MAC and macs["c"].get("eth1") == C1_MAC,
              "mac= was not used: %r" % macs, out)
        check(len(macs["c"]) == 2 and all(len(macs[n]) == 1 for n in "abe"),
              "cards announced: %r" % macs, out)
        gens = {"a": a, "b": b, "c": c, "e": e}
        for n in "abce":
            check_started(out, n, gens[n])
            pats = []
            for k, (card, mac) in enumerate(sorted(macs[n].items())):
                pats += card_lines(gens[n], card, k, mac)
            check_lines(out, n, pats)
            check_verdict(out, n, "vnet")
            check_power_off(out, n)
        am, bm, c1 = macs["a"]["eth0"], B_MAC, C1_MAC
        check_lines(out, "a", [r"lgtest: vnet: heard bc; b is %s$" % bm,
                               r"lgtest: vnet: 3 frames with a source MAC not ours sent$",
                               r"lgtest: vnet: 200 frames of 14 to 1518 bytes to b, each echoed "
                               r"back intact and in order$",
                               r"lgtest: vnet: 3 broadcasts and END sent$"])
        check_lines(out, "b", [r"lgtest: vnet: 200 frames from %s in order, every byte right, "
                               r"each echoed$" % am,
                               r"lgtest: vnet: 3 broadcasts and END from a; nothing spoofed or "
                               r"foreign$"])
        check_lines(out, "c", [r"lgtest: vnet: role c, 2 cards$",
                               r"lgtest: vnet: lan: 3 broadcasts and END from %s; no unicast, "
                               r"spoofed or foreign frame$" % am,
                               r"lgtest: vnet: dmz: only frames from %s; END passed on$"
                               % macs["e"]["eth0"]])
        check_lines(out, "e", [r"lgtest: vnet: dmz: (one|several) frames? only from %s, none "
                               r"from lan$" % c1])
        check(" killed: " not in out, "a guest was killed", out)
        check(status == EXIT_CLEAN, "QEMU exit status %s" % status, out)
    return t


# (a, b, c, e): every generation sends or echoes, each pair across the transports.
test_vnet_lan_1 = _lan(7, 9, 5, 10)
test_vnet_lan_2 = _lan(8, 6, 10, 7)
test_vnet_lan_3 = _lan(5, 10, 8, 6)
test_vnet_lan_4 = _lan(9, 8, 6, 5)      # PCI both ends, G9 sending
test_vnet_lan_5 = _lan(1, 8, 2, 3)      # 2.6.24 sending to PCI; 2.6.27 with two cards
test_vnet_lan_6 = _lan(4, 1, 10, 2)     # 2.6.24 echoing; 2.6.30 sending


# ---- lgtest=vrng --------------------------------------------------------------------

def _vrng(gens, carded):
    def t():
        m = boot([guest(g, "r%d" % g, "vrng", "net=x" if g in carded else "") for g in gens])
        status = m.wait_exit(60)
        out = m.transcript
        for g in gens:
            n, cards = "r%d" % g, 1 if g in carded else 0
            if g >= 8:
                where = r"00:%02x\.0, 1 queue of 64, IRQ %d, features offered 0x100000000, " \
                        r"config 4 bytes" % (2 + cards, 2 + cards)
                irq = 2 + cards
            else:
                irq = 3 + 2 * cards
                where = r"device page \+\d+, 1 queue of 256, IRQ %d, features offered 0x0, " \
                        r"config 0 bytes" % irq
            check_started(out, n, g)
            check_lines(out, n, [
                r"lgtest: vrng: %s$" % where,
                r"lgtest: vrng: buffers of 1, 2, 16, 64, 100, 512, 4095 and 4096 bytes: filled "
                r"exactly$",
                r"lgtest: vrng: a buffer of 8192 bytes: 4096 filled, the rest left alone$",
                r"lgtest: vrng: a chain of 100, 300 and 7 bytes: used 407$",
                r"lgtest: vrng: reads differ; 64 KiB: every byte value seen 128-400 times$",
                r"lgtest: vrng: interrupts arrived on IRQ %d$" % irq])
            check_verdict(out, n, "vrng")
            check_power_off(out, n)
        check(" killed: " not in out, "a guest was killed", out)
        check(status == EXIT_CLEAN, "QEMU exit status %s" % status, out)
    return t


# G5-G10, G6 and G9 with a card before the entropy device; then G2-G4
# (2.6.24, G1, has no entropy driver).
test_vrng = _vrng([5, 6, 7, 8, 9, 10], (6, 9))
test_vrng_old = _vrng([2, 3, 4], (3,))


# ---- lgtest=vnetbad -----------------------------------------------------------------

KILLS = {
    "tx_write": "eth0: transmit buffer with 100 bytes for the device to write",
    "tx_loop": "eth0 transmit ring: descriptor chain loops or is longer than the ring",
    "tx_addr": "eth0 transmit ring: descriptor points outside guest memory",
    "rx_read": "eth0: receive buffer with 100 bytes for the device to read",
    "rx_loop": "eth0 receive ring: descriptor chain loops or is longer than the ring",
    "rx_addr": "eth0 receive ring: descriptor points outside guest memory",
    "rng_read": "entropy: buffer with 64 bytes for the device to read",
    "rng_loop": "entropy ring: descriptor chain loops or is longer than the ring",
}


def beside_benign(mods, benign_gen, wait, after=None):
    """Boots the benign guest and mods, waits for each regex in wait (and
    runs after(machine) if given), then for 10 more benign rounds."""
    m = boot([guest(benign_gen, "benign", "benign", mem="24M")] + mods)
    try:
        m.wait_for(re.escape("[benign] lgtest: benign: round 5 ") + r"checksum", 60)
        for w in wait:
            m.wait_for(w, 60)
        if after:
            after(m)
        last = benign_rounds(m.transcript)[-1][0]
        m.wait_for(re.escape("[benign] lgtest: benign: round %d " % (last + 10)) +
                   r"checksum [0-9a-f]+\n", 60)
        out = m.transcript
        out = out[:out.rfind("\n") + 1]
    finally:
        m.kill()
    check_benign(out, last, more=10)
    return out


def _kills(variants, gens, sizes_gen, benign_gen):
    def t():
        mods = [guest(g, "bad_" + v, "vnetbad:" + v, "net=s%d net=s%d" % (i, i), "16M")
                for i, (v, g) in enumerate(zip(variants, gens))]
        mods.append(guest(sizes_gen, "sizes", "vnetbad:sizes", "net=sz net=sz", "16M"))
        out = beside_benign(mods, benign_gen,
                            [r"hv: guest bad_%s killed: .*\(eip 0x[0-9a-f]+\)" % v
                             for v in variants] + [r"\[sizes\] lgtest: vnetbad: (PASS|FAIL)"])
        wrong = []
        for v, g in zip(variants, gens):
            name = "bad_" + v
            check_started(out, name, g)
            check("lgtest: vnetbad: %s: attacking" % v in guest_lines(out, name),
                  "%s did not attack" % name, out)
            k = re.search(r"hv: guest %s killed: (.*) \(eip 0x[0-9a-f]+\)" % name, out)
            if not (k and k.group(1) == KILLS[v]):
                wrong.append("%s (G%d): %s" % (v, g, k.group(1) if k else "not killed"))
            if any(": FAIL" in l or ": PASS" in l for l in guest_lines(out, name)):
                wrong.append("%s printed a verdict" % v)
        check(not wrong, "kill reasons that do not match:\n  " + "\n  ".join(wrong), out)
        hdr = 12 if sizes_gen >= 8 else 10
        check(out.count("hv: guest sizes: eth0: sent a") == 1 and
              "hv: guest sizes: eth0: sent a 0-byte frame (Ethernet is 14 to 1518 bytes and a "
              "%d-byte header); dropped, as are any more\n" % hdr in out,
              "the refused frames were not reported once", out)
        check_lines(out, "sizes", [
            r"lgtest: vnetbad: sizes: a header alone, frames of 1-13, 1519, 9000 and 65536 bytes "
            r"and a 4-byte header refused, 18 chains back with used length 0$",
            r"lgtest: vnetbad: sizes: then a good broadcast from eth0 reached eth1$"])
        check_verdict(out, "sizes", "vnetbad")
        check(out.count(" killed: ") == len(variants), "another guest was killed", out)
    return t


_variants = list(KILLS)
# (The entropy variants never on G1: 2.6.24 has no entropy driver.)
test_vnetbad_lguest_1 = _kills(_variants[:4], [1, 2, 3, 4], 9, 8)
test_vnetbad_lguest_2 = _kills(_variants[4:], [5, 6, 7, 4], 1, 9)
test_vnetbad_pci_1 = _kills(_variants[:4], [8, 9, 10, 8], 5, 3)
test_vnetbad_pci_2 = _kills(_variants[4:], [8, 9, 10, 8], 10, 2)


def hv_console(m, command):
    """Moves the console focus to the hypervisor and types command."""
    for _ in range(10):
        n = len(re.findall(r"hv: console focus: ", m.transcript))
        m.send(CTRL_A3)
        m.wait_for(r"(?s)(hv: console focus: .*){%d}" % (n + 1), 10)
        if m.transcript.rstrip().split("hv: console focus: ")[-1].startswith("hypervisor"):
            break
    m.send(command + "\r")


def _flood_end(flood_gen, sink_gen, benign_gen):
    """The whole flood: both ends' reports, and the benign guest's pace."""
    def t():
        m = boot([guest(benign_gen, "benign", "benign", mem="24M"),
                  guest(flood_gen, "flooder", "vnetbad:flood:" + SINK_MAC.replace(":", ""),
                        "net=fl", "16M"),
                  guest(sink_gen, "sink", "vnetbad:sink", "net=fl mac=" + SINK_MAC, "16M")])
        try:
            m.wait_for(r"\[flooder\] lgtest: vnetbad: flood: attacking", 60)
            m.wait_for(r"\[sink\] lgtest: vnetbad: sink: attacking", 60)
            hv_console(m, "net")
            listing = m.wait_for(r"hv: switch fl:\n((hv:   .*\n){2})", 10).group(1)
            m.wait_for(r"\[sink\] lgtest: vnetbad: (PASS|FAIL.*)\n", 60)
            m.wait_for(r"\[flooder\] lgtest: vnetbad: (PASS|FAIL.*)\n", 30)
            last = benign_rounds(m.transcript)[-1][0]
            m.wait_for(re.escape("[benign] lgtest: benign: round %d " % (last + 5)) +
                       r"checksum [0-9a-f]+\n", 30)
            out = m.transcript
        finally:
            m.kill()
        check_benign(out, last - 5, more=10)
        port = r"hv:   %-16s %s  in (\d+) frames \d+ bytes \(0 refused\), out (\d+) frames " \
               r"\d+ bytes, (\d+) dropped\n"
        f = re.search(port % ("flooder eth0", re.escape(hv_macs(out, "flooder")["eth0"])),
                      listing)
        s = re.search(port % ("sink eth0", re.escape(SINK_MAC)), listing)
        check(f and s, "the net listing shows no flooder and sink ports:\n" + listing, out)
        check(int(f.group(1)) > 32 and int(s.group(2)) == 0 and int(s.group(3)) > 0,
              "flooder in %s, sink out %s and dropped %s" % (f.group(1), s.group(2),
                                                             s.group(3)), out)
        fl = guest_lines(out, "flooder")
        r = [re.match(r"lgtest: vnetbad: flood: (\d+) frames of 1518 bytes in (\d+) ms, every "
                      r"chain back$", l) for l in fl]
        r = [x for x in r if x]
        check(r and int(r[0].group(1)) >= 1000, "no flood report", out)
        check("lgtest: vnetbad: flood: END acknowledged" in fl, "END was not answered", out)
        check_lines(out, "sink", [r"lgtest: vnetbad: sink: 5 s without receive buffers, then "
                                  r"the 32 queued frames \(0-31\), (no more|more after a gap), "
                                  r"and END$"])
        for n in ("flooder", "sink"):
            check_verdict(out, n, "vnetbad")
            check_power_off(out, n)
        start = out.index("[flooder] lgtest: vnetbad: flood: attacking")
        end = out.index("[flooder] lgtest: vnetbad: flood: ", start + 1)
        during = re.findall(r"\[benign\] lgtest: benign: round", out[start:end])
        ms = int(r[0].group(2))
        check(len(during) >= ms // 600, "the benign guest printed %d lines during a flood of "
              "%d ms" % (len(during), ms), out)
        check(" killed: " not in out, "a guest was killed", out)
    return t


test_vnetbad_flood_g7_g10 = _flood_end(7, 10, 9)
test_vnetbad_flood_g9_g5 = _flood_end(9, 5, 6)
test_vnetbad_flood_g4_g1 = _flood_end(4, 1, 8)
