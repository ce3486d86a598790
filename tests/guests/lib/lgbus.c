// SPDX-License-Identifier: GPL-2.0-only
/*
 * The virtio console's transport for G5-G7: the classic lguest device
 * bus, as Linux's lguest_device.c drives it (the ring and console side is
 * lib/vcons.c).
 *
 *  - The device page is one page at gpa = RAM size (e820_map[0].size,
 *    Linux's max_pfn << 12), which we map ourselves (Linux ioremaps it);
 *    descriptors are packed back to back, {u8 type, num_vq, feature_len,
 *    config_len, status; vqconfig[num_vq] {u16 num, u16 irq, u32 pfn};
 *    host features; guest features; config}, until type 0 or the page's
 *    end.  We take the first of type 3 (VIRTIO_ID_CONSOLE).
 *  - Status: reset (0), ACKNOWLEDGE, DRIVER, features, queues, DRIVER_OK,
 *    written straight into the descriptor.  G5/G6 (2.6.26-3.0) follow
 *    every status write with NOTIFY(gpa of the descriptor); G7 (3.1+)
 *    only a reset, FAILED, and once at the end of finalize_features,
 *    after writing the accepted feature bits.  So the receive queue is
 *    kicked before DRIVER_OK in every generation, and after the features
 *    were final in G7, as in Linux.
 *  - Features: the host's bytes, up to 32 bits; we accept only
 *    VIRTIO_CONSOLE_F_SIZE (and ignore the size); transport bits 28-31
 *    are never accepted.  The accepted set is written at finalize time.
 *  - Rings: the legacy layout, vring_init(num, 4096) at vqconfig.pfn <<
 *    12, mapped by us; kick = NOTIFY(pfn << 12).  2.6.32/2.6.35-era
 *    drivers have no transmit callback, so G5/G6 set
 *    VRING_AVAIL_F_NO_INTERRUPT there; G7 (3.x, with out_intr) leaves
 *    transmit interrupts on.
 *  - Interrupts: each queue's vqconfig.irq, vector 0x20 + irq, unmasked
 *    in lguest_data.blocked_interrupts.
 */
#include "vtransport.h"
#include <linux/virtio_ring.h>

#if !LG_PCI

#define DEVICE_TYPE_CONSOLE 3
#define STATUS_ACK 1
#define STATUS_DRIVER 2
#define STATUS_DRIVER_OK 4
#define STATUS_FAILED 0x80
#define CONSOLE_F_SIZE (1u << 0)
#define SUPPORTED_FEATURES CONSOLE_F_SIZE
#define VRING_ALIGN 4096

struct __attribute__((packed)) lguest_vqconfig {
	uint16_t num, irq;
	uint32_t pfn;
};

struct __attribute__((packed)) lguest_device_desc {
	uint8_t type, num_vq, feature_len, config_len, status;
};

static volatile struct lguest_device_desc *desc;
static uint32_t desc_gpa;
static uint32_t ring_gpa[2];
static uint16_t ring_irq[2];

/* ---- the status byte ------------------------------------------------------ */

static void status_notify(void)
{
	vcons.status_notifies++;
	hcall(LHCALL_NOTIFY, desc_gpa, 0, 0, 0);
}

/* lg_reset: status 0, and the host hears of it in every generation. */
static void reset_device(void)
{
	desc->status = 0;
	barrier();
	status_notify();
}

/* The virtio core's add_status, through lg_set_status. */
static void add_status(uint8_t bits)
{
	desc->status = desc->status | bits;
	barrier();
#if LG_GEN < 7
	status_notify();		/* 2.6.26-3.0: every status write */
#else
	if (bits & STATUS_FAILED)	/* 3.1+: only failure (and reset, finalize) */
		status_notify();
#endif
}

void vtransport_kick(int queue)
{
	hcall(LHCALL_NOTIFY, ring_gpa[queue], 0, 0, 0);
}

static void interrupt(struct trap_frame *f)
{
	uint32_t irq = f->vector - IRQ_VECTOR(0);

	for (int q = 0; q < 2; q++)
		if (ring_irq[q] && irq == ring_irq[q]) {
			vcons.irqs[q]++;
			vcons_used(q);
		}
}

/* lg_find_vq: map the ring (ioremap; write-back from 2.6.26) and hand
 * it to the ring code. */
static const char *find_vq(int i, const struct lguest_vqconfig *cfg)
{
	uint32_t size, pa = cfg->pfn << 12, va = VCONS_RING_VA(i);

	if (!cfg->num || (cfg->num & (cfg->num - 1)))
		return fail("queue %d has %u entries", i, cfg->num);
	if (cfg->irq >= NR_GUEST_IRQS || cfg->irq == 0)
		return fail("queue %d uses IRQ %u", i, cfg->irq);
	size = vring_size(cfg->num, VRING_ALIGN);
	if (size > VCONS_RING_VA_SPAN)
		return fail("queue %d's ring is %u bytes", i, size);
	for (uint32_t off = 0; off < size; off += PAGE_SIZE)
		map_page(va + off, pa + off, PTE_KERNEL);
	ring_gpa[i] = pa;
	ring_irq[i] = cfg->irq;
	return vcons_ring_init(i, (void *)(uintptr_t)va, pa, cfg->num, VRING_ALIGN,
			       LG_GEN < 7 && i == VCONS_TX);
}

const char *vtransport_probe(void)
{
	const uint8_t *page = (const uint8_t *)(uintptr_t)VCONS_VA;
	uint32_t off = 0;
	const char *why;

	vcons.page_gpa = ram_bytes;	/* max_pfn << PAGE_SHIFT */
	map_page(VCONS_VA, vcons.page_gpa, PTE_KERNEL);
	for (;;) {
		if (off + sizeof(struct lguest_device_desc) > PAGE_SIZE)
			return fail("no console on the device page");
		const struct lguest_device_desc *d = (const void *)(page + off);
		if (d->type == 0)
			return fail("no console on the device page (%u bytes of descriptors)", off);
		uint32_t size = sizeof(*d) + d->num_vq * sizeof(struct lguest_vqconfig) +
				d->feature_len * 2u + d->config_len;
		if (off + size > PAGE_SIZE)
			return fail("descriptor at %u runs off the device page", off);
		if (d->type == DEVICE_TYPE_CONSOLE)
			break;
		off += size;
	}
	desc = (volatile void *)(page + off);
	desc_gpa = vcons.page_gpa + off;
	vcons.desc_offset = off;
	vcons.num_vq = desc->num_vq;
	vcons.feature_len = desc->feature_len;
	vcons.config_len = desc->config_len;

	/* register_virtio_device: reset, ACKNOWLEDGE; the bus probe: DRIVER. */
	reset_device();
	add_status(STATUS_ACK);
	add_status(STATUS_DRIVER);

	const struct lguest_vqconfig *vqc = (const void *)(page + off + sizeof(*desc));
	uint8_t *host_feat = (uint8_t *)(vqc + desc->num_vq);
	uint8_t *guest_feat = host_feat + desc->feature_len;
	for (unsigned b = 0; b < desc->feature_len * 8u && b < 32; b++)
		if (host_feat[b / 8] & (1u << (b % 8)))
			vcons.host_features |= 1u << b;
	vcons.guest_features = vcons.host_features & SUPPORTED_FEATURES;

	/* finalize_features: the accepted set into the guest bytes. */
	memset(guest_feat, 0, desc->feature_len);
	for (unsigned b = 0; b < desc->feature_len * 8u && b < 32; b++)
		if (vcons.guest_features & (1u << b))
			guest_feat[b / 8] |= 1u << (b % 8);
#if LG_GEN >= 7
	barrier();
	status_notify();	/* "features final; start the device" */
#endif

	/* virtio_console's probe: find_vqs (receive, transmit), then fill
	 * the receive queue and kick it. */
	if (desc->num_vq < 2) {
		add_status(STATUS_FAILED);
		return fail("the console has %u queues, needs 2", desc->num_vq);
	}
	for (int i = 0; i < 2; i++) {
		struct lguest_vqconfig c;
		memcpy(&c, &vqc[i], sizeof(c));
		vcons.vq[i].num = c.num;
		vcons.vq[i].irq = c.irq;
		vcons.vq[i].pfn = c.pfn;
		if ((why = find_vq(i, &c))) {
			add_status(STATUS_FAILED);
			return why;
		}
		irq_handlers[c.irq] = interrupt;
		irq_unblock(c.irq);
	}
	vcons_fill_rx();
	add_status(STATUS_DRIVER_OK);
	return NULL;
}

#endif
