// SPDX-License-Identifier: GPL-2.0-only
/*
 * The device page.  Each of the guest's devices gets a descriptor, its
 * queues 256-entry rings in the pages above, and an interrupt per queue
 * (from 1: IRQ 0 is the timer).  The console is offered no feature bits
 * (the original Launcher offered it none either), so the guest drives a
 * single port on queues 0 (receive) and 1 (transmit).
 *
 * 2.6.24's page is older: {u8 type, config_len, status} then the
 * configuration as type-length-value fields, one per queue ({num, irq,
 * pfn} under type 2) and one per piece of device configuration the
 * model names; the guest sets bit 7 of a field's type when it uses it.
 *
 * NOTIFY(gpa) means, by the address: a ring's base is a kick; a
 * descriptor's own address is a status change (on reset for 2.6.25,
 * every status write for 2.6.26-3.0 guests; reset, failure and "features
 * final" from 3.1; never for 2.6.24); any other address is an
 * early-console string.
 */
#include "hv/devices/lguest_bus.h"
#include "mm/guest_mem.h"
#include "mm/paging.h"
#include "lib/log.h"
#include "lib/string.h"
#include <stddef.h>

#define FEATURE_BYTES 4
#define TLV_VIRTQUEUE 2		/* VIRTIO_CONFIG_F_VIRTQUEUE of 2.6.24 */
#define TLV_HEADER 2		/* type, length */

struct __attribute__((packed)) desc_head {
	uint8_t type, num_vq, feature_len, config_len, status;
};

/* 2.6.24's, followed by config_len bytes of fields. */
struct __attribute__((packed)) tlv_head {
	uint8_t type, config_len, status;
};

struct __attribute__((packed)) vq_config {
	uint16_t num, irq;
	uint32_t pfn;
};

static uint32_t ring_pages(void)
{
	return (vq_size(LGUEST_BUS_RING_NUM) + PAGE_SIZE - 1) / PAGE_SIZE;
}

static uint32_t desc_len(const struct vdev_model *m)
{
	return sizeof(struct desc_head) + m->nr_queues * sizeof(struct vq_config) +
	       2 * FEATURE_BYTES + m->legacy_config_len;
}

/* Queue q of device d: its ring at next_ring, its interrupt irq. */
static struct vq_config place_queue(struct vdev *d, uint32_t q, uint32_t ring, uint32_t irq)
{
	d->vq[q] = vq_legacy(LGUEST_BUS_RING_NUM, ring);
	d->vq_enabled[q] = true;	/* the rings are always there */
	d->irq[q] = (uint8_t)irq;
	return (struct vq_config){ LGUEST_BUS_RING_NUM, (uint16_t)irq, ring >> 12 };
}

static uint32_t tlv_desc_len(const struct vdev_model *m)
{
	uint32_t n = sizeof(struct tlv_head) + m->nr_queues * (TLV_HEADER + sizeof(struct vq_config));

	for (uint32_t f = 0; f < m->nr_tlv_fields; f++)
		n += TLV_HEADER + m->tlv_fields[f].len;
	return n;
}

static uint8_t *tlv_put(uint8_t *at, uint8_t type, const void *data, uint8_t len)
{
	at[0] = type;
	at[1] = len;
	memcpy(at + TLV_HEADER, data, len);
	return at + TLV_HEADER + len;
}

/* 2.6.24's page: the queues' fields, then the model's. */
static void bus_setup_tlv(struct guest *g, uint8_t *p, uint32_t page)
{
	uint32_t next_ring = page + PAGE_SIZE, off = 0, irq = 1;

	for (uint32_t i = 0; i < g->nr_vdevs; i++) {
		struct vdev *d = g->vdevs[i];
		const struct vdev_model *m = d->model;
		struct tlv_head *h = (struct tlv_head *)(p + off);
		uint8_t *at = (uint8_t *)(h + 1);
		uint8_t config[64] = { 0 };

		g->bus_desc[i] = page + off;
		h->type = (uint8_t)m->id;
		h->config_len = (uint8_t)(tlv_desc_len(m) - sizeof(*h));
		h->status = 0;
		for (uint32_t q = 0; q < m->nr_queues; q++) {
			struct vq_config c = place_queue(d, q, next_ring, irq++);
			at = tlv_put(at, TLV_VIRTQUEUE, &c, sizeof(c));
			next_ring += ring_pages() * PAGE_SIZE;
		}
		if (m->legacy_config_len && m->legacy_config_len <= sizeof(config))
			m->config_read(g, d, 0, config, m->legacy_config_len);
		for (uint32_t f = 0; f < m->nr_tlv_fields; f++) {
			const struct vdev_tlv_field *t = &m->tlv_fields[f];
			at = tlv_put(at, t->type, config + t->offset, t->len);
		}
		off += tlv_desc_len(m);
	}
}

void bus_setup(struct guest *g)
{
	uint32_t page = g->mem_size;	/* the guest's max_pfn << 12 */
	uint32_t next_ring = page + PAGE_SIZE, off = 0, irq = 1;
	uint8_t *p = gpa_ptr(g, page, PAGE_SIZE);

	if (g->gen->transport == TRANSPORT_LGUEST_BUS_TLV) {
		bus_setup_tlv(g, p, page);
		return;
	}
	for (uint32_t i = 0; i < g->nr_vdevs; i++) {
		struct vdev *d = g->vdevs[i];
		const struct vdev_model *m = d->model;
		struct desc_head *h = (struct desc_head *)(p + off);
		struct vq_config *vqc = (struct vq_config *)(h + 1);
		uint8_t *features = (uint8_t *)(vqc + m->nr_queues);

		g->bus_desc[i] = page + off;
		h->type = (uint8_t)m->id;
		h->num_vq = (uint8_t)m->nr_queues;
		h->feature_len = FEATURE_BYTES;
		h->config_len = (uint8_t)m->legacy_config_len;
		h->status = 0;
		for (uint32_t q = 0; q < m->nr_queues; q++) {
			vqc[q] = place_queue(d, q, next_ring, irq++);
			next_ring += ring_pages() * PAGE_SIZE;
		}
		uint64_t offered = m->legacy_features | d->own_features;
		for (uint32_t b = 0; b < FEATURE_BYTES; b++)
			features[b] = (uint8_t)(offered >> (8 * b));
		/* The configuration follows both feature halves; the guest
		 * reads it straight from the page. */
		if (m->legacy_config_len)
			m->config_read(g, d, 0, features + 2 * FEATURE_BYTES, m->legacy_config_len);
		off += desc_len(m);
	}
	/* The byte after the last descriptor is 0: the end of the list. */
}

static void status_changed(struct guest *g, uint32_t i)
{
	struct vdev *d = g->vdevs[i];
	uint32_t at = g->gen->transport == TRANSPORT_LGUEST_BUS_TLV ?
		      offsetof(struct tlv_head, status) : offsetof(struct desc_head, status);
	uint8_t status = *(const volatile uint8_t *)gpa_ptr(g, g->bus_desc[i] + at, 1);

	if (status == 0) {
		vdev_reset(g, d);
		for (uint32_t q = 0; q < d->model->nr_queues; q++)
			d->vq_enabled[q] = true;
	} else if ((status & VIRTIO_STATUS_FAILED) && !(d->status & VIRTIO_STATUS_FAILED)) {
		kprintf("hv: guest %s: its %s driver reports failure (status %#x)\n", g->name,
			d->model->name, status);
	}
	d->status = status;
}

bool bus_notify(struct guest *g, uint32_t gpa)
{
	for (uint32_t i = 0; i < g->nr_vdevs; i++) {
		struct vdev *d = g->vdevs[i];
		if (gpa == g->bus_desc[i]) {
			status_changed(g, i);
			return true;
		}
		for (uint32_t q = 0; q < d->model->nr_queues; q++) {
			if (gpa == d->vq[q].desc) {
				d->model->kick(g, d, q);
				return true;
			}
		}
	}
	return false;
}
