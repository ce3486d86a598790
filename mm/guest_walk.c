// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest's page tables as the guest wrote them: the walk the shadow
 * tables are filled from, and guest-virtual accesses by the hypervisor
 * (translated page by page, since a virtual range may be scattered).
 */
#include "mm/guest_walk.h"
#include "mm/guest_mem.h"
#include "mm/shadow.h"

bool guest_walk(struct guest *g, uint32_t gpgd, uint32_t va, struct pt_walk *w, bool *present)
{
	struct pt_mem m = { (const uint8_t *)g->mem_base, g->mem_limit };

	*present = false;
	switch (pt_walk(&m, gpgd, va, w)) {
	case PT_WALK_BAD_DIR:
		guest_kill(g, "page directory %#x lies outside its memory", gpgd);
		return false;
	case PT_WALK_BAD_PDE:
		guest_kill(g, "page directory entry %#x for %#x has flags outside 0x67 "
			   "(large pages are not supported)", w->pde, va);
		return false;
	case PT_WALK_BAD_PT:
		guest_kill(g, "page table at %#x (for %#x) lies outside its memory",
			   w->pde & ~0xFFFu, va);
		return false;
	case PT_WALK_OK:
		*present = true;
		break;
	case PT_WALK_NOT_PRESENT:
		break;
	}
	return true;
}

bool guest_virt_to_phys(struct guest *g, uint32_t va, bool write, uint32_t *gpa)
{
	struct pt_walk w;
	bool present;

	if (g->linear) {
		*gpa = va;
		return gpa_ok(g, va, 1);
	}
	if (!guest_walk(g, shadow_guest_pgd(g), va, &w, &present) || !present)
		return false;
	if (write && (!(w.pte & PTE_W) || !(w.pde & PTE_W)))
		return false;
	*gpa = (w.pte & ~0xFFFu) | (va & 0xFFFu);
	return gpa_ok(g, *gpa, 1);
}

/* Copies page by page: a guest-virtual range may be scattered. */
static bool virt_copy(struct guest *g, uint32_t va, void *buf, uint32_t len, bool write)
{
	uint8_t *p = buf;

	while (len) {
		uint32_t gpa, chunk = PAGE_SIZE - (va & 0xFFFu);
		if (chunk > len)
			chunk = len;
		if (!guest_virt_to_phys(g, va, write, &gpa))
			return false;
		if (write ? !guest_write(g, gpa, p, chunk) : !guest_read(g, gpa, p, chunk))
			return false;
		va += chunk;
		p += chunk;
		len -= chunk;
	}
	return true;
}

bool guest_virt_read(struct guest *g, uint32_t va, void *dst, uint32_t len)
{
	return virt_copy(g, va, dst, len, false);
}

bool guest_virt_write(struct guest *g, uint32_t va, const void *src, uint32_t len)
{
	return virt_copy(g, va, (void *)src, len, true);
}
