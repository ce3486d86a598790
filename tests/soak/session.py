# SPDX-License-Identifier: GPL-2.0-only
"""One soak: four guests streaming through their consoles, every byte checked.

The console is what a person reaches a guest through, so it must not lose,
repeat or garble a byte however long it runs and however busy the machine
is.  This boots the hypervisor in QEMU with four guests of rotating
generations: the test guest lgtest=stream (tests/guests/stream.c), or with
real kernels the same stream written by an awk program in the guest's
busybox shell.  The first guest shares COM1 with the hypervisor (its lines
labelled "[name] ", its input by the console focus, which starts on it);
the others have COM2-COM4 to themselves (console=comN on their module
lines), so both ways through the console are covered.

While they stream, each guest's bytes are checked as they arrive
(stream_check.py), a line is typed into each guest every few seconds and
must come back as "echo: <line>", and we watch for trouble: a guest making
no progress for HANG_SECONDS, an echo that does not return in that time,
QEMU exiting, or the hypervisor saying anything alarming (a fault dump, a
killed guest, dropped input).  At the end "quit" stops each stream, whose
last line must agree with our count, and the machine powers off.
"""
import collections
import re
import shutil
import tempfile
import time

from integration.test_console import module
from integration.test_real_linux import initrd
from lib.harness import TestFailure, tail
from lib.qemu import EXIT_CLEAN, boot_kernel
from soak.fifo_port import FifoPort
from soak.stream_check import ALPHABET, StreamChecker

# G1 (2.6.24: the console polled, no receive interrupts) and G3 for the
# 2.6.24-2.6.30 era, beside G5 and G7.
TEST_GENS = (5, 1, 7, 3)
HANG_SECONDS = 30
ECHO_EVERY = 3.0
LOG_EVERY = 30
ALARM_RX = re.compile(rb"hypervisor fault|^\*\*\* | killed|input dropped|restart")
PROMPT = "guest:/# "
FILLER = ALPHABET.decode() * 3

# The stream in a real guest's shell (busybox awk has and/xor/rshift; its
# printf %x stops at 2^31, hence two halves).  Typed as a here-document.
AWK = r"""BEGIN {
a = "%s"; a = a a a a a
for (i = 0; i < 256; i++) {
c = i; for (j = 0; j < 8; j++) c = and(c, 1) ? xor(3988292384, rshift(c, 1)) : rshift(c, 1)
t[i] = c
}
for (i = 32; i < 127; i++) o[sprintf("%%c", i)] = i
print "lgtest: stream: ready"
for (n = 1; ; n++) {
s = "stream: " n " " substr(a, (n * 7 + k) %% 64 + 1, n * 13 %% 200 + 1)
c = 4294967295
for (i = 1; i <= length(s); i++) c = xor(t[and(xor(c, o[substr(s, i, 1)]), 255)], rshift(c, 8))
c = xor(c, 4294967295); printf "%%s %%04x%%04x\n", s, int(c / 65536), c %% 65536
if (n %% 50 == 0 && (getline x < "/tmp/stop") >= 0) break
}
print "lgtest: stream: end after " n " lines"
}""" % ALPHABET.decode()
# Echo off (so typed lines come back only as our echoes), kernel messages
# off; the stream in the background, the echo loop in front, until "quit".
LINUX_START = ("(busybox awk -v k=%d -f /tmp/s.awk & while read l; do [ \"$l\" = quit ] && "
               "break; echo \"echo: $l\"; done; touch /tmp/stop; wait)\r")


def take(machine):
    """New bytes on COM1, taken out of the Machine's transcript so that a
    long run keeps nothing it has checked."""
    with machine._lock:
        data = bytes(machine._buf)
        del machine._buf[:]
    return data


class Guest:
    def __init__(self, index, linux):
        self.name = ("l%d" if linux else "s%d") % index
        self.seed = 11 * index + 3
        self.port_name = "com%d" % (index + 1)
        self.checker = StreamChecker(self.name, self.seed, strip_cr=linux)
        self.port = None        # a FifoPort for COM2-COM4; COM1 is the machine's own
        self.version = "?"
        self.next_ping = self.pings = 0


class SharedConsole:
    """COM1: the hypervisor's own lines, and the labelled lines of the guest
    sharing it, which go to that guest's checker as its plain bytes."""

    def __init__(self, guest):
        self.label, self.checker = ("[%s] " % guest.name).encode(), guest.checker
        self.buf, self.owner = b"", None    # owner: the checker, "hv", or None at a line start
        self.hv_line = bytearray()
        self.hv_lines = collections.deque(maxlen=60)
        self.alarms = []

    def feed(self, data, now):
        buf, pos = self.buf + data.replace(b"\r", b""), 0
        while pos < len(buf):
            if self.owner is None:
                if buf.startswith(self.label, pos):
                    self.owner, pos = self.checker, pos + len(self.label)
                elif self.label.startswith(buf[pos:]):
                    break       # perhaps a label: wait for the rest
                else:
                    self.owner = "hv"
            end = buf.find(b"\n", pos) + 1 or len(buf)
            if self.owner == "hv":
                self._hv(buf[pos:end])
            else:
                self.checker.feed(buf[pos:end], now)
            if buf[end - 1:end] == b"\n":
                self.owner = None
            pos = end
        self.buf = buf[pos:]

    def _hv(self, piece):
        self.hv_line += piece
        if piece.endswith(b"\n"):
            line = bytes(self.hv_line[:-1])
            self.hv_lines.append(line.decode("latin-1"))
            if ALARM_RX.search(line):
                self.alarms.append(line.decode("latin-1"))
            self.hv_line.clear()


class Soak:
    def __init__(self, kernels=(), log=None):
        self.kernels = list(kernels)
        self.log = log or (lambda text: None)
        self.guests = [Guest(i, bool(kernels)) for i in range(4)]
        self.com1 = SharedConsole(self.guests[0])
        self.failures = []
        self.status = None
        self.streamed = 0.0

    # ---- the machine ------------------------------------------------------------

    def boot(self, directory):
        for g in self.guests[1:]:
            g.port = FifoPort(directory, g.port_name)
        mods = []
        for i, g in enumerate(self.guests):
            own = " console=%s" % g.port_name if g.port else ""
            if self.kernels:
                kernel = self.kernels[i % len(self.kernels)]
                mods += ["%s name=%s mem=48M%s -- console=hvc0 quiet" % (kernel, g.name, own),
                         initrd(kernel)]
            else:
                mods.append(module(TEST_GENS[i], g.name, "stream:%d" % g.seed,
                                   options=own.strip()))
        mem = 400 if self.kernels else 288
        extra = [a for g in self.guests[1:] for a in g.port.qemu_args()]
        self.m = boot_kernel(mem=mem, modules=mods, extra=extra)

    def pump(self):
        now = time.time()
        self.com1.feed(take(self.m), now)
        for g in self.guests[1:]:
            g.checker.feed(g.port.take(), now)
        return now

    def send(self, g, text):
        (g.port or self.m).send(text)

    def wait_until(self, what, cond, timeout):
        end = time.time() + timeout
        while not cond():
            if time.time() > end:
                raise TestFailure("timed out after %d s waiting for %s" % (timeout, what))
            if self.m.proc.poll() is not None:
                raise TestFailure("QEMU exited (status %s) while waiting for %s"
                                  % (self.m.proc.returncode, what))
            time.sleep(0.05)
            self.pump()

    def all_show(self, pattern):
        rx = re.compile(pattern)
        return lambda: all(rx.search(g.checker.pending_text()) for g in self.guests)

    # ---- the phases -----------------------------------------------------------------

    def start_linux(self):
        """Each real guest's shell: echo off, the awk program, then the stream."""
        self.wait_until("a shell prompt in every guest", self.all_show(re.escape(PROMPT)), 400)
        for g in self.guests:
            self.send(g, "stty -echo; dmesg -n 1; rm -f /tmp/stop; echo step-$((1+1))\r")
        self.wait_until("the shells to turn echo off", self.all_show(r"step-2\n"), 60)
        for line in ["cat > /tmp/s.awk <<'EOF'"] + AWK.split("\n") + ["EOF",
                                                                    "echo step-$((1+2))"]:
            for g in self.guests:
                self.send(g, line + "\r")
            time.sleep(0.2)
        self.wait_until("the awk program to be written", self.all_show(r"step-3\n"), 60)
        for g in self.guests:
            self.send(g, LINUX_START % g.seed)

    def start(self):
        if self.kernels:
            self.start_linux()
        self.wait_until("every guest's stream to start",
                        lambda: all(g.checker.ready for g in self.guests), 400)

    def ping(self, g, now):
        g.pings += 1
        k = g.pings
        text = "ping %s %d %s" % (g.name, k, FILLER[k % 64:][:1 + k * 37 % 120])
        g.checker.typed_line(text, now)
        self.send(g, text + "\r")

    def trouble(self, now):
        """Why the soak cannot go on, or None."""
        if self.m.proc.poll() is not None:
            return "QEMU exited (status %s) during the soak" % self.m.proc.returncode
        if self.com1.alarms:
            return "the hypervisor said: %s" % self.com1.alarms[0]
        for g in self.guests:
            c = g.checker
            if now - c.last_progress > HANG_SECONDS:
                return "%s made no progress for %d s (after line %d)" % (g.name, HANG_SECONDS,
                                                                       c.next - 1)
            if c.oldest_echo_wait(now) > HANG_SECONDS:
                return "%s: no echo of %r within %d s" % (g.name, c.typed[0][1], HANG_SECONDS)
        return None

    def stream(self, seconds):
        start = now = time.time()
        for i, g in enumerate(self.guests):
            g.next_ping = start + 1 + i * ECHO_EVERY / len(self.guests)
        next_log = start + LOG_EVERY
        while now < start + seconds:
            time.sleep(0.1)
            now = self.pump()
            why = self.trouble(now)
            if why:
                self.failures.append(why)
                break
            for g in self.guests:
                if now >= g.next_ping:
                    self.ping(g, now)
                    g.next_ping += ECHO_EVERY
            if now >= next_log:
                next_log += LOG_EVERY
                self.log("soak: %3d s: %s" % (now - start, self.summary(now - start)))
        self.streamed = now - start

    def finish(self):
        """quit ends each stream; the machine must then power off cleanly.
        The guest on COM1 goes first: the hypervisor ends a guest's
        unfinished line there before it speaks (as when the others stop),
        which would cut a stream line in two."""
        for g in self.guests:
            self.send(g, "quit\r")
            self.wait_until("the last line of %s" % g.name, lambda: g.checker.ended, 120)
        if self.kernels:
            for g in self.guests:
                self.send(g, "poweroff\r")
        self.wait_until("the power-off", lambda: self.m.proc.poll() is not None, 120)
        self.status = self.m.wait_exit(10)
        self.pump()

    def run(self, seconds):
        directory = tempfile.mkdtemp(prefix="lghv-soak-")
        try:
            self.boot(directory)
            try:
                self.start()
                self.stream(seconds)
                if not self.failures:
                    self.finish()
            except TestFailure as e:
                self.failures.append(str(e))
            finally:
                self.m.kill()
                self.pump()
        finally:
            for g in self.guests:
                if g.port:
                    g.port.close()
            shutil.rmtree(directory, ignore_errors=True)
        self.judge()
        return self

    # ---- the verdict --------------------------------------------------------------------

    def judge(self):
        for line in self.com1.hv_lines:
            m = re.match(r"hv: guest (\S+): Linux (\S+), ABI (G\d)", line)
            for g in self.guests:
                if m and m.group(1) == g.name:
                    g.version = "%s %s" % (m.group(3), m.group(2))
        if self.com1.alarms and not any("hypervisor said" in f for f in self.failures):
            self.failures.append("the hypervisor said: %s" % self.com1.alarms[0])
        for g in self.guests:
            c = g.checker
            for p in c.problems:
                self.failures.append("%s: %s" % (g.name, p))
            if c.losses() and not c.problems:
                self.failures.append("%s: %d lines lost or damaged" % (g.name, c.losses()))
            if c.echoes_back != c.echoes_sent:
                self.failures.append("%s: %d of %d echoes came back"
                                     % (g.name, c.echoes_back, c.echoes_sent))
            if self.status is None:
                continue
            ends = [s for s in c.status if re.search(r" after (\d+) lines", s)]
            want = " after %d lines" % (c.next - 1)
            if not ends or want not in ends[0]:
                self.failures.append("%s: the stream ended with %r, we counted %d lines"
                                     % (g.name, ends[:1], c.next - 1))
            if not self.kernels and "lgtest: stream: PASS" not in c.status:
                self.failures.append("%s: no PASS verdict (%r)" % (g.name, c.status[-1:]))
        if self.status is not None and self.status != EXIT_CLEAN:
            self.failures.append("QEMU exit status %s, expected %d" % (self.status, EXIT_CLEAN))

    @property
    def ok(self):
        return not self.failures

    def summary(self, seconds):
        total = sum(g.checker.bytes for g in self.guests)
        back = sum(g.checker.echoes_back for g in self.guests)
        lost = sum(g.checker.losses() for g in self.guests)
        return "%d bytes, %.1f KiB/s, %d echoes back, %d lines lost or damaged" % (
            total, total / 1024 / max(seconds, 1e-3), back, lost)

    def report(self):
        kind = "real Linux guests" if self.kernels else "test guests"
        rows = ["soak: %d s, four %s streaming" % (self.streamed, kind),
                "%-4s %-18s %-5s %12s %9s %8s %9s %8s %8s %8s" % (
                    "name", "guest", "port", "bytes", "lines", "KiB/s", "echoes", "missing",
                    "repeated", "corrupt")]
        for g in self.guests:
            c = g.checker
            rows.append("%-4s %-18s %-5s %12d %9d %8.1f %4d/%-4d %8d %8d %8d" % (
                g.name, g.version, g.port_name, c.bytes, c.lines,
                c.bytes / 1024 / max(self.streamed, 1e-3), c.echoes_back, c.echoes_sent,
                c.missing, c.repeated, c.corrupt))
        rows.append("total: " + self.summary(self.streamed))
        rows += ["%s says: %s" % (g.name, line[len("lgtest: stream: "):])
                 for g in self.guests for line in g.checker.status if " after " in line]
        if self.failures:
            rows += ["FAIL:"] + ["  " + f for f in self.failures]
            rows += ["--- COM1, the hypervisor's last lines ---"] + list(self.com1.hv_lines)[-20:]
            rows += ["--- %s, outside its stream ---\n%s" % (g.name, tail(
                g.checker.pending_text(), 8)) for g in self.guests]
        else:
            rows.append("PASS: no byte lost, repeated or damaged; every echo came back")
        return "\n".join(rows)


def soak(seconds, kernels=(), log=None):
    """Runs a soak of this many seconds; returns it, with .ok and .report()."""
    return Soak(kernels, log).run(seconds)
