// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: the guest page-table walk and the shadow entries made from
 * what it finds, over page tables the guest wrote byte for byte.  Input:
 *   byte 0        1 + (byte % 4) faults to take
 *   bytes 1-4     where the guest's memory really is (mem_base)
 *   9 bytes each  a fault: gpgd:32, va:32, errcode:8 (2 write, 4 user)
 *   the rest      guest memory (mem_limit: whole pages, at most 64 KiB),
 *                 copied to a buffer of exactly that size, so ASan sees
 *                 any read outside it
 * Each fault is taken as shadow_page_fault takes it, and again as SET_PTE
 * would with gpgd and va as a raw PDE and PTE.  We abort unless the walk
 * read just the words it reports, and unless every shadow entry maps a
 * frame inside [mem_base, mem_base + mem_limit), is never global or large,
 * is writable only if the PTE is dirty and writable and the PDE writable,
 * user only if both levels are, and allows the access that faulted.
 * sources: mm/pt_rules.c
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "mm/pt_rules.h"

#define HEADER 5
#define FAULT 9
#define MAX_MEM 0x10000u

static void check(int ok)
{
	if (!ok)
		abort();
}

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The word at gpa, if all of it lies in memory; else 0 and false. */
static int word_at(const struct pt_mem *m, uint32_t gpa, uint32_t *v)
{
	if (gpa >= m->size || m->size - gpa < 4)
		return 0;
	*v = le32(m->base + gpa);
	return 1;
}

static void check_spte(const struct pt_mem *m, uint32_t base, uint32_t pde, uint32_t pte)
{
	uint32_t s = pt_make_spte(base, pde, pte), frame = s & ~0xFFFu;

	check(frame >= base && frame - base < m->size);
	check(frame == base + (pte & ~0xFFFu));
	check((s & 0xFFF & ~PTE_COPIED) == 0);	/* no G, PS/PAT or AVL */
	check(!(s & PTE_W) || ((pte & PTE_W) && (pte & PTE_D) && (pde & PTE_W)));
	check(!(s & PTE_U) || ((pte & PTE_U) && (pde & PTE_U)));
	check((s & PTE_P) == (pte & PTE_P));
}

/* One fault, as shadow_page_fault handles it outside linear mode. */
static void fault(const struct pt_mem *m, uint8_t *mem, uint32_t base, uint32_t gpgd, uint32_t va,
		  uint32_t errcode)
{
	uint32_t dir = gpgd + pde_index(va) * 4, pde, pte, pte_gpa;
	int write = errcode & 2, user = errcode & 4;
	struct pt_walk w;
	enum pt_walk_result r = pt_walk(m, gpgd, va, &w);

	check(word_at(m, dir, &pde) == (r != PT_WALK_BAD_DIR));
	if (r == PT_WALK_BAD_DIR)
		return;
	check(w.pde == pde);
	if (r == PT_WALK_NOT_PRESENT && !(pde & PTE_P))
		return;
	check(pde & PTE_P);
	check((r == PT_WALK_BAD_PDE) == ((pde & 0xFFF & ~PDE_ALLOWED) != 0));
	if (r == PT_WALK_BAD_PDE)
		return;
	/* A table whose word lies in memory, so the PDE's frame does too. */
	pte_gpa = (pde & ~0xFFFu) + pte_index(va) * 4;
	if (!word_at(m, pte_gpa, &pte)) {
		check(r == PT_WALK_BAD_PT);
		return;
	}
	check(pt_check_pde(pde, m->size) == PT_OK);
	check(w.pte_gpa == pte_gpa && w.pte == pte);
	check((r == PT_WALK_OK) == !!(pte & PTE_P));
	if (r != PT_WALK_OK)
		return;
	if ((write && (!(pte & PTE_W) || !(pde & PTE_W))) ||
	    (user && (!(pte & PTE_U) || !(pde & PTE_U))))
		return;	/* the guest's own fault */
	if (pt_check_pte(pte, m->size, m->size) != PT_OK)
		return;
	pte |= PTE_A | (write ? PTE_D : 0);
	memcpy(mem + pte_gpa, &pte, 4);
	check_spte(m, base, pde, pte);
	check(!write || (pt_make_spte(base, pde, pte) & PTE_W));
	check(!user || (pt_make_spte(base, pde, pte) & PTE_U));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t faults, base, limit;
	uint8_t *mem;

	if (size < HEADER)
		return 0;
	faults = 1 + data[0] % 4;
	base = (le32(data + 1) & ~0xFFFu) % SWITCHER_ADDR;	/* guests lie below the switcher */
	if (size < HEADER + faults * FAULT)
		return 0;
	limit = (uint32_t)(size - HEADER - faults * FAULT) & ~0xFFFu;
	if (limit > MAX_MEM)
		limit = MAX_MEM;
	mem = malloc(limit ? limit : 1);
	memcpy(mem, data + HEADER + faults * FAULT, limit);

	struct pt_mem m = { mem, limit };
	for (uint32_t i = 0; i < faults; i++) {
		const uint8_t *f = data + HEADER + i * FAULT;
		uint32_t a = le32(f), b = le32(f + 4);

		fault(&m, mem, base, a, b, f[8]);
		/* SET_PTE: a as any PDE, b as a present PTE that passed the check. */
		if ((b & PTE_P) && pt_check_pte(b, limit, limit) == PT_OK)
			check_spte(&m, base, a, b);
	}
	free(mem);
	return 0;
}
