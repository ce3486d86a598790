/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The split virtqueue as Linux's virtio_ring.c keeps it, shared by the
 * test guests' device drivers (lib/vcons.c, lib/vblk.c): the layout of
 * <linux/virtio_ring.h> laid out by vring_init where the transport says,
 * the free list threaded through desc.next, chains offered through the
 * avail ring, used buffers taken in order and checked.  Each driver keeps
 * its own queues and decides when to kick and how to wait.
 */
#ifndef LGTEST_VIRTQUEUE_H
#define LGTEST_VIRTQUEUE_H

#include "guest.h"
#include <linux/virtio_ring.h>

#define VQ_MAX 1024

/* One buffer of a chain: guest-physical address, length, device-writable. */
struct vq_sg {
	uint32_t pa, len;
	bool write;
};

struct vqueue {
	struct vring vr;
	uint32_t base_gpa;
	uint16_t num;
	uint16_t free_head, num_free, last_used, avail_idx;
	bool ready;
	const void *token[VQ_MAX];	/* by head descriptor; NULL: not ours */
	uint32_t len[VQ_MAX];		/* the chain's bytes, all buffers */
	uint16_t count[VQ_MAX];		/* its descriptors */
};

/* A fresh ring of num entries at va (gpa), laid out by vring_init(align);
 * no interrupts wanted if no_interrupt.  NULL or why not. */
const char *vq_init(struct vqueue *q, void *va, uint32_t gpa, uint16_t num, uint32_t align,
		    bool no_interrupt);
/* Offers a chain of n buffers (virtqueue_add): false if fewer than n
 * descriptors are free. */
bool vq_add(struct vqueue *q, const struct vq_sg *sg, unsigned n, const void *token);
/* Whether the host wants a kick (VRING_USED_F_NO_NOTIFY clear). */
bool vq_kick_wanted(const struct vqueue *q);
/* The next used chain's token and used length, or NULL: none yet, or
 * (*why set) the host wrote something impossible into the used ring. */
const void *vq_get(struct vqueue *q, uint32_t *len, const char **why);
bool vq_has_used(const struct vqueue *q);

#endif
