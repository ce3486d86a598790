// SPDX-License-Identifier: GPL-2.0-only
/*
 * The device page.  Each of the guest's devices gets a descriptor, its
 * queues 256-entry rings in the pages above, and an interrupt per queue
 * (from 1: IRQ 0 is the timer).  The console is offered no feature bits
 * (the original Launcher offered it none either), so the guest drives a
 * single port on queues 0 (receive) and 1 (transmit).
 *
 * NOTIFY(gpa) means, by the address: a ring's base is a kick; a
 * descriptor's own address is a status change (every status write for
 * 2.6.26-3.0 guests; reset, failure and "features final" from 3.1); any
 * other address is an early-console string.
 */
#include "hv/devices/lguest_bus.h"
#include "mm/guest_mem.h"
#include "mm/paging.h"
#include "lib/log.h"
#include "lib/string.h"

#define FEATURE_BYTES 4

struct __attribute__((packed)) desc_head {
	uint8_t type, num_vq, feature_len, config_len, status;
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

void bus_setup(struct guest *g)
{
	uint32_t page = g->mem_size;	/* the guest's max_pfn << 12 */
	uint32_t next_ring = page + PAGE_SIZE, off = 0, irq = 1;
	uint8_t *p = gpa_ptr(g, page, PAGE_SIZE);

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
			d->vq[q] = vq_legacy(LGUEST_BUS_RING_NUM, next_ring);
			d->vq_enabled[q] = true;	/* the rings are always there */
			d->irq[q] = (uint8_t)irq++;
			vqc[q] = (struct vq_config){ LGUEST_BUS_RING_NUM, d->irq[q], next_ring >> 12 };
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
	const struct desc_head *h = gpa_ptr(g, g->bus_desc[i], sizeof(*h));
	uint8_t status = h->status;

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
