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
#define VBLK_FEATURES_2_6_25 ((1ull << VIRTIO_BLK_F_SIZE_MAX) | (1ull << VIRTIO_BLK_F_SEG_MAX) | \
			      (1ull << VIRTIO_BLK_F_GEOMETRY) | (1ull << VIRTIO_BLK_F_RO) | \
			      (1ull << VIRTIO_BLK_F_BLK_SIZE))
#if LG_GEN < 5	/* FLUSH came after 2.6.30 */
#define VBLK_FEATURES VBLK_FEATURES_2_6_25
#else
#define VBLK_FEATURES (VBLK_FEATURES_2_6_25 | (1ull << VIRTIO_BLK_F_FLUSH))
#endif

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

/* The request header: 16 bytes from 2.6.25; 2.6.24 (G1) had a 64-bit id
 * after the sector ("where to put reply"), 24 bytes, which we leave 0. */
#if LG_TLV_DEVICES
struct vblk_outhdr {
	uint32_t type, ioprio;
	uint64_t sector, id;
};
_Static_assert(sizeof(struct vblk_outhdr) == 24, "2.6.24's virtio_blk_outhdr is 24 bytes");
/* 2.6.24 feature bit (field 0x40): ordered requests */
#define VBLK_F_BARRIER_2_6_24 1
/* 2.6.24 config fields */
#define VBLK_FIELD_CAPACITY 0x41
#define VBLK_FIELD_SIZE_MAX 0x42
#define VBLK_FIELD_SEG_MAX 0x43
#else
#define vblk_outhdr virtio_blk_outhdr
#endif

/* A request's two small parts, in our RAM: the header (readable) and the
 * status byte (writable); the data goes between them. */
struct vblk_req {
	struct vblk_outhdr hdr;
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
