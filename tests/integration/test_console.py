# SPDX-License-Identifier: GPL-2.0-only
"""The hypervisor's console: the virtio console device and the multiplexer.

Each test boots the test guests (tests/guests/, built by `make guests`)
with a virtio-console test (lib/vcons.c drives the device as Linux's
lguest_device.c, or from G8 virtio_pci_modern.c, and virtio_console.c of
each generation do) and talks to
them through the serial ports, because that is the only way a person
reaches a guest's shell: if a line typed on the right port does not come
back, or comes back from the wrong guest, or a byte of the output is lost,
the console is broken however healthy the guest looks.  What they check:

  vecho      (G1-G10) lines typed on COM1 while the guest has the focus
             come back as "[name] echo: <line>"; "quit" ends it cleanly
  vbig       (G1-G10) a guest writes exactly 1 MiB through its transmit
             queue; every byte must arrive in order, compared byte for byte
             with hv.label=none (raw output), and again with the "[name] "
             labels stripped
  ports      two guests bound to COM2 and COM3 (console=com2 / com3 on their
             module lines): each port carries only its guest's output,
             unlabelled and byte exact, and input typed on a port reaches
             only that guest; COM1 keeps the hypervisor console
  focus      two guests share COM1: the focus starts on the first; Ctrl-A
             three times moves it (guest, next guest, hypervisor, ...), each
             move announced as "hv: console focus: ..."; typed lines reach
             only the focused guest; at the hypervisor, "list" and "kill"
  badring    (G5, G7, G9, and one of G1-G4 in turn; one way each of breaking a
             transmit ring: see
             tests/guests/badring.c) a guest that breaks its transmit ring
             is killed with a reason naming the ring, and a vspin guest
             beside it keeps printing through its own virtio console

The extra serial ports are Unix sockets this test listens on; QEMU connects
to them as a client when it starts (-serial unix:PATH), so no output is lost
before the test is ready to read.  QEMU ends with status 1 (isa-debug-exit)
once the last guest has stopped.
"""
import os
import re
import shutil
import socket
import sys
import tempfile
import threading
import time
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib.harness import TestFailure, check, tail  # noqa: E402
from lib.qemu import EXIT_CLEAN, ROOT, boot_kernel  # noqa: E402

GUEST_DIR = os.path.join(ROOT, "build", "guests")
from test_guests import OLD_GENS, VERSIONS  # noqa: E402


# Every test here runs again on a two-CPU machine (name@smp2).
SMP_VARIANTS = True

GENS = sorted(VERSIONS)
CTRL_A3 = "\x01\x01\x01"


def guest_elf(gen):
    path = os.path.join(GUEST_DIR, "lgtest-g%d.elf" % gen)
    if not os.path.exists(path):
        raise TestFailure("%s is missing: run `make guests`" % path)
    return path


def module(gen, name, test, mem="32M", options=""):
    """A module line: the guest image, its hypervisor options, its command line."""
    return "%s name=%s mem=%s %s-- lgtest=%s" % (guest_elf(gen), name, mem,
                                                  options + " " if options else "", test)


def boot_guests(modules, cmdline="console=com1", extra=()):
    return boot_kernel(mem=96 + 48 * len(modules), modules=modules, cmdline=cmdline,
                       extra=extra)


def guest_lines(out, name):
    """The console lines of one guest on the shared console, without "[name] "."""
    tag = "[%s] " % name
    return [l[len(tag):] for l in out.split("\n") if l.startswith(tag)]


def check_started(out, name, gen):
    pat = r"hv: guest %s: Linux %s, ABI G%d\b" % (re.escape(name), re.escape(VERSIONS[gen]), gen)
    check(re.search(pat, out), "guest %s not started as Linux %s, ABI G%d"
          % (name, VERSIONS[gen], gen), out)


def check_clean_end(m, status, names):
    out = m.transcript
    for name in names:
        check('hv: guest %s: power off ("lgtest done")' % name in out,
              "guest %s did not power off" % name, out)
    check(" killed: " not in out, "a guest was killed", out)
    check(status == EXIT_CLEAN, "QEMU exit status %s, expected %d" % (status, EXIT_CLEAN), out)


# ---- the 1 MiB pattern of tests/guests/vbig.c ---------------------------------

VBIG_TOTAL = 1 << 20
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
VBIG_START = "lgtest: vbig: sending %d bytes\n" % VBIG_TOTAL


def vbig_pattern():
    parts, size, n = [], 0, 0
    while size < VBIG_TOTAL:
        left = VBIG_TOTAL - size
        length = 72 if left >= 72 + 8 or left == 72 else left
        line = "%06d " % (n % 1000000) + "".join(
            ALPHABET[(31 * n + 7 * j + n // 64) % 64] for j in range(length - 8)) + "\n"
        parts.append(line)
        size += length
        n += 1
    data = "".join(parts)
    assert len(data) == VBIG_TOTAL
    return data


_PATTERN = []


def expected_vbig():
    if not _PATTERN:
        _PATTERN.append(vbig_pattern())
    return _PATTERN[0]


def check_vbig_stream(text, context):
    """text is what the guest wrote, as received; finds the megabyte in it."""
    start = text.find(VBIG_START)
    check(start >= 0, "no %r in the guest's output" % VBIG_START.strip(), context)
    data = text[start + len(VBIG_START):start + len(VBIG_START) + VBIG_TOTAL]
    want = expected_vbig()
    if data != want:
        at = next((i for i in range(min(len(data), len(want))) if data[i] != want[i]),
                  min(len(data), len(want)))
        raise TestFailure("vbig: %d of %d bytes arrived; first difference at byte %d "
                          "(line %d):\n  expected %r\n  received %r"
                          % (len(data), VBIG_TOTAL, at, want.count("\n", 0, at),
                             want[max(0, at - 40):at + 40], data[max(0, at - 40):at + 40]))
    rest = text[start + len(VBIG_START) + VBIG_TOTAL:]
    m = re.match(r"lgtest: vbig: crc32 ([0-9a-f]{8}) of %d bytes" % VBIG_TOTAL, rest)
    check(m, "no crc32 line right after the megabyte: %r" % rest[:120], context)
    crc = zlib.crc32(want.encode()) & 0xFFFFFFFF
    check(int(m.group(1), 16) == crc, "the guest's crc32 %s, the pattern's %08x"
          % (m.group(1), crc), context)
    check("lgtest: vbig: PASS" in rest, "no PASS verdict after the megabyte", context)


# ---- extra serial ports ----------------------------------------------------------

class Port:
    """A serial port of the machine as a Unix socket we listen on; QEMU
    connects to it at start-up (-serial unix:PATH)."""

    def __init__(self, directory, name):
        self.name = name
        self.path = os.path.join(directory, name + ".sock")
        self._listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._listener.bind(self.path)
        self._listener.listen(1)
        self._listener.settimeout(30)
        self._conn = None
        self._buf = bytearray()
        self._last_byte = None
        self._lock = threading.Lock()
        self._connected = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def qemu_args(self):
        return ["-serial", "unix:" + self.path]

    def _run(self):
        try:
            conn, _ = self._listener.accept()
        except OSError:
            return
        self._conn = conn
        self._connected.set()
        while True:
            try:
                chunk = conn.recv(65536)
            except OSError:
                break
            if not chunk:
                break
            with self._lock:
                self._buf += chunk
                self._last_byte = time.time()

    @property
    def data(self):
        with self._lock:
            return bytes(self._buf)

    @property
    def text(self):
        return self.data.decode("utf-8", "replace")

    def send(self, text):
        check(self._connected.wait(30), "QEMU never connected to %s" % self.name)
        self._conn.sendall(text.encode())

    def wait_for(self, pattern, machine, timeout=30):
        rx = re.compile(pattern)
        end = time.time() + timeout
        while time.time() < end:
            m = rx.search(self.text)
            if m:
                return m
            if machine.proc.poll() is not None:
                time.sleep(0.2)
                m = rx.search(self.text)
                if m:
                    return m
                break
            time.sleep(0.02)
        raise TestFailure("%r never appeared on %s\n%s" % (pattern, self.name,
                                                            self.diagnosis(machine)))

    def diagnosis(self, machine):
        """What a stuck port looks like: how much came and when the last byte
        did (stalled or merely slow), the hypervisor's view of its guests
        ("list" typed on COM1, answered if COM1 has no guest), then COM1 and
        the end of this port."""
        with self._lock:
            received, last = len(self._buf), self._last_byte
        since = "never" if last is None else "%.1fs ago" % (time.time() - last)
        running = machine.proc.poll() is None
        listing = ""
        if running:
            mark = len(machine.transcript)
            try:
                machine.send("list\r")
                time.sleep(2)
            except OSError:
                pass
            listing = "\n".join(l for l in machine.transcript[mark:].split("\n")
                                 if l.startswith("hv: "))
        return ("%s: %d bytes received, the last %s; QEMU %s\n"
                "--- list ---\n%s\n--- COM1 ---\n%s\n--- %s (end) ---\n%s"
                % (self.name, received, since,
                   "still running" if running else "exited (%s)" % machine.proc.returncode,
                   listing or "(no answer)", tail(machine.transcript, 40), self.name,
                   tail(self.text, 8)))

    def close(self):
        for s in (self._conn, self._listener):
            if s:
                try:
                    s.close()
                except OSError:
                    pass


class Ports:
    """COM2, COM3, ... as Unix sockets, cleaned up afterwards."""

    def __init__(self, names):
        self.dir = tempfile.mkdtemp(prefix="lghv-console-")
        self.ports = [Port(self.dir, n) for n in names]

    def qemu_args(self):
        return [a for p in self.ports for a in p.qemu_args()]

    def close(self):
        for p in self.ports:
            p.close()
        shutil.rmtree(self.dir, ignore_errors=True)


# ---- vecho on the shared console ---------------------------------------------------

LONG_LINE = "".join(ALPHABET[i % 64] for i in range(200))


def type_line(m, name, line, timeout=20):
    """Types a line on COM1 and waits for the guest's echo."""
    m.send(line + "\r")
    return m.wait_for(r"\[%s\] echo: %s\n" % (re.escape(name), re.escape(line)), timeout)


def _vecho(gen):
    def t():
        name = "e%d" % gen
        m = boot_guests([module(gen, name, "vecho")])
        try:
            m.wait_for(r"hv: console focus: guest %s\n" % name, 30)
            m.wait_for(re.escape("[%s] lgtest: vecho: ready" % name) + r"\n", 30)
            for line in ["hello, world", "a b  c\tend", LONG_LINE, "one more"]:
                type_line(m, name, line)
            m.send("quit\r")
            status = m.wait_exit(30)
        finally:
            m.kill()
        out = m.transcript
        check_started(out, name, gen)
        lines = guest_lines(out, name)
        check(lines.count("lgtest: vecho: PASS") == 1, "no single PASS verdict", out)
        check(any(re.match(r"lgtest: vecho: quit after 4 lines", l) for l in lines),
              "the guest did not count 4 lines", out)
        check(not any(l.startswith("echo: quit") for l in lines), "'quit' was echoed", out)
        check_clean_end(m, status, [name])
    return t


for _gen in GENS:
    globals()["test_vecho_g%d" % _gen] = _vecho(_gen)


# ---- vbig: a megabyte, byte for byte -----------------------------------------------

def _vbig(gen, labelled):
    def t():
        name = "b%d" % gen
        cmdline = "console=com1" if labelled else "console=com1 hv.label=none"
        m = boot_guests([module(gen, name, "vbig")], cmdline=cmdline)
        try:
            status = m.wait_exit(180)
        finally:
            m.kill()
        out = m.transcript
        check_started(out, name, gen)
        if labelled:
            tag = "[%s] " % name
            stream = "".join(l[len(tag):] + "\n" for l in out.split("\n") if l.startswith(tag))
        else:
            check("[%s]" % name not in out, "hv.label=none still labelled the output", out)
            stream = out
        check_vbig_stream(stream, out)
        check_clean_end(m, status, [name])
    return t


for _gen in GENS:
    globals()["test_vbig_raw_g%d" % _gen] = _vbig(_gen, False)
test_vbig_labelled_g5 = _vbig(5, True)
test_vbig_labelled_g7 = _vbig(7, True)
test_vbig_labelled_g9 = _vbig(9, True)


# ---- guests with serial ports of their own -------------------------------------------

def test_ports_two_vecho():
    """COM2 and COM3 each carry one guest, both ways; COM1 stays the hypervisor's."""
    ports = Ports(["com2", "com3"])
    a, b = ports.ports
    try:
        m = boot_guests([module(2, "pa", "vecho", options="console=com2"),
                         module(7, "pb", "vecho", options="console=com3")],
                        extra=ports.qemu_args())
        try:
            m.wait_for(r"hv: console focus: hypervisor", 30)
            a.wait_for(r"lgtest: vecho: ready\n", m)
            b.wait_for(r"lgtest: vecho: ready\n", m)
            a.send("to pa only\r")
            b.send("to pb only\r")
            a.wait_for(r"echo: to pa only\n", m)
            b.wait_for(r"echo: to pb only\n", m)
            b.send("second for pb\r")
            b.wait_for(r"echo: second for pb\n", m)
            # COM1 has no guest: typed lines are hypervisor commands.
            m.send("list\r")
            m.wait_for(r"hv: pb .*console com3", 20)
            a.send("quit\r")
            a.wait_for(r"lgtest: vecho: PASS\n", m)
            b.send("quit\r")
            status = m.wait_exit(30)
        finally:
            m.kill()
        out, ta, tb = m.transcript, a.text, b.text
        ctx = "%s\n--- com2 ---\n%s\n--- com3 ---\n%s" % (out, tail(ta, 20), tail(tb, 20))
        check_started(out, "pa", 2)
        check_started(out, "pb", 7)
        check(re.search(r"hv: pa .*console com2", out), "'list' did not show pa on com2", ctx)
        check("to pb only" not in ta and "second for pb" not in ta,
              "input typed on com3 reached pa", ctx)
        check("to pa only" not in tb, "input typed on com2 reached pb", ctx)
        for text, me in ((ta, "pa"), (tb, "pb")):
            check("echo: to %s only\n" % me in text, "%s's echo missing" % me, ctx)
            check("[" not in text, "output on %s's port is labelled" % me, ctx)
            check("\r" not in text, "output on %s's port was translated" % me, ctx)
            check("lgtest: vecho: PASS\n" in text, "no PASS on %s's port" % me, ctx)
            check(text.startswith("lgtest: Linux version "),
                  "%s's port does not start with its banner: %r" % (me, text[:60]), ctx)
        check("Linux version 2.6.27" in ta and "Linux version 3.10.0" in tb,
              "the ports carry the wrong guests", ctx)
        check("[pa]" not in out and "[pb]" not in out and "echo:" not in out,
              "guest output leaked onto COM1", ctx)
        check_clean_end(m, status, ["pa", "pb"])
    finally:
        ports.close()


def test_ports_vbig_and_vecho():
    """A megabyte on COM2, byte exact and raw, while COM3 echoes for another guest."""
    ports = Ports(["com2", "com3"])
    big, echo = ports.ports
    try:
        m = boot_guests([module(7, "big", "vbig", options="console=com2"),
                         module(1, "echo", "vecho", options="console=com3")],
                        extra=ports.qemu_args())
        try:
            echo.wait_for(r"lgtest: vecho: ready\n", m)
            echo.send("while the megabyte flows\r")
            echo.wait_for(r"echo: while the megabyte flows\n", m)
            big.wait_for(r"lgtest: vbig: PASS\n", m, 180)
            echo.send("quit\r")
            status = m.wait_exit(60)
        finally:
            m.kill()
        out, tbig, techo = m.transcript, big.data.decode("latin-1"), echo.text
        ctx = "%s\n--- com3 ---\n%s" % (out, tail(techo, 20))
        check_vbig_stream(tbig, ctx)
        check(tbig.startswith("lgtest: Linux version 3.10.0"), "com2 does not start with "
              "the vbig guest's banner: %r" % tbig[:60], ctx)
        check("\r" not in tbig and "[big]" not in tbig, "com2's bytes were altered", ctx)
        check("vbig" not in techo and "vbig" not in out.replace("lgtest=vbig", ""),
              "vbig output leaked off its port", ctx)
        check("lgtest: vecho: PASS\n" in techo, "no PASS on com3", ctx)
        check_clean_end(m, status, ["big", "echo"])
    finally:
        ports.close()


# ---- the focus on the shared console ---------------------------------------------------

def test_focus_switching():
    """Ctrl-A x3 cycles the focus; input follows it; the hypervisor's commands work."""
    m = boot_guests([module(4, "fa", "vecho"), module(7, "fb", "vecho")])
    try:
        m.wait_for(re.escape("[fa] lgtest: vecho: ready") + r"\n", 30)
        m.wait_for(re.escape("[fb] lgtest: vecho: ready") + r"\n", 30)
        out = m.transcript
        focus = re.findall(r"hv: console focus: (.*)\n", out)
        check(focus == ["guest fa"], "the focus did not start on fa alone: %r" % focus, out)

        type_line(m, "fa", "first for fa")
        m.send(CTRL_A3)
        m.wait_for(r"hv: console focus: guest fb\n", 10)
        type_line(m, "fb", "now for fb")
        m.send(CTRL_A3)
        m.wait_for(r"hv: console focus: hypervisor", 10)
        m.send("list\r")
        m.wait_for(r"hv: fa +running|hv: fa +idle", 10)
        m.wait_for(r"hv: fb +(running|idle) +Linux 3\.10\.0-lgtest", 10)
        m.send(CTRL_A3)
        m.wait_for(r"(?s)hypervisor.*hv: console focus: guest fa\n", 10)
        type_line(m, "fa", "fa again")
        m.send(CTRL_A3)
        m.wait_for(r"(?s)guest fa\n.*hv: console focus: guest fb\n", 10)
        m.send(CTRL_A3)
        m.wait_for(r"(?s)(hv: console focus: hypervisor.*){2}", 10)
        m.send("kill fa\r")
        kill = m.wait_for(r"hv: guest fa killed: (.*) \(eip 0x[0-9a-f]+\)", 10)
        m.send(CTRL_A3)     # fa is gone: straight to fb
        m.wait_for(r"(?s)guest fa killed.*hv: console focus: guest fb\n", 10)
        type_line(m, "fb", "last for fb")
        m.send("quit\r")
        status = m.wait_exit(30)
    finally:
        m.kill()
    out = m.transcript
    check_started(out, "fa", 4)
    check_started(out, "fb", 7)
    focus = re.findall(r"hv: console focus: (\w+(?: \w+)?)", out)
    want = ["guest fa", "guest fb", "hypervisor", "guest fa", "guest fb", "hypervisor",
            "guest fb"]
    check(focus == want, "focus moves %r, expected %r" % (focus, want), out)
    fa, fb = guest_lines(out, "fa"), guest_lines(out, "fb")
    check([l for l in fa if l.startswith("echo: ")] == ["echo: first for fa", "echo: fa again"],
          "fa echoed %r" % [l for l in fa if l.startswith("echo: ")], out)
    check([l for l in fb if l.startswith("echo: ")] == ["echo: now for fb", "echo: last for fb"],
          "fb echoed %r" % [l for l in fb if l.startswith("echo: ")], out)
    check("hypervisor console" in kill.group(1), "kill reason %r" % kill.group(1), out)
    check(not any("PASS" in l or "FAIL" in l for l in fa), "fa survived its kill", out)
    check('hv: guest fb: power off ("lgtest done")' in out, "fb did not power off", out)
    check("lgtest: vecho: PASS" in fb, "fb did not pass", out)
    check(not re.search(r"hv: unknown command", out), "a guest's line reached the "
          "hypervisor console", out)
    check(status == EXIT_CLEAN, "QEMU exit status %s" % status, out)


# ---- broken rings --------------------------------------------------------------------------

# Each variant, and what its kill reason should say besides "ring".
BADRING = {
    "loop": r"loop",
    "addr": r"outside|beyond",
    "idx": r"index|ring size",
    "len": r"outside",
    "straddle": r"outside",
    "next": r"next index",
    "head": r"beyond the ring",
    "indirect": r"indirect",
    "order": r"readable descriptor after a writable",
    "chain4g": r"4 GiB",
}


def _badring(variant, gen, spinner_gen):
    def t():
        m = boot_guests([module(spinner_gen, "spin", "vspin", "24M"),
                         module(gen, "bad", "badring:" + variant, "24M")])
        try:
            m.wait_for(re.escape("[spin] lgtest: vspin: 2") + r"\n", 60)
            kill = m.wait_for(r"hv: guest bad killed: (.*) \(eip 0x[0-9a-f]+\)", 60)
            after = len([l for l in guest_lines(m.transcript, "spin")
                         if re.match(r"lgtest: vspin: \d+$", l)])
            m.wait_for(re.escape("[spin] lgtest: vspin: %d" % (after + 3)) + r"\n", 60)
            out = m.transcript
        finally:
            m.kill()
        check_started(out, "bad", gen)
        reason = kill.group(1)
        check("ring" in reason and re.search(BADRING[variant], reason),
              "kill reason %r does not name the ring and %r" % (reason, BADRING[variant]), out)
        bad = guest_lines(out, "bad")
        check(any(l.startswith("lgtest: badring: console ready; breaking the transmit ring (%s)"
                               % variant) for l in bad),
              "the guest never got to break its ring", out)
        check(not any("PASS" in l or "FAIL" in l for l in bad),
              "the ring-breaker survived to print a verdict", out)
        check("never be printed" not in out, "the bad buffer was printed", out)
        check("hv: guest spin killed" not in out, "the innocent guest was killed too", out)
        counts = [int(x) for x in re.findall(r"\[spin\] lgtest: vspin: (\d+)\n", out)]
        check(counts == list(range(1, len(counts) + 1)),
              "the vspin guest counted %r" % counts[:20], out)
    return t


for _i, _variant in enumerate(BADRING):
    _old = OLD_GENS[_i % len(OLD_GENS)]
    for _gen, _spinner in ((5, 6), (7, 5), (9, 10), (_old, 8 + _i % 3)):
        globals()["test_badring_%s_g%d" % (_variant, _gen)] = _badring(_variant, _gen, _spinner)
