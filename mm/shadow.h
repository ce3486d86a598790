/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shadow page tables.  A guest writes its own page tables in its memory;
 * the CPU walks ours.  We fill ours lazily from the guest's at page faults
 * and keep them in step through SET_PTE, SET_PGD, FLUSH_TLB and
 * NEW_PGTABLE.  A shadow entry only ever points into the guest's own
 * memory, never has the Global bit, and is writable only when the guest's
 * entry is Dirty (so the guest sees correct dirty bits).
 */
#ifndef MM_SHADOW_H
#define MM_SHADOW_H

#include <stdint.h>
#include <stdbool.h>
#include "hv/guest.h"
#include "mm/guest_walk.h"

enum pf_result {
	PF_FIXED,	/* the shadow now maps it: retry the instruction */
	/* The guest's own tables say fault: deliver #PF.  Its error code is
	 * the one those tables imply, not the shadow's: a page the guest
	 * maps read-only may not be in the shadow at all, and a kernel that
	 * sees "not present" there takes it for a stale TLB and retries
	 * forever (Linux 4.13's test_wp_bit does). */
	PF_REFLECT,	/* as the hardware reported it (the switcher's region) */
	PF_NOT_PRESENT,	/* nothing mapped there: P clear */
	PF_PROTECTION,	/* mapped, but not for this access: P set */
	PF_BAD,		/* the guest's tables break the rules: g->mm_why says how */
	PF_MMIO,	/* a device register: emulate the access at *mmio_gpa */
};

/* The first shadow: linear (gva == gpa) or over the host-built boot
 * tables.  False if memory ran out. */
bool shadow_init(struct guest *g);
void shadow_release(struct guest *g);
/* The page directory to load while the guest runs. */
static inline uint32_t shadow_cr3(const struct guest *g)
{
	return g->shadows[g->current_shadow].spd;
}
/* The guest page directory (gpa) the guest believes is loaded. */
uint32_t shadow_guest_pgd(const struct guest *g);

enum pf_result shadow_page_fault(struct guest *g, uint32_t va, uint32_t errcode,
				 uint32_t *mmio_gpa);
/* These follow the guest's page-table changes.  The ones that can find
 * the guest breaking the rules return false with the reason in g->mm_why
 * (mm/ reports; the caller in hv/ decides, and kills the guest). */
bool shadow_new_pgtable(struct guest *g, uint32_t gpgd);
bool shadow_set_pte(struct guest *g, uint32_t gpgd, uint32_t va, uint32_t pte);
void shadow_set_pgd(struct guest *g, uint32_t gpgd, uint32_t index);
bool shadow_flush(struct guest *g, bool kernel_too);
/* Pre-faults the SET_STACK pages writable, so a ring-3 to ring-1 trap can
 * always push its frame.  False if they are not writable RAM. */
bool shadow_pin_stack(struct guest *g);
/* After g->cpu changed: every directory's switcher slot is that CPU's. */
void shadow_cpu_moved(struct guest *g);
/* The hypervisor's pointer to [va, va+len), if that lies in one page the
 * current shadow maps writable below the switcher: where the CPU itself
 * would write (a guest page that is present, writable and dirty).  NULL
 * otherwise: then the caller walks the guest's own tables. */
void *shadow_writable_ptr(const struct guest *g, uint32_t va, uint32_t len);

#endif
