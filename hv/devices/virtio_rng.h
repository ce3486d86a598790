/* SPDX-License-Identifier: GPL-2.0-only */
/* A guest's entropy device (Linux's /dev/hwrng): the virtio entropy model,
 * one queue whose buffers come back full of random bytes. */
#ifndef HV_DEVICES_VIRTIO_RNG_H
#define HV_DEVICES_VIRTIO_RNG_H

#include <stdint.h>
#include "hv/devices/virtio.h"

struct vrng {
	struct vdev dev;	/* first: the model's functions get &dev */
	uint64_t bytes;		/* given to the guest */
};

struct guest;
extern const struct vdev_model vrng_model;
void vrng_init(struct vrng *r);

#endif
