// SPDX-License-Identifier: GPL-2.0-only
/*
 * The rule-breakers: guests that do what no Linux guest does, each of
 * which the hypervisor must kill ("sudden death, not error returns") --
 * and kill only that guest.  Each prints what it is about to do; if it is
 * still alive afterwards, that is its FAIL verdict.
 *   badcall  hypercall 99, which does not exist
 *   badidt   LOAD_IDT_ENTRY for vector 300 (there are 256)
 *   badpte   a PTE with bit 0x80 (PSE/PAT) set, then touched
 *   badpfn   a PTE pointing far beyond our memory, then touched
 *   badpde   a 4 MiB page (PDE with PSE), then touched
 *   badnotify  LHCALL_NOTIFY on G8+ (gone in 4.0: the console is PCI)
 *   badts    LHCALL_TS on G10 (gone in 4.10: no virtual CR0.TS)
 *   badgdt   LOAD_GDT of 33 entries on G1-G3 (the GDT has 32); on G4+,
 *            where LOAD_GDT is gone, any LOAD_GDT
 *   badgdtentry  LOAD_GDT_ENTRY on G1-G3 (it came in 2.6.30)
 *   badsendirq   SEND_INTERRUPTS on G1-G4 (it came in 2.6.31)
 */
#include "guest.h"

static const char *still_alive(const char *what)
{
	return fail("still alive after %s", what);
}

static void touch(uint32_t va)
{
	(void)*(volatile uint32_t *)(uintptr_t)va;
}

const char *test_badcall(void)
{
	say("calling hypercall 99; the hypervisor must kill us");
	hcall(99, 1, 2, 3, 4);
	return still_alive("hypercall 99");
}

const char *test_badidt(void)
{
	say("LOAD_IDT_ENTRY for vector 300; the hypervisor must kill us");
	load_idt_entry_raw(300, 0, 0x8E00);
	return still_alive("LOAD_IDT_ENTRY(300)");
}

const char *test_badpte(void)
{
	uint32_t pte = __pa(page_alloc()) | PTE_KERNEL | PTE_PSE;

	say("mapping %#x with PTE %#x (PSE/PAT set); the hypervisor must kill us", TEST_VA, pte);
	*pte_ptr(cur_pgd, TEST_VA, PDE_KERNEL) = pte;
	hcall(LHCALL_SET_PTE, cur_pgd, TEST_VA, pte, 0);
	touch(TEST_VA);
	return still_alive("using a PTE with bit 0x80");
}

const char *test_badpfn(void)
{
	uint32_t pte = 0xE0000000u | PTE_KERNEL;	/* 3.5 GiB: no guest has that */

	say("mapping %#x with PTE %#x (beyond RAM); the hypervisor must kill us", TEST_VA, pte);
	*pte_ptr(cur_pgd, TEST_VA, PDE_KERNEL) = pte;
	hcall(LHCALL_SET_PTE, cur_pgd, TEST_VA, pte, 0);
	touch(TEST_VA);
	return still_alive("using a PTE beyond RAM");
}

const char *test_badpde(void)
{
	uint32_t slot = TEST_VA >> 22, pde = 0x00400000u | PDE_KERNEL | PTE_PSE;

	say("installing a 4 MiB page, PDE %#x; the hypervisor must kill us", pde);
	((uint32_t *)__va(cur_pgd))[slot] = pde;
	hcall(LHCALL_SET_PGD, cur_pgd, slot, 0, 0);
	touch(TEST_VA);
	return still_alive("using a 4 MiB page");
}

const char *test_badnotify(void)
{
	static const char text[] = "notify";

	say("NOTIFY on G%d; %s", LG_GEN, LG_HAS_NOTIFY ? "it exists here, nothing happens" :
	    "it is gone since 4.0: the hypervisor must kill us");
	hcall(LHCALL_NOTIFY, __pa(text), 0, 0, 0);
	return LG_HAS_NOTIFY ? fail("NOTIFY exists on G%d: run this on G8+", LG_GEN) :
			       still_alive("NOTIFY");
}

const char *test_badts(void)
{
	say("TS(8) on G%d; %s", LG_GEN, LG_GEN >= 10 ? "it is gone since 4.10: the hypervisor "
	    "must kill us" : "it exists here");
	hcall(LHCALL_TS, 8, 0, 0, 0);
	hcall(LHCALL_TS, 0, 0, 0, 0);
	return LG_GEN >= 10 ? still_alive("TS") : fail("TS exists on G%d: run this on G10", LG_GEN);
}

const char *test_badgdt(void)
{
	say("LOAD_GDT of %u entries on G%d; the hypervisor must kill us", GDT_ENTRIES_ALL + 1,
	    LG_GEN);
	hcall(LHCALL_LOAD_GDT, __pa(guest_gdt), GDT_ENTRIES_ALL + 1, 0, 0);
	return still_alive("LOAD_GDT of 33 entries");
}

const char *test_badgdtentry(void)
{
	struct desc d = guest_gdt[GDT_ENTRY_PERCPU];

	say("LOAD_GDT_ENTRY on G%d; %s", LG_GEN, LG_LOAD_WHOLE_GDT ? "it came in 2.6.30: the "
	    "hypervisor must kill us" : "it exists here");
	hcall(LHCALL_LOAD_GDT_ENTRY, GDT_ENTRY_PERCPU, d.lo, d.hi, 0);
	return LG_LOAD_WHOLE_GDT ? still_alive("LOAD_GDT_ENTRY") :
				   fail("LOAD_GDT_ENTRY exists on G%d: run this on G1-G3", LG_GEN);
}

const char *test_badsendirq(void)
{
	say("SEND_INTERRUPTS on G%d; %s", LG_GEN, LG_HAS_IRQ_PENDING ? "it exists here" :
	    "it came in 2.6.31: the hypervisor must kill us");
	hcall(LHCALL_SEND_INTERRUPTS, 0, 0, 0, 0);
	return LG_HAS_IRQ_PENDING ? fail("SEND_INTERRUPTS exists on G%d: run this on G1-G4",
					 LG_GEN) : still_alive("SEND_INTERRUPTS");
}
