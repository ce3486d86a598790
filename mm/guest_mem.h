/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Every touch of guest memory by the hypervisor goes through here, checked
 * against the guest's size.  A bad address is the guest's fault: the
 * helpers report it (returning false) and the caller kills that guest.
 */
#ifndef MM_GUEST_MEM_H
#define MM_GUEST_MEM_H

#include <stdint.h>
#include <stdbool.h>
#include "hv/guest.h"

/* True if [gpa, gpa+len) lies inside the guest's memory. */
static inline bool gpa_ok(const struct guest *g, uint32_t gpa, uint32_t len)
{
	return gpa < g->mem_limit && len <= g->mem_limit - gpa;
}

/* The hypervisor's pointer to a guest-physical range, or NULL if out of
 * range.  RAM is mapped one to one, so this is just base + gpa. */
static inline void *gpa_ptr(const struct guest *g, uint32_t gpa, uint32_t len)
{
	return gpa_ok(g, gpa, len) ? (void *)(g->mem_base + gpa) : (void *)0;
}

bool guest_read(const struct guest *g, uint32_t gpa, void *dst, uint32_t len);
bool guest_write(const struct guest *g, uint32_t gpa, const void *src, uint32_t len);
bool guest_read_u32(const struct guest *g, uint32_t gpa, uint32_t *v);
bool guest_write_u32(const struct guest *g, uint32_t gpa, uint32_t v);
/* A NUL-terminated string of at most max-1 bytes; longer ones are cut
 * at max-1.  False if it starts, or runs before its NUL or the cut,
 * outside the guest's memory. */
bool guest_read_string(const struct guest *g, uint32_t gpa, char *dst, uint32_t max);

/* Records why mm/ refuses what the guest did (in g->mm_why, for hv/ to
 * report when it kills the guest) and returns false. */
bool mm_refuse(struct guest *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* lguest_data fields, by their offset in this guest's generation (a
 * field the generation lacks reads as nothing, and writes to it are
 * dropped).  After LGUEST_INIT straight through g->ldata; before it,
 * checked like any other guest address. */
static inline bool ldata_read(const struct guest *g, uint16_t off, uint32_t *v)
{
	if (off == LG_ABSENT)
		return false;
	if (g->ldata) {
		*v = *(const volatile uint32_t *)(g->ldata + off);
		return true;
	}
	return guest_read_u32(g, g->lguest_data + off, v);
}

static inline bool ldata_write(const struct guest *g, uint16_t off, uint32_t v)
{
	if (off == LG_ABSENT)
		return true;
	if (g->ldata) {
		*(volatile uint32_t *)(g->ldata + off) = v;
		return true;
	}
	return guest_write_u32(g, g->lguest_data + off, v);
}

#endif
