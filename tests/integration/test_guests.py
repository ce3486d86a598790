# SPDX-License-Identifier: GPL-2.0-only
"""The test guests (tests/guests/) under the hypervisor, one ABI generation at a time.

Each guest image is a small Linux-like vmlinux (build/guests/lgtest-g1.elf
... -g10: "Linux version 2.6.24", "2.6.27", "2.6.29", "2.6.30", "2.6.32",
"2.6.35", "3.10.0", "4.0.0", "4.4.0", "4.13.0"; G8-G10 print through the
virtio-PCI console's emerg_wr) that runs the test
named by lgtest=NAME on its kernel command line, prints "lgtest: ..." lines
through the early console and ends with one verdict line, "lgtest: NAME:
PASS" or "lgtest: NAME: FAIL <why>", then powers off with "lgtest done".

What the hypervisor prints, and these tests expect:
  hv: guest <name>: Linux <version>, ABI G<n> ...      when it starts a guest
  [<name>] <text>                                      each guest console line
  hv: guest <name>: power off ("<message>")            SHUTDOWN(msg, 1); G1's CRASH(msg)
  hv: guest <name>: restart ("<message>")              SHUTDOWN(msg, 2)
  hv: guest <name> killed: <reason> (eip 0x<hex>)      a guest broke a rule
and QEMU ends with status 1 once the last guest has stopped.  Guests that
never stop (spin, restart) are ended by killing QEMU.
"""
import os
import re

from lib.harness import TestFailure, check
from lib.qemu import EXIT_CLEAN, ROOT, boot_kernel


# Every test here runs again on a two-CPU machine (name@smp2).
SMP_VARIANTS = True

GUEST_DIR = os.path.join(ROOT, "build", "guests")
VERSIONS = {1: "2.6.24-lgtest", 2: "2.6.27-lgtest", 3: "2.6.29-lgtest", 4: "2.6.30-lgtest",
            5: "2.6.32-lgtest", 6: "2.6.35-lgtest", 7: "3.10.0-lgtest",
            8: "4.0.0-lgtest", 9: "4.4.0-lgtest", 10: "4.13.0-lgtest"}
GENS = sorted(VERSIONS)
LEGACY_GENS = [1, 2, 3, 4, 5, 6, 7]     # the lguest device bus and NOTIFY
PCI_GENS = [8, 9, 10]       # virtio 1.0 over PCI, no NOTIFY
OLD_GENS = [1, 2, 3, 4]     # 2.6.24-2.6.30: no irq_pending, no SEND_INTERRUPTS
TLV_GENS = [1]              # 2.6.24: the device page of typed config fields
# The lguest-bus generations for tests too heavy to run on all seven: one
# of each device-page form (G1 typed fields, G2 guest-copied boot PDEs,
# G4 vmcall with the old lguest_data) beside the newer ones.
HEAVY_LEGACY_GENS = [1, 2, 4, 5, 6, 7]


def guest_elf(gen):
    path = os.path.join(GUEST_DIR, "lgtest-g%d.elf" % gen)
    if not os.path.exists(path):
        raise TestFailure("%s is missing: run `make guests`" % path)
    return path


def module(gen, name, test, mem="32M", opts=""):
    """A module line: the guest image, its hypervisor options, its command line."""
    return "%s name=%s mem=%s %s-- lgtest=%s" % (guest_elf(gen), name, mem,
                                                opts + " " if opts else "", test)


def boot_guests(modules):
    """Boots the hypervisor with these guest modules; room for all of them."""
    return boot_kernel(mem=96 + 48 * len(modules), modules=modules)


def check_started(out, name, gen):
    pat = r"hv: guest %s: Linux %s, ABI G%d\b" % (re.escape(name), re.escape(VERSIONS[gen]), gen)
    check(re.search(pat, out), "guest %s not started as Linux %s, ABI G%d"
          % (name, VERSIONS[gen], gen), out)


def guest_lines(out, name):
    """The console lines of one guest, without the "[name] " tag."""
    tag = "[%s] " % name
    return [l[len(tag):] for l in out.split("\n") if l.startswith(tag)]


def check_verdict(out, name, test):
    verdicts = [l for l in guest_lines(out, name) if l.startswith("lgtest: %s: PASS" % test)
                or l.startswith("lgtest: %s: FAIL" % test)]
    check(verdicts, "guest %s printed no verdict for %s" % (name, test), out)
    check(len(verdicts) == 1, "guest %s printed %d verdicts" % (name, len(verdicts)), out)
    check(verdicts[0] == "lgtest: %s: PASS" % test, "guest %s: %s" % (name, verdicts[0]), out)


def check_power_off(out, name, message="lgtest done"):
    check('hv: guest %s: power off ("%s")' % (name, message) in out,
          "no power-off of guest %s with message %r" % (name, message), out)


def run_single(gen, test, message="lgtest done", timeout=90, opts=""):
    """One guest runs one test to its end; returns its transcript."""
    name = "g%d" % gen
    m = boot_guests([module(gen, name, test, opts=opts)])
    status = m.wait_exit(timeout)
    out = m.transcript
    check_started(out, name, gen)
    check_verdict(out, name, test)
    check_power_off(out, name, message)
    check(" killed: " not in out, "a guest was killed", out)
    check(status == EXIT_CLEAN, "QEMU exit status %s, expected %d" % (status, EXIT_CLEAN), out)
    return out


# Lines each test prints on the way to its verdict (regular expressions).
EXPECTED_LINES = {
    "hello": [r"lgtest: hello: generation G{gen}$", r"lgtest: hello: ram 32 MiB$",
              r'lgtest: hello: command line "lgtest=hello"$'],
    "hypercalls": [r"lgtest: hypercalls: TS: #NM only while TS is set$",
                   r"lgtest: hypercalls: NEW_PGTABLE: ",
                   r"lgtest: hypercalls: NEW_PGTABLE: 6 directories in turn, three rounds, "
                   r"each sees its own page$",
                   r"lgtest: hypercalls: fill-ahead: Accessed and Dirty only as the guest "
                   r"earns them$",
                   r"lgtest: hypercalls: SEND_INTERRUPTS: the held tick arrived$"],
    "ring": [r"lgtest: ring: 150 SET_PTEs queued, [1-9]\d* went synchronous on a full ring$",
             r"lgtest: ring: 100 addresses re-pointed through the ring, all applied$"],
    "irq": [r"lgtest: irq: clock event 1000 us: fired after \d+-\d+ us$",
            r"lgtest: irq: clock event 10000 us: fired after \d+-\d+ us$"],
    "pagefault": [r"lgtest: pagefault: read fault: cr2 0xf0401234, error 0x0, ",
                  r"lgtest: pagefault: write fault: cr2 0xf0402ffc, error 0x2, ",
                  r"lgtest: pagefault: protection fault: error 0x3, "],
    "user": [r"lgtest: user: from user mode: hello from ring 3$",
             r"lgtest: user: back in the kernel: exit code 0x600d ",
             r"lgtest: user: hypercall from ring 3 refused with #GP\(0xfa\)$",
             r"lgtest: user: vmcall from ring 3: #UD, its bytes untouched$"],
    "fpu": [r"lgtest: fpu: 50 rounds of hypercalls, sleeps and #NM: x87 and SSE state intact$"],
    "tls": [r"lgtest: tls: an emptied TLS entry cannot be loaded: #GP\(0x40\)$"],
    "cost": [r"lgtest: cost: hypercall_round_trip \d+ ticks$",
             r"lgtest: cost: interrupt_delivery \d+ ticks$"],
    # A guest's direction flag must not leak into the hypervisor's copies.
    "dflag": [r"lgtest: dflag: LOAD_TLS with the direction flag set copied the descriptors right$",
              r"lgtest: dflag: 20 more hypercalls with DF set: the hypervisor is fine$"],
    "shutdown": [r'lgtest: shutdown: powering off with the message "lgtest shutdown: '
                 r'goodbye from G{gen}"$'],
}


# What differs by generation: G10 has no TS; G9/G10 have noirq_iret;
# G1-G4 have no SEND_INTERRUPTS.
NO_TS_LINE = r"lgtest: hypercalls: TS: none in this generation; no #NM$"
HELD_IRQ_LINE = (r"lgtest: hypercalls: held interrupt: the tick came at the next exit after "
                 r"irq_enabled was set$")
# G4 and G5 only: the host rewrites a kernel vmcall site to int $0x1f; nop.
VMCALL_PATCH_LINES = [
    r"lgtest: hypercalls: vmcall patch: the site reads cd 1f 90 after its first call; "
    r"100 more calls worked$",
    r"lgtest: hypercalls: vmcall patch: vmcalls below PAGE_OFFSET and split across pages "
    r"work, unpatched$"]
NOIRQ_IRET_LINE = (r"lgtest: irq: noirq_iret: 300 ticks in the iret loop, each once, stack "
                   r"balanced \(\d+ on the return, \d+ at the loop top, \d+ just outside\)$")


def expected_lines(test, gen):
    pats = list(EXPECTED_LINES.get(test, []))
    if test == "hypercalls" and gen >= 10:
        pats = [NO_TS_LINE if "TS:" in p else p for p in pats]
    if test == "hypercalls" and gen in OLD_GENS:
        pats = [HELD_IRQ_LINE if "SEND_INTERRUPTS" in p else p for p in pats]
    if test == "hypercalls" and gen in (4, 5):
        pats += VMCALL_PATCH_LINES
    if test == "irq" and gen >= 9:
        pats.append(NOIRQ_IRET_LINE)
    return pats


def _single(test, gen):
    def t():
        message = "lgtest shutdown: goodbye from G%d" % gen if test == "shutdown" else \
            "lgtest done"
        out = run_single(gen, test, message)
        lines = guest_lines(out, "g%d" % gen)
        for pat in expected_lines(test, gen):
            pat = pat.replace("{gen}", str(gen))
            check(any(re.match(pat, l) for l in lines), "no line matching %r" % pat, out)
    return t


for _test in EXPECTED_LINES:
    for _gen in GENS:
        globals()["test_%s_g%d" % (_test, _gen)] = _single(_test, _gen)


def _restart(gen):
    def t():
        name = "r%d" % gen
        m = boot_guests([module(gen, name, "restart")])
        try:
            booting = re.escape("[%s] lgtest: restart: booting" % name)
            m.wait_for(r"(?s)%s.*%s" % (booting, booting), 60)
            out = m.transcript
        finally:
            m.kill()
        check_started(out, name, gen)
        check('hv: guest %s: restart ("lgtest restart")' % name in out,
              "the restart request was not reported", out)
        check(out.count("hv: guest %s: Linux %s" % (name, VERSIONS[gen])) >= 2,
              "the guest was not loaded a second time", out)
        check(" killed: " not in out, "the guest was killed", out)
    return t


def test_restart_g1():
    """2.6.24 has no restart: its lguest_data has CRASH(message) only, so
    the restart test's SHUTDOWN(.., RESTART) is a CRASH there, and that
    ends the guest as a power-off with its message, never a second boot."""
    out = run_single(1, "restart", "lgtest restart")
    check(out.count("hv: guest g1: Linux %s" % VERSIONS[1]) == 1, "G1 was loaded again", out)
    check("restart (" not in out, "a restart was reported for a CRASH", out)


for _gen in GENS[1:]:
    globals()["test_restart_g%d" % _gen] = _restart(_gen)


def spin_counts(out, name):
    return [int(m.group(1)) for l in guest_lines(out, name)
            for m in [re.match(r"lgtest: spin: (\d+)$", l)] if m]


def test_four_guests_at_once():
    """Four spinning guests of mixed generations all make progress, in step."""
    _run_spinners([(5, "s5"), (6, "s6"), (7, "s7a"), (7, "s7b")])


def test_old_and_new_spinning_at_once():
    """Spinning guests of the 2.6.24-2.6.30 generations beside newer ones:
    each ABI's hypercall registers, ring and lguest_data side by side."""
    _run_spinners([(1, "s1"), (2, "s2"), (3, "s3"), (4, "s4"), (6, "s6"), (9, "s9")])


def test_six_generations_at_once():
    """One spinning guest of each of six generations, lguest bus and PCI side by side."""
    _run_spinners([(g, "s%d" % g) for g in GENS[-6:]])


# One test each for the every-generation machine, all ending in a verdict.
EVERY_GENERATION_TESTS = {1: "hello", 2: "ring", 3: "hypercalls", 4: "irq", 5: "tls",
                          6: "pagefault", 7: "user", 8: "fpu", 9: "dflag", 10: "hello"}


def test_every_generation_at_once():
    """A test guest of every generation, G1 to G10, in one machine: each
    runs a test of its own to its verdict and powers off."""
    specs = [(g, "e%d" % g, EVERY_GENERATION_TESTS[g]) for g in GENS]
    m = boot_kernel(mem=96 + 24 * len(specs),
                    modules=[module(g, name, test, mem="20M") for g, name, test in specs])
    status = m.wait_exit(240)
    out = m.transcript
    for g, name, test in specs:
        check_started(out, name, g)
        check_verdict(out, name, test)
        check_power_off(out, name)
    check(" killed: " not in out, "a guest was killed", out)
    check(status == EXIT_CLEAN, "QEMU exit status %s" % status, out)


def _run_spinners(specs):
    m = boot_guests([module(gen, name, "spin", "24M") for gen, name in specs])
    try:
        for _, name in specs:
            m.wait_for(re.escape("[%s] lgtest: spin: 10" % name), 90)
        out = m.transcript
    finally:
        m.kill()
    for gen, name in specs:
        check_started(out, name, gen)
        counts = spin_counts(out, name)
        check(counts[:10] == list(range(1, 11)),
              "guest %s counted %s, expected 1..10 in order" % (name, counts[:10]), out)
    check(" killed: " not in out, "a guest was killed", out)


def _two_fpu(gen_a, gen_b):
    def t():
        names = ("fa", "fb")
        m = boot_guests([module(gen_a, "fa", "fpu"), module(gen_b, "fb", "fpu")])
        status = m.wait_exit(120)
        out = m.transcript
        for name, gen in zip(names, (gen_a, gen_b)):
            check_started(out, name, gen)
            check_verdict(out, name, "fpu")
            check_power_off(out, name)
        check(status == EXIT_CLEAN, "QEMU exit status %s" % status, out)
    return t


test_two_fpu_guests_g7_g7 = _two_fpu(7, 7)
test_two_fpu_guests_g5_g6 = _two_fpu(5, 6)
test_two_fpu_guests_g9_g10 = _two_fpu(9, 10)
test_two_fpu_guests_g1_g4 = _two_fpu(1, 4)
test_two_fpu_guests_g2_g8 = _two_fpu(2, 8)


# Each rule-breaker, and a word its kill reason should contain.
RULE_BREAKERS = {
    "badcall": r"99",
    "badidt": r"300",
    "badpte": r"PSE|PAT|0x80",
    "badpfn": r"beyond|outside|limit",
    "badpde": r"0x67|large|PSE|4 MiB",
}


def _rule_breaker(test, gen, spinner_gen):
    def t():
        m = boot_guests([module(spinner_gen, "spin", "spin", "24M"),
                         module(gen, "bad", test, "24M")])
        try:
            m.wait_for(re.escape("[spin] lgtest: spin: 2") + r"\n", 60)
            kill = m.wait_for(r"hv: guest bad killed: (.*) \(eip 0x[0-9a-f]+\)", 60)
            after = len(spin_counts(m.transcript, "spin"))
            m.wait_for(re.escape("[spin] lgtest: spin: %d" % (after + 3)) + r"\n", 60)
            out = m.transcript
        finally:
            m.kill()
        check_started(out, "bad", gen)
        check(re.search(RULE_BREAKERS[test], kill.group(1)),
              "kill reason %r does not mention %r" % (kill.group(1), RULE_BREAKERS[test]), out)
        bad = guest_lines(out, "bad")
        check(any(l.startswith("lgtest: %s: " % test) for l in bad),
              "the rule-breaker never got to its test", out)
        check(not any("PASS" in l or "FAIL" in l for l in bad),
              "the rule-breaker survived to print a verdict", out)
        check("hv: guest spin killed" not in out, "the innocent guest was killed too", out)
    return t


# Hypercalls that are gone in later generations, or came in later ones,
# and the generations where they do not exist.
GONE_HYPERCALLS = {
    "badnotify": (r"unknown hypercall 17\b", PCI_GENS),    # NOTIFY, gone in 4.0
    "badts": (r"unknown hypercall 8\b", [10]),             # TS, gone in 4.10
    "badgdtentry": (r"unknown hypercall 18\b", [1, 2, 3]),  # LOAD_GDT_ENTRY, 2.6.30+
    "badsendirq": (r"unknown hypercall 19\b", OLD_GENS),   # SEND_INTERRUPTS, 2.6.31+
}
RULE_BREAKERS.update({name: pat for name, (pat, _) in GONE_HYPERCALLS.items()})
# LOAD_GDT of 33 entries, where LOAD_GDT exists (up to 2.6.29); gone after.
RULE_BREAKERS["badgdt"] = r"33|LOAD_GDT|unknown hypercall 3\b"
RULE_BREAKER_GENS = {"badgdt": [1, 2, 3, 4, 7]}

for _i, _test in enumerate(RULE_BREAKERS):
    _gens = GONE_HYPERCALLS[_test][1] if _test in GONE_HYPERCALLS else \
        RULE_BREAKER_GENS.get(_test, GENS)
    for _gen in _gens:
        globals()["test_%s_killed_g%d" % (_test, _gen)] = \
            _rule_breaker(_test, _gen, GENS[(_gen + _i) % len(GENS)])


def _vmcall_sites_patched(gen):
    def t():
        out = run_single(gen, "cost")
        name = "g%d" % gen
        m = re.search(r"hv: guest %s counters: .*, (\d+) vmcall sites patched, " % name, out, re.M)
        check(m and int(m.group(1)) > 0, "no vmcall site reported patched", out)
        patched = int(m.group(1))
        ud = re.search(r"hv: guest %s exits by vector: .*\b0x6=(\d+)" % name, out)
        int1f = re.search(r"hv: guest %s exits by vector: .*\b0x1f=(\d+)" % name, out)
        check(ud and int1f, "no #UD or 0x1f exits counted", out)
        check(int(ud.group(1)) == patched + 1,
              "%s #UD exits for %d patched sites: expected one each and LGUEST_INIT's"
              % (ud.group(1), patched), out)
        check(int(int1f.group(1)) > 2000, "only %s hypercalls through vector 0x1f"
              % int1f.group(1), out)
    return t


_patched_g5 = _vmcall_sites_patched(5)


def test_vmcall_sites_patched_g5():
    """G5 kernels issue every hypercall with vmcall, a #UD each time; the
    hypervisor rewrites each kernel-text site to int $0x1f; nop on its
    first trap, so lgtest=cost's thousands of hypercalls come in through
    vector 0x1f and only each site's first (and LGUEST_INIT, run below
    PAGE_OFFSET) through #UD.  G6 kernels keep vmcall only for
    SEND_INTERRUPTS, rewritten the same way; G7 has none left, and nothing
    is rewritten there."""
    _patched_g5()
    out = run_single(7, "cost")
    check("vmcall sites patched" not in out, "a G7 guest's counters mention patching", out)


# 2.6.30 (G4) was the first to use vmcall, and its host patched the same
# way; 2.6.29 (G3) used int $0x1f and nothing may be rewritten.
_patched_g4 = _vmcall_sites_patched(4)


def test_vmcall_sites_patched_g4():
    """G4 (2.6.30) issues every hypercall with vmcall, patched like G5's;
    G3 (2.6.29) uses int $0x1f only."""
    _patched_g4()
    out = run_single(3, "cost")
    check("vmcall sites patched" not in out, "a G3 guest's counters mention patching", out)
