// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: a virtqueue whose every byte the guest controls.  The
 * input is guest memory holding a 16-entry ring at 0; the walker must pop,
 * read, write and push without stepping outside it or looping -- also
 * while the guest rewrites the descriptors between the pieces of one
 * chain's transmit, as it can while a long chain is being sent.
 * sources: hv/devices/vring.c
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "hv/devices/vring.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *mem = malloc(size ? size : 1);
	struct gmem m = { mem, (uint32_t)size };
	struct vq q = vq_legacy(16, 0);
	struct vq_chain c;
	const char *error;
	uint8_t buf[512];
	uint32_t tweak = 0;

	memcpy(mem, data, size);
	if (vq_fits(&m, &q)) {
		for (int n = 0; n < 40 && vq_pop(&m, &q, &c, &error); n++) {
			if (c.nr > q.num || c.head >= q.num)
				abort();
			/* Send it in pieces, the descriptor table changing
			 * under us between them (bytes from the input's end). */
			uint32_t off = 0;
			for (int piece = 0; piece < 8 && off < c.readable; piece++) {
				uint32_t want = c.readable - off < 97 ? c.readable - off : 97;
				uint32_t got = vq_read(&m, &q, &c, off, buf, want);
				if (got > want)
					abort();
				if (!got)
					break;
				off += got;
				if (size > 256 + tweak) {
					mem[(data[size - 1 - tweak] * 7u) % 256] ^= data[size - 2 - tweak];
					tweak += 2;
				}
			}
			if (vq_write(&m, &q, &c, buf, sizeof(buf)) > sizeof(buf))
				abort();
			vq_push(&m, &q, &c, 7);
			vq_wants_interrupt(&m, &q);
		}
		if (error && !*error)
			abort();
	}
	free(mem);
	return 0;
}
