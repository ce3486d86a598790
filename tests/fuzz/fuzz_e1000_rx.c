// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: the 8254x receive path (drivers/e1000_rx.c) against a card
 * that writes whatever it likes into its descriptors.  The input sets the
 * ring's size (1-32), each buffer's size (16-2048) and the caller's buffer
 * (0-2047), then the descriptor table; the rest of it is the card writing
 * descriptors again between reads.  Every buffer is allocated to its exact
 * size, so a copy a byte past the card's buffer or the caller's is a
 * sanitizer report; a frame longer than either, a reader that does not
 * come back within one turn of the ring, or a descriptor not handed back
 * ready (status 0, our address) aborts.
 * input: [count][buf_size lo,hi][max lo,hi] descriptors(16 each) {[index][16 bytes]}*
 * sources: drivers/e1000_rx.c
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "drivers/e1000_rx.h"

#define MAX_DESC 32

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct e1000_rx_desc desc[MAX_DESC];
	uint8_t *bufs[MAX_DESC];
	uint64_t addrs[MAX_DESC];
	uint64_t dropped = 0;

	if (size < 5)
		return 0;
	uint32_t count = data[0] % MAX_DESC + 1;
	uint32_t buf_size = ((uint32_t)data[1] | (uint32_t)data[2] << 8) % 2033 + 16;
	uint32_t max = ((uint32_t)data[3] | (uint32_t)data[4] << 8) % 2048;
	size_t off = 5;

	memset(desc, 0, sizeof(desc));
	for (uint32_t i = 0; i < count; i++) {
		bufs[i] = malloc(buf_size);
		memset(bufs[i], (int)i, buf_size);
		addrs[i] = 0x1000 * (uint64_t)(i + 1);
		if (off + sizeof(desc[i]) <= size) {
			memcpy(&desc[i], data + off, sizeof(desc[i]));
			off += sizeof(desc[i]);
		}
	}
	struct e1000_rx_ring ring = { .desc = desc, .buf = bufs, .addr = addrs, .count = count,
				      .buf_size = buf_size };
	uint8_t *out = malloc(max ? max : 1);

	for (int round = 0; round < 64; round++) {
		uint32_t used, before = ring.next;
		uint32_t len = e1000_rx_take(&ring, out, max, &dropped, &used);

		if (len > max || len > buf_size || used > count || ring.next >= count ||
		    (len && !used) || ring.next != (before + used) % count)
			abort();
		for (uint32_t k = 0; k < used; k++) {
			uint32_t i = (before + k) % count;
			if (desc[i].status || desc[i].addr != addrs[i])
				abort();
		}
		/* The card writes one descriptor again, if the input says how. */
		if (off + 1 + sizeof(desc[0]) <= size) {
			memcpy(&desc[data[off] % count], data + off + 1, sizeof(desc[0]));
			off += 1 + sizeof(desc[0]);
		} else if (!len && !used) {
			break;
		}
	}
	free(out);
	for (uint32_t i = 0; i < count; i++)
		free(bufs[i]);
	return 0;
}
