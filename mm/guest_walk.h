/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reading a guest's own page tables, for the shadow tables' demand fill
 * and the hypervisor's guest-virtual accesses (mm/guest_virt.h).
 */
#ifndef MM_GUEST_WALK_H
#define MM_GUEST_WALK_H

#include <stdint.h>
#include <stdbool.h>
#include "hv/guest.h"
#include "mm/pt_rules.h"

/* The guest's PDE and PTE for va in directory gpgd (and the PTE's gpa),
 * by pt_walk.  False, with the reason in g->mm_why, if its tables are
 * unreadable or invalid; *present says whether both levels are present. */
bool guest_walk(struct guest *g, uint32_t gpgd, uint32_t va, struct pt_walk *w, bool *present);

#endif
