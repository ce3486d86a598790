/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The rules a guest's page tables must follow, apart from any guest: the
 * checks on its PDEs and PTEs, the shadow entry we make from them, and the
 * walk through its tables over a plain view of its memory.  Plain
 * functions of plain values, so the unit tests and the fuzzer can run them
 * on the host; mm/guest_walk.c and mm/shadow.c apply them to a guest and
 * kill it when they refuse.
 */
#ifndef MM_PT_RULES_H
#define MM_PT_RULES_H

#include <stdint.h>
#include <stdbool.h>
#include "mm/paging.h"

#define PDE_ALLOWED (PTE_P | PTE_W | PTE_U | PTE_A | PTE_D)	/* 0x67 */
/* The guest PTE bits a shadow entry keeps (never G, PS/PAT or AVL). */
#define PTE_COPIED (PTE_P | PTE_W | PTE_U | PTE_PWT | PTE_PCD | PTE_A | PTE_D)

enum pt_verdict {
	PT_OK,
	PT_BAD_FLAGS,		/* PDE: flags outside PDE_ALLOWED; PTE: PSE/PAT */
	PT_BEYOND,		/* its frame lies at or above mem_limit */
	PT_MMIO,		/* PTE: its frame is in the MMIO window */
};

/* A present guest PDE and PTE, for a guest of mem_limit bytes whose MMIO
 * window (device registers, never mapped: every access traps) runs from
 * mem_limit to mmio_end (equal: no window). */
enum pt_verdict pt_check_pde(uint32_t pde, uint32_t mem_limit);
enum pt_verdict pt_check_pte(uint32_t pte, uint32_t mem_limit, uint32_t mmio_end);
/* Our entry for a valid guest PTE under a guest PDE: the guest's frame
 * moved to where its memory really is (mem_base), permissions as the two
 * guest levels together allow, writable only once dirty, never global. */
uint32_t pt_make_spte(uint32_t mem_base, uint32_t pde, uint32_t pte);

/* Guest memory as the walker sees it: gpa g is base[g] for g < size. */
struct pt_mem {
	const uint8_t *base;
	uint32_t size;
};

enum pt_walk_result {
	PT_WALK_NOT_PRESENT,	/* the PDE or the PTE is not present */
	PT_WALK_OK,		/* both present, the PDE valid */
	PT_WALK_BAD_DIR,	/* the directory entry lies outside memory */
	PT_WALK_BAD_PDE,	/* the PDE has flags outside PDE_ALLOWED */
	PT_WALK_BAD_PT,		/* the page table lies outside memory */
};

/* What the walk read: pde once read, pte and pte_gpa once the PDE passed. */
struct pt_walk {
	uint32_t pde, pte, pte_gpa;
};

/* The guest's PDE and PTE for va in the directory at gpgd.  The PTE
 * itself is not checked (pt_check_pte): a fault that the guest must see
 * first does not need it. */
enum pt_walk_result pt_walk(const struct pt_mem *m, uint32_t gpgd, uint32_t va,
			    struct pt_walk *w);

#endif
