// SPDX-License-Identifier: GPL-2.0-only
/*
 * lgtest=pagefault -- page faults reflected to the guest.  The host sees
 * every fault first (its shadow tables are what the CPU walks); when the
 * guest's own tables do not allow the access it must hand the fault over
 * exactly as hardware would: the faulting address in lguest_data.cr2 (the
 * guest cannot read the real cr2), the hardware error code on the stack,
 * and eip at the faulting instruction so the handler can fix the mapping
 * and retry.  We check:
 *   1. a read of an unmapped address: cr2 to the byte, error 0;
 *   2. a write to an unmapped address: error 2;
 *   3. a write to a present read-only page: error 3 (present|write); the
 *      handler makes it writable and the write lands;
 *   4. the host keeps the guest PTE's Accessed and Dirty bits, as the CPU
 *      would on real tables (lguest writes them back on a fault);
 *   5. 16 faults in a row, each demand-mapping a fresh page.
 */
#include "guest.h"

#define BASE (TEST_VA + 0x00400000u)	/* a page-directory slot of its own */

static volatile unsigned faults;
static volatile uint32_t fault_cr2, fault_error, fault_eip;
static uint32_t fix_flags = PTE_KERNEL;

/* Demand paging: map a fresh page (marked with its address) where the
 * fault was, or make a read-only page writable. */
static bool on_pf(struct trap_frame *f)
{
	uint32_t va = read_cr2() & ~0xFFFu;
	uint32_t *pte = pte_lookup(cur_pgd, va);

	faults++;
	fault_cr2 = read_cr2();
	fault_error = f->error;
	fault_eip = f->eip;
	if (pte && (*pte & PTE_P)) {
		map_page(va, *pte & ~0xFFFu, fix_flags);
	} else {
		uint32_t *page = page_alloc();
		page[0] = va;
		map_page(va, __pa(page), fix_flags);
	}
	return true;
}

static uint32_t peek(uint32_t va)
{
	return *(volatile uint32_t *)(uintptr_t)va;
}

const char *test_pagefault(void)
{
	trap_hooks[14] = on_pf;

	/* 1. read */
	uint32_t va = BASE + 0x1234;
	uint32_t v = peek(va);
	CHECK(faults == 1, "reading unmapped %#x gave %u faults", va, faults);
	CHECK(fault_cr2 == va, "cr2 %#x, expected %#x", fault_cr2, va);
	CHECK(fault_error == 0, "read fault error code %#x, expected 0", fault_error);
	CHECK(fault_eip >= (uint32_t)(uintptr_t)_text && fault_eip < (uint32_t)(uintptr_t)_end,
	      "fault eip %#x is not in our text", fault_eip);
	CHECK(v == 0 && peek(BASE + 0x1000) == BASE + 0x1000, "after the fix, read %#x", v);
	say("read fault: cr2 %#x, error %#x, retried and read", fault_cr2, fault_error);

	/* 2. write */
	va = BASE + 0x2ffc;
	*(volatile uint32_t *)va = 0x12345678;
	CHECK(faults == 2 && fault_cr2 == va && fault_error == 2,
	      "write fault: %u faults, cr2 %#x, error %#x (want 2)", faults, fault_cr2, fault_error);
	CHECK(peek(va) == 0x12345678, "the retried write did not land");
	say("write fault: cr2 %#x, error %#x, retried and written", fault_cr2, fault_error);

	/* 3. protection: read-only, present and already in the shadow. */
	uint32_t *page = page_alloc();
	page[0] = 0x0bad0bad;
	va = BASE + 0x3000;
	map_page(va, __pa(page), PTE_P | PTE_A);
	CHECK(peek(va) == 0x0bad0bad && faults == 2, "read-only page unreadable");
	*(volatile uint32_t *)(va + 8) = 0x600d600d;
	CHECK(faults == 3 && fault_cr2 == va + 8 && fault_error == 3,
	      "write to read-only: %u faults, cr2 %#x, error %#x (want 3)", faults, fault_cr2,
	      fault_error);
	CHECK(page[2] == 0x600d600d, "the retried write did not land in its page");
	say("protection fault: error %#x, made writable, retried", fault_error);

	/* 4. Accessed and Dirty in our PTEs. */
	page = page_alloc();
	va = BASE + 0x4000;
	*pte_ptr(cur_pgd, va, PDE_KERNEL) = __pa(page) | PTE_P | PTE_W;	/* no A, no D */
	hcall(LHCALL_SET_PTE, cur_pgd, va, __pa(page) | PTE_P | PTE_W, 0);
	(void)peek(va);
	uint32_t pte = *pte_lookup(cur_pgd, va);
	CHECK(pte & PTE_A, "after a read the PTE is %#x: Accessed not set", pte);
	*(volatile uint32_t *)va = 1;
	pte = *pte_lookup(cur_pgd, va);
	CHECK((pte & (PTE_A | PTE_D)) == (PTE_A | PTE_D), "after a write the PTE is %#x: "
	      "Dirty not set", pte);
	CHECK(page[0] == 1, "write through a clean PTE did not land");
	say("Accessed and Dirty kept in the guest PTE");

	/* 5. a run of demand faults */
	unsigned before = faults;
	for (unsigned i = 0; i < 16; i++) {
		uint32_t at = BASE + 0x10000 + i * PAGE_SIZE;
		CHECK(peek(at) == at, "demand page %u reads %#x", i, peek(at));
	}
	CHECK(faults == before + 16, "16 demand pages took %u faults", faults - before);
	say("16 demand-paged pages");
	return NULL;
}
