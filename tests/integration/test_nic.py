# SPDX-License-Identifier: GPL-2.0-only
"""The machine's own network card, as the hypervisor finds it and drives it.

The hypervisor looks for a network card on its own PCI bus and lists the
first it supports (the Intel 8254x family) with its MAC and link state;
hv.selftest=nic then drives it both ways with no guest at all, under
QEMU's user network (slirp): an ARP request for the gateway 10.0.2.2
answered with slirp's MAC, an ICMP echo to the gateway with its payload
back intact, and -- with hv.selftest=nic:PORT -- a UDP datagram to
10.0.2.2:PORT, which slirp hands to 127.0.0.1:PORT, where this test
answers it in capitals.  Nothing leaves the loopback: the self-test sends
only to slirp's own addresses, and the listing tests restrict slirp.

Each model QEMU has of the family is tried: the 82540EM (its default PC
card; MAC from the EEPROM through EERD), the 82545EM (EERD too) and the
82544GC (no EERD: the MAC the card loaded into RAL0 at reset).  A MAC set
with mac= must be the one listed.  A machine without a card says so, and
one with only a card no driver here knows (RTL8139) names it; with
several cards, the first supported one in bus order is taken; a card
whose interrupt line a serial port already holds is not used.
"""
import re
import socket
import threading

from lib.harness import check
from lib.qemu import EXIT_CLEAN, run_kernel

LISTED = r"hv: nic: Intel %s at 00:03\.0, MAC %s, link up\n"
QEMU_MAC = "52:54:00:12:34:56"


def boot(extra, cmdline="console=com1", timeout=60):
    status, out = run_kernel(mem=64, cmdline=cmdline, extra=extra, timeout=timeout)
    check(status == EXIT_CLEAN and "hv: no guests to run; powering off." in out,
          "no clean power-off (QEMU status %s)" % status, out)
    return out


def nic_lines(out):
    return [l for l in out.splitlines() if re.match(r"hv: (nic:|no network card|no supported|no usable)", l)]


class UdpAnswerer:
    """Answers one datagram on 127.0.0.1 with the same text in capitals."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(60)
        self.port = self.sock.getsockname()[1]
        self.got = None
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        try:
            data, peer = self.sock.recvfrom(2048)
            self.got = data
            self.sock.sendto(data.upper(), peer)
        except OSError:
            pass

    def close(self):
        self.sock.close()
        self.thread.join(5)


def selftest(device, model, mac=QEMU_MAC):
    udp = UdpAnswerer()
    try:
        out = boot(["-netdev", "user,id=n0", "-device", "%s,netdev=n0,mac=%s" % (device, mac)],
                   cmdline="console=com1 hv.selftest=nic:%d" % udp.port)
    finally:
        udp.close()
    check(re.search(LISTED % (model, mac), out), "the card was not listed as expected", out)
    for pat in [r"selftest nic: Intel %s, link up\n" % model,
                r"selftest nic: ARP: 10\.0\.2\.2 is at 52:55:0a:00:02:02 \(\d+ us\)\n",
                r"selftest nic: ICMP: echo reply from 10\.0\.2\.2, 64 bytes, payload intact",
                r'selftest nic: UDP: 10\.0\.2\.2:%d answered "LGHV NIC SELFTEST"' % udp.port,
                r"selftest nic: done\n"]:
        check(re.search(pat, out), "no line matching %r" % pat, out)
    check(udp.got == b"lghv nic selftest", "the host got %r" % udp.got, out)
    m = re.search(r"selftest nic: rx (\d+) frames \d+ bytes 0 dropped, tx 3 frames \d+ bytes "
                  r"0 dropped, (\d+) interrupts", out)
    check(m and int(m.group(1)) >= 3 and int(m.group(2)) >= 1,
          "the counters are not those of three answers taken on interrupts", out)


def test_nic_selftest_82540em():
    selftest("e1000", "82540EM")


def test_nic_selftest_82545em():
    selftest("e1000-82545em", "82545EM", mac="52:54:00:fe:dc:01")


def test_nic_selftest_82544gc():
    selftest("e1000-82544gc", "82544GC", mac="52:54:00:ab:cd:ef")


def test_nic_default_card_listed():
    """QEMU's PC without -nic options has an 82540EM on slirp."""
    out = boot(["-nic", "user,model=e1000,restrict=on"])
    check(nic_lines(out) == ["hv: nic: Intel 82540EM at 00:03.0, MAC %s, link up" % QEMU_MAC],
          "listing: %r" % nic_lines(out), out)


def test_nic_first_supported_card():
    """An RTL8139 first on the bus is passed over for the e1000 after it."""
    out = boot(["-nic", "user,model=rtl8139,restrict=on", "-nic", "user,model=e1000,restrict=on",
                "-nic", "user,model=e1000,restrict=on,mac=52:54:00:00:00:99"])
    check(nic_lines(out) == ["hv: nic: Intel 82540EM at 00:04.0, MAC 52:54:00:12:34:57, link up"],
          "listing: %r" % nic_lines(out), out)


def test_nic_none():
    out = boot(["-nic", "none"], cmdline="console=com1 hv.selftest=nic")
    check(nic_lines(out) == ["hv: no network card"], "listing: %r" % nic_lines(out), out)
    check("selftest nic: FAILED: no network card" in out, "the self-test did not say so", out)


def test_nic_rtl8139_unsupported():
    out = boot(["-nic", "user,model=rtl8139,restrict=on"])
    check(nic_lines(out) == ["hv: no supported network card (10ec:8139 at 00:03.0)"],
          "listing: %r" % nic_lines(out), out)


def test_nic_bad_port():
    out = boot(["-nic", "user,model=e1000,restrict=on"], cmdline="console=com1 hv.selftest=nic:0")
    check("selftest nic: FAILED: the port is not a number from 1 to 65535" in out,
          "a bad port was not refused", out)


def test_nic_irq_taken():
    """SeaBIOS routes the card at 00:03.0 to IRQ 11; a serial port set there
    first keeps it, and the card is reported unusable, not half-driven."""
    status, out = run_kernel(mem=64, serial_ports=2,
                             cmdline="console=com1 com2=115200,8n1,0x2f8,11 hv.selftest=nic",
                             extra=["-nic", "user,model=e1000,restrict=on"])
    check(status == EXIT_CLEAN, "no clean power-off (QEMU status %s)" % status, out)
    check(nic_lines(out) == ["hv: no usable network card (Intel 82540EM at 00:03.0: "
                             "IRQ 11 is taken)"], "listing: %r" % nic_lines(out), out)
    check("selftest nic: FAILED: no network card" in out, "the self-test did not say so", out)
