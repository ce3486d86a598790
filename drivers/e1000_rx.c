// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading the 8254x's receive descriptors (see drivers/e1000_rx.h): the
 * card sets DD once it has written a buffer back, EOP on the buffer that
 * ends a frame, error bits, and the number of bytes it put there.  Each
 * of those is checked before a byte is copied: the length against the
 * buffer the descriptor points at and against the caller's buffer.
 */
#include "drivers/e1000_rx.h"
#include "lib/string.h"

#define ETH_HEADER 14

enum e1000_rx_verdict e1000_rx_judge(const struct e1000_rx_desc *d, uint32_t buf_size,
				     uint32_t max, bool *discarding, uint32_t *len)
{
	bool first = !*discarding;

	if (!(d->status & E1000_RXD_STAT_DD))
		return E1000_RX_EMPTY;
	if (!(d->status & E1000_RXD_STAT_EOP)) {
		/* A frame larger than a buffer: dropped to its end. */
		*discarding = true;
		return first ? E1000_RX_DROP : E1000_RX_SKIP;
	}
	*discarding = false;
	if (!first)
		return E1000_RX_SKIP;
	if (d->errors & E1000_RXD_ERR_FRAME)
		return E1000_RX_DROP;
	if (d->length < ETH_HEADER || d->length > buf_size || d->length > max)
		return E1000_RX_DROP;
	*len = d->length;
	return E1000_RX_TAKE;
}

bool e1000_rx_waiting(const struct e1000_rx_ring *r)
{
	return r->desc[r->next].status & E1000_RXD_STAT_DD;
}

uint32_t e1000_rx_take(struct e1000_rx_ring *r, void *out, uint32_t max, uint64_t *dropped,
		       uint32_t *used)
{
	*used = 0;
	while (*used < r->count) {
		volatile struct e1000_rx_desc *vd = &r->desc[r->next];
		struct e1000_rx_desc d;
		uint32_t len = 0, i = r->next;

		/* Status first: the rest is only meaningful once DD is seen,
		 * and the card writes the descriptor back as a whole. */
		d.status = vd->status;
		if (!(d.status & E1000_RXD_STAT_DD))
			return 0;
		asm volatile("" ::: "memory");
		d.length = vd->length;
		d.errors = vd->errors;
		enum e1000_rx_verdict v = e1000_rx_judge(&d, r->buf_size, max, &r->discarding, &len);
		if (v == E1000_RX_TAKE)
			memcpy(out, r->buf[i], len);
		else if (v == E1000_RX_DROP)
			++*dropped;
		vd->addr = r->addr[i];
		vd->status = 0;
		r->next = (i + 1) % r->count;
		++*used;
		if (v == E1000_RX_TAKE)
			return len;
	}
	return 0;
}
