# SPDX-License-Identifier: GPL-2.0-only
"""Guests on several CPUs: where they are placed, and that each CPU runs its own.

With more than one CPU online (test_smp_boot.py covers starting them) each
guest belongs to one CPU, chosen when it is loaded: the next online CPU in
turn, or the one `cpu=N` on its module line names.  The hypervisor says so
at boot, and its console's `list` says it again:

  hv: guest a: runs on cpu 2
  hv: guest a: cpu=5, but only 2 cpus are online: placed in turn instead
  hv: a        idle     Linux 3.10.0-lgtest (G7), cpu 2, 32 MiB, ...

A CPU with nothing to run takes over a guest that waits on another CPU,
unless `cpu=N` placed it; the counters at its power-off and `list` then
say `hv: guest a: 2 moves between cpus`.

Work one CPU does for a guest of another -- console input for it, `kill`
and `restart` typed at the hypervisor console -- reaches that CPU by an
IPI.  These tests check what a person would see: every guest, wherever it
runs, answers what is typed to it and runs its test to its end; a guest
that spins without ever exiting on its own can still be killed and
restarted from the boot CPU; a hostile guest is killed on its CPU while
innocent ones on the others carry on; guests that wait move to an idle
CPU with their FPU state intact, and guests given a CPU stay; `cpus=1`
puts everything on the boot CPU; and real Linux kernels do all this too.  Nothing is timed: every wait
is for output, bounded only so that a hang fails.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib.harness import TestSkipped, check  # noqa: E402
from lib.linux_guests import GUEST_FOLDER, KERNELS, initrd, label, old_userspace  # noqa: E402
from lib.qemu import EXIT_CLEAN, boot_kernel  # noqa: E402
from test_guests import (check_power_off, check_started, check_verdict, guest_lines,  # noqa: E402
                         module)
from test_hostile import ATTACKS, PCI_ATTACKS, benign_rounds  # noqa: E402

CTRL_A3 = "\x01\x01\x01"
LIST_LINE = r"^hv: (\S+) +(\S+) +Linux (\S+) \((G\d+)\), cpu (\d+), "


def machine(n):
    """QEMU's arguments for an n-CPU machine.  Each CPU is a thread of
    QEMU's; on a host with fewer cores than that, the host deschedules
    some, and a CPU holding the hypervisor's one lock may be among them
    while the others spin.  There QEMU runs the CPUs in turn on one thread
    instead: the CPUs still interleave at any instruction, only not truly
    at once."""
    if n <= (os.cpu_count() or 1):
        return ["-smp", str(n)]
    return ["-smp", str(n), "-accel", "tcg,thread=single"]


def boot(n, modules, cmdline="console=com1", mem=None):
    """The hypervisor with these guest modules on an n-CPU machine."""
    return boot_kernel(mem=mem or 96 + 48 * len(modules), modules=modules, cmdline=cmdline,
                       extra=machine(n))


def placed(out):
    """{guest: cpu} from the boot lines 'hv: guest NAME: runs on cpu N'."""
    return {g: int(c) for g, c in re.findall(r"^hv: guest (\S+): runs on cpu (\d+)$", out, re.M)}


def focus(m, target, limit=80):
    """Presses Ctrl-A three times until the console focus is on target
    ("hypervisor" or "guest NAME")."""
    for _ in range(limit):
        since = len(m.transcript)
        m.send(CTRL_A3)
        got = m.wait_for(r"hv: console focus: ([^\n(]*?)(?: \(|\n)", 20, since=since)
        if got.group(1) == target:
            return
    check(False, "the focus never reached %s" % target, m.transcript)


def listing(m, names):
    """Types `list` (the focus on the hypervisor); {name: (state, gen, cpu)}
    for the guests named, each of which must be listed."""
    since = len(m.transcript)
    m.send("list\r")
    for n in names:
        m.wait_for(r"(?m)^hv: %s +\S+ +Linux .*\n" % re.escape(n), 20, since=since)
    text = m.transcript[since:]
    return {g: (state, gen, int(cpu))
            for g, state, _, gen, cpu in re.findall(LIST_LINE, text, re.M)}


def type_line(m, name, line, timeout=30):
    """Types a line on COM1 (the focus on guest name) and waits for its echo."""
    since = len(m.transcript)
    m.send(line + "\r")
    m.wait_for(r"\[%s\] echo: %s\n" % (re.escape(name), re.escape(line)), timeout, since=since)


def quit_vecho(m, name, last=None):
    """Moves the focus to the vecho guest name, types last there (when
    given) and waits for its echo, then quits it and waits for its
    power-off."""
    focus(m, "guest " + name)
    if last is not None:
        type_line(m, name, last)
    m.send("quit\r")
    m.wait_for(r'hv: guest %s: power off \("lgtest done"\)' % re.escape(name), 30)


def spin_count(out, name):
    counts = [int(x) for x in re.findall(r"^\[%s\] lgtest: spin: (\d+)$" % re.escape(name),
                                         out, re.M)]
    return counts[-1] if counts else 0


def wait_spin(m, name, beyond, timeout=60):
    """Waits until guest name's spin counter passes beyond."""
    m.wait_for(r"\[%s\] lgtest: spin: %d\n" % (re.escape(name), beyond + 1), timeout)


def check_healthy(out):
    check("hypervisor fault" not in out, "the hypervisor faulted", out)
    check("*** " not in out, "a register dump appeared", out)
    check(len(re.findall(r"^cpus: ", out, re.M)) == 1, "the machine rebooted", out)


def check_clean_exit(m, status):
    out = m.transcript
    check("hv: all guests have stopped; powering off." in out, "no clean power-off", out)
    check(status == EXIT_CLEAN, "QEMU exit status %s, expected %d" % (status, EXIT_CLEAN), out)
    check_healthy(out)


# ---- four test guests, four CPUs --------------------------------------------------

def test_four_vecho_guests_on_four_cpus():
    """Four vecho guests of four generations (two on the lguest bus, two on
    virtio-PCI) on -smp 4: placed in turn on cpus 0-3, as `list` agrees;
    a line typed with the focus on each comes back from it (so console
    input reaches the guests on cpus 1-3), twice round, with the others
    idle in between; then `quit` in each ends the machine cleanly."""
    gens = [5, 9, 2, 10]
    names = ["v%d" % i for i in range(4)]
    m = boot(4, [module(g, n, "vecho") for g, n in zip(gens, names)])
    try:
        for n in names:
            m.wait_for(re.escape("[%s] lgtest: vecho: ready" % n) + r"\n", 60)
        check(placed(m.transcript) == {n: i for i, n in enumerate(names)},
              "not placed on cpus 0-3 in turn: %r" % placed(m.transcript), m.transcript)
        for rnd in range(2):
            for i, n in enumerate(names):
                if i or rnd:
                    focus(m, "guest " + n)
                type_line(m, n, "round %d to %s on cpu %d" % (rnd, n, i))
        focus(m, "hypervisor")
        got = listing(m, names)
        check({n: got[n][2] for n in names} == {n: i for i, n in enumerate(names)},
              "list shows cpus %r" % {n: got[n][2] for n in names}, m.transcript)
        for n in names:
            quit_vecho(m, n)
        status = m.wait_exit(60)
    finally:
        m.kill()
    out = m.transcript
    for g, n in zip(gens, names):
        check_started(out, n, g)
        check_verdict(out, n, "vecho")
        echoes = [l for l in guest_lines(out, n) if l.startswith("echo: ")]
        want = ["echo: round %d to %s on cpu %d" % (r, n, names.index(n)) for r in range(2)]
        check(echoes == want, "%s echoed %r, expected %r" % (n, echoes, want), out)
    check(" killed: " not in out, "a guest was killed", out)
    check_clean_exit(m, status)


def test_eight_tests_pass_on_four_cpus():
    """Eight test guests, two per CPU, run their tests to PASS at once: the
    FPU (lazy switching and its state, per CPU, between two guests), page
    faults and shadow page tables, user mode, TLS and the hypercall ring.
    (Not the tests that time themselves against the clock, hypercalls and
    irq: on a host with fewer cores than the machine has CPUs a virtual
    CPU may be descheduled between two of their instructions, and what
    they take for a few microseconds becomes milliseconds.)"""
    specs = [(7, "fpu"), (9, "user"), (5, "pagefault"), (10, "fpu"), (3, "tls"),
             (8, "pagefault"), (6, "ring"), (1, "user")]
    names = ["t%d" % i for i in range(len(specs))]
    m = boot(4, [module(g, n, t) for (g, t), n in zip(specs, names)])
    try:
        status = m.wait_exit(240)
    finally:
        m.kill()
    out = m.transcript
    check(placed(out) == {n: i % 4 for i, n in enumerate(names)},
          "not placed in turn over cpus 0-3: %r" % placed(out), out)
    for (g, t), n in zip(specs, names):
        check_started(out, n, g)
        check_verdict(out, n, t)
        check_power_off(out, n)
    check(" killed: " not in out, "a guest was killed", out)
    check_clean_exit(m, status)


# ---- four real Linux guests, four CPUs -----------------------------------------------

def _four_kernels():
    """Four kernels of different generations where the guest folder has
    them (2.6.32, 3.10, 4.4, 4.13 preferred), repeating when it has fewer."""
    if not KERNELS:
        raise TestSkipped("no kernels: none in %s (LGUEST_GUESTS) and LGUEST_LINUX unset"
                          % GUEST_FOLDER)
    have = [k for k in KERNELS if os.path.exists(k)]
    by_label = {label(k): k for k in have}
    picked = [by_label[v] for v in ("2_6_32", "3_10", "4_4", "4_13") if v in by_label]
    if not picked:
        from test_real_linux import _mix
        picked = _mix()
    if not picked:
        raise TestSkipped("no kernel of a supported generation among %s" % ", ".join(KERNELS))
    return [picked[i % len(picked)] for i in range(4)]


def _shells(n, kernels, prefix, mem_each, machine_mem, shell_wait, line):
    """test_real_linux's _shells_at_once on an n-CPU machine, then `list`
    at the hypervisor console: (transcript, {name: (state, gen, cpu)})."""
    from test_real_linux import _shells_at_once
    last = "%s%d" % (prefix, len(kernels) - 1)
    out = _shells_at_once(kernels, prefix, mem_each, machine_mem, shell_wait, line,
                          hv_command=("list", r"(?m)^hv: %s +\S+ +Linux .*\n" % last),
                          extra=machine(n))
    text = out[out.rfind("hv: console focus: hypervisor"):]
    return out, {g: (state, gen, int(cpu))
                 for g, state, _, gen, cpu in re.findall(LIST_LINE, text, re.M)}


def test_four_linux_guests_on_four_cpus():
    """Four real kernels on -smp 4, each on its own CPU: each reaches its
    shell and answers a command typed with the focus on it, the first
    while it keeps its CPU busy with an endless loop; `list` shows four
    different CPUs."""
    kernels = _four_kernels()
    hog = "(while :; do :; done) & "
    out, got = _shells(4, kernels, "s", 48, 400, 300,
                       lambda i: ("%secho smp-$((%d*13)) $(uname -r)"
                                  % (hog if i == 0 else "", i + 1),
                                  r"smp-%d " % ((i + 1) * 13)))
    names = ["s%d" % i for i in range(4)]
    check(sorted(got) == names, "list shows %r" % sorted(got), out)
    check(sorted(got[n][2] for n in names) == [0, 1, 2, 3],
          "list shows cpus %r" % {n: got[n][2] for n in names}, out)
    check(placed(out) == {n: got[n][2] for n in names},
          "boot lines %r and list disagree" % placed(out), out)
    check_healthy(out)
    print("four Linux guests on four cpus: %s" % ", ".join(
        "%s %s on cpu %d" % (n, got[n][1], got[n][2]) for n in names))


def test_twenty_four_linux_guests_on_two_cpus():
    """test_real_linux's 24 guests of 32 MiB in 1 GiB, on -smp 2: placed
    in turn, twelve on each CPU, and every one reaches its shell and
    answers a command typed with the focus on it.  `list` shows each on
    the CPU it was placed on, unless it says the guest moved (an idle CPU
    takes over guests that wait, which booting guests often do)."""
    from lib.linux_guests import one_kernel
    kernel = one_kernel("2.6.32", "3.10", "2.6.35", "3.0")
    if old_userspace(kernel):
        raise TestSkipped("%s needs the klibc initramfs; this test wants busybox's" % kernel)
    count = 24
    out, got = _shells(2, [kernel] * count, "t", 32, 1024, 400,
                       lambda i: ("echo hi-$((%d*3))" % (i + 1), r"hi-%d\n" % ((i + 1) * 3)))
    names = ["t%d" % i for i in range(count)]
    check(sorted(got) == sorted(names), "list shows %d guests" % len(got), out)
    want = {n: i % 2 for i, n in enumerate(names)}
    check(placed(out) == want, "boot lines say %r" % placed(out), out)
    moved = moves(out)
    cpus = {n: got[n][2] for n in names}
    check(all(cpus[n] == want[n] for n in names if n not in moved),
          "list shows cpus %r, moves %r" % (cpus, moved), out)
    check(set(cpus.values()) == {0, 1}, "list shows cpus %r" % cpus, out)
    print("%d of %d guests moved between cpus" % (len(moved), count))
    check("not enough memory" not in out, "a guest was refused for memory", out)
    check_healthy(out)


# ---- cpu=N ----------------------------------------------------------------------------

def test_two_guests_given_cpu1():
    """cpu=1 for both guests on -smp 2: both run on cpu 1 (boot lines and
    list), with nothing on the boot CPU, which takes the serial port's
    interrupts: every typed line must reach cpu 1 by a kick.  Both answer
    their lines, then quit, and the machine ends cleanly."""
    mods = [module(7, "p", "vecho", opts="cpu=1"), module(9, "q", "vecho", opts="cpu=1")]
    m = boot(2, mods)
    try:
        for n in "pq":
            m.wait_for(re.escape("[%s] lgtest: vecho: ready" % n) + r"\n", 60)
        check(placed(m.transcript) == {"p": 1, "q": 1}, "boot lines say %r"
              % placed(m.transcript), m.transcript)
        type_line(m, "p", "p on cpu one")
        focus(m, "guest q")
        type_line(m, "q", "q on cpu one too")
        focus(m, "hypervisor")
        got = listing(m, "pq")
        check(got["p"][2] == 1 and got["q"][2] == 1, "list says %r" % got, m.transcript)
        for n in "pq":
            quit_vecho(m, n, "last for " + n)
        status = m.wait_exit(60)
    finally:
        m.kill()
    out = m.transcript
    check(re.search(r"^cpus: 2 online", out, re.M), "not 2 cpus online", out)
    check_verdict(out, "p", "vecho")
    check_verdict(out, "q", "vecho")
    check(" killed: " not in out, "a guest was killed", out)
    check_clean_exit(m, status)


def test_cpu_offline_placed_in_turn():
    """cpu=5 on -smp 2 is named and the guest placed in turn instead; it
    runs its test to PASS, as does the guest beside it."""
    mods = [module(7, "far", "irq", opts="cpu=5"), module(9, "near", "fpu")]
    m = boot(2, mods)
    try:
        status = m.wait_exit(120)
    finally:
        m.kill()
    out = m.transcript
    check("hv: guest far: cpu=5, but only 2 cpus are online: placed in turn instead\n" in out,
          "no 'placed in turn' message for far", out)
    where = placed(out)
    check(where.get("far") in (0, 1) and where.get("near") in (0, 1),
          "boot lines say %r" % where, out)
    for n, t in (("far", "irq"), ("near", "fpu")):
        check_verdict(out, n, t)
        check_power_off(out, n)
    check_clean_exit(m, status)


def test_bad_cpu_values_refused():
    """cpu=x and cpu=99 are refused like any bad option, naming the value
    and what is allowed; the guest between them runs on the cpu it asked
    for, to PASS."""
    mods = [module(7, "x", "hello", opts="cpu=x"), module(9, "ok", "irq", opts="cpu=1"),
            module(5, "y", "hello", opts="cpu=99")]
    m = boot(2, mods)
    try:
        status = m.wait_exit(120)
    finally:
        m.kill()
    out = m.transcript
    for mod, val in ((0, "x"), (2, "99")):
        check(re.search(r'^hv: module %d \(".*"\): cpu=%s: must be a CPU number, 0 to 7; '
                        r"guest not started$" % (mod, val), out, re.M),
              "cpu=%s was not refused with its reason" % val, out)
    check("hv: guest x:" not in out and "hv: guest y:" not in out,
          "a refused guest started", out)
    check(placed(out) == {"ok": 1}, "boot lines say %r" % placed(out), out)
    check_verdict(out, "ok", "irq")
    check_power_off(out, "ok")
    check_clean_exit(m, status)


# ---- an idle CPU takes over guests that wait -----------------------------------------

FPU_GENS = (7, 10, 5, 2)	# the lguest bus and virtio-PCI, vmcall, the old order


def moves(out, prefix=""):
    """{guest: how often an idle CPU took it over} from the counters lines,
    for the guests whose names start with prefix."""
    return {g: int(n) for g, n in re.findall(r"^hv: guest (\S+): (\d+) moves between cpus$",
                                             out, re.M) if g.startswith(prefix)}


def fpu_and_hello(opts=""):
    """Four fpu guests (given opts) and four hello guests, in turn: placed
    in turn, the fpu guests all go to cpu 0 and the hello guests, which end
    at once, to cpu 1."""
    mods = []
    for i, gen in enumerate(FPU_GENS):
        mods += [module(gen, "f%d" % i, "fpu", "24M", opts=opts),
                 module(7, "h%d" % i, "hello", "24M")]
    return mods


def test_idle_cpu_takes_over_waiting_guests():
    """-smp 2: four fpu guests share cpu 0 while cpu 1, its hello guests
    done, would sit idle; so cpu 1 takes some over while they wait.  Each
    fpu guest checks that its x87 and SSE registers survive everything
    between its rounds -- here also the moves: a state left behind in the
    other CPU's registers, or an older copy there taken for current, shows
    as a mismatch.  All pass, none is killed, and the counters at their
    power-off say they moved."""
    m = boot(2, fpu_and_hello())
    try:
        status = m.wait_exit(120)
    finally:
        m.kill()
    out = m.transcript
    want = {"f%d" % i: 0 for i in range(4)}
    want.update({"h%d" % i: 1 for i in range(4)})
    check(placed(out) == want, "placed %r" % placed(out), out)
    for i in range(4):
        check_verdict(out, "f%d" % i, "fpu")
    check(" killed: " not in out, "a guest was killed", out)
    moved = moves(out, "f")
    check(moved, "no fpu guest was taken over by cpu 1", out)
    print("moves between cpus: %s" % ", ".join("%s %d" % kv for kv in sorted(moved.items())))
    check_clean_exit(m, status)


def test_guests_given_a_cpu_stay_there():
    """The same with cpu=0 on the fpu guests' lines: that is the user's
    word, so cpu 1 stays idle and none of them moves."""
    m = boot(2, fpu_and_hello(opts="cpu=0"))
    try:
        status = m.wait_exit(120)
    finally:
        m.kill()
    out = m.transcript
    for i in range(4):
        check(placed(out).get("f%d" % i) == 0, "placed %r" % placed(out), out)
        check_verdict(out, "f%d" % i, "fpu")
    moved = moves(out, "f")
    check(not moved, "guests given cpu=0 moved: %r" % moved, out)
    check_clean_exit(m, status)


# ---- the hypervisor console's kill and restart, across CPUs ---------------------------

def test_kill_and_restart_busy_guests_on_other_cpus():
    """On -smp 4: a vecho guest on cpu 0, guests spinning with their
    interrupts off (never exiting by themselves: hostile:never_yield) on
    cpus 1 and 2, a spin guest counting on cpu 3.  From the hypervisor
    console (on cpu 0) `kill` of the one on cpu 1 and `restart` of the one
    on cpu 2 take effect: the kill is reported, the restarted guest boots
    again on cpu 2 and starts spinning again; the counter on cpu 3 keeps
    counting and the echo guest keeps answering; killing the rest ends
    the machine cleanly."""
    mods = [module(7, "echo", "vecho", opts="cpu=0"),
            module(5, "busy1", "hostile:never_yield", "24M", opts="cpu=1"),
            module(9, "busy2", "hostile:never_yield", "24M", opts="cpu=2"),
            module(3, "tick", "spin", "24M", opts="cpu=3")]
    spinning = re.escape("lgtest: hostile: never_yield: attacking")
    m = boot(4, mods)
    try:
        m.wait_for(re.escape("[echo] lgtest: vecho: ready") + r"\n", 60)
        for n in ("busy1", "busy2"):
            m.wait_for(r"\[%s\] %s\n" % (n, spinning), 60)
        wait_spin(m, "tick", 3)
        check(placed(m.transcript) == {"echo": 0, "busy1": 1, "busy2": 2, "tick": 3},
              "boot lines say %r" % placed(m.transcript), m.transcript)
        type_line(m, "echo", "before")
        focus(m, "hypervisor")
        got = listing(m, ["echo", "busy1", "busy2", "tick"])
        check({n: c for n, (_, _, c) in got.items()} ==
              {"echo": 0, "busy1": 1, "busy2": 2, "tick": 3}, "list says %r" % got, m.transcript)

        m.send("kill busy1\r")
        kill = m.wait_for(r"hv: guest busy1 killed: (.*) \(eip 0x[0-9a-f]+\) on cpu 1\n", 30)
        check("hypervisor console" in kill.group(1), "kill reason %r" % kill.group(1),
              m.transcript)
        count = spin_count(m.transcript, "tick")
        since = len(m.transcript)
        m.send("restart busy2\r")
        m.wait_for(r"hv: guest busy2: restarting\n", 30, since=since)
        m.wait_for(r"(?s)hv: guest busy2: restarting\n.*hv: guest busy2: runs on cpu (\d+)\n",
                   30, since=since)
        m.wait_for(r"(?s)hv: guest busy2: restarting\n.*\[busy2\] %s\n" % spinning, 60,
                   since=since)
        again = placed(m.transcript[since:])
        check(again == {"busy2": 2}, "restarted on %r, not cpu 2" % again, m.transcript)
        wait_spin(m, "tick", count + 3)
        got = listing(m, ["echo", "busy2", "tick"])
        check(got.get("busy1", ("stopping",))[0] == "stopping",
              "busy1 is still listed as %r" % (got.get("busy1"),), m.transcript)
        check(got["busy2"][2] == 2, "list puts busy2 on cpu %d" % got["busy2"][2], m.transcript)

        quit_vecho(m, "echo", "after")
        focus(m, "hypervisor")
        m.send("kill busy2\r")
        m.wait_for(r"(?s)restarting.*hv: guest busy2 killed: .*hypervisor console", 30)
        m.send("kill tick\r")
        m.wait_for(r"hv: guest tick killed: .*hypervisor console", 30)
        status = m.wait_exit(60)
    finally:
        m.kill()
    out = m.transcript
    check(len(re.findall(r"^hv: guest busy2: Linux ", out, re.M)) == 2,
          "busy2 did not start exactly twice", out)
    check(len(re.findall(r"^hv: guest busy1: Linux ", out, re.M)) == 1,
          "busy1 came back after its kill", out)
    check('hv: guest busy2: restart ("restarted from the hypervisor console")' in out,
          "no restart message for busy2", out)
    check([l for l in guest_lines(out, "echo") if l.startswith("echo: ")] ==
          ["echo: before", "echo: after"], "the echo guest lost a line", out)
    check_verdict(out, "echo", "vecho")
    kills = re.findall(r"^hv: guest (\S+) killed: (.*) \(eip", out, re.M)
    check(sorted(n for n, _ in kills) == ["busy1", "busy2", "tick"], "kills: %r" % kills, out)
    check(all("hypervisor console" in why for _, why in kills), "kills: %r" % kills, out)
    check_clean_exit(m, status)


# ---- hostile guests on their own CPUs ---------------------------------------------------

def _outcome(attack):
    return (ATTACKS[attack] if attack in ATTACKS else PCI_ATTACKS[attack])[0]


def _attack_kw(attack):
    return (ATTACKS[attack] if attack in ATTACKS else PCI_ATTACKS[attack])[1]


def _hostile_beside_benign(n, guests):
    """guests: (name, gen, test, cpu); the hostile ones' tests are
    hostile:ATTACK and must be killed with their reason (those that only
    hang must not be), the benign ones must keep their checksum for 15
    rounds after the last kill."""
    mods = [module(g, name, test, "24M", opts="cpu=%d" % cpu) for name, g, test, cpu in guests]
    bad = [(name, test.split(":", 1)[1]) for name, _, test, _ in guests
           if test.startswith("hostile:") and _outcome(test.split(":", 1)[1]) == "killed"]
    others = [name for name, _, test, _ in guests
              if test.startswith("hostile:") and (name, test.split(":", 1)[1]) not in bad]
    good = [name for name, _, test, _ in guests if test == "benign"]
    m = boot(n, mods)
    try:
        for name in good:
            m.wait_for(re.escape("[%s] lgtest: benign: round 10 " % name) + r"checksum", 90)
        reasons = {}
        for name, attack in bad:
            got = m.wait_for(r"hv: guest %s killed: (.*) \(eip 0x[0-9a-f]+\) on cpu (\d+)\n"
                             % name, 90)
            reasons[name] = (attack, got.group(1))
            want = [cpu for n, _, _, cpu in guests if n == name][0]
            check(int(got.group(2)) == want, "%s killed on cpu %s, placed on %d"
                  % (name, got.group(2), want), m.transcript)
        for name in good:
            rounds = [r for r, _ in benign_rounds(_lines_of(m.transcript, name))]
            m.wait_for(re.escape("[%s] lgtest: benign: round %d " % (name, rounds[-1] + 15)) +
                       r"checksum [0-9a-f]+\n", 90)
        out = m.transcript
        out = out[:out.rfind("\n") + 1]
    finally:
        m.kill()
    check(placed(out) == {name: cpu for name, _, _, cpu in guests},
          "boot lines say %r" % placed(out), out)
    for name, (attack, why) in reasons.items():
        check(re.search(_attack_kw(attack), why), "%s (%s) killed for %r, expected %r"
              % (name, attack, why, _attack_kw(attack)), out)
        check(not any("PASS" in l or "FAIL" in l for l in guest_lines(out, name)),
              "%s printed a verdict" % name, out)
    for name in others:
        check("hv: guest %s killed" % name not in out, "%s, which hangs, was killed" % name, out)
    for name in good:
        check("hv: guest %s killed" % name not in out, "benign %s was killed" % name, out)
        check(not any("FAIL" in l for l in guest_lines(out, name)),
              "benign %s failed its checks" % name, out)
        sums = set(c for _, c in benign_rounds(_lines_of(out, name)))
        check(len(sums) == 1, "%s's checksum changed: %s" % (name, sorted(sums)), out)
    check_healthy(out)


def _lines_of(out, name):
    """Only guest name's lines, tagged "[benign] " for benign_rounds."""
    return "\n".join("[benign] " + l for l in guest_lines(out, name))


def test_hostile_on_cpu1_benign_on_cpu0():
    _hostile_beside_benign(2, [("ok", 7, "benign", 0), ("bad", 5, "hostile:hcall_99", 1)])


def test_hostile_on_cpu0_benign_on_cpu1():
    _hostile_beside_benign(2, [("bad", 9, "hostile:pte_4g", 0), ("ok", 6, "benign", 1)])


def test_hostile_guests_on_three_cpus_at_once():
    """-smp 4: a benign guest on cpu 0; hostile guests on cpus 1, 2 and 3
    (a bad hypercall, a page table entry past memory, an MMIO instruction
    the hypervisor does not decode), with a second benign guest sharing
    cpu 3 and a guest spinning with interrupts off sharing cpu 2.  Each
    hostile one is killed with its reason; both benign guests keep their
    checksums."""
    _hostile_beside_benign(4, [("ok0", 7, "benign", 0),
                               ("bad1", 5, "hostile:hcall_99", 1),
                               ("bad2", 2, "hostile:pte_4g", 2),
                               ("hog2", 6, "hostile:never_yield", 2),
                               ("bad3", 9, "hostile:mmio_add", 3),
                               ("ok3", 10, "benign", 3)])


# ---- cpus=1 on a four-CPU machine ---------------------------------------------------------

def test_cpus1_puts_every_guest_on_cpu0():
    """cpus=1 on -smp 4: one CPU online, no 'runs on cpu' lines, cpu=2 is
    named as offline and placed in turn, `list` shows every guest on cpu
    0, and they all run: two spin guests count, a vecho guest answers,
    two test guests pass."""
    mods = [module(7, "e", "vecho", opts="cpu=2"), module(5, "s1", "spin", "24M"),
            module(9, "s2", "spin", "24M"), module(4, "i", "irq"), module(10, "f", "fpu")]
    m = boot(4, mods, cmdline="console=com1 cpus=1")
    try:
        m.wait_for(re.escape("[e] lgtest: vecho: ready") + r"\n", 60)
        wait_spin(m, "s1", 3)
        wait_spin(m, "s2", 3)
        type_line(m, "e", "only cpu 0")
        focus(m, "hypervisor")
        got = listing(m, ["e", "s1", "s2"])
        check(set(c for _, _, c in got.values()) == {0}, "list says %r" % got, m.transcript)
        for n in ("i", "f"):
            m.wait_for(r'hv: guest %s: power off \("lgtest done"\)' % n, 120)
        a, b = spin_count(m.transcript, "s1"), spin_count(m.transcript, "s2")
        wait_spin(m, "s1", a + 3)
        wait_spin(m, "s2", b + 3)
        m.send("kill s1\r")
        m.wait_for(r"hv: guest s1 killed: ", 30)
        m.send("kill s2\r")
        m.wait_for(r"hv: guest s2 killed: ", 30)
        quit_vecho(m, "e", "still here")
        status = m.wait_exit(60)
    finally:
        m.kill()
    out = m.transcript
    line = re.search(r"^cpus: .*$", out, re.M).group(0)
    check(line.startswith("cpus: 1 online (MADT: apic 0; 3 more not started: cpus=1)"),
          "wrong cpus line %r" % line, out)
    check("hv: guest e: cpu=2, but only 1 cpus are online: placed in turn instead\n" in out,
          "cpu=2 was not named as offline", out)
    check(not placed(out), "'runs on cpu' lines with one cpu: %r" % placed(out), out)
    check_verdict(out, "i", "irq")
    check_verdict(out, "f", "fpu")
    check_verdict(out, "e", "vecho")
    check_clean_exit(m, status)
