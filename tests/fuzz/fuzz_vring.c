// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: a virtqueue whose every byte the guest controls.  The
 * input is guest memory holding a 16-entry ring at 0; the walker must pop,
 * read, write and push without stepping outside it or looping.
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
	struct vq q = { .num = 16, .gpa = 0 };
	struct vq_chain c;
	const char *error;
	uint8_t buf[512];

	memcpy(mem, data, size);
	if (vq_fits(&m, &q)) {
		for (int n = 0; n < 40 && vq_pop(&m, &q, &c, &error); n++) {
			vq_read(&m, &q, &c, 3, buf, sizeof(buf));
			vq_write(&m, &q, &c, buf, sizeof(buf));
			vq_push(&m, &q, &c, 7);
			vq_wants_interrupt(&m, &q);
		}
	}
	free(mem);
	return 0;
}
