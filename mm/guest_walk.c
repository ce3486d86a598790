// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest's page tables as the guest wrote them: the walk the shadow
 * tables are filled from, and guest-virtual accesses by the hypervisor
 * (translated page by page, since a virtual range may be scattered).
 */
#include "mm/guest_walk.h"
#include "mm/guest_mem.h"
#include "mm/paging.h"
#include "mm/shadow.h"


/* The guest's PDE and PTE for va in directory gpgd.  Returns false with the
 * guest killed if its tables are unreadable or invalid; *present says
 * whether both levels are present. */
bool guest_walk(struct guest *g, uint32_t gpgd, uint32_t va, uint32_t *pde,
		 uint32_t *pte, uint32_t *pte_gpa, bool *present)
{
	*present = false;
	if (!guest_read_u32(g, gpgd + pde_index(va) * 4, pde)) {
		guest_kill(g, "page directory %#x lies outside its memory", gpgd);
		return false;
	}
	if (!(*pde & PTE_P))
		return true;
	if (*pde & 0xFFFu & ~PDE_ALLOWED) {
		guest_kill(g, "page directory entry %#x for %#x has flags outside 0x67 "
			   "(large pages are not supported)", *pde, va);
		return false;
	}
	*pte_gpa = (*pde & ~0xFFFu) + pte_index(va) * 4;
	if (!guest_read_u32(g, *pte_gpa, pte)) {
		guest_kill(g, "page table at %#x (for %#x) lies outside its memory",
			   *pde & ~0xFFFu, va);
		return false;
	}
	*present = *pte & PTE_P;
	return true;
}

bool guest_virt_to_phys(struct guest *g, uint32_t va, bool write, uint32_t *gpa)
{
	uint32_t pde, pte, pte_gpa;
	bool present;

	if (g->linear) {
		*gpa = va;
		return gpa_ok(g, va, 1);
	}
	if (!guest_walk(g, shadow_guest_pgd(g), va, &pde, &pte, &pte_gpa, &present) || !present)
		return false;
	if (write && (!(pte & PTE_W) || !(pde & PTE_W)))
		return false;
	*gpa = (pte & ~0xFFFu) | (va & 0xFFFu);
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
