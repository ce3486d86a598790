// SPDX-License-Identifier: GPL-2.0-only
/*
 * The page-table rules: which guest PDEs and PTEs are refused, the shadow
 * entry made from an accepted pair (its frame relocated, never global,
 * writable only when dirty and allowed at both levels), and the walk over
 * a small fake guest memory, bad addresses included.  A mistake here is a
 * guest mapping memory that is not its own.
 * sources: mm/pt_rules.c
 */
#include <stdint.h>
#include "check.h"
#include "mm/pt_rules.h"

#define LIMIT 0x400000u		/* a 4 MiB guest */
#define BASE 0x01000000u	/* placed at 16 MiB */

static void pte_checks(void)
{
	CHECK_EQ(pt_check_pte(0x00001067, LIMIT, LIMIT), PT_OK);
	CHECK_EQ(pt_check_pte(0x000010E7, LIMIT, LIMIT), PT_BAD_FLAGS);	/* 0x80 */
	CHECK_EQ(pt_check_pte(0x00000080, LIMIT, LIMIT), PT_BAD_FLAGS);
	CHECK_EQ(pt_check_pte(LIMIT | PTE_P, LIMIT, LIMIT), PT_BEYOND);
	CHECK_EQ(pt_check_pte((LIMIT - PAGE_SIZE) | 0x67, LIMIT, LIMIT), PT_OK);
	CHECK_EQ(pt_check_pte(0xFFFFF001, LIMIT, LIMIT), PT_BEYOND);
	CHECK_EQ(pt_check_pte(0x00001F67, LIMIT, LIMIT), PT_OK);	/* G and AVL: ours to drop */
	/* an MMIO window of two pages above memory */
	CHECK_EQ(pt_check_pte(LIMIT | 0x63, LIMIT, LIMIT + 2 * PAGE_SIZE), PT_MMIO);
	CHECK_EQ(pt_check_pte((LIMIT + PAGE_SIZE) | 0x7B, LIMIT, LIMIT + 2 * PAGE_SIZE), PT_MMIO);
	CHECK_EQ(pt_check_pte((LIMIT + 2 * PAGE_SIZE) | 1, LIMIT, LIMIT + 2 * PAGE_SIZE),
		 PT_BEYOND);
	CHECK_EQ(pt_check_pte(LIMIT | 0x80 | 1, LIMIT, LIMIT + 2 * PAGE_SIZE), PT_BAD_FLAGS);
}

static void pde_checks(void)
{
	CHECK_EQ(pt_check_pde(0x00002067, LIMIT), PT_OK);
	CHECK_EQ(pt_check_pde(0x000020E7, LIMIT), PT_BAD_FLAGS);	/* a large page */
	CHECK_EQ(pt_check_pde(0x00002009, LIMIT), PT_BAD_FLAGS);	/* PWT */
	CHECK_EQ(pt_check_pde(0x00002101, LIMIT), PT_BAD_FLAGS);	/* G */
	CHECK_EQ(pt_check_pde(LIMIT | 0x67, LIMIT), PT_BEYOND);
	CHECK_EQ(pt_check_pde((LIMIT - PAGE_SIZE) | 0x67, LIMIT), PT_OK);
}

static void spte_frame_and_flags(void)
{
	uint32_t s = pt_make_spte(BASE, 0x00002067, 0x00005167);	/* G set */

	CHECK_EQ(s & ~0xFFFu, BASE + 0x5000);
	CHECK_EQ(s & 0xFFF, 0x067);	/* G gone */
	s = pt_make_spte(BASE, 0x00002067, 0x00005E7F);	/* PS, AVL, PWT, PCD */
	CHECK_EQ(s & 0xFFF, 0x07F);
}

static void spte_writable_only_when_dirty(void)
{
	CHECK(pt_make_spte(BASE, 0x067, 0x5067) & PTE_W);
	CHECK(!(pt_make_spte(BASE, 0x067, 0x5027) & PTE_W));	/* not dirty */
	CHECK(!(pt_make_spte(BASE, 0x065, 0x5067) & PTE_W));	/* PDE read-only */
	CHECK(!(pt_make_spte(BASE, 0x067, 0x5065) & PTE_W));	/* PTE read-only */
}

static void spte_user_only_when_both(void)
{
	CHECK(pt_make_spte(BASE, 0x067, 0x5067) & PTE_U);
	CHECK(!(pt_make_spte(BASE, 0x063, 0x5067) & PTE_U));
	CHECK(!(pt_make_spte(BASE, 0x067, 0x5063) & PTE_U));
}

/* Eight pages of guest memory: directory at 0x1000, table at 0x2000. */
static uint8_t mem[8 * 4096];
static const struct pt_mem view = { mem, sizeof(mem) };

static void put(uint32_t gpa, uint32_t v)
{
	memcpy(mem + gpa, &v, 4);
}

static void walk_fake_memory(void)
{
	struct pt_walk w;
	uint32_t va = 0xC0403000;	/* directory index 0x301, table index 3 */

	memset(mem, 0, sizeof(mem));
	put(0x1000 + 0x301 * 4, 0x2067);
	put(0x2000 + 3 * 4, 0x7025);
	CHECK_EQ(pt_walk(&view, 0x1000, va, &w), PT_WALK_OK);
	CHECK_EQ(w.pde, 0x2067);
	CHECK_EQ(w.pte, 0x7025);
	CHECK_EQ(w.pte_gpa, 0x200C);
	CHECK_EQ(pt_walk(&view, 0x1000, va + PAGE_SIZE, &w), PT_WALK_NOT_PRESENT);
	CHECK_EQ(pt_walk(&view, 0x1000, 0x00400000, &w), PT_WALK_NOT_PRESENT);
	put(0x1000 + 0x301 * 4, 0x20E7);
	CHECK_EQ(pt_walk(&view, 0x1000, va, &w), PT_WALK_BAD_PDE);
	CHECK_EQ(w.pde, 0x20E7);
}

static void walk_outside_memory(void)
{
	struct pt_walk w;

	memset(mem, 0, sizeof(mem));
	CHECK_EQ(pt_walk(&view, sizeof(mem), 0, &w), PT_WALK_BAD_DIR);
	CHECK_EQ(pt_walk(&view, 0x7800, 0x7FC00000, &w), PT_WALK_NOT_PRESENT);	/* the last word */
	CHECK_EQ(pt_walk(&view, 0x7800, 0x80000000, &w), PT_WALK_BAD_DIR);	/* one past it */
	CHECK_EQ(pt_walk(&view, 0x7FFD, 0, &w), PT_WALK_BAD_DIR);	/* three bytes left */
	put(0x1000, 0x8067);	/* a table just past the end */
	CHECK_EQ(pt_walk(&view, 0x1000, 0, &w), PT_WALK_BAD_PT);
	put(0x1000, 0x7067);	/* the last page is fine */
	put(0x7FFC, 0x3001);
	CHECK_EQ(pt_walk(&view, 0x1000, 0x3FF000, &w), PT_WALK_OK);
	CHECK_EQ(w.pte_gpa, 0x7FFC);
}

int main(void)
{
	RUN(pte_checks);
	RUN(pde_checks);
	RUN(spte_frame_and_flags);
	RUN(spte_writable_only_when_dirty);
	RUN(spte_user_only_when_both);
	RUN(walk_fake_memory);
	RUN(walk_outside_memory);
	return 0;
}
