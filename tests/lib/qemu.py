# SPDX-License-Identifier: GPL-2.0-only
"""Booting the hypervisor in QEMU and talking to its serial port.

A Machine runs one qemu-system-i386 with COM1 on a pipe.  Tests wait for
text to appear (every wait is bounded: a hung boot fails with the
transcript shown), type into the port, and check how QEMU ended: through
isa-debug-exit the hypervisor exits 1 after a clean power-off and 3 after
a fault in itself.
"""
import os
import re
import subprocess
import threading
import time

from .harness import TestFailure, tail

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
HV_ELF = os.path.join(ROOT, "build", "hv.elf")
QEMU = os.environ.get("QEMU", "qemu-system-i386")

EXIT_CLEAN = 1      # hv_power_off(HV_EXIT_CLEAN) through isa-debug-exit
EXIT_PANIC = 3      # hv_halt_after_fault()


class Machine:
    def __init__(self, args, debug_exit=True, serial_ports=1, name="qemu"):
        cmd = [QEMU, "-display", "none", "-no-reboot", "-monitor", "none",
               "-serial", "stdio"]
        for _ in range(serial_ports - 1):
            cmd += ["-serial", "null"]
        if debug_exit:
            cmd += ["-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
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
