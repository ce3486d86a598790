# SPDX-License-Identifier: GPL-2.0-only
"""A serial port of the machine as a pair of named pipes (-serial pipe:PATH).

The console tests' Unix-socket ports (tests/integration/test_console.py)
are fine for a few kilobytes, but QEMU writes each transmitted byte with a
write of its own, and a socket keeps every one as a separate message: the
socket's buffer holds only a couple of hundred bytes, so the reader must
wake for every few bytes and becomes the soak's bottleneck.  A pipe merges
the bytes in its pages; we read it without a thread, whenever the soak
polls, up to a megabyte at a time.  QEMU opens PATH.in (what we type) and
PATH.out (what the guest writes) read-write, so neither side ever waits
for the other to open them.
"""
import fcntl
import os

F_SETPIPE_SZ = 1031     # <linux/fcntl.h>


class FifoPort:
    def __init__(self, directory, name):
        self.name = name
        self.path = os.path.join(directory, name)
        os.mkfifo(self.path + ".in")
        os.mkfifo(self.path + ".out")
        self._out = os.open(self.path + ".out", os.O_RDONLY | os.O_NONBLOCK)
        self._in = os.open(self.path + ".in", os.O_RDWR)
        try:
            fcntl.fcntl(self._out, F_SETPIPE_SZ, 1 << 20)
        except OSError:
            pass        # a smaller pipe only slows QEMU down a little

    def qemu_args(self):
        return ["-serial", "pipe:" + self.path]

    def take(self):
        """Everything the guest has written since the last call."""
        parts = []
        while True:
            try:
                data = os.read(self._out, 1 << 20)
            except BlockingIOError:
                break
            if not data:    # nobody has it open for writing (yet, or any more)
                break
            parts.append(data)
        return b"".join(parts)

    def send(self, text):
        os.write(self._in, text.encode())

    def close(self):
        for fd in (self._out, self._in):
            os.close(fd)
