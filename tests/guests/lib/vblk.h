/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The test guests' virtio-blk driver (lib/vblk.c), on either transport
 * through lib/vdev.h: a disk found, negotiated and brought up as Linux's
 * virtio_blk.c probes it, and requests -- a readable struct
 * virtio_blk_outhdr, the data, a one-byte writable status -- offered as
 * chains cut however the test wants, kicked, and waited for by polling
 * the used ring (the queue's interrupt is only counted).
 */
#ifndef LGTEST_VBLK_H
#define LGTEST_VBLK_H

#include "vdev.h"
#include <linux/virtio_blk.h>

#define VBLK_MAX 4		/* disks a guest drives */
#define VBLK_SECTOR 512u
/* The features we take when offered (virtio_blk.c's table, as far as we
 * understand them). */
#define VBLK_FEATURES ((1ull << VIRTIO_BLK_F_SIZE_MAX) | (1ull << VIRTIO_BLK_F_SEG_MAX) | \
		       (1ull << VIRTIO_BLK_F_GEOMETRY) | (1ull << VIRTIO_BLK_F_RO) | \
		       (1ull << VIRTIO_BLK_F_BLK_SIZE) | (1ull << VIRTIO_BLK_F_FLUSH))

struct vblk {
	struct vdev dev;
	struct vqueue vq;
	char name[4];			/* "vda", "vdb", ... */
	uint64_t capacity;		/* sectors */
	uint32_t size_max, seg_max, blk_size;
	bool ro;
	volatile unsigned irqs;		/* interrupts of this disk's queue */
	unsigned kicks;
};

/* virtblk_probe of the k-th disk (from 0): find, reset, ACKNOWLEDGE,
 * DRIVER, features, config, queue 0, DRIVER_OK, its interrupt unblocked.
 * NULL or why not. */
const char *vblk_open(struct vblk *b, unsigned k);

/* A request's two small parts, in our RAM: the header (readable) and the
 * status byte (writable); the data goes between them. */
struct vblk_req {
	struct virtio_blk_outhdr hdr;
	uint8_t status;
} __attribute__((aligned(32)));

void vblk_header(struct vblk_req *r, uint32_t type, uint64_t sector);

/* Offers one chain and kicks; false if the ring has no room. */
bool vblk_submit(struct vblk *b, const struct vq_sg *sg, unsigned n, const void *token);
/* The next completed chain's token (and used length), or NULL: none yet,
 * or (*why set) the device broke the used ring. */
const void *vblk_complete(struct vblk *b, uint32_t *used, const char **why);
/* Offers a chain, kicks, and polls for its return for up to 5 s (nothing
 * else may be in flight); *used gets the used length. */
const char *vblk_run(struct vblk *b, const struct vq_sg *sg, unsigned n, uint32_t *used);
/* The common shape: header, the data buffer (none if len is 0; written by
 * the device for IN and GET_ID), status.  *status and *used are what came
 * back. */
const char *vblk_rw(struct vblk *b, uint32_t type, uint64_t sector, void *buf, uint32_t len,
		    uint8_t *status, uint32_t *used);

#endif
