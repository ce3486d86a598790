# SPDX-License-Identifier: GPL-2.0-only
"""Booting the hypervisor in QEMU and talking to its serial port.

A Machine runs one qemu-system-i386 with COM1 on a pipe.  Tests wait for
text to appear (every wait is bounded: a hung boot fails with the
transcript shown), type into the port, and check how QEMU ended: through
isa-debug-exit the hypervisor exits 1 after a clean power-off and 3 after
a fault in itself.

With screen=True the machine also has QEMU's monitor (QMP on a Unix
socket) for the screen and keyboard: screen() reads the VGA text buffer
at 0xB8000 with the monitor's `xp`, wait_screen() waits for text there,
and type_keys() presses keys with `sendkey`, as a person at the machine
would.
"""
import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time

from .harness import TestFailure, tail

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
HV_ELF = os.path.join(ROOT, "build", "hv.elf")
QEMU = os.environ.get("QEMU", "qemu-system-i386")

# How many CPUs the machines of this test thread have (-smp): the runner
# runs chosen tests a second time with 2 (tests/run.py, SMP_VARIANTS).
_cpus = threading.local()


def machine_cpus():
    return getattr(_cpus, "n", 1)


class cpus:
    """with cpus(2): every machine started in this thread has 2 CPUs."""

    def __init__(self, n):
        self.n = n

    def __enter__(self):
        self.saved = machine_cpus()
        _cpus.n = self.n

    def __exit__(self, *exc):
        _cpus.n = self.saved

EXIT_CLEAN = 1      # hv_power_off(HV_EXIT_CLEAN) through isa-debug-exit
EXIT_PANIC = 3      # hv_halt_after_fault()


class Machine:
    def __init__(self, args, debug_exit=True, serial_ports=1, name="qemu", screen=False):
        cmd = [QEMU, "-display", "none", "-no-reboot", "-monitor", "none"]
        cmd += ["-serial", "stdio"] if serial_ports else ["-serial", "none"]
        for _ in range(serial_ports - 1):
            cmd += ["-serial", "null"]
        if debug_exit:
            cmd += ["-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
        self._qmp_dir = self._qmp = None
        if screen:
            self._qmp_dir = tempfile.mkdtemp(prefix="lghv-qmp-")
            cmd += ["-qmp", "unix:%s,server=on,wait=off" % self._qmp_path()]
        if machine_cpus() > 1 and "-smp" not in args:
            # One host thread for all the CPUs: the suite runs machines in
            # parallel, and with a thread per CPU a busy host stalls the
            # CPU that holds the hypervisor's lock while the others spin
            # (test_smp.py runs CPUs in parallel threads on purpose).
            cmd += ["-smp", str(machine_cpus()), "-accel", "tcg,thread=single"]
        self.cmd = cmd + list(args)
        self.name = name
        self._buf = bytearray()
        self._lock = threading.Lock()
        self.proc = subprocess.Popen(self.cmd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        while True:
            chunk = self.proc.stdout.read1(65536)
            if not chunk:
                break
            with self._lock:
                self._buf += chunk

    @property
    def transcript(self):
        with self._lock:
            return self._buf.decode("utf-8", "replace").replace("\r", "")

    def wait_for(self, pattern, timeout=30, since=0):
        """Waits until the regex appears in the transcript (from offset
        `since`, a len(transcript) taken before); returns the match."""
        rx = re.compile(pattern)
        end = time.time() + timeout
        while time.time() < end:
            m = rx.search(self.transcript, since)
            if m:
                return m
            if self.proc.poll() is not None:
                self._reader.join(2)
                m = rx.search(self.transcript, since)
                if m:
                    return m
                raise TestFailure("QEMU exited (status %s) before %r appeared\n"
                                  "--- serial transcript ---\n%s"
                                  % (self.proc.returncode, pattern, tail(self.transcript, 60)))
            time.sleep(0.02)
        self.kill()
        raise TestFailure("timed out after %ss waiting for %r\n--- serial transcript ---\n%s"
                          % (timeout, pattern, tail(self.transcript, 60)))

    def take_lines(self):
        """The complete lines that arrived since the last call, dropped from
        the transcript: for long runs, which would otherwise keep it all."""
        with self._lock:
            end = self._buf.rfind(b"\n") + 1
            chunk = bytes(self._buf[:end])
            del self._buf[:end]
        return chunk.decode("utf-8", "replace").replace("\r", "").split("\n")[:-1]

    def send(self, text):
        self.proc.stdin.write(text.encode() if isinstance(text, str) else text)
        self.proc.stdin.flush()

    def wait_exit(self, timeout=60):
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise TestFailure("QEMU did not stop within %ss (a hung boot)\n"
                              "--- serial transcript ---\n%s"
                              % (timeout, tail(self.transcript, 60)))
        self._reader.join(5)
        return self.proc.returncode

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self._qmp:
            self._qmp.close()
            self._qmp = None
        if self._qmp_dir:
            shutil.rmtree(self._qmp_dir, ignore_errors=True)
            self._qmp_dir = None

    # ---- the monitor: screen and keyboard ----------------------------------

    def _qmp_path(self):
        return os.path.join(self._qmp_dir, "qmp.sock")

    def _qmp_connect(self):
        end = time.time() + 30
        while True:
            try:
                sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                sock.connect(self._qmp_path())
                break
            except OSError:
                sock.close()
                if time.time() > end or self.proc.poll() is not None:
                    raise TestFailure("QEMU's monitor socket never answered")
                time.sleep(0.05)
        self._qmp = sock
        self._qmp_file = sock.makefile("rb")
        self._qmp_reply()                   # the greeting
        self.qmp("qmp_capabilities")

    def _qmp_reply(self):
        while True:
            line = self._qmp_file.readline()
            if not line:
                raise TestFailure("QEMU's monitor closed\n--- serial transcript ---\n%s"
                                  % tail(self.transcript, 60))
            msg = json.loads(line)
            if "event" not in msg:          # events come unasked: skip them
                return msg

    def qmp(self, command, **arguments):
        """One QMP command; returns its "return" value."""
        if not self._qmp:
            self._qmp_connect()
        req = {"execute": command}
        if arguments:
            req["arguments"] = arguments
        self._qmp.sendall(json.dumps(req).encode() + b"\n")
        reply = self._qmp_reply()
        if "error" in reply:
            raise TestFailure("QMP %s: %s" % (command, reply["error"]))
        return reply.get("return")

    def hmp(self, command_line):
        """A human monitor command (as typed at `(qemu)`); returns its output."""
        return self.qmp("human-monitor-command", **{"command-line": command_line})

    def screen(self):
        """The VGA text screen: 25 rows of 80 characters, trailing blanks cut."""
        cells = []
        for line in self.hmp("xp /2000hx 0xb8000").splitlines():
            _, _, words = line.partition(":")
            cells += [int(w, 16) for w in words.split()]
        chars = "".join(chr(c & 0xFF) if 0x20 <= (c & 0xFF) < 0x7F else " " for c in cells)
        return [chars[r * 80:(r + 1) * 80].rstrip() for r in range(25)]

    def screen_text(self):
        return "\n".join(self.screen())

    def wait_screen(self, pattern, timeout=30):
        """Waits until the regex matches the screen's text (rows joined by
        newlines); returns the match."""
        rx = re.compile(pattern)
        end = time.time() + timeout
        while True:
            text = self.screen_text()
            m = rx.search(text)
            if m:
                return m
            if time.time() > end or self.proc.poll() is not None:
                why = ("QEMU exited (status %s)" % self.proc.returncode
                       if self.proc.poll() is not None else "timed out after %ss" % timeout)
                self.kill()
                raise TestFailure("%s waiting for %r on the screen\n--- screen ---\n%s\n"
                                  "--- serial transcript ---\n%s"
                                  % (why, pattern, text, tail(self.transcript, 30)))
            time.sleep(0.2)

    def press(self, keys):
        """One key with its modifiers, in sendkey's names: "a", "shift-a",
        "ctrl-a", "ret".  QEMU queues the press and the release; the pause
        after keeps its queues (a few dozen events) from overflowing."""
        self.hmp("sendkey %s 20" % keys)
        time.sleep(0.06)

    def type_keys(self, text):
        """Types text on a US keyboard ("\n" is Enter)."""
        for ch in text:
            self.press(key_name(ch))


_KEY_NAMES = {" ": "spc", "\n": "ret", "\r": "ret", "\t": "tab", "-": "minus",
              "=": "equal", "[": "bracket_left", "]": "bracket_right", ";": "semicolon",
              "'": "apostrophe", "`": "grave_accent", "\\": "backslash", ",": "comma",
              ".": "dot", "/": "slash"}
_SHIFTED = dict(zip('!@#$%^&*()_+{}:"~|<>?', "1234567890-=[];'`\\,./"))


def key_name(ch):
    """The sendkey name of the key (with shift) that types ch."""
    if ch.isupper():
        return "shift-" + ch.lower()
    if ch in _SHIFTED:
        return "shift-" + key_name(_SHIFTED[ch])
    if ch.isalnum():
        return ch
    return _KEY_NAMES[ch]


def boot_kernel(mem=64, cmdline="console=com1", modules=(), extra=(), **kw):
    """Boots build/hv.elf with QEMU's own Multiboot loader (-kernel)."""
    args = ["-m", str(mem), "-kernel", HV_ELF, "-append", cmdline]
    if modules:
        # QEMU splits -initrd at commas; a module's words follow its path.
        args += ["-initrd", ",".join(modules)]
    return Machine(args + list(extra), **kw)


def run_kernel(timeout=60, **kw):
    """Boots, waits for QEMU to stop; returns (exit status, transcript)."""
    m = boot_kernel(**kw)
    status = m.wait_exit(timeout)
    return status, m.transcript


def boot_iso(iso, mem=64, extra=(), **kw):
    return Machine(["-m", str(mem), "-cdrom", iso, "-boot", "d"] + list(extra), **kw)
