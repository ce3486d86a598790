/* SPDX-License-Identifier: GPL-2.0-only */
/* The hypervisor's accesses to a guest's virtual addresses. */
#ifndef MM_GUEST_VIRT_H
#define MM_GUEST_VIRT_H

#include <stdint.h>
#include <stdbool.h>
#include "hv/guest.h"

/* Translates through the guest's own page tables (not the shadow).  False
 * if not mapped (or not writable when write is asked, or the tables are
 * invalid). */
bool guest_virt_to_phys(struct guest *g, uint32_t va, bool write, uint32_t *gpa);
/* Copies to or from guest-virtual memory, page by page. */
bool guest_virt_read(struct guest *g, uint32_t va, void *dst, uint32_t len);
bool guest_virt_write(struct guest *g, uint32_t va, const void *src, uint32_t len);

#endif
