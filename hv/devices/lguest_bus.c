// SPDX-License-Identifier: GPL-2.0-only
/*
 * The device page.  We offer one device, the console, with two rings of
 * 256 entries; its host feature bytes are all zero (the original Launcher
 * offered no console features either), so the guest drives a single port
 * on queues 0 (receive) and 1 (transmit).
 *
 * NOTIFY(gpa) means, by the address: a ring's base is a kick; the
 * descriptor's own address is a status change (every status write for
 * 2.6.26-3.0 guests; reset, failure and "features final" from 3.1); any
 * other address is an early-console string.
 */
#include "hv/devices/lguest_bus.h"
#include "hv/devices/console_out.h"
#include "mm/guest_mem.h"
#include "mm/paging.h"
#include "lib/log.h"

#define STATUS_FAILED 0x80

struct __attribute__((packed)) device_desc {
	uint8_t type, num_vq, feature_len, config_len, status;
	struct __attribute__((packed)) {
		uint16_t num, irq;
		uint32_t pfn;
	} vq[2];
	uint8_t host_features[VCONS_FEATURE_LEN];
	uint8_t guest_features[VCONS_FEATURE_LEN];
};

void bus_setup(struct guest *g)
{
	struct vcons *c = &g->console;
	uint32_t page = g->mem_size;	/* the guest's max_pfn << 12 */
	uint32_t ring_pages = (vq_size(VCONS_RING_NUM) + PAGE_SIZE - 1) / PAGE_SIZE;
	struct device_desc *d = gpa_ptr(g, page, PAGE_SIZE);

	c->desc_gpa = page;
	c->rx = (struct vq){ .num = VCONS_RING_NUM, .gpa = page + PAGE_SIZE };
	c->tx = (struct vq){ .num = VCONS_RING_NUM, .gpa = page + (1 + ring_pages) * PAGE_SIZE };
	d->type = LGUEST_DEVICE_CONSOLE;
	d->num_vq = 2;
	d->feature_len = VCONS_FEATURE_LEN;
	d->config_len = 0;
	d->status = 0;
	d->vq[0].num = VCONS_RING_NUM;
	d->vq[0].irq = VCONS_RX_IRQ;
	d->vq[0].pfn = c->rx.gpa >> 12;
	d->vq[1].num = VCONS_RING_NUM;
	d->vq[1].irq = VCONS_TX_IRQ;
	d->vq[1].pfn = c->tx.gpa >> 12;
	/* The byte after the descriptor is 0: the end of the device list. */
}

static void status_changed(struct guest *g)
{
	const struct device_desc *d = gpa_ptr(g, g->console.desc_gpa, sizeof(*d));
	uint8_t status = d->status;

	if (status == 0) {
		vcons_reset(g);
	} else if ((status & STATUS_FAILED) && !(g->console.status & STATUS_FAILED)) {
		kprintf("hv: guest %s: its console driver reports failure (status %#x)\n",
			g->name, status);
	}
	g->console.status = status;
}

bool bus_notify(struct guest *g, uint32_t gpa)
{
	struct vcons *c = &g->console;

	if (gpa == c->tx.gpa) {
		out_kick(g);
	} else if (gpa == c->rx.gpa) {
		vcons_receive(g);	/* it posted buffers: fill them */
	} else if (gpa == c->desc_gpa) {
		status_changed(g);
	} else {
		return false;
	}
	return true;
}
