/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reading a guest's own page tables: for the shadow tables' demand fill,
 * and for the hypervisor's accesses to guest-virtual addresses (pushing a
 * trap frame, fetching an instruction to emulate).
 */
#ifndef MM_GUEST_WALK_H
#define MM_GUEST_WALK_H

#include <stdint.h>
#include <stdbool.h>
#include "hv/guest.h"
#include "mm/pt_rules.h"

/* The guest's PDE and PTE for va in directory gpgd (and the PTE's gpa),
 * by pt_walk.  False, with the guest killed, if its tables are unreadable
 * or invalid; *present says whether both levels are present. */
bool guest_walk(struct guest *g, uint32_t gpgd, uint32_t va, struct pt_walk *w, bool *present);

/* Translates through the guest's own page tables (not the shadow).  False
 * if not mapped (or not writable when write is asked). */
bool guest_virt_to_phys(struct guest *g, uint32_t va, bool write, uint32_t *gpa);
/* Copies to or from guest-virtual memory, page by page. */
bool guest_virt_read(struct guest *g, uint32_t va, void *dst, uint32_t len);
bool guest_virt_write(struct guest *g, uint32_t va, const void *src, uint32_t len);

#endif
