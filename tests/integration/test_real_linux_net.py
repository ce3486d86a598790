# SPDX-License-Identifier: GPL-2.0-only
"""Real Linux guests on the network, and their entropy device.

The same kernels as test_real_linux (LGUEST_LINUX, or every */bzImage in
LGUEST_GUESTS), with the project's initramfs; its busybox has the network
applets, called as `busybox NAME` since the initramfs links only the
everyday ones.  What is checked is what the guests did, never how fast:

  pairs    two guests on one virtual switch, a kernel of the lguest device
           page beside one of the PCI transport where there are both
           (each kernel in some pair, pairs on switches of their own, two
           pairs to a QEMU run): static addresses, a ping each way, 4 MiB
           of random bytes over TCP with busybox nc and the same MD5 on
           both sides; and in each guest 4 KiB from /dev/hwrng, with the
           spread of byte values of random data.
  uplink   the newest kernel of each transport on a switch with the
           machine's e1000 (uplink=wan) under QEMU's user network: a
           busybox httpd in the guest that this test reaches through a
           hostfwd port on 127.0.0.1, and a file the guest fetches with
           busybox wget from a server this test runs on 127.0.0.1 (slirp's
           10.0.2.2).  Everything stays on the loopback.
  rng=off  every kernel with rng=off has no hardware RNG: the hw_random
           core lists none, or (3.x and older) has no device at all, and
           /dev/hwrng gives no bytes.

Which kernels the hypervisor takes is asked of the hypervisor itself, in
one short boot of them all (a kernel it refuses is left out and named).
Guests share the console; its focus moves with Ctrl-A three times, so
each guest is typed to in turn.  Output lines carry the guest's name;
markers are computed by the shell ($((..))) so that the echo of a typed
line never matches what only its output should.
"""
import hashlib
import http.server
import os
import re
import socket
import threading
import time
import urllib.request

from lib.harness import TestSkipped, check
from lib.linux_guests import GUEST_FOLDER, KERNELS, initrd, label, old_userspace
from lib.qemu import boot_kernel

LEGACY = {"G%d" % n for n in range(1, 8)}   # the lguest device page; G8 and later: PCI
PAIRS_PER_RUN = 2
KERNELS_PER_RNG_RUN = 4

_probe_lock = threading.Lock()
_probed = []


def _no_kernels():
    if KERNELS:
        raise TestSkipped("no kernel of 2.6.29 or later (busybox's) among %s" % ", ".join(KERNELS))
    raise TestSkipped("no kernels: none in %s (LGUEST_GUESTS) and LGUEST_LINUX unset"
                      % GUEST_FOLDER)


# Kernels before 2.6.29 boot the klibc initramfs, which has no network
# tools: their network devices are tested by the test guests
# (test_net_guests.py) and the boot test (test_real_linux).
NET_KERNELS = [k for k in KERNELS if os.path.exists(k) and not old_userspace(k)]


def supported():
    """[(kernel, version, generation)] for the kernels the hypervisor
    starts, oldest first, from one boot of them all (no initramfs: each is
    killed as soon as the hypervisor has said what it makes of it).  Once
    per test run: the tests of this file share it."""
    with _probe_lock:
        if _probed:
            return _probed[0]
        present = NET_KERNELS
        mods = ["%s name=k%d mem=24M -- console=hvc0 quiet" % (k, i) for i, k in enumerate(present)]
        found, refused = [], []
        if present:
            m = boot_kernel(mem=64 + 32 * len(present), modules=mods, extra=["-nic", "none"])
            try:
                for i, k in enumerate(present):
                    g = m.wait_for(r"hv: guest k%d: Linux (\S+), ABI (G\d+)|"
                                   r"hv: module %d \(.*\): (.*); guest not started" % (i, i), 60)
                    if g.group(3):
                        refused.append("%s (%s)" % (label(k), g.group(3)))
                    else:
                        found.append((k, g.group(1), g.group(2)))
            finally:
                m.kill()
        if refused:
            print("net tests leave out kernels the hypervisor refuses: %s" % "; ".join(refused))
        found.sort(key=lambda f: [int(x) for x in re.findall(r"\d+", f[1])[:3]])
        _probed.append(found)
        return found


def pairs():
    """Kernels two by two, one of each transport while both last (oldest
    legacy with newest PCI, and inwards), the rest among themselves; an odd
    one out goes with a kernel of the other transport, or any other, or a
    second guest of its own."""
    ks = supported()
    legacy = [k for k in ks if k[2] in LEGACY]
    pci = [k for k in ks if k[2] not in LEGACY][::-1]
    out = list(zip(legacy, pci))
    rest = legacy[len(out):] + pci[len(out):]
    out += [(rest[i], rest[i + 1]) for i in range(0, len(rest) - 1, 2)]
    if len(rest) % 2:
        odd = rest[-1]
        partners = [k for k in ks if (k[2] in LEGACY) != (odd[2] in LEGACY)] or \
            [k for k in ks if k is not odd] or [odd]
        out.append((odd, partners[0]))
    return out


class Console:
    """The shared console of several guests: whose turn it is to be typed
    to, and what each one printed."""

    def __init__(self, m, names):
        self.m, self.names, self.focus = m, names, names[0]

    def to(self, name):
        """Moves the focus round to NAME: the hypervisor cycles it through
        the guests in the order they were started, then its own console."""
        focus_line = r"hv: console focus: (?:guest (\S+)\n|hypervisor)"
        while self.focus != name:
            # each move awaited in what comes after it: the same lines are
            # in the transcript from earlier rounds
            since = len(self.m.transcript)
            self.m.send("\x01\x01\x01")
            self.focus = self.m.wait_for(focus_line, 20, since=since).group(1) or "hypervisor"

    def run(self, name, line):
        self.to(name)
        self.m.send(line + "\r")

    def wait(self, name, pattern, timeout=120):
        """Waits for the guest to print PATTERN; fails at once if any guest
        is killed meanwhile."""
        got = self.m.wait_for(r"\[%s\] %s|hv: guest \S+ killed: .*" % (name, pattern), timeout)
        check(not got.group(0).startswith("hv: guest"), got.group(0), self.m.transcript)
        return got

    def lines(self, name):
        """What the guest printed, without its name."""
        pre = "[%s] " % name
        return [line[len(pre):] for line in self.m.transcript.splitlines() if line.startswith(pre)]


def boot_guests(guests, cmdline="console=com1", extra=("-nic", "none"), mem_each=48):
    """guests: [(name, kernel, module words)]; waits for every shell."""
    mods = []
    for name, kernel, words in guests:
        mods += ["%s name=%s mem=%dM %s -- console=hvc0 quiet" % (kernel, name, mem_each, words),
                 initrd(kernel)]
    m = boot_kernel(mem=96 + (mem_each + 8) * len(guests), cmdline=cmdline, modules=mods,
                    extra=list(extra))
    con = Console(m, [g[0] for g in guests])
    for name, _, _ in guests:
        got = m.wait_for(r"\[%s\] guest:/# |hv: guest (%s) killed: .*" % (name, name), 300)
        check(not got.group(1), "a guest was killed: %s" % got.group(0), m.transcript)
    m.wait_for(r"hv: console focus: guest %s\n" % guests[0][0], 10)
    return m, con


def check_clean(m):
    out = m.transcript
    check("hypervisor fault" not in out, "the hypervisor faulted", out)
    check(not re.search(r"hv: guest \S+ killed", out), "a guest was killed", out)


# 4 KiB from the entropy device: its size, and how many of the 256 byte
# values occur.  Random data has them nearly all (missing one of them in
# 4096 bytes has odds of e^-16); a device that handed out a constant or a
# short repeating pattern has few.
HWRNG_SYSFS = "/sys/class/misc/hw_random"
RNG_READ = ("head -c 4096 /dev/hwrng >/r; echo rng$((6*7)) $(wc -c </r) "
            "$(od -An -v -tu1 /r | tr -s ' ' '\\n' | grep . | sort -u | wc -l) "
            "$(cat %s/rng_current)" % HWRNG_SYSFS)


def check_rng(con, name):
    got = con.wait(name, r"rng42 (\d+) (\d+) (\S+)\n", 60)
    size, values, current = int(got.group(1)), int(got.group(2)), got.group(3)
    check(size == 4096, "%s read %d bytes from /dev/hwrng" % (name, size), con.m.transcript)
    check(values >= 200, "%s: only %d byte values in 4 KiB of /dev/hwrng" % (name, values),
          con.m.transcript)
    check("virtio" in current, "%s: the current hw_random device is %r" % (name, current),
          con.m.transcript)


def _pair_run(batch):
    def test():
        if not KERNELS:
            _no_kernels()
        todo = pairs()[batch * PAIRS_PER_RUN:(batch + 1) * PAIRS_PER_RUN]
        if not todo:
            raise TestSkipped("no kernels left for this run (%d pairs in all)" % len(pairs()))
        guests = []
        for p, (a, b) in enumerate(todo):
            guests += [("p%da" % p, a[0], "net=sw%d" % p), ("p%db" % p, b[0], "net=sw%d" % p)]
        m, con = boot_guests(guests)
        try:
            # Every guest: its address and the entropy check; the first of
            # each pair then listens for the file.  nc's input must stay
            # open: at its end nc shuts the sending half, and the busybox
            # nc on the other side stops at that.
            for p in range(len(todo)):
                for side, host in (("a", 1), ("b", 2)):
                    n = "p%d%s" % (p, side)
                    con.run(n, "busybox ifconfig eth0 10.9.%d.%d netmask 255.255.255.0 up; %s"
                            % (p, host, RNG_READ))
                    check_rng(con, n)
                    if side == "a":
                        con.run(n, "sleep 600 | busybox nc -l -p 5000 >/g & NC=$!; "
                                "until busybox netstat -ltn | grep -q ':5000 '; do sleep 1; done; "
                                "echo listen$((1+1))")
                        con.wait(n, r"listen2\n", 60)
            # The second of each pair pings the first and sends it 4 MiB;
            # both pairs at once.
            for p in range(len(todo)):
                con.run("p%db" % p, "busybox ping -c 3 10.9.%d.1; dd if=/dev/urandom of=/f bs=64k "
                        "count=64 2>/dev/null; md5sum /f; busybox nc 10.9.%d.1 5000 </f; "
                        "echo sent$((2+2)) $?" % (p, p))
            sums = {}
            for p in range(len(todo)):
                n = "p%db" % p
                got = con.wait(n, r"sent4 (\d+)\n", 300)
                check(got.group(1) == "0", "%s: nc exited with %s" % (n, got.group(1)),
                      m.transcript)
                sums[p] = _md5_of(con, n, "/f")
                _check_ping(con, n, "10.9.%d.1" % p)
            # The first: the file it took, and a ping back.
            for p in range(len(todo)):
                n = "p%da" % p
                con.run(n, "while kill -0 $NC 2>/dev/null; do sleep 1; done; md5sum /g; "
                        "wc -c </g; busybox ping -c 3 10.9.%d.2; echo back$((4+4))" % p)
                con.wait(n, r"back8\n", 120)
                got = _md5_of(con, n, "/g")
                check(got == sums[p], "pair %d (%s, %s): sent %s, received %s"
                      % (p, todo[p][0][1], todo[p][1][1], sums[p], got), m.transcript)
                _check_ping(con, n, "10.9.%d.2" % p)
        finally:
            m.kill()
        check_clean(m)
        print("pairs on switches: %s" % ", ".join("%s (%s) with %s (%s)" % (a[1], a[2], b[1], b[2])
                                                  for a, b in todo))
    return test


def _md5_of(con, name, path):
    sums = [line.split()[0] for line in con.lines(name)
            if re.fullmatch(r"[0-9a-f]{32}  %s" % path, line)]
    check(sums, "%s printed no MD5 of %s" % (name, path), con.m.transcript)
    return sums[-1]


def _check_ping(con, name, peer):
    stats = [line for line in con.lines(name) if "packets transmitted" in line]
    check(stats and re.match(r"3 packets transmitted, 3 packets received", stats[-1]),
          "%s: ping %s: %s" % (name, peer, stats[-1] if stats else "no statistics"),
          con.m.transcript)


def _runs(n_kernels, per_run):
    return max(1, (n_kernels + per_run - 1) // per_run)


for _i in range(_runs((len(NET_KERNELS) + 1) // 2, PAIRS_PER_RUN)):
    globals()["test_net_pairs_%d" % _i] = _pair_run(_i)


class PayloadServer:
    """An HTTP server on 127.0.0.1 with one file, /payload, of random bytes."""

    def __init__(self, size=256 * 1024):
        self.payload = os.urandom(size)
        payload = self.payload

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path != "/payload":
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def free_port():
    """A TCP port on 127.0.0.1 free now, for QEMU's hostfwd to take."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url, tries=10):
    """GET through no proxy (the environment's must not see loopback
    traffic); a few tries, since slirp accepts the connection on the host
    before the guest has answered it."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    err = None
    for _ in range(tries):
        try:
            with opener.open(url, timeout=60) as r:
                return r.read()
        except OSError as e:
            err = e
            time.sleep(1)
    raise err


def _uplink(legacy):
    def test():
        if not KERNELS:
            _no_kernels()
        ks = [k for k in supported() if (k[2] in LEGACY) == legacy]
        if not ks:
            raise TestSkipped("no kernel of the %s transport" % ("lguest" if legacy else "PCI"))
        kernel, version, gen = ks[-1]
        fwd = free_port()
        srv = PayloadServer()
        try:
            nic = "user,model=e1000,hostfwd=tcp:127.0.0.1:%d-10.0.2.15:80" % fwd
            m, con = boot_guests([("web", kernel, "net=wan")], cmdline="console=com1 uplink=wan",
                                 extra=["-nic", nic])
            try:
                m.wait_for(r"hv: uplink: .* joins switch wan, link up", 10)
                con.run("web", "busybox ifconfig eth0 10.0.2.15 netmask 255.255.255.0 up; "
                        "busybox wget -q -O /w http://10.0.2.2:%d/payload; echo wget$((3*3)) $?; "
                        "md5sum /w" % srv.port)
                got = con.wait("web", r"wget9 (\d+)\n", 120)
                check(got.group(1) == "0", "wget exited with %s" % got.group(1), m.transcript)
                con.wait("web", r"[0-9a-f]{32}  /w\n", 60)
                check(_md5_of(con, "web", "/w") == hashlib.md5(srv.payload).hexdigest(),
                      "the guest fetched other bytes than the server's", m.transcript)
                con.run("web", "mkdir -p /www; dd if=/dev/urandom of=/www/blob bs=1k count=256 "
                        "2>/dev/null; md5sum /www/blob; busybox httpd -p 80 -h /www; "
                        "echo httpd$((5*5)) $?")
                got = con.wait("web", r"httpd25 (\d+)\n", 60)
                check(got.group(1) == "0", "httpd exited with %s" % got.group(1), m.transcript)
                blob = fetch("http://127.0.0.1:%d/blob" % fwd)
                check(hashlib.md5(blob).hexdigest() == _md5_of(con, "web", "/www/blob"),
                      "the host got %d bytes, not the guest's file" % len(blob), m.transcript)
            finally:
                m.kill()
        finally:
            srv.close()
        check_clean(m)
        print("uplink: %s (%s) fetched 256 KiB from the host and served 256 KiB to it"
              % (version, gen))
    return test


test_net_uplink_lguest_bus = _uplink(True)
test_net_uplink_pci = _uplink(False)


# With rng=off there is no hardware RNG.  The 4.x kernels here register
# the hw_random core's misc device (/dev/hwrng and its sysfs directory) at
# boot, and it lists nothing available; the 3.x and 2.6.3x ones register
# it only with their first RNG, so there it is absent.  Either way a read of
# /dev/hwrng gives no bytes.
RNG_OFF = ("echo off$((8*8)) $(if [ -d %s ]; then echo \"core [$(cat %s/rng_available)]\"; "
           "else echo absent; fi) $(head -c 16 /dev/hwrng 2>/dev/null | wc -c)"
           % (HWRNG_SYSFS, HWRNG_SYSFS))


def _rng_off_run(batch):
    def test():
        if not KERNELS:
            _no_kernels()
        todo = supported()[batch * KERNELS_PER_RNG_RUN:(batch + 1) * KERNELS_PER_RNG_RUN]
        if not todo:
            raise TestSkipped("no kernels left for this run")
        names = ["r%d" % i for i in range(len(todo))]
        m, con = boot_guests([(n, k[0], "rng=off") for n, k in zip(names, todo)], mem_each=32)
        cores = []
        try:
            for n, k in zip(names, todo):
                con.run(n, RNG_OFF)
                got = con.wait(n, r"off64 (absent|core \[(.*)\]) (\d+)\n", 60)
                check(got.group(1) == "absent" or got.group(2).strip() == "",
                      "%s with rng=off: hw_random has [%s]" % (k[1], got.group(2)), m.transcript)
                check(got.group(3) == "0", "%s with rng=off: /dev/hwrng gave %s bytes"
                      % (k[1], got.group(3)), m.transcript)
                cores.append("%s (%s)" % (k[1], "no hw_random device" if got.group(1) == "absent"
                                          else "hw_random lists none"))
        finally:
            m.kill()
        check_clean(m)
        print("rng=off: %s" % ", ".join(cores))
    return test


for _i in range(_runs(len(NET_KERNELS), KERNELS_PER_RNG_RUN)):
    globals()["test_rng_off_%d" % _i] = _rng_off_run(_i)
