# SPDX-License-Identifier: GPL-2.0-only
"""The hostile-guest suite (issue 6): one attack per test, next to an innocent guest.

Each test boots the hypervisor with two guests: `benign`
(tests/guests/benign.c: checks its memory, its shadow page tables and its
FPU every ~20 ms and prints "lgtest: benign: round N checksum X" every
fifth round) and `hostile:NAME` (tests/guests/hostile.c), the hostile one
of a generation that rotates through G1-G7 and the benign one of
another (attacks that need a hypercall of later generations skip the
ones without it: OLD_GEN_LIMITS).  The attacks that do not depend on the lguest device bus run a
second time on a generation rotating through G8/G9/G10 (virtio over PCI),
and PCI_ATTACKS (configuration space, BAR 0, MMIO decoding, the virtio 1.0
transport) only there.  The table ATTACKS gives each attack's expected outcome:

  killed   "hv: guest bad killed: <reason> (eip 0x...)", the reason
           matching a keyword
  survives "lgtest: hostile: survived NAME" then "lgtest: hostile: PASS"
  poweroff the guest powers off (its SHUTDOWN message was unreadable)
  hangs    the guest never comes back; nothing else is disturbed
  any      killed or survives, either is fine (what matters is the host)

and every test asserts that the benign guest prints at least 3 more lines
after the hostile guest's outcome, every one with the same checksum and
none a FAIL, that the benign guest is not killed, that no
"hypervisor fault" or "*** " register dump appears and that QEMU does not
triple-fault (reset and boot the hypervisor a second time).

KNOWN_BUGS lists attacks that revealed hypervisor bugs; they are not run.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib.harness import check  # noqa: E402
from test_guests import (LEGACY_GENS, PCI_GENS, boot_guests, check_started,  # noqa: E402
                         guest_lines, module)


# Every test here runs again on a two-CPU machine (name@smp2).
SMP_VARIANTS = True

K, S, P, H, ANY = "killed", "survives", "poweroff", "hangs", "any"

# name: (outcome, keyword the kill reason must match, for killed)
ATTACKS = {
    # unknown and misused hypercalls; pre_*: the very first hypercall
    # (tests/guests/lib/head.S), before any output
    "pre_hcall": (K, r"hypercall 5 before LGUEST_INIT"),
    "pre_beyond": (K, r"LGUEST_INIT: lguest_data at 0xf0000000 lies outside"),
    "pre_straddle": (K, r"LGUEST_INIT: lguest_data at 0x[0-9a-f]+ lies outside"),
    "pre_unaligned": (K, r"LGUEST_INIT: lguest_data at 0x[0-9a-f]+ is not 4-byte aligned"),
    "hcall_20": (K, r"unknown hypercall 20\b"),
    "hcall_99": (K, r"unknown hypercall 99\b"),
    "hcall_ffffffff": (K, r"unknown hypercall 4294967295"),
    "hcall_3": (K, r"unknown hypercall 3\b"),
    "hcall_11": (K, r"unknown hypercall 11\b"),
    "hcall_12": (K, r"unknown hypercall 12\b"),
    "hcall_set_pmd": (K, r"SET_PMD|PAE"),
    "init_twice": (K, r"LGUEST_INIT"),
    # pointer arguments out of range
    "tls_straddle": (K, r"LOAD_TLS"),
    "tls_wrap": (K, r"LOAD_TLS"),
    "notify_beyond": (K, r"NOTIFY"),
    "shutdown_beyond": (P, None),
    "pgtable_unaligned": (K, r"NEW_PGTABLE"),
    "pgtable_beyond": (K, r"NEW_PGTABLE"),
    "set_pgd_2000": (K, r"SET_PGD"),
    "set_pgd_switcher": (S, None),
    # the asynchronous ring
    "async_bad_tls": (K, r"LOAD_TLS"),
    "async_bad_call": (K, r"unknown hypercall 99\b"),
    "async_init": (K, r"LGUEST_INIT"),
    "notify_straddle": (K, r"NOTIFY"),
    "shutdown_straddle": (P, None),
    "set_pte_pgdir_beyond": (S, None),
    "set_pte_pgdir_unaligned": (S, None),
    "set_pgd_pgdir_beyond": (S, None),
    "set_pte_switcher": (S, None),
    "tls_unaligned": (S, None),
    "tls_call_gate": (K, r"system descriptor"),
    "tls_dpl0": (S, None),
    "async_garbage": (ANY, r"."),
    "async_bad_pgtable": (K, r"NEW_PGTABLE"),
    "async_bad_stack": (K, r"SET_STACK"),
    "idt_ring0_selector": (S, None),
    "stack_sel_code": (K, r"stack segment"),
    "stack_sel_beyond": (K, r"stack segment"),
    "stack_sel_null": (K, r"stack segment"),
    "stack_sel_changed": (K, r"stack segment"),
    "pte_stale": (K, r"beyond its memory"),
    "pde_stale": (K, r"outside its memory"),
    "pte_global": (S, None),
    "pt_in_device_page": (S, None),
    "dev_scribble": (S, None),
    # floods
    "hcall_storm": (S, None),
    "notify_flood": (S, None),
    "timer_storm": (S, None),
    # GDT
    "gdt_dpl0": (S, None),
    "gdt_call_gate": (K, r"system descriptor"),
    "gdt_tss": (K, r"system descriptor"),
    "gdt_ldt": (K, r"system descriptor"),
    "gdt_index_32": (K, r"index 32\b"),
    "gdt_index_ffffffff": (K, r"index 4294967295"),
    "gdt_host_entries": (S, None),
    "gdt_kernel_cs_dpl3": (K, r"cannot return"),
    "gdt_kernel_ds_absent": (K, r"cannot return"),
    # IDT
    "idt_256": (K, r"vector 256"),
    "idt_ffffffff": (K, r"vector 4294967295"),
    "idt_task_gate": (K, r"type 0x5"),
    "idt_call_gate": (K, r"type 0xc"),
    "idt_ignored": (S, None),
    "idt_switcher_int3": (ANY, r"."),
    "idt_switcher_int40": (S, None),
    "idt_no_pf_handler": (K, r"exception 14 .*no handler"),
    "idt_no_gp_handler": (K, r"exception 13 .*no handler"),
    # SET_STACK
    "stack_rpl0": (K, r"not ring 1"),
    "stack_rpl3": (K, r"not ring 1"),
    "stack_0_pages": (K, r"stack pages"),
    "stack_3_pages": (K, r"stack pages"),
    "stack_unmapped": (K, r"not mapped writable"),
    # page tables
    "pte_4g": (K, r"beyond its memory"),
    "pt_beyond": (K, r"outside its memory"),
    "pde_pse": (K, r"0x67|large"),
    "pde_pcd": (K, r"0x67"),
    "pte_pat": (K, r"PSE/PAT"),
    "map_switcher": (S, None),
    # the switcher region
    "write_sw_code": (S, None),
    "write_sw_code2": (S, None),
    "write_sw_ro": (S, None),
    "write_sw_ro_idt": (S, None),
    "write_sw_hole": (S, None),
    "regs_page_low": (S, None),
    "regs_page_all": (S, None),
    # privileged instructions at ring 1
    "hlt": (S, None),
    "lgdt": (S, None),
    "lidt": (S, None),
    "ltr": (S, None),
    "mov_cr3": (S, None),
    "mov_cr0": (S, None),
    "wrmsr": (S, None),
    "rdmsr": (S, None),
    "invlpg": (S, None),
    "sysenter": (S, None),
    "lret_ring0": (S, None),
    "mov_ds_ring0": (S, None),
    "iret_ring0": (S, None),
    "iret_vm86": (K, r"virtual-8086"),
    "eip_past_limit": (K, r"past the limit"),
    "ljmp_ring0": (S, None),
    "ud2": (S, None),
    "cli": (S, None),
    "in_out": (S, None),
    "int_20": (S, None),
    "int_21": (S, None),
    "int_27": (S, None),
    "int_2f": (S, None),
    "int_f0": (S, None),
    "int_fe": (S, None),
    "int_ff": (S, None),
    "int_2": (S, None),
    "int_8": (S, None),
    "int_20_dpl3": (S, None),
    # console floods: the other guest keeps its share of the serial port
    "tx_flood": (S, None),
    "tx_huge": (H, None),
    "tx_rewrite": (ANY, r"ring"),
    # never coming back
    "never_yield": (H, None),
    "halt_forever": (H, None),
    # A kernel stack inside the switcher's pages: the CPU would push ring-3
    # trap frames onto the page the switcher saves registers in.
    "stack_switcher": (K, r"stack"),
}

# G8-G10 only: PCI, MMIO and the virtio 1.0 transport.
PCI_ATTACKS = {
    # a CONFIG_ADDRESS naming nothing: all ones, writes go nowhere
    "cf8_bus1": (S, None),
    "cf8_fn3": (S, None),
    "cf8_disabled": (S, None),
    "cf8_reg_beyond": (S, None),
    # BAR 0 moved where it may not be: refused, the old value stays
    "bar_over_ram": (S, None),
    "bar_over_switcher": (S, None),
    "bar_unaligned": (S, None),
    "map_past_bar": (K, r"maps beyond its memory"),
    # MMIO the hypervisor does not decode, or that straddles registers
    "mmio_add": (K, r"cannot emulate MMIO instruction .*unknown instruction \(bytes 01 "),
    "mmio_rep_movs": (K, r"cannot emulate MMIO instruction .*\(bytes f3 a5 "),
    "mmio_push": (K, r"cannot emulate MMIO instruction .*\(bytes ff 30 "),
    "mmio_straddle": (K, r"MMIO access of 4 bytes at BAR0\+0x12 .*straddles its registers"),
    "mmio_straddle_write": (K, r"MMIO access of 2 bytes at BAR0\+0xf .*straddles"),
    # the virtio 1.0 transport's rules
    "ring_outside": (K, r"queue 0 ring \(desc 0x[0-9a-f]+.*lies outside its RAM"),
    "ring_straddle": (K, r"queue 0 ring .*lies outside its RAM"),
    "ring_high": (K, r"queue 0 ring address above 4 GiB"),
    "ring_misaligned": (K, r"queue 0 ring .*misaligned"),
    "ring_switcher": (K, r"queue 0 ring \(desc 0xffc00000.*outside its RAM"),
    "enable_early": (K, r"queue 0 enabled before its ring addresses were set"),
    "enable_bad_queue": (ANY, r"queue_enable for queue 5, which does not exist"),
    "msix_config": (K, r"MSI-X vector 0, but MSI-X was not offered"),
    "msix_queue": (K, r"MSI-X vector 1, but MSI-X was not offered"),
    "status_backwards": (K, r"device status went backwards \(0x1 after 0xf\)"),
    "driver_ok_early": (K, r"DRIVER_OK without FEATURES_OK"),
    "window_bad": (S, None),
    "window_past_bar": (S, None),
    "notify_bad_queue": (S, None),
}

# Attacks on the lguest device bus or NOTIFY, or that write into the
# device pages above RAM (on G8+ that is the MMIO window, where rep stos is
# not emulated): G5-G7 only.
LEGACY_ONLY = {"notify_beyond", "notify_flood", "notify_straddle", "dev_scribble",
               "pt_in_device_page", "shutdown_straddle"}

# Attacks on hypercalls that came later, and the first generation that has
# them: LOAD_GDT_ENTRY (2.6.30; up to 2.6.29 the gdt_* attacks go through
# LOAD_GDT, but 3 is no unknown call there), PAE's SET_PMD (2.6.31).
OLD_GEN_LIMITS = {"hcall_3": 4, "hcall_set_pmd": 5}
# Up to 2.6.29 the GDT index attacks are LOAD_GDT counts past 32.
GDT_COUNT_KILL = r"LOAD_GDT.*(33|4294967295)|(33|4294967295) entries"

# Attacks that found hypervisor bugs not fixed yet; not run.  (Empty: the
# one found, SET_STACK into the switcher's register page, is fixed.)
KNOWN_BUGS = {}


def _outcome(m, name):
    """Waits for the hostile guest's outcome; returns (kind, kill reason)."""
    tag = re.escape("[bad] lgtest: hostile: ")
    pat = (r"hv: guest bad killed: (.*) \(eip 0x[0-9a-f]+\)|"
           r"(%sPASS)|(%sFAIL.*)|(hv: guest bad: power off)" % (tag, tag))
    res = m.wait_for(pat, 90)
    if res.group(1) is not None:
        return K, res.group(1)
    if res.group(2):
        return S, None
    if res.group(4):
        return P, None
    return "failed", res.group(3)


def benign_rounds(out):
    """(round, checksum) of each of the benign guest's progress lines."""
    return [(int(m.group(1)), m.group(2)) for l in guest_lines(out, "benign")
            for m in [re.match(r"lgtest: benign: round (\d+) checksum ([0-9a-f]+)$", l)] if m]


def _attack(name, gen, benign_gen):
    def t():
        outcome, keyword = ATTACKS[name] if name in ATTACKS else PCI_ATTACKS[name]
        m = boot_guests([module(benign_gen, "benign", "benign", "24M"),
                         module(gen, "bad", "hostile:" + name, "24M")])
        try:
            m.wait_for(re.escape("[benign] lgtest: benign: round 10 ") + r"checksum", 60)
            if not name.startswith("pre_"):
                m.wait_for(re.escape("[bad] lgtest: hostile: %s: attacking" % name), 60)
            if outcome == H:
                got, reason = H, None
            else:
                got, reason = _outcome(m, name)
            last = benign_rounds(m.transcript)[-1][0]
            m.wait_for(re.escape("[benign] lgtest: benign: round %d " % (last + 15)) +
                       r"checksum [0-9a-f]+\r?\n", 60)
            out = m.transcript
            out = out[:out.rfind("\n") + 1]	# whole lines only: the last may be arriving
        finally:
            m.kill()
        check_started(out, "bad", gen)
        if outcome == ANY:
            check(got in (K, S), "attack %s: outcome %s %s" % (name, got, reason or ""), out)
        else:
            check(got == outcome, "attack %s: expected %s, got %s %s"
                  % (name, outcome, got, reason or ""), out)
        if gen < 4 and name in ("gdt_index_32", "gdt_index_ffffffff"):
            keyword = GDT_COUNT_KILL
        if got == K and outcome == K:
            check(re.search(keyword, reason), "kill reason %r does not match %r"
                  % (reason, keyword), out)
        bad = guest_lines(out, "bad")
        if got == S:
            # (endswith: a flood may leave a line of its own unfinished)
            check(any(l.endswith("lgtest: hostile: survived %s" % name) for l in bad),
                  "no 'survived %s' line" % name, out)
        if outcome in (K, H, P):
            check(not any(l.startswith("lgtest: hostile: PASS") or
                          l.startswith("lgtest: hostile: FAIL") for l in bad),
                  "the hostile guest printed a verdict", out)
        if outcome == H:
            check("hv: guest bad killed" not in out and "hv: guest bad: power off" not in out,
                  "the hanging guest stopped", out)
        if outcome == P:
            check('hv: guest bad: power off ("(no readable message)")' in out,
                  "the power-off did not report an unreadable message", out)
        if name.startswith("bar_"):     # a refused BAR move is logged
            check(re.search(r"hv: guest bad: BAR0 of 00:01\.0 may not move to 0x[0-9a-f]+", out),
                  "the refused BAR 0 move was not logged", out)
        check("hv: guest benign killed" not in out, "the innocent guest was killed", out)
        check(not any(l.startswith("lgtest: benign: FAIL") for l in guest_lines(out, "benign")),
              "the innocent guest failed its checks", out)
        sums = set(c for _, c in benign_rounds(out))
        check(len(sums) == 1, "the innocent guest's checksum changed: %s" % sorted(sums), out)
        check("hypervisor fault" not in out, "the hypervisor faulted", out)
        check("*** " not in out, "a register dump appeared", out)
        check(len(re.findall(r"hv: guest benign: Linux", out)) == 1,
              "the machine rebooted (triple fault?)", out)
    return t


def _legacy_gen(i, name, step=0):
    """The i-th lguest-bus generation in turn, skipping those too old for
    the attack."""
    gens = [g for g in LEGACY_GENS if g >= OLD_GEN_LIMITS.get(name, 0)]
    return gens[(i + step) % len(gens)]


for _i, _name in enumerate(ATTACKS):
    _gen = _legacy_gen(_i, _name)
    globals()["test_hostile_%s_g%d" % (_name, _gen)] = \
        _attack(_name, _gen, LEGACY_GENS[(LEGACY_GENS.index(_gen) + 1) % len(LEGACY_GENS)])
# The same attacks on the PCI generations, beside a benign guest of the
# other family; then the PCI-only ones.
_all = LEGACY_GENS + PCI_GENS
_pci_names = [n for n in ATTACKS if n not in LEGACY_ONLY] + list(PCI_ATTACKS)
for _i, _name in enumerate(_pci_names):
    _gen = PCI_GENS[_i % len(PCI_GENS)]
    globals()["test_hostile_%s_g%d" % (_name, _gen)] = \
        _attack(_name, _gen, _all[(_i + 2) % len(_all)])
