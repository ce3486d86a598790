#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""make bench: the same Linux kernel and initramfs booted natively and as a
guest under the hypervisor, in one run, under QEMU -icount shift=0 (virtual
time follows instructions executed, so counts repeat).  Prints guest/native
ratios per benchmark and writes build/bench/bench.png (gnuplot).

LGUEST_LINUX names the kernel(s) (':'-separated); without it, every
NAME/bzImage in the guest folder LGUEST_GUESTS (default ~/lguest-guests).
Nothing is fetched here.
"""
import glob
import os
import re
import shutil
import subprocess
import sys
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
                    os.path.join(HERE, "lgbench.c"), "-lgcc"], check=True)
    initrd = os.path.join(BUILD, "initramfs.gz")
    subprocess.run([os.path.join(ROOT, "scripts", "mkinitramfs.sh"), initrd,
                    os.path.join(ROOT, "build"), exe], check=True, stdout=subprocess.DEVNULL)
    return initrd


def run(args):
    """Runs QEMU until the benchmarks are done (a native kernel without ACPI
    cannot switch the machine off, so we stop it then) or the time is up."""
    cmd = [QEMU, "-icount", "shift=0", "-display", "none", "-serial", "stdio", "-no-reboot",
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


def parse(out):
    res = {}
    m = re.search(r"lgbench: boot_to_init ([\d.]+) s", out)
    if m:
        res["boot_to_init"] = float(m.group(1)) * 1e9
    for name, ns in re.findall(r"lgbench: (\w+) (\d+) ticks/op", out):
        res[name] = float(ns)
    return res


def guest_costs(hv):
    """The project's own test guest measures single operations."""
    out = run(["-m", "128", "-kernel", hv, "-append", "console=com1",
               "-initrd", "%s name=cost mem=32M -- lgtest=cost"
               % os.path.join(ROOT, "build", "guests", "lgtest-g7.elf")])
    print("\nCost of single operations (test guest, G7; instructions under -icount):")
    for name, n in re.findall(r"lgtest: cost: (\w+) (\d+) ticks", out):
        print("  %-22s %6s" % (name, n))


def kernel_name(k):
    """bzImage-3.10 as it is; ~/lguest-guests/4.4/bzImage as 4.4."""
    base = os.path.basename(k)
    return os.path.basename(os.path.dirname(k)) if base == "bzImage" else base


def main():
    kernels = [k for k in os.environ.get("LGUEST_LINUX", "").split(":") if k]
    if not kernels:
        folder = os.path.expanduser(os.environ.get("LGUEST_GUESTS", "~/lguest-guests"))
        kernels = sorted(glob.glob(os.path.join(folder, "*", "bzImage")))
    if not kernels:
        print("make bench needs kernels: LGUEST_LINUX=/path/to/bzImage[:...] or NAME/bzImage "
              "in LGUEST_GUESTS (a kernel with CONFIG_LGUEST_GUEST=y, the virtio console and "
              "the 8250 driver)")
        return 2
    initrd = build()
    hv = os.path.join(ROOT, "build", "hv.elf")
    subprocess.run(["make", "-s", "-C", ROOT, "guests"], check=True)
    guest_costs(hv)
    rows = []
    for k in kernels:
        name = kernel_name(k)
        native_out = run(["-m", "160", "-kernel", k, "-initrd", initrd,
                          "-append", "console=ttyS0 lgbench quiet"])
        guest_out = run(["-m", "256", "-kernel", hv, "-append", "console=com1 hv.label=none",
                         "-initrd", "%s name=bench mem=128M -- console=hvc0 lgbench quiet,%s"
                         % (k, initrd)])
        with open(os.path.join(BUILD, name + ".native.log"), "w") as f:
            f.write(native_out)
        with open(os.path.join(BUILD, name + ".guest.log"), "w") as f:
            f.write(guest_out)
        native, guest = parse(native_out), parse(guest_out)
        print("\n%s (QEMU -icount shift=0; boot in ns, the rest in TSC ticks per operation)" % name)
        print("  %-14s %14s %14s %8s" % ("benchmark", "native", "guest", "ratio"))
        for b in ["boot_to_init", "null_syscall", "fork_exit", "fork_exec", "page_fault",
                  "pipe_pingpong", "mmap_munmap"]:
            n, g = native.get(b), guest.get(b)
            ratio = g / n if n and g else None
            print("  %-14s %14s %14s %8s" % (b, "%.0f" % n if n else "-", "%.0f" % g if g else "-",
                                             "%.2f" % ratio if ratio else "-"))
            if ratio:
                rows.append((name, b, ratio))
        counters = [l for l in guest_out.splitlines() if l.startswith("hv: guest bench ")]
        for l in counters:
            print("  " + l)
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
