# SPDX-License-Identifier: GPL-2.0-only
"""The soak test's known stream, and a checker that reads it as it arrives.

Each guest writes, after "lgtest: stream: ready", the lines

    stream: <n> <payload> <crc>

n = 1, 2, ...; payload is 1 + (13 n mod 200) characters of ALPHABET,
starting at (7 n + seed) mod 64 and running on cyclically; crc is zlib's
CRC-32 of everything before the space in front of it, in 8 hex digits.
tests/guests/stream.c writes them in C, and the awk program of soak.py in a
real Linux guest.  Lines typed at the guest come back as "echo: <line>".

A checker is fed the bytes one guest's port delivers, in pieces of any
size, and holds only counters and a little context, so a run of any length
costs no memory.  Every line after "ready" must be the next stream line
exactly, an echo of what we typed (in order), or a "lgtest: stream: ..."
status line; anything else is counted: lines missing (a gap in n),
repeated (n went back) or corrupt (wrong bytes, bad CRC, stray text).
"""
import re
import zlib

ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_CYCLE = ALPHABET * 5
READY = b"lgtest: stream: ready"
STATUS = b"lgtest: stream: "
LINE_RX = re.compile(rb"stream: (\d+) ([A-Za-z0-9_-]+) ([0-9a-f]{8})$")
PROBLEMS_KEPT = 8


def stream_line(seed, n):
    """Line n of the stream with this seed, without its newline."""
    start = (7 * n + seed) % 64
    text = b"stream: %d %s" % (n, _CYCLE[start:start + 1 + 13 * n % 200])
    return b"%s %08x" % (text, zlib.crc32(text))


class StreamChecker:
    def __init__(self, name, seed, strip_cr=False):
        self.name, self.seed, self.strip_cr = name, seed, strip_cr
        self.partial = bytearray()
        self.outside = bytearray()      # the tail of the text before and after the stream
        self.ready = self.ended = False  # ended: "... after N lines" came
        self.next = 1                   # the line we expect
        self.bytes = self.lines = 0
        self.missing = self.repeated = self.corrupt = 0
        self.problems = []              # the first few, with context
        self.status = []                # "lgtest: stream: ..." lines
        self.typed = []                 # (time, line) not yet echoed
        self.echoes_sent = self.echoes_back = 0
        self.last_progress = None

    def feed(self, data, now):
        """Takes bytes from the guest's port (or its labelled COM1 lines)."""
        if self.strip_cr:
            data = data.replace(b"\r", b"")
        self.partial += data
        *lines, rest = self.partial.split(b"\n")
        self.partial = bytearray(rest)
        for line in map(bytes, lines):
            if self.ready and not self.ended:
                self.bytes += len(line) + 1
                self._line(line, now)
            elif not self.ready and line.endswith(READY):
                self.ready, self.last_progress = True, now
            else:   # before the stream, or after it (a verdict, a prompt)
                if line.startswith(STATUS):
                    self.status.append(line.decode("latin-1"))
                self.outside = (self.outside + line + b"\n")[-4096:]

    def pending_text(self):
        """The text outside the stream, and the unfinished line (for prompts)."""
        return (self.outside + self.partial).decode("latin-1")

    def _line(self, line, now):
        if line == stream_line(self.seed, self.next):
            self.next += 1
            self.lines += 1
            self.last_progress = now
        elif line.startswith(b"echo: "):
            self._echo(line[6:].decode("latin-1"), now)
        elif line.startswith(STATUS):
            self.status.append(line.decode("latin-1"))
            self.ended = b" after " in line
        else:
            self._bad(line, now)

    def _echo(self, text, now):
        at = next((i for i, (_, typed) in enumerate(self.typed) if typed == text), None)
        if at is None:
            self.corrupt += 1
            want = self.typed[0][1] if self.typed else "nothing"
            self._problem("echo %r, expected %r" % (text, want))
            return
        if at:
            self._problem("no echo of %r" % [t for _, t in self.typed[:at]])
        del self.typed[:at + 1]
        self.echoes_back += 1
        self.last_progress = now

    def _bad(self, line, now):
        m = LINE_RX.match(line)
        n = int(m.group(1)) if m else None
        if m and line == stream_line(self.seed, n) and n > self.next:
            self.missing += n - self.next
            self._problem("lines %d-%d missing" % (self.next, n - 1))
            self.next = n + 1
            self.lines += 1
            self.last_progress = now
        elif m and line == stream_line(self.seed, n):
            self.repeated += 1
            self._problem("line %d again after line %d" % (n, self.next - 1))
        else:
            self.corrupt += 1
            self._problem("after line %d: %r, expected %r"
                          % (self.next - 1, line[:300], stream_line(self.seed, self.next)))
            if n == self.next:      # the right line, damaged: do not count it missing too
                self.next += 1

    def _problem(self, text):
        if len(self.problems) < PROBLEMS_KEPT:
            self.problems.append(text)

    def typed_line(self, text, now):
        self.typed.append((now, text))
        self.echoes_sent += 1

    def oldest_echo_wait(self, now):
        return now - self.typed[0][0] if self.typed else 0

    def losses(self):
        return self.missing + self.repeated + self.corrupt
