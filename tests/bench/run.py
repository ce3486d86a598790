#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""make bench: the same Linux kernel and initramfs booted natively and as a
guest under the hypervisor, in one run, under QEMU -icount shift=0 (virtual
time follows instructions executed, so counts repeat).  Prints guest/native
ratios per benchmark and writes build/bench/bench.png (gnuplot).

LGUEST_LINUX names the kernel(s) (':'-separated); without it, every
NAME/bzImage in the guest folder LGUEST_GUESTS (default ~/lguest-guests).
Nothing is fetched here.

The disk rows come from runs of their own (lgbench.only=disk, so the other
rows are not disturbed by disks): 32 MiB written and read back with
O_DIRECT, natively on QEMU's IDE disk (/dev/sda: only kernels built with an
ATA driver, the others show n/a), and as a guest on an IDE disk given to
it (disk=hd0) and on a disk-image module (disk=rw), both virtio-blk.
BENCH_DISKS=ide,module (the default) chooses the guest's disks.

The network rows too (lgbench.only=net): 16 MiB over TCP, the best of three
connections, from a guest to another guest on the same virtual switch
(net_g2g; natively there is no such thing, n/a), and out through the
switch's uplink, the machine's e1000, under QEMU's user network to a sink
this script runs on 127.0.0.1 (net_out), next to the kernel natively on
the same e1000 to the same sink (only kernels built with the e1000
driver; the others show n/a).

The parallel row (lgbench.cpu=TAG:N) is of another kind: two guests of one
kernel each run the same CPU-bound job, on QEMU -smp 1 and on -smp 2
(multi-threaded TCG, so no -icount: it would make TCG single-threaded),
and the row is how much work per second of host time the two do together
on two CPUs against one, the median of BENCH_PARALLEL_REPEAT (3) pairs
of runs.  Host time varies with the host's load: a benchmark figure,
never a test's.  The kernel is the newest of those given
(BENCH_PARALLEL_KERNEL names another); BENCH_PARALLEL_CHUNKS (24) sets
each guest's work.

Options: --only ratios (everything but the parallel row), --only parallel
(that row alone); make bench passes BENCH_ARGS.
"""
import argparse
import glob
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BUILD = os.path.join(ROOT, "build", "bench")
QEMU = os.environ.get("QEMU", "qemu-system-i386")
TIMEOUT = int(os.environ.get("BENCH_TIMEOUT", "900"))


def build():
    os.makedirs(BUILD, exist_ok=True)
    cc = "i686-elf-gcc" if shutil.which("i686-elf-gcc") else "i686-linux-gnu-gcc"
    exe = os.path.join(BUILD, "lgbench")
    subprocess.run([cc, "-static", "-nostdlib", "-ffreestanding", "-fno-pie", "-no-pie",
                    "-fno-stack-protector", "-O2", "-Wall", "-Wextra", "-Werror", "-o", exe,
                    os.path.join(HERE, "lgbench.c"), os.path.join(HERE, "lgbench_net.c"), "-lgcc"],
                   check=True)
    # Both initramfs images with lgbench, side by side: busybox's, and
    # klibc's for kernels before 2.6.29 (initrd_for picks).
    for script, name in [("mkinitramfs.sh", "initramfs.gz"),
                         ("mkinitramfs-klibc.sh", "initramfs-klibc.gz")]:
        subprocess.run([os.path.join(ROOT, "scripts", script), os.path.join(BUILD, name),
                        os.path.join(ROOT, "build"), exe], check=True, stdout=subprocess.DEVNULL)


def initrd_for(k):
    """The bench initramfs for kernel k (scripts/initramfs-for.sh decides)."""
    return subprocess.run([os.path.join(ROOT, "scripts", "initramfs-for.sh"), k, BUILD],
                          capture_output=True, text=True, check=True).stdout.strip()


def run(args, icount="shift=0"):
    """Runs QEMU until the benchmarks are done (a native kernel without ACPI
    cannot switch the machine off, so we stop it then) or the time is up."""
    cmd = [QEMU, "-icount", icount, "-display", "none", "-serial", "stdio", "-no-reboot",
           "-monitor", "none", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"] + args
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    out = b""
    deadline = time.time() + TIMEOUT
    while time.time() < deadline:
        chunk = proc.stdout.read1(65536)
        if not chunk:
            break
        out += chunk
        if b"lgbench: done" in out:
            # let the hypervisor print its counters, then stop
            end = time.time() + 10
            while time.time() < end and proc.poll() is None:
                time.sleep(0.2)
            break
    if proc.poll() is None:
        proc.kill()
    rest = proc.stdout.read()
    return (out + (rest or b"")).decode("utf-8", "replace").replace("\r", "")


DISK_MIB = 32


# For the disk runs, flushes do not wait for the host's disk (cache=unsafe).
# Still, while the CPU idles waiting for QEMU's own I/O, virtual time
# follows the host's clock: these rows vary from run to run (lgbench keeps
# the best of three passes).  sleep=off would make them worse: every wait
# then jumps to the next timer deadline.
DISK_ICOUNT = "shift=0"
DRIVE = "file=%s,format=raw,if=ide,index=0,cache=unsafe"


def scratch_disk(name):
    """A fresh zero-filled (sparse) image for the disk rows to write."""
    path = os.path.join(BUILD, name)
    with open(path, "wb") as f:
        f.truncate(DISK_MIB << 20)
    return path


def has_config(k, pattern):
    """True unless the guest folder's config beside the kernel says no."""
    config = os.path.join(os.path.dirname(k), "config")
    if not os.path.exists(config):
        return True
    with open(config) as f:
        return re.search(pattern, f.read(), re.M) is not None


def native_disk_run(k, initrd):
    """Natively: lgbench on QEMU's IDE disk; None when the kernel's config
    (the guest folder keeps one beside each bzImage) has no IDE driver."""
    if not has_config(k, r"^CONFIG_(ATA_PIIX|BLK_DEV_PIIX)=y"):
        return None
    ide = scratch_disk("native-ide.img")
    return run(["-m", "160", "-kernel", k, "-initrd", initrd,
                "-drive", DRIVE % ide, "-append",
                "console=ttyS0 lgbench quiet lgbench.only=disk lgbench.disk=ide:/dev/sda"],
               DISK_ICOUNT)


def guest_disk_run(hv, k, initrd):
    """As a guest: real disks come first (vda), then modules."""
    kinds = [d for d in os.environ.get("BENCH_DISKS", "ide,module").split(",") if d]
    opts, drives, mods, tags = "", [], [], []
    if "ide" in kinds:
        opts = " disk=hd0"
        drives = ["-drive", DRIVE % scratch_disk("guest-ide.img")]
        tags.append("ide")
    if "module" in kinds:
        mods = ["%s disk=rw" % scratch_disk("guest-module.img")]
        tags.append("module")
    # one parameter a disk: QEMU would split a list at its commas
    spec = " ".join("lgbench.disk=%s:/dev/vd%s" % (t, chr(ord("a") + i))
                    for i, t in enumerate(tags))
    return run(["-m", "320", "-kernel", hv, "-append", "console=com1 hv.label=none",
                "-initrd", ",".join(["%s name=bench mem=128M%s -- console=hvc0 lgbench quiet "
                                     "lgbench.only=disk %s" % (k, opts, spec),
                                     initrd] + mods)] + drives, DISK_ICOUNT)


class Sink:
    """Takes TCP connections on 127.0.0.1 and reads each to its end: where
    the net_out rows send, through slirp's 10.0.2.2."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.port = self.sock.getsockname()[1]
        self.received = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                n = 0
                while True:
                    chunk = conn.recv(1 << 16)
                    if not chunk:
                        break
                    n += len(chunk)
                self.received.append(n)

    def close(self):
        self.sock.close()


NET_APPEND = "lgbench quiet lgbench.only=net lgbench.ip=%s lgbench.net=%s"
OUT_IP = "10.0.2.15"      # slirp's first guest address


def net_out_run(args_for):
    """A run whose lgbench sends to a Sink, given the arguments for QEMU
    with its kernel command line's lgbench words; plus the e1000 on slirp."""
    sink = Sink()
    try:
        spec = "out:send:10.0.2.2:%d" % sink.port
        out = run(args_for(NET_APPEND % (OUT_IP, spec)) + ["-nic", "user,model=e1000"])
    finally:
        sink.close()
    return out + "".join("(sink: %d bytes)\n" % n for n in sink.received)


def native_net_run(k, initrd):
    """Natively on QEMU's e1000; None when the kernel has no e1000 driver."""
    if not has_config(k, r"^CONFIG_E1000=y"):
        return None
    return net_out_run(lambda append: ["-m", "160", "-kernel", k, "-initrd", initrd,
                                       "-append", "console=ttyS0 " + append])


def guest_net_runs(hv, k, initrd):
    """As guests: to another guest on switch lan (a second machine of the
    same kernel that only receives), and out through the uplink."""
    g2g = run(["-m", "320", "-kernel", hv, "-append", "console=com1 hv.label=none", "-nic", "none",
               "-initrd", ",".join([
                   "%s name=sink mem=64M net=lan -- console=hvc0 %s"
                   % (k, NET_APPEND % ("10.9.0.1", "g2g:recv:5001")), initrd,
                   "%s name=bench mem=128M net=lan -- console=hvc0 %s"
                   % (k, NET_APPEND % ("10.9.0.2", "g2g:send:10.9.0.1:5001")), initrd])])
    out = net_out_run(lambda append: [
        "-m", "256", "-kernel", hv, "-append", "console=com1 hv.label=none uplink=wan",
        "-initrd", "%s name=bench mem=128M net=wan -- console=hvc0 %s,%s" % (k, append, initrd)])
    return g2g + out


def parse(out):
    res = {}
    m = re.search(r"lgbench: boot_to_init ([\d.]+) s", out)
    if m:
        res["boot_to_init"] = float(m.group(1)) * 1e9
    for name, ns in re.findall(r"lgbench: (\w+) (\d+) ticks/op", out):
        res[name] = float(ns)
    return res


MICRO = ["null_syscall", "fork_exit", "fork_exec", "page_fault", "pipe_pingpong", "mmap_munmap"]
MICRO_OPS = {"null_syscall": 20000, "fork_exit": 200, "fork_exec": 100, "page_fault": 4096,
             "pipe_pingpong": 5000, "mmap_munmap": 5000}


def counters(out):
    """The hypervisor's counters for guest bench, from the lines it prints
    when the guest ends."""
    c = {}
    m = re.search(r"hv: guest bench counters: (\d+) exits, (\d+) hypercalls in the ring, "
                  r"(\d+) shadow fills, (\d+) faults reflected, (\d+) interrupts injected, "
                  r".*?(\d+) host ticks", out)
    if not m:
        return None
    for key, v in zip(["exits", "ring", "fills", "reflected", "irqs", "host"], m.groups()):
        c[key] = int(v)
    vec = dict(re.findall(r"(0x[0-9a-f]+)=(\d+)",
                          " ".join(re.findall(r"hv: guest bench exits by vector: (.*)", out))))
    c["hcall_exits"] = int(vec.get("0x1f", 0)) + int(vec.get("0x6", 0))
    c["pf_exits"] = int(vec.get("0xe", 0))
    return c


def breakdown(hv, k, initrd):
    """Where each microbenchmark's time goes: the guest runs it alone, and
    the hypervisor's counters minus those of a run that only boots are its
    own.  Per operation: exits (of them hypercalls and page faults), ring
    entries, faults reflected to the guest, shadow fills, interrupts, and
    the hypervisor's ticks (from exits to entries) against the guest's
    ticks per operation."""
    def one(extra):
        out = run(["-m", "256", "-kernel", hv, "-append", "console=com1 hv.label=none",
                   "-nic", "none", "-initrd",
                   "%s name=bench mem=128M rng=off -- console=hvc0 lgbench quiet %s,%s"
                   % (k, extra, initrd)])
        return counters(out), parse(out)
    base, _ = one("lgbench.run=none")
    if not base:
        return ["  (no counters from the hypervisor: breakdown not made)"]
    lines = ["  per operation, with the hypervisor's counters (the benchmark alone, less a "
             "boot-only run):",
             "  %-15s %7s %7s %7s %6s %7s %6s %5s %9s %6s" % (
                 "benchmark", "exits", "hcall", "#PF", "ring", "reflect", "fills", "irqs",
                 "hv ticks", "hv %")]
    for b in MICRO:
        c, res = one("lgbench.run=" + b)
        if not c or b not in res:
            lines.append("  %-15s (did not run)" % b)
            continue
        n = float(MICRO_OPS[b])
        d = {key: (c[key] - base[key]) / n for key in c}
        lines.append("  %-15s %7.1f %7.1f %7.1f %6.1f %7.1f %6.1f %5.2f %9.0f %5.0f%%" % (
            b, d["exits"], d["hcall_exits"], d["pf_exits"], d["ring"], d["reflected"],
            d["fills"], d["irqs"], d["host"], 100.0 * d["host"] / res[b] if res[b] else 0))
    return lines


def guest_costs(hv):
    """The project's own test guest measures single operations."""
    out = run(["-m", "128", "-kernel", hv, "-append", "console=com1",
               "-initrd", "%s name=cost mem=32M -- lgtest=cost"
               % os.path.join(ROOT, "build", "guests", "lgtest-g7.elf")])
    print("\nCost of single operations (test guest, G7; instructions under -icount):")
    for name, n in re.findall(r"lgtest: cost: (\w+) (\d+) ticks", out):
        print("  %-22s %6s" % (name, n))


PAR_CHUNKS = int(os.environ.get("BENCH_PARALLEL_CHUNKS", "24"))
PAR_REPEAT = int(os.environ.get("BENCH_PARALLEL_REPEAT", "3"))
PAR_TAGS = ["a", "b"]


def parallel_run(hv, k, initrd, smp):
    """The two guests of the parallel row, in one QEMU of smp CPUs with
    multi-threaded TCG and no -icount.  Returns the console's lines, each
    with the host time (monotonic, s) it was read at, the host CPU seconds
    QEMU used, and the names of its TCG threads (with multi-threaded TCG,
    one a CPU: "CPU 0/TCG", "CPU 1/TCG"; one "ALL CPUs/TCG" otherwise)."""
    mods = []
    for tag in PAR_TAGS:
        mods += ["%s name=%s mem=64M rng=off -- console=hvc0 lgbench quiet lgbench.only=cpu "
                 "lgbench.cpu=%s:%d" % (k, tag, tag, PAR_CHUNKS), initrd]
    cmd = [QEMU, "-accel", "tcg,thread=multi", "-smp", str(smp), "-m", "256",
           "-name", "lgbench,debug-threads=on",
           "-display", "none", "-serial", "stdio", "-no-reboot", "-monitor", "none",
           "-nic", "none", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
           "-kernel", hv, "-append", "console=com1 hv.label=none", "-initrd", ",".join(mods)]
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    lines, part, ends, tcg = [], b"", 0, None
    deadline = time.time() + TIMEOUT
    while time.time() < deadline and ends < len(PAR_TAGS):
        chunk = proc.stdout.read1(65536)
        if not chunk:
            break
        t = time.monotonic()
        part += chunk
        *whole, part = part.split(b"\n")
        for l in whole:
            text = l.decode("utf-8", "replace").replace("\r", "")
            lines.append((t, text))
            if re.search(r"lgbench: cpu \w+ end ", text):
                ends += 1
            if tcg is None and re.search(r"lgbench: cpu \w+ start", text):
                tcg = tcg_threads(proc.pid)
    if proc.poll() is None:
        proc.kill()
    proc.stdout.read()
    _, _, usage = os.wait4(proc.pid, 0)
    return lines, usage.ru_utime + usage.ru_stime, tcg or []


def tcg_threads(pid):
    """QEMU's threads that run guest code, by name (debug-threads=on)."""
    names = []
    for comm in glob.glob("/proc/%d/task/*/comm" % pid):
        try:
            with open(comm) as f:
                name = f.read().strip()
        except OSError:
            continue
        if name.endswith("/TCG"):
            names.append(name)
    return sorted(names)


def parallel_rate(lines):
    """Chunks per second of the two guests together while both run: the
    window from the later start to the earlier end (so neither's boot nor
    the survivor running alone counts), each guest's rate over its own
    chunks inside it, summed.  None when a guest did not finish."""
    times = {tag: {} for tag in PAR_TAGS}
    for t, text in lines:
        m = re.search(r"lgbench: cpu (\w+) (start|chunk (\d+)|end \d+)$", text)
        if m and m.group(1) in times:
            key = "start" if m.group(2) == "start" else \
                int(m.group(3)) if m.group(3) else "end"
            times[m.group(1)][key] = t
    if any("start" not in v or "end" not in v for v in times.values()):
        return None
    lo = max(v["start"] for v in times.values())
    hi = min(v["end"] for v in times.values())
    rate = 0.0
    for v in times.values():
        inside = sorted((t, n) for n, t in v.items()
                        if isinstance(n, int) and lo <= t <= hi)
        if len(inside) < 3:
            return None
        (t0, n0), (t1, n1) = inside[0], inside[-1]
        rate += (n1 - n0) / (t1 - t0)
    return rate


def parallel_row(hv, k, initrd):
    """The parallel row: pairs of runs, -smp 1 then -smp 2; the median of
    the ratios of their throughputs."""
    name = kernel_name(k)
    print("\nparallel: 2 guests of %s, each %d chunks of integer work (lgbench.cpu), "
          "QEMU -smp 1 against -smp 2, multi-threaded TCG, host time (no -icount)"
          % (name, PAR_CHUNKS))
    ratios = []
    for i in range(PAR_REPEAT):
        rates = {}
        for smp in (1, 2):
            t0 = time.monotonic()
            lines, cpu, tcg = parallel_run(hv, k, initrd, smp)
            wall = time.monotonic() - t0
            with open(os.path.join(BUILD, "%s.parallel-smp%d.%d.log" % (name, smp, i + 1)),
                      "w") as f:
                f.write("".join("%.3f %s\n" % (t - t0, l) for t, l in lines))
            rates[smp] = parallel_rate(lines)
            placed = " ".join("%s:%s" % m for m in
                              re.findall(r"hv: guest (\w+): runs on cpu (\d+)",
                                         "\n".join(l for _, l in lines)))
            print("  run %d, -smp %d: %s chunks/s together; QEMU used %.2f host CPUs "
                  "over its %.1f s; guests on cpu %s; TCG threads: %s; host load %.1f"
                  % (i + 1, smp, "%.2f" % rates[smp] if rates[smp] else "- (did not finish)",
                     cpu / wall, wall, placed or "0 (one online)", ", ".join(tcg) or "?",
                     os.getloadavg()[0]))
        if rates[1] and rates[2]:
            ratios.append(rates[2] / rates[1])
    if not ratios:
        print("parallel: 2 CPU-bound guests, -smp 2 vs -smp 1 throughput: - (no complete run)")
        return
    ratios.sort()
    print("parallel: 2 CPU-bound guests, -smp 2 vs -smp 1 throughput: %.2fx "
          "(median of %d: %s; host time, %d host CPUs)"
          % (ratios[len(ratios) // 2], len(ratios), " ".join("%.2f" % r for r in ratios),
             os.cpu_count()))


def version_key(k):
    """4.13 above 4.4 above 2.6.32; names without a version last."""
    return [int(x) for x in re.findall(r"\d+", kernel_name(k))] or [-1]


def kernel_name(k):
    """bzImage-3.10 as it is; ~/lguest-guests/4.4/bzImage as 4.4."""
    base = os.path.basename(k)
    return os.path.basename(os.path.dirname(k)) if base == "bzImage" else base


def main():
    ap = argparse.ArgumentParser(description="make bench")
    ap.add_argument("--only", choices=["ratios", "parallel"],
                    help="only the guest/native ratios, or only the parallel row")
    opts = ap.parse_args()
    kernels = [k for k in os.environ.get("LGUEST_LINUX", "").split(":") if k]
    if not kernels:
        folder = os.path.expanduser(os.environ.get("LGUEST_GUESTS", "~/lguest-guests"))
        kernels = sorted(glob.glob(os.path.join(folder, "*", "bzImage")))
    if not kernels:
        print("make bench needs kernels: LGUEST_LINUX=/path/to/bzImage[:...] or NAME/bzImage "
              "in LGUEST_GUESTS (a kernel with CONFIG_LGUEST_GUEST=y, the virtio console and "
              "the 8250 driver)")
        return 2
    build()
    hv = os.path.join(ROOT, "build", "hv.elf")
    subprocess.run(["make", "-s", "-C", ROOT, "guests"], check=True)
    if opts.only != "parallel":
        ratios(hv, kernels)
    if opts.only != "ratios":
        k = os.environ.get("BENCH_PARALLEL_KERNEL") or max(kernels, key=version_key)
        parallel_row(hv, k, initrd_for(k))
    return 0


def ratios(hv, kernels):
    """Guest against native, for each kernel: the table, the breakdown and
    the chart."""
    guest_costs(hv)
    rows = []
    for k in kernels:
        name = kernel_name(k)
        initrd = initrd_for(k)
        # No network card in these runs: a kernel with the e1000 driver
        # spends 0.9 s of its boot natively reading the card's EEPROM.
        # The same machine both ways: no CD-ROM natively (a kernel with
        # an ATA driver polls it, a guest has none), no entropy device in
        # the guest (a kernel with virtio-rng refills its pool from it on
        # every exec, natively it has none).
        native_out = run(["-m", "160", "-kernel", k, "-initrd", initrd, "-nic", "none",
                          "-nodefaults", "-append", "console=ttyS0 lgbench quiet"])
        guest_out = run(["-m", "256", "-kernel", hv, "-append", "console=com1 hv.label=none",
                         "-nic", "none", "-initrd",
                         "%s name=bench mem=128M rng=off -- console=hvc0 lgbench quiet,%s"
                         % (k, initrd)])
        with open(os.path.join(BUILD, name + ".native.log"), "w") as f:
            f.write(native_out)
        with open(os.path.join(BUILD, name + ".guest.log"), "w") as f:
            f.write(guest_out)
        native_disk_out = native_disk_run(k, initrd)
        guest_disk_out = guest_disk_run(hv, k, initrd)
        native_net_out = native_net_run(k, initrd)
        guest_net_out = guest_net_runs(hv, k, initrd)
        for what, text, why in [("native-disk", native_disk_out, "no IDE driver"),
                                ("guest-disk", guest_disk_out, ""),
                                ("native-net", native_net_out, "no e1000 driver"),
                                ("guest-net", guest_net_out, "")]:
            with open(os.path.join(BUILD, "%s.%s.log" % (name, what)), "w") as f:
                f.write(text or "(not run: the kernel has %s)\n" % why)
        native, guest = parse(native_out), parse(guest_out)
        # only the rows each run is for: the boot_to_init of those runs is
        # not the row's (other devices, and two guests on one console)
        for into, text, kind in [(native, native_disk_out, "disk_"),
                                 (guest, guest_disk_out, "disk_"),
                                 (native, native_net_out, "net_"),
                                 (guest, guest_net_out, "net_")]:
            into.update((b, v) for b, v in parse(text or "").items() if b.startswith(kind))
        print("\n%s (QEMU -icount shift=0; boot in ns, disks and network in TSC ticks per MiB, "
              "the rest in TSC ticks per operation)" % name)
        print("  %-18s %14s %14s %8s" % ("benchmark", "native", "guest", "ratio"))
        for b, nb in [(b, b) for b in ["boot_to_init", "null_syscall", "fork_exit", "fork_exec",
                                       "page_fault", "pipe_pingpong", "mmap_munmap"]] + \
                [("disk_%s_%s" % (op, d), "disk_%s_ide" % op)
                 for d in ["ide", "module"] for op in ["write", "read"]] + \
                [("net_g2g", None), ("net_out", "net_out")]:
            n, g = native.get(nb), guest.get(b)
            ratio = g / n if n and g else None
            missing = "n/a" if (b.startswith("disk") and native_disk_out is None) or \
                (b.startswith("net") and (native_net_out is None or nb is None)) else "-"
            print("  %-18s %14s %14s %8s" % (b, "%.0f" % n if n else missing,
                                             "%.0f" % g if g else "-",
                                             "%.2f" % ratio if ratio else "-"))
            if ratio:
                rows.append((name, b, ratio))
        # what arrived where: a row is only worth its bytes
        for text in [native_net_out or "", guest_net_out]:
            for line in re.findall(r"lgbench: net \w+: .*|\(sink: .*\)", text):
                print("  " + line)
        for l in breakdown(hv, k, initrd):
            print(l)
    data = os.path.join(BUILD, "bench.dat")
    with open(data, "w") as f:
        for name, b, ratio in rows:
            f.write("%s/%s %.3f\n" % (name, b, ratio))
    if shutil.which("gnuplot") and rows:
        png = os.path.join(BUILD, "bench.png")
        script = ("set terminal png size 1100,500; set output '%s'; set style fill solid; "
                  "set boxwidth 0.6; set ylabel 'guest / native'; set xtics rotate by -40; "
                  "set grid y; plot '%s' using 0:2:xtic(1) with boxes notitle, 1 notitle"
                  % (png, data))
        subprocess.run(["gnuplot", "-e", script], check=False)
        print("\nchart: %s" % png)
    else:
        print("\n(no gnuplot: chart not drawn; data in %s)" % data)


if __name__ == "__main__":
    sys.exit(main())
