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
 * If we are still alive afterwards, that is the FAIL verdict.
 */
#include "vcons.h"
#include <linux/virtio_ring.h>

static const char payload[] = "this buffer must never be printed\n";

const char *test_badring(void)
{
	const char *variant = current_test_arg ? current_test_arg : "loop";
	const char *why;

	if (strcmp(variant, "loop") && strcmp(variant, "addr") && strcmp(variant, "idx"))
		return fail("unknown variant '%s' (loop, addr, idx)", variant);
	if ((why = vcons_init()))
		return why;
	if ((why = vsay("console ready; breaking the transmit ring (%s); the hypervisor must "
			"kill us", variant)))
		return why;

	/* vsay's buffer came back: every descriptor is free; use number 0. */
	struct vring *vr = vcons_vring(1);
	uint16_t idx = vcons_avail_idx(1);
	vring_desc_t *d = &vr->desc[0];

	if (!strcmp(variant, "loop")) {
		d->addr = __pa(payload);
		d->len = sizeof(payload) - 1;
		d->flags = VRING_DESC_F_NEXT;
		d->next = 0;
	} else if (!strcmp(variant, "addr")) {
		d->addr = 0xE0000000u;
		d->len = 64;
		d->flags = 0;
	} else {	/* idx */
		d->addr = __pa(payload);
		d->len = sizeof(payload) - 1;
		d->flags = 0;
	}
	vr->avail->ring[idx % vr->num] = 0;
	barrier();
	vr->avail->idx = !strcmp(variant, "idx") ? (uint16_t)(idx + vr->num + 44) :
			 (uint16_t)(idx + 1);
	vcons_kick(1);
	return fail("still alive after kicking a broken transmit ring (%s)", variant);
}
