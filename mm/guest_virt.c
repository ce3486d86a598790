// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest-virtual accesses by the hypervisor (pushing a trap frame, fetching
 * an instruction to emulate): translated through the page directory the
 * guest believes is loaded, page by page, since a virtual range may be
 * scattered.
 */
#include "mm/guest_virt.h"
#include "mm/guest_mem.h"
#include "mm/guest_walk.h"
#include "mm/shadow.h"
#include "lib/string.h"

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
	/* A trap frame on a kernel stack: the shadow maps it (the stack is
	 * pinned), no walk needed. */
	void *p = shadow_writable_ptr(g, va, len);

	if (p) {
		memcpy(p, src, len);
		return true;
	}
	return virt_copy(g, va, (void *)src, len, true);
}
