/* SPDX-License-Identifier: GPL-2.0-only */
/* A guest's disk (vda, vdb, ... in Linux): the virtio block device model,
 * one request queue, over whatever backing the loader gave it. */
#ifndef HV_DEVICES_VIRTIO_BLK_H
#define HV_DEVICES_VIRTIO_BLK_H

#include <stdint.h>
#include <stdbool.h>
#include "hv/devices/virtio.h"
#include "hv/devices/disk_backing.h"

struct vblk {
	struct vdev dev;	/* first: the model's functions get &dev */
	char name[4];		/* "vda" */
	struct disk_backing disk;
	bool kicked;		/* requests may wait on the ring */
	uint64_t requests, errors, bytes_in, bytes_out;
};

struct guest;
extern const struct vdev_model vblk_model;
/* A fresh disk called name over backing b (the model and its RO bit). */
void vblk_init(struct vblk *v, const char *name, const struct disk_backing *b);
/* Carries on with requests left over when a kick's budget ran out;
 * g->disk_more says whether any are left. */
void vblk_poll(struct guest *g);

#endif
