// SPDX-License-Identifier: GPL-2.0-only
/*
 * The page-table rules themselves (see pt_rules.h), following the lguest
 * ABI (shared/LGUEST-ABI.md §6): a guest PDE may only carry P|RW|US|A|D,
 * a guest PTE never PSE/PAT, and neither may point past the guest's
 * memory.  Kept apart from struct guest so the host can test and fuzz them.
 */
#include "mm/pt_rules.h"

enum pt_verdict pt_check_pde(uint32_t pde, uint32_t mem_limit)
{
	if (pde & 0xFFFu & ~PDE_ALLOWED)
		return PT_BAD_FLAGS;	/* large pages among them */
	if ((pde & ~0xFFFu) >= mem_limit)
		return PT_BEYOND;
	return PT_OK;
}

enum pt_verdict pt_check_pte(uint32_t pte, uint32_t mem_limit, uint32_t mmio_end)
{
	uint32_t frame = pte & ~0xFFFu;

	if (pte & PTE_PS)
		return PT_BAD_FLAGS;	/* bit 7 of a PTE is PAT */
	if (frame < mem_limit)
		return PT_OK;
	return frame < mmio_end ? PT_MMIO : PT_BEYOND;
}

uint32_t pt_make_spte(uint32_t mem_base, uint32_t pde, uint32_t pte)
{
	uint32_t flags = pte & PTE_COPIED;

	if (!(pde & PTE_W) || !(pte & PTE_D))
		flags &= ~PTE_W;
	if (!(pde & PTE_U))
		flags &= ~PTE_U;
	return (mem_base + (pte & ~0xFFFu)) | flags;
}

/* One 32-bit entry, if all four bytes lie inside the view.  Copied, not
 * dereferenced: a directory's gpa need not be aligned. */
static bool read_entry(const struct pt_mem *m, uint32_t gpa, uint32_t *v)
{
	if (gpa >= m->size || m->size - gpa < 4)
		return false;
	__builtin_memcpy(v, m->base + gpa, 4);
	return true;
}

enum pt_walk_result pt_walk(const struct pt_mem *m, uint32_t gpgd, uint32_t va,
			    struct pt_walk *w)
{
	if (!read_entry(m, gpgd + pde_index(va) * 4, &w->pde))
		return PT_WALK_BAD_DIR;
	if (!(w->pde & PTE_P))
		return PT_WALK_NOT_PRESENT;
	switch (pt_check_pde(w->pde, m->size)) {
	case PT_BAD_FLAGS:
		return PT_WALK_BAD_PDE;
	case PT_BEYOND:
	case PT_MMIO:	/* never: a PDE has no window */
		return PT_WALK_BAD_PT;
	case PT_OK:
		break;
	}
	w->pte_gpa = (w->pde & ~0xFFFu) + pte_index(va) * 4;
	if (!read_entry(m, w->pte_gpa, &w->pte))
		return PT_WALK_BAD_PT;
	return (w->pte & PTE_P) ? PT_WALK_OK : PT_WALK_NOT_PRESENT;
}
