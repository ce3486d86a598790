// SPDX-License-Identifier: GPL-2.0-only
/*
 * The classic lguest device bus for G2-G7, as Linux's lguest_device.c
 * drives it: the generic device half (lib/vdev.h, used by lib/vblk.c)
 * and the console's bring-up on it (lib/vtransport.h; the ring and
 * console side is lib/vcons.c).
 *
 *  - The device page is one page at gpa = RAM size (e820_map[0].size,
 *    Linux's max_pfn << 12), which we map ourselves (Linux ioremaps it);
 *    descriptors are packed back to back, {u8 type, num_vq, feature_len,
 *    config_len, status; vqconfig[num_vq] {u16 num, u16 irq, u32 pfn};
 *    host features; guest features; config}, until type 0 or the page's
 *    end.  The k-th of a type is the k-th in that order.
 *  - Status: reset (0), ACKNOWLEDGE, DRIVER, features, queues, DRIVER_OK,
 *    written straight into the descriptor.  G2-G6 (2.6.26-3.0) follow
 *    every status write with NOTIFY(gpa of the descriptor); G7 (3.1+)
 *    only a reset, FAILED, and once at the end of finalize_features,
 *    after writing the accepted feature bits.  So a queue can be kicked
 *    before DRIVER_OK in every generation, and after the features were
 *    final in G7, as in Linux.
 *  - Features: the host's bytes, up to 32 bits; transport bits 28-31 are
 *    never accepted.  The accepted set is written at finalize time.  The
 *    console accepts only VIRTIO_CONSOLE_F_SIZE (and ignores the size).
 *  - Rings: the legacy layout, vring_init(num, 4096) at vqconfig.pfn <<
 *    12, mapped by us; kick = NOTIFY(pfn << 12).  2.6.32/2.6.35-era
 *    console drivers have no transmit callback, so G2-G6 set
 *    VRING_AVAIL_F_NO_INTERRUPT there; G7 (3.x, with out_intr) leaves
 *    transmit interrupts on.
 *  - Interrupts: each queue's vqconfig.irq, vector 0x20 + irq, unmasked
 *    in lguest_data.blocked_interrupts.
 */
#include "vtransport.h"
#include "vdev.h"

#if !LG_PCI && !LG_TLV_DEVICES

#define DEVICE_TYPE_CONSOLE 3
#define STATUS_ACK 1
#define STATUS_DRIVER 2
#define STATUS_DRIVER_OK 4
#define STATUS_FAILED 0x80
#define CONSOLE_F_SIZE (1u << 0)
#define TRANSPORT_FEATURES 0xF0000000u	/* bits 28-31: never ours to accept */
#define VRING_ALIGN 4096
#define RING_VA 0xF8200000u		/* the rings' window, after the device page */
#define RING_VA_SPAN 0x10000u

struct __attribute__((packed)) lguest_vqconfig {
	uint16_t num, irq;
	uint32_t pfn;
};

struct __attribute__((packed)) lguest_device_desc {
	uint8_t type, num_vq, feature_len, config_len, status;
};

static unsigned rings_mapped;

/* ---- the generic half (lib/vdev.h) ------------------------------------------ */

static volatile struct lguest_device_desc *head(struct vdev *d)
{
	return (volatile void *)d->desc;
}

static const struct lguest_vqconfig *vqconfig(struct vdev *d)
{
	return (const void *)(d->desc + sizeof(struct lguest_device_desc));
}

static uint8_t *host_feature_bytes(struct vdev *d)
{
	return (uint8_t *)(uintptr_t)(vqconfig(d) + d->nr_vq);
}

static volatile uint8_t *config(struct vdev *d)
{
	return host_feature_bytes(d) + 2 * d->feature_len;
}

const char *vdev_find(struct vdev *d, unsigned id, unsigned k, uint32_t va)
{
	const uint8_t *page = (const uint8_t *)(uintptr_t)VDEV_PAGE_VA;
	uint32_t off = 0;
	unsigned seen = 0;

	(void)va;
	memset(d, 0, sizeof(*d));
	map_page(VDEV_PAGE_VA, ram_bytes, PTE_KERNEL);	/* max_pfn << PAGE_SHIFT */
	for (;;) {
		if (off + sizeof(struct lguest_device_desc) > PAGE_SIZE)
			return fail("no device %u of type %u on the device page", k, id);
		const struct lguest_device_desc *h = (const void *)(page + off);
		if (h->type == 0)
			return fail("no device %u of type %u on the device page (%u of that type, "
				    "%u bytes of descriptors)", k, id, seen, off);
		uint32_t size = sizeof(*h) + h->num_vq * sizeof(struct lguest_vqconfig) +
				h->feature_len * 2u + h->config_len;
		if (off + size > PAGE_SIZE)
			return fail("descriptor at %u runs off the device page", off);
		if (h->type == id && seen++ == k)
			break;
		off += size;
	}
	d->id = id;
	d->index = k;
	d->desc = (volatile uint8_t *)(page + off);
	d->desc_off = off;
	d->desc_gpa = ram_bytes + off;
	d->nr_vq = head(d)->num_vq;
	d->feature_len = head(d)->feature_len;
	d->config_len = head(d)->config_len;
	for (unsigned q = 0; q < d->nr_vq && q < VDEV_MAX_VQ; q++)
		d->irq[q] = (uint8_t)vqconfig(d)[q].irq;
	return NULL;
}

static void status_notify(struct vdev *d)
{
	d->status_notifies++;
	hcall(LHCALL_NOTIFY, d->desc_gpa, 0, 0, 0);
}

/* lg_reset: status 0, and the host hears of it in every generation. */
void vdev_reset(struct vdev *d)
{
	head(d)->status = 0;
	barrier();
	status_notify(d);
}

/* The virtio core's add_status, through lg_set_status. */
void vdev_add_status(struct vdev *d, uint8_t bits)
{
	head(d)->status = head(d)->status | bits;
	barrier();
#if LG_GEN < 7
	status_notify(d);		/* 2.6.26-3.0: every status write */
#else
	if (bits & STATUS_FAILED)	/* 3.1+: only failure (and reset, finalize) */
		status_notify(d);
#endif
}

uint8_t vdev_status(struct vdev *d)
{
	return head(d)->status;
}

uint64_t vdev_get_features(struct vdev *d)
{
	const uint8_t *host = host_feature_bytes(d);

	d->host_features = 0;
	for (unsigned b = 0; b < d->feature_len * 8u && b < 32; b++)
		if (host[b / 8] & (1u << (b % 8)))
			d->host_features |= 1ull << b;
	return d->host_features;
}

/* finalize_features: the accepted set into the guest bytes. */
const char *vdev_finalize_features(struct vdev *d, uint64_t wanted)
{
	uint8_t *guest = host_feature_bytes(d) + d->feature_len;

	d->guest_features = d->host_features & wanted & ~(uint64_t)TRANSPORT_FEATURES;
	memset(guest, 0, d->feature_len);
	for (unsigned b = 0; b < d->feature_len * 8u && b < 32; b++)
		if (d->guest_features & (1ull << b))
			guest[b / 8] |= 1u << (b % 8);
#if LG_GEN >= 7
	barrier();
	status_notify(d);	/* "features final; start the device" */
#endif
	return NULL;
}

/* lg_get: plain bytes of the descriptor, any width. */
uint8_t vdev_config8(struct vdev *d, unsigned off) { return config(d)[off]; }

uint16_t vdev_config16(struct vdev *d, unsigned off)
{
	return (uint16_t)(vdev_config8(d, off) | vdev_config8(d, off + 1) << 8);
}

uint32_t vdev_config32(struct vdev *d, unsigned off)
{
	return vdev_config16(d, off) | (uint32_t)vdev_config16(d, off + 2) << 16;
}

uint64_t vdev_config64(struct vdev *d, unsigned off)
{
	return vdev_config32(d, off) | (uint64_t)vdev_config32(d, off + 4) << 32;
}

unsigned vdev_config_len(struct vdev *d)
{
	return d->config_len;
}

/* lg_find_vq: map the ring (ioremap; write-back from 2.6.26) and hand
 * it to the ring code. */
const char *vdev_find_vq(struct vdev *d, unsigned i, struct vqueue *q, bool no_interrupt)
{
	if (i >= d->nr_vq || i >= VDEV_MAX_VQ)
		return fail("queue %u: the device has %u", i, d->nr_vq);
	struct lguest_vqconfig cfg;
	memcpy(&cfg, &vqconfig(d)[i], sizeof(cfg));
	uint32_t size, pa = cfg.pfn << 12, va = RING_VA + RING_VA_SPAN * rings_mapped;

	if (!cfg.num || (cfg.num & (cfg.num - 1)))
		return fail("queue %u has %u entries", i, cfg.num);
	if (cfg.irq >= NR_GUEST_IRQS || cfg.irq == 0)
		return fail("queue %u uses IRQ %u", i, cfg.irq);
	size = vring_size(cfg.num, VRING_ALIGN);
	if (size > RING_VA_SPAN)
		return fail("queue %u's ring is %u bytes", i, size);
	if (rings_mapped >= (VDEV_PAGE_VA + 0x01000000u - RING_VA) / RING_VA_SPAN)
		return fail("no room left to map rings");
	rings_mapped++;
	for (uint32_t off = 0; off < size; off += PAGE_SIZE)
		map_page(va + off, pa + off, PTE_KERNEL);
	d->ring_gpa[i] = pa;
	d->irq[i] = (uint8_t)cfg.irq;
	const char *why = vq_init(q, (void *)(uintptr_t)va, pa, cfg.num, VRING_ALIGN,
				  no_interrupt);
	return why ? fail("queue %u: %s", i, why) : NULL;
}

void vdev_enable_vqs(struct vdev *d)
{
	(void)d;	/* the rings are always there */
}

void vdev_kick(struct vdev *d, unsigned i)
{
	hcall(LHCALL_NOTIFY, d->ring_gpa[i], 0, 0, 0);
}

bool vdev_irq_ours(struct vdev *d)
{
	(void)d;	/* one interrupt per queue: it is */
	return true;
}

/* ---- the console ------------------------------------------------------------ */

static struct vdev con;
static struct vqueue *con_vq[2];

void vtransport_kick(int queue)
{
	vdev_kick(&con, (unsigned)queue);
}

static void interrupt(struct trap_frame *f)
{
	uint32_t irq = f->vector - IRQ_VECTOR(0);

	for (int q = 0; q < 2; q++)
		if (con.irq[q] && irq == con.irq[q]) {
			vcons.irqs[q]++;
			vcons_used(q);
		}
}

static const char *failed(const char *why)
{
	vdev_add_status(&con, STATUS_FAILED);
	return why;
}

const char *vtransport_probe(void)
{
	const char *why;

	if ((why = vdev_find(&con, DEVICE_TYPE_CONSOLE, 0, VDEV_PAGE_VA)))
		return fail("no console on the device page (%s)", why);
	vcons.page_gpa = ram_bytes;
	vcons.desc_offset = con.desc_off;
	vcons.num_vq = (uint8_t)con.nr_vq;
	vcons.feature_len = con.feature_len;
	vcons.config_len = con.config_len;

	/* register_virtio_device: reset, ACKNOWLEDGE; the bus probe: DRIVER. */
	vdev_reset(&con);
	vdev_add_status(&con, STATUS_ACK);
	vdev_add_status(&con, STATUS_DRIVER);
	vcons.host_features = (uint32_t)vdev_get_features(&con);
	vdev_finalize_features(&con, CONSOLE_F_SIZE);
	vcons.guest_features = (uint32_t)con.guest_features;

	/* virtio_console's probe: find_vqs (receive, transmit), then fill
	 * the receive queue and kick it. */
	if (con.nr_vq < 2)
		return failed(fail("the console has %u queues, needs 2", con.nr_vq));
	for (int i = 0; i < 2; i++) {
		const struct lguest_vqconfig *c = &vqconfig(&con)[i];
		vcons.vq[i].num = c->num;
		vcons.vq[i].irq = c->irq;
		vcons.vq[i].pfn = c->pfn;
		con_vq[i] = vcons_queue(i);
		if ((why = vdev_find_vq(&con, i, con_vq[i], LG_GEN < 7 && i == VCONS_TX)))
			return failed(why);
		irq_handlers[con.irq[i]] = interrupt;
		irq_unblock(con.irq[i]);
	}
	vcons_fill_rx();
	vdev_add_status(&con, STATUS_DRIVER_OK);
	vcons.status_notifies = con.status_notifies;
	return NULL;
}

#endif
