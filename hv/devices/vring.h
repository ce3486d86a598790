/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reading and writing a virtqueue that lives in guest memory,
 * trusting none of it: every descriptor address and length is checked
 * against the guest's memory, chains are bounded by the ring size, and a
 * guest that breaks the rules gets a message saying how (the caller kills
 * it).  Pure logic over a plain byte range, so the unit tests can drive it.
 */
#ifndef HV_DEVICES_VRING_H
#define HV_DEVICES_VRING_H

#include <stdint.h>
#include <stdbool.h>
#include <linux/virtio_ring.h>

#define VRING_ALIGN 4096	/* LGUEST_VRING_ALIGN */

/* Guest memory as the walker sees it: gpa g is base[g] for g < size. */
struct gmem {
	uint8_t *base;
	uint32_t size;
};

/* A split ring's three parts may lie anywhere (virtio 1.0); the legacy
 * layout puts them one after the other from one page (vq_legacy). */
struct vq {
	uint32_t num;		/* entries, a power of two */
	uint32_t desc, avail, used;	/* gpas of the three parts */
	uint16_t last_avail;	/* next avail entry we have not taken */
};

/* Bytes a legacy ring of num entries occupies (vring_size, 4 KiB align). */
uint32_t vq_size(uint32_t num);
/* The legacy ring of num entries at gpa. */
struct vq vq_legacy(uint32_t num, uint32_t gpa);
/* True if every part lies inside guest memory, aligned as virtio asks
 * (descriptors 16, avail 2, used 4 bytes), and num is a power of two. */
bool vq_fits(const struct gmem *m, const struct vq *q);

/* One buffer the guest offered: a chain of descriptors. */
struct vq_chain {
	uint16_t head;
	uint32_t nr;			/* descriptors in the chain */
	uint32_t readable, writable;	/* total bytes of each kind */
};

/* Takes the next available chain, or returns false when there is none.
 * On a broken ring *error says why (and false is returned). */
bool vq_pop(const struct gmem *m, struct vq *q, struct vq_chain *c, const char **error);
/* Copies up to len bytes out of the chain's readable descriptors,
 * starting skip bytes in; returns how many were copied. */
uint32_t vq_read(const struct gmem *m, const struct vq *q, const struct vq_chain *c,
		 uint32_t skip, void *dst, uint32_t len);
/* Copies len bytes into the chain's writable descriptors; returns how
 * many fitted. */
uint32_t vq_write(const struct gmem *m, const struct vq *q, const struct vq_chain *c,
		  const void *src, uint32_t len);
/* The same, starting skip bytes into the writable part. */
uint32_t vq_write_at(const struct gmem *m, const struct vq *q, const struct vq_chain *c,
		     uint32_t skip, const void *src, uint32_t len);
/* Puts the chain on the used ring with the byte count the device wrote. */
void vq_push(const struct gmem *m, const struct vq *q, const struct vq_chain *c, uint32_t len);
/* Whether the guest wants an interrupt for used buffers now. */
bool vq_wants_interrupt(const struct gmem *m, const struct vq *q);
/* Whether the guest has offered chains we have not taken. */
bool vq_has_avail(const struct gmem *m, const struct vq *q);

#endif
