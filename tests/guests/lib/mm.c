// SPDX-License-Identifier: GPL-2.0-only
/*
 * Page tables, lguest style.  The guest owns ordinary i386 two-level
 * tables in its own memory; the host shadows them.  So every change is
 * made twice: written into the table (where the host's fault path will
 * read it) and announced with a hypercall, because the host may already
 * hold a shadow of the old entry:
 *   SET_PTE(pgd, va, pte)   a PTE changed (for kernel addresses the host
 *                           updates every shadow; pte 0 is a single-page
 *                           flush)
 *   SET_PGD(pgd, index)     a PDE changed
 *   NEW_PGTABLE(pgd)        "write cr3"
 *   FLUSH_TLB(all)          everything (1) or the user half (0)
 * PDE flags stay within 0x67 and PTEs never carry 0x80: the host kills a
 * guest that uses 4 MiB pages or PAT.  The frames we hand out come from a
 * pool in our own BSS, so they are RAM and never the host's boot tables.
 */
#include "guest.h"

#define POOL_PAGES 96

uint32_t cur_pgd;
uint32_t ram_bytes;
static uint8_t pool[POOL_PAGES][PAGE_SIZE] __attribute__((aligned(4096)));
static unsigned pool_used;

void *page_alloc(void)
{
	if (pool_used == POOL_PAGES) {
		printk("lgtest: %s: FAIL out of pool pages\n", current_test);
		lg_shutdown("lgtest done", lgtest_end_reason);
	}
	void *p = pool[pool_used++];
	memset(p, 0, PAGE_SIZE);
	return p;
}

uint32_t *pte_lookup(uint32_t pgd, uint32_t va)
{
	uint32_t pde = ((uint32_t *)__va(pgd))[va >> 22];

	if (!(pde & PTE_P))
		return NULL;
	return (uint32_t *)__va(pde & ~0xFFFu) + ((va >> 12) & 0x3FF);
}

uint32_t *pte_ptr(uint32_t pgd, uint32_t va, uint32_t pde_flags)
{
	uint32_t *pdes = __va(pgd), idx = va >> 22;

	if (!(pdes[idx] & PTE_P)) {
		pdes[idx] = __pa(page_alloc()) | pde_flags;
		hcall(LHCALL_SET_PGD, pgd, idx, 0, 0);
	}
	return pte_lookup(pgd, va);
}

static uint32_t pde_flags_for(uint32_t flags)
{
	return flags & PTE_U ? PDE_USER : PDE_KERNEL;
}

void map_page(uint32_t va, uint32_t pa, uint32_t flags)
{
	uint32_t pte = (pa & ~0xFFFu) | flags;

	*pte_ptr(cur_pgd, va, pde_flags_for(flags)) = pte;
	hcall(LHCALL_SET_PTE, cur_pgd, va, pte, 0);
}

void async_map_page(uint32_t va, uint32_t pa, uint32_t flags)
{
	uint32_t pte = (pa & ~0xFFFu) | flags;

	*pte_ptr(cur_pgd, va, pde_flags_for(flags)) = pte;
	async_hcall(LHCALL_SET_PTE, cur_pgd, va, pte, 0);
}

void unmap_page(uint32_t va)
{
	uint32_t *pte = pte_lookup(cur_pgd, va);

	if (pte)
		*pte = 0;
	hcall(LHCALL_SET_PTE, cur_pgd, va, 0, 0);
}

void set_pgtable(uint32_t pgd_pa)
{
	hcall(LHCALL_NEW_PGTABLE, pgd_pa, 0, 0, 0);
	cur_pgd = pgd_pa;
}
