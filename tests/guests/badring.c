// SPDX-License-Identifier: GPL-2.0-only
/*
 * lgtest=badring:VARIANT -- a console driver that breaks its transmit
 * ring, which the hypervisor must answer by killing this guest (with a
 * reason that names the ring) and nothing else: the ring lives in guest
 * memory and the guest can write anything there at any moment, so the
 * device must check every index, chain and address it reads.  After a
 * normal start (lib/vcons.c) and one good line, we offer a bad buffer
 * and kick:
 *   loop  descriptor 0 chains to itself (NEXT set, next = 0): a walker
 *         that trusts the chain never ends
 *   addr  a descriptor whose address (3.5 GiB) is far beyond our memory
 *   idx   avail->idx moved on by the ring size + 44 in one step
 *   len   a descriptor at 1 MiB claiming 4 GiB - 256 bytes
 *   straddle  a descriptor that starts 8 bytes before the end of our
 *         memory (RAM and device pages) and runs 64 bytes
 *   next  a chain whose second link names descriptor 9999
 *   head  the avail ring names descriptor 300 of a 256-entry ring
 *   indirect  VRING_DESC_F_INDIRECT, which was never offered
 *   order a transmit chain with a readable buffer after a writable one
 *   chain4g  a chain of ring-size descriptors of 17 MiB each over our
 *         memory: more than the 4 GiB a chain may hold in all
 * If we are still alive afterwards, that is the FAIL verdict.
 */
#include "vcons.h"
#include <linux/virtio_ring.h>

static const char payload[] = "this buffer must never be printed\n";

const char *test_badring(void)
{
	const char *variant = current_test_arg ? current_test_arg : "loop";
	const char *why;

	static const char *const variants[] = { "loop", "addr", "idx", "len", "straddle", "next",
						"head", "indirect", "order", "chain4g", NULL };
	unsigned v;

	for (v = 0; variants[v] && strcmp(variant, variants[v]); v++)
		;
	if (!variants[v])
		return fail("unknown variant '%s'", variant);
	if ((why = vcons_init()))
		return why;
	if ((why = vsay("console ready; breaking the transmit ring (%s); the hypervisor must "
			"kill us", variant)))
		return why;

	/* vsay's buffer came back: every descriptor is free; use number 0. */
	struct vring *vr = vcons_vring(1);
	uint16_t idx = vcons_avail_idx(1);
	vring_desc_t *d = &vr->desc[0];
	uint32_t mem_end = ram_bytes + LG_DEVICE_PAGES * PAGE_SIZE;
	uint16_t head = 0;

	if (!strcmp(variant, "loop")) {
		d->addr = __pa(payload);
		d->len = sizeof(payload) - 1;
		d->flags = VRING_DESC_F_NEXT;
		d->next = 0;
	} else if (!strcmp(variant, "addr")) {
		d->addr = 0xE0000000u;
		d->len = 64;
		d->flags = 0;
	} else if (!strcmp(variant, "len")) {
		d->addr = 0x100000;
		d->len = 0xFFFFFF00u;
		d->flags = 0;
	} else if (!strcmp(variant, "straddle")) {
		d->addr = mem_end - 8;
		d->len = 64;
		d->flags = 0;
	} else if (!strcmp(variant, "next")) {
		d->addr = __pa(payload);
		d->len = 4;
		d->flags = VRING_DESC_F_NEXT;
		d->next = 1;
		vr->desc[1] = (vring_desc_t){ __pa(payload) + 4, 4, VRING_DESC_F_NEXT, 9999 };
	} else if (!strcmp(variant, "head")) {
		d->addr = __pa(payload);
		d->len = sizeof(payload) - 1;
		d->flags = 0;
		head = 300;
	} else if (!strcmp(variant, "indirect")) {
		d->addr = __pa(payload);
		d->len = 16;	/* one "descriptor" of text */
		d->flags = VRING_DESC_F_INDIRECT;
	} else if (!strcmp(variant, "order")) {
		d->addr = __pa(payload);
		d->len = 4;
		d->flags = VRING_DESC_F_NEXT | VRING_DESC_F_WRITE;
		d->next = 1;
		vr->desc[1] = (vring_desc_t){ __pa(payload) + 4, 4, 0, 0 };
	} else if (!strcmp(variant, "chain4g")) {
		/* Each link is inside our memory; together they are not. */
		uint32_t span = 17u << 20;
		for (uint32_t i = 0; i < vr->num; i++)
			vr->desc[i] = (vring_desc_t){ ram_bytes - span, span,
						      i + 1 < vr->num ? VRING_DESC_F_NEXT : 0,
						      (uint16_t)(i + 1) };
	} else {	/* idx */
		d->addr = __pa(payload);
		d->len = sizeof(payload) - 1;
		d->flags = 0;
	}
	vr->avail->ring[idx % vr->num] = head;
	barrier();
	vr->avail->idx = !strcmp(variant, "idx") ? (uint16_t)(idx + vr->num + 44) :
			 (uint16_t)(idx + 1);
	vcons_kick(1);
	return fail("still alive after kicking a broken transmit ring (%s)", variant);
}
