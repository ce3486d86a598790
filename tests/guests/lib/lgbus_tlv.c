// SPDX-License-Identifier: GPL-2.0-only
/*
 * The lguest device page of 2.6.24 (G1), as that release's
 * lguest_device.c, virtio.c and drivers use it: the generic device half
 * (lib/vdev.h) and the console's bring-up (lib/vtransport.h).  Why a file
 * of its own: in 2.6.24 a device's configuration is not a fixed layout but
 * a list of typed fields, and finding a field changes the page.
 *
 *  - The page is at gpa = RAM size, as from 2.6.25.  Each descriptor is
 *    {u8 type, u8 config_len, u8 status, config[config_len]}, packed,
 *    until type 0 or the page's end.
 *  - config is fields {u8 type, u8 len, data[len]}.  Looking a field up
 *    (lg_find) takes the first whose type byte is exactly the one wanted
 *    and sets bit 7 of that byte: the host can see what we used, and the
 *    same field is never found twice.  So each virtqueue is a field of
 *    type 2 (VIRTIO_CONFIG_F_VIRTQUEUE, {u16 num, u16 irq, u32 pfn}), and
 *    find_vq takes the next unused one; device fields are 0x40 (feature
 *    bits: the host's half, then our acknowledgements), 0x41 and up.
 *  - Status: ACKNOWLEDGE when the device is registered, DRIVER before the
 *    driver's probe, DRIVER_OK or FAILED after; never a reset (there is
 *    no reset operation yet) and never a NOTIFY for any of it.
 *  - Rings as later: vring_size(num, 4096) at pfn << 12, kick =
 *    NOTIFY(pfn << 12).  A queue found without a callback has
 *    VRING_AVAIL_F_NO_INTERRUPT set: the 2.6.24 console has no callback
 *    on either queue (hvc polls for input), so it gets no interrupts.
 */
#include "vtransport.h"
#include "vdev.h"

#if LG_TLV_DEVICES

#define DEVICE_TYPE_CONSOLE 3
#define FIELD_VIRTQUEUE 2
#define FIELD_FEATURES 0x40
#define FIELD_USED 0x80
#define VRING_ALIGN 4096
#define RING_VA 0xF8200000u		/* the rings' window, after the device page */
#define RING_VA_SPAN 0x10000u

struct __attribute__((packed)) lguest_vqconfig {
	uint16_t num, irq;
	uint32_t pfn;
};

struct __attribute__((packed)) lguest_device_desc_tlv {
	uint8_t type, config_len, status;
};

static unsigned rings_mapped;

static volatile struct lguest_device_desc_tlv *head(struct vdev *d)
{
	return (volatile void *)d->desc;
}

static volatile uint8_t *config(struct vdev *d)
{
	return d->desc + sizeof(struct lguest_device_desc_tlv);
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
		if (off + sizeof(struct lguest_device_desc_tlv) > PAGE_SIZE)
			return fail("no device %u of type %u on the device page", k, id);
		const struct lguest_device_desc_tlv *h = (const void *)(page + off);
		if (h->type == 0)
			return fail("no device %u of type %u on the device page (%u of that type, "
				    "%u bytes of descriptors)", k, id, seen, off);
		uint32_t size = sizeof(*h) + h->config_len;
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
	d->config_len = head(d)->config_len;
	/* How many queues: only for reports (Linux never counts them). */
	for (unsigned i = 0; i + 2 <= d->config_len; i += 2 + config(d)[i + 1])
		if ((config(d)[i] & ~FIELD_USED) == FIELD_VIRTQUEUE)
			d->nr_vq++;
	return NULL;
}

/* lg_find: the first field of exactly this type, marked used; its data
 * and length, or NULL. */
static volatile uint8_t *find_field(struct vdev *d, uint8_t type, unsigned *len)
{
	volatile uint8_t *c = config(d);

	for (unsigned i = 0; i + 2 <= d->config_len; i += 2 + c[i + 1]) {
		if (c[i] != type)
			continue;
		c[i] = c[i] | FIELD_USED;
		*len = c[i + 1];
		if (i + 2 + *len > d->config_len)
			return NULL;
		return c + i + 2;
	}
	return NULL;
}

const char *vdev_tlv_get(struct vdev *d, uint8_t type, void *buf, unsigned len)
{
	unsigned have = 0;
	volatile uint8_t *data = find_field(d, type, &have);

	if (!data)
		return fail("no config field %#x", type);
	if (have != len)	/* virtio_config_val: the size must match */
		return fail("config field %#x has %u bytes, expected %u", type, have, len);
	for (unsigned i = 0; i < len; i++)
		((uint8_t *)buf)[i] = data[i];
	return NULL;
}

/* No reset in 2.6.24. */
void vdev_reset(struct vdev *d)
{
	(void)d;
}

void vdev_add_status(struct vdev *d, uint8_t bits)
{
	head(d)->status = head(d)->status | bits;	/* no NOTIFY */
}

uint8_t vdev_status(struct vdev *d)
{
	return head(d)->status;
}

/* The feature field (0x40), if the device has one: the first half is the
 * host's bits.  Only the drivers that look for it call this. */
uint64_t vdev_get_features(struct vdev *d)
{
	unsigned len = 0;
	volatile uint8_t *bits = find_field(d, FIELD_FEATURES, &len);

	d->host_features = 0;
	d->features = bits;
	d->features_len = bits ? (uint8_t)len : 0;
	for (unsigned b = 0; bits && b < len / 2 * 8u && b < 64; b++)
		if (bits[b / 8] & (1u << (b % 8)))
			d->host_features |= 1ull << b;
	return d->host_features;
}

/* virtio_use_bit for each wanted bit the host has: set its acknowledgement
 * in the second half of the field. */
const char *vdev_finalize_features(struct vdev *d, uint64_t wanted)
{
	unsigned half = d->features_len / 2;

	d->guest_features = d->host_features & wanted;
	for (unsigned b = 0; b < half * 8u && b < 64; b++)
		if (d->guest_features & (1ull << b))
			d->features[half + b / 8] = d->features[half + b / 8] | (1u << (b % 8));
	return NULL;
}

unsigned vdev_config_len(struct vdev *d)
{
	return d->config_len;
}

/* lg_find_vq: the next unused virtqueue field, then the ring mapped. */
const char *vdev_find_vq(struct vdev *d, unsigned i, struct vqueue *q, bool no_interrupt)
{
	struct lguest_vqconfig cfg;

	if (i != d->nr_found || i >= VDEV_MAX_VQ)
		return fail("queue %u asked for after %u: 2.6.24 finds them in order", i,
			    d->nr_found);
	if (vdev_tlv_get(d, FIELD_VIRTQUEUE, &cfg, sizeof(cfg)))
		return fail("queue %u: no virtqueue field of 8 bytes left", i);
	d->nr_found++;
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
	d->vq_num[i] = cfg.num;
	const char *why = vq_init(q, (void *)(uintptr_t)va, pa, cfg.num, VRING_ALIGN,
				  no_interrupt);
	return why ? fail("queue %u: %s", i, why) : NULL;
}

void vdev_enable_vqs(struct vdev *d)
{
	(void)d;
}

void vdev_kick(struct vdev *d, unsigned i)
{
	hcall(LHCALL_NOTIFY, d->ring_gpa[i], 0, 0, 0);
}

bool vdev_irq_ours(struct vdev *d)
{
	(void)d;
	return true;
}

/* ---- the console ------------------------------------------------------------ */

static struct vdev con;

void vtransport_kick(int queue)
{
	vdev_kick(&con, (unsigned)queue);
}

/* Never raised while the queues say NO_INTERRUPT; counted if it is. */
static void interrupt(struct trap_frame *f)
{
	uint32_t irq = f->vector - IRQ_VECTOR(0);

	for (int q = 0; q < 2; q++)
		if (irq == con.irq[q])
			vcons.irqs[q]++;
}

static const char *failed(const char *why)
{
	vdev_add_status(&con, VIRTIO_CONFIG_S_FAILED);
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
	vcons.config_len = con.config_len;

	/* register_virtio_device: ACKNOWLEDGE; virtio_dev_probe: DRIVER;
	 * virtio_console's probe: the input queue, then the output queue,
	 * neither with a callback; the first input buffer; DRIVER_OK. */
	vdev_add_status(&con, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	vdev_add_status(&con, VIRTIO_CONFIG_S_DRIVER);
	for (int i = 0; i < 2; i++) {
		if ((why = vdev_find_vq(&con, i, vcons_queue(i), true)))
			return failed(why);
		vcons.vq[i].num = con.vq_num[i];
		vcons.vq[i].irq = con.irq[i];
		vcons.vq[i].pfn = con.ring_gpa[i] >> 12;
		irq_handlers[con.irq[i]] = interrupt;
		irq_unblock(con.irq[i]);
	}
	vcons_fill_rx();
	vdev_add_status(&con, VIRTIO_CONFIG_S_DRIVER_OK);
	return NULL;
}

#endif
