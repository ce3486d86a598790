// SPDX-License-Identifier: GPL-2.0-only
/*
 * The split virtqueue of the test guests' drivers, as virtio_ring.c of
 * 2.6.32-4.13 drives it (lib/virtqueue.h): one code path for the
 * console's single buffers and the block device's chains, so that both
 * offer and take back buffers the way a real kernel does.  What the host
 * gets wrong in the used ring (an index that jumps, an id we never
 * offered, a length longer than the chain) is reported, never trusted.
 */
#include "virtqueue.h"

const char *vq_init(struct vqueue *q, void *va, uint32_t gpa, uint16_t num, uint32_t align,
		    bool no_interrupt)
{
	if (!num || (num & (num - 1)) || num > VQ_MAX)
		return fail("a queue of %u entries", num);
	vring_init(&q->vr, num, va, align);
	q->base_gpa = gpa;
	q->num = num;
	if (q->vr.avail->idx || q->vr.used->idx)
		return fail("the ring is not fresh (avail %u, used %u)", q->vr.avail->idx,
			    q->vr.used->idx);
	/* vring_new_virtqueue: the free list, and no interrupts without a
	 * callback. */
	for (uint16_t k = 0; k + 1 < q->num; k++)
		q->vr.desc[k].next = k + 1;
	for (uint16_t k = 0; k < q->num; k++)
		q->token[k] = NULL;
	q->free_head = 0;
	q->num_free = q->num;
	q->last_used = q->avail_idx = 0;
	q->vr.avail->flags = no_interrupt ? VRING_AVAIL_F_NO_INTERRUPT : 0;
	q->ready = true;
	return NULL;
}

bool vq_add(struct vqueue *q, const struct vq_sg *sg, unsigned n, const void *token)
{
	if (!n || q->num_free < n)
		return false;
	uint16_t head = q->free_head, i = head, last = head;
	uint32_t total = 0;

	for (unsigned k = 0; k < n; k++) {
		vring_desc_t *d = &q->vr.desc[i];
		d->addr = sg[k].pa;
		d->len = sg[k].len;
		d->flags = (sg[k].write ? VRING_DESC_F_WRITE : 0) |
			   (k + 1 < n ? VRING_DESC_F_NEXT : 0);
		total += sg[k].len;
		last = i;
		i = d->next;
	}
	q->free_head = q->vr.desc[last].next;
	q->num_free -= n;
	q->token[head] = token;
	q->len[head] = total;
	q->count[head] = (uint16_t)n;
	q->vr.avail->ring[q->avail_idx % q->num] = head;
	barrier();	/* the entry before the index that publishes it */
	q->vr.avail->idx = ++q->avail_idx;
	return true;
}

bool vq_kick_wanted(const struct vqueue *q)
{
	barrier();
	return !(q->vr.used->flags & VRING_USED_F_NO_NOTIFY);
}

bool vq_has_used(const struct vqueue *q)
{
	return q->ready && q->vr.used->idx != q->last_used;
}

const void *vq_get(struct vqueue *q, uint32_t *len, const char **why)
{
	uint16_t used_idx = q->vr.used->idx;

	*why = NULL;
	if (used_idx == q->last_used)
		return NULL;
	if ((uint16_t)(used_idx - q->last_used) > q->num) {
		*why = fail("used index jumped from %u to %u (ring of %u)", q->last_used, used_idx,
			    q->num);
		return NULL;
	}
	barrier();	/* the element after the index */
	vring_used_elem_t e = q->vr.used->ring[q->last_used % q->num];
	if (e.id >= q->num || !q->token[e.id]) {
		*why = fail("used ring returns descriptor %u, which we did not offer", e.id);
		return NULL;
	}
	if (e.len > q->len[e.id]) {
		*why = fail("used ring says %u bytes of a %u-byte buffer", e.len, q->len[e.id]);
		return NULL;
	}
	const void *token = q->token[e.id];
	uint16_t last = e.id;

	for (uint16_t k = 1; k < q->count[e.id]; k++)
		last = q->vr.desc[last].next;
	q->token[e.id] = NULL;
	q->vr.desc[last].next = q->free_head;
	q->free_head = e.id;
	q->num_free += q->count[e.id];
	q->last_used++;
	*len = e.len;
	return token;
}
