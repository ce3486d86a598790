// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest's page tables as the guest wrote them: the walk the shadow
 * tables are filled from (and the hypervisor's guest-virtual accesses,
 * mm/guest_virt.c).
 */
#include "mm/guest_walk.h"
#include "mm/guest_mem.h"

bool guest_walk(struct guest *g, uint32_t gpgd, uint32_t va, struct pt_walk *w, bool *present)
{
	struct pt_mem m = { (const uint8_t *)g->mem_base, g->mem_limit };

	*present = false;
	switch (pt_walk(&m, gpgd, va, w)) {
	case PT_WALK_BAD_DIR:
		return mm_refuse(g, "page directory %#x lies outside its memory", gpgd);
	case PT_WALK_BAD_PDE:
		return mm_refuse(g, "page directory entry %#x for %#x has flags outside 0x67 "
				 "(large pages are not supported)", w->pde, va);
	case PT_WALK_BAD_PT:
		return mm_refuse(g, "page table at %#x (for %#x) lies outside its memory",
				 w->pde & ~0xFFFu, va);
	case PT_WALK_OK:
		*present = true;
		break;
	case PT_WALK_NOT_PRESENT:
		break;
	}
	return true;
}
