// SPDX-License-Identifier: GPL-2.0-only
/*
 * The split virtqueue with the structures of the virtio UAPI headers: a
 * descriptor table, an avail ring and a used ring, wherever the transport
 * says they are (the legacy layout, one after the other with the used ring
 * at the next 4 KiB boundary, is just one placement).  The guest may
 * change the ring while we read it, so every value is read once into a
 * local, checked, and only then used.
 */
#include "hv/devices/vring.h"
#include "lib/string.h"

static uint32_t legacy_used_off(uint32_t num)
{
	uint32_t end = num * sizeof(struct vring_desc) + sizeof(uint16_t) * (3 + num);
	return (end + VRING_ALIGN - 1) & ~(VRING_ALIGN - 1);
}

uint32_t vq_size(uint32_t num)
{
	return legacy_used_off(num) + sizeof(uint16_t) * 3 + sizeof(struct vring_used_elem) * num;
}

struct vq vq_legacy(uint32_t num, uint32_t gpa)
{
	return (struct vq){ .num = num, .desc = gpa,
			    .avail = gpa + num * (uint32_t)sizeof(struct vring_desc),
			    .used = gpa + legacy_used_off(num) };
}

static bool in_mem(const struct gmem *m, uint64_t gpa, uint64_t len)
{
	return gpa <= m->size && len <= m->size - gpa;
}

bool vq_fits(const struct gmem *m, const struct vq *q)
{
	uint64_t n = q->num;

	/* The used_event/avail_event words are counted in, as if EVENT_IDX
	 * had been taken, so either way every access stays inside. */
	return n && !(n & (n - 1)) && n <= 32768 &&
	       !(q->desc & 15) && !(q->avail & 1) && !(q->used & 3) &&
	       in_mem(m, q->desc, 16 * n) && in_mem(m, q->avail, 6 + 2 * n) &&
	       in_mem(m, q->used, 6 + 8 * n);
}

static uint16_t rd16(const struct gmem *m, uint32_t gpa)
{
	return *(volatile uint16_t *)(m->base + gpa);
}

static void wr16(const struct gmem *m, uint32_t gpa, uint16_t v)
{
	*(volatile uint16_t *)(m->base + gpa) = v;
}

static struct vring_desc desc(const struct gmem *m, const struct vq *q, uint32_t i)
{
	struct vring_desc d;
	memcpy(&d, m->base + q->desc + i * sizeof(d), sizeof(d));
	return d;
}

bool vq_has_avail(const struct gmem *m, const struct vq *q)
{
	return rd16(m, q->avail + 2) != q->last_avail;
}

bool vq_pop(const struct gmem *m, struct vq *q, struct vq_chain *c, const char **error)
{
	uint16_t avail_idx = rd16(m, q->avail + 2);
	uint32_t i;

	*error = NULL;
	if (avail_idx == q->last_avail)
		return false;
	if ((uint16_t)(avail_idx - q->last_avail) > q->num) {
		*error = "avail index moved by more than the ring size";
		return false;
	}
	c->head = rd16(m, q->avail + 4 + 2 * (q->last_avail % q->num));
	if (c->head >= q->num) {
		*error = "avail ring names a descriptor beyond the ring";
		return false;
	}
	uint64_t readable = 0, writable = 0;

	c->nr = 0;
	for (i = c->head;;) {
		struct vring_desc d = desc(m, q, i);
		if (++c->nr > q->num) {
			*error = "descriptor chain loops or is longer than the ring";
			return false;
		}
		if (d.flags & VRING_DESC_F_INDIRECT) {
			*error = "indirect descriptors were not offered";
			return false;
		}
		if (!in_mem(m, d.addr, d.len)) {
			*error = "descriptor points outside guest memory";
			return false;
		}
		if (d.flags & VRING_DESC_F_WRITE)
			writable += d.len;
		else if (writable)
			*error = "readable descriptor after a writable one";
		else
			readable += d.len;
		/* Virtio's own rule, and what keeps every offset in a chain
		 * within 32 bits. */
		if (readable + writable > UINT32_MAX)
			*error = "descriptor chain holds more than 4 GiB";
		if (*error)
			return false;
		if (!(d.flags & VRING_DESC_F_NEXT))
			break;
		if (d.next >= q->num) {
			*error = "descriptor's next index is beyond the ring";
			return false;
		}
		i = d.next;
	}
	c->readable = (uint32_t)readable;
	c->writable = (uint32_t)writable;
	q->last_avail++;
	return true;
}

/* Walks the chain's descriptors of one kind, copying in or out.  The
 * chain was checked by vq_pop, but the guest may have changed it since,
 * so each descriptor is checked again and the walk stays bounded. */
static uint32_t copy(const struct gmem *m, const struct vq *q, const struct vq_chain *c,
		     bool to_guest, uint32_t skip, uint8_t *buf, uint32_t len)
{
	uint32_t done = 0, i = c->head;

	for (uint32_t n = 0; n < c->nr && done < len; n++) {
		struct vring_desc d = desc(m, q, i);
		bool writable = d.flags & VRING_DESC_F_WRITE;
		if (writable == to_guest && in_mem(m, d.addr, d.len)) {
			uint32_t l = d.len;
			uint64_t a = d.addr;
			if (skip >= l) {
				skip -= l;
				l = 0;
			} else {
				a += skip;
				l -= skip;
				skip = 0;
			}
			if (l > len - done)
				l = len - done;
			if (to_guest)
				memcpy(m->base + a, buf + done, l);
			else
				memcpy(buf + done, m->base + a, l);
			done += l;
		}
		if (!(d.flags & VRING_DESC_F_NEXT) || d.next >= q->num)
			break;
		i = d.next;
	}
	return done;
}

uint32_t vq_read(const struct gmem *m, const struct vq *q, const struct vq_chain *c,
		 uint32_t skip, void *dst, uint32_t len)
{
	return copy(m, q, c, false, skip, dst, len);
}

uint32_t vq_write(const struct gmem *m, const struct vq *q, const struct vq_chain *c,
		  const void *src, uint32_t len)
{
	return copy(m, q, c, true, 0, (uint8_t *)src, len);
}

uint32_t vq_write_at(const struct gmem *m, const struct vq *q, const struct vq_chain *c,
		     uint32_t skip, const void *src, uint32_t len)
{
	return copy(m, q, c, true, skip, (uint8_t *)src, len);
}

void vq_push(const struct gmem *m, const struct vq *q, const struct vq_chain *c, uint32_t len)
{
	uint32_t used = q->used;
	uint16_t idx = rd16(m, used + 2);
	struct vring_used_elem e = { .id = c->head, .len = len };

	memcpy(m->base + used + 4 + (idx % q->num) * sizeof(e), &e, sizeof(e));
	/* The element must be visible before the index that publishes it;
	 * on x86 stores are not reordered with stores, so the compiler is
	 * the only one to stop. */
	asm volatile("" ::: "memory");
	wr16(m, used + 2, (uint16_t)(idx + 1));
}

bool vq_wants_interrupt(const struct gmem *m, const struct vq *q)
{
	return !(rd16(m, q->avail) & VRING_AVAIL_F_NO_INTERRUPT);
}
