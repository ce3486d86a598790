/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The test guests' virtio-rng driver (lib/vrng.c): the entropy device as
 * virtio-rng.c probes it (no features, one queue) on either transport,
 * and one read at a time: a writable chain offered, kicked, its used
 * length returned.
 */
#ifndef LGTEST_VRNG_H
#define LGTEST_VRNG_H

#include "vdev.h"

struct vrng {
	struct vdev dev;
	struct vqueue vq;
	volatile unsigned irqs;
};

/* Finds, resets and starts the entropy device.  NULL or why not. */
const char *vrng_open(struct vrng *r);
/* Offers the chain sg[0..n) and waits up to 5 s for it; *used. */
const char *vrng_run(struct vrng *r, const struct vq_sg *sg, unsigned n, uint32_t *used);

#endif
