// SPDX-License-Identifier: GPL-2.0-only
/*
 * A virtio-blk driver for the test guests, the guest half of a disk as
 * virtio_blk.c of 2.6.24-4.13 drives it, over the transport of the
 * generation (lib/vdev.h: the lguest device page up to G7, virtio 1.0
 * PCI from G8), so that lgtest=vblk and the disk attacks check the
 * hypervisor's block device against what a real kernel sends:
 *  - probe: reset, ACKNOWLEDGE, DRIVER, our features from what is
 *    offered (lib/vblk.h), the config fields those features make valid
 *    (capacity always; seg_max, size_max, blk_size when offered), one
 *    queue, DRIVER_OK; the RO feature makes the disk read-only;
 *  - 2.6.24 (G1): register ACKNOWLEDGE, probe DRIVER, the queue first,
 *    then its typed config fields (0x40 features: BARRIER only; 0x41
 *    capacity, required; 0x42 size_max and 0x43 seg_max if there), each
 *    found once; its header is 24 bytes (lib/vblk.h);
 *  - requests: any chain the caller builds, offered on queue 0 and kicked
 *    unless the host said VRING_USED_F_NO_NOTIFY; completion by polling
 *    the used ring, each used element checked by lib/virtqueue.c;
 *  - the queue's interrupt (lguest bus: the queue's own IRQ; PCI: the
 *    slot's line, acknowledged by reading the ISR) is counted per disk,
 *    so a test can check that it arrives.
 */
#include "vblk.h"
#include <linux/virtio_config.h>
#include <linux/virtio_ids.h>

#define VBLK_BAR_VA(k) (0xF8100000u + (k) * PAGE_SIZE)	/* PCI: each disk's BAR 0 */
#define RUN_TIMEOUT_NS 5000000000ull

static struct vblk *by_irq[NR_GUEST_IRQS];

static void interrupt(struct trap_frame *f)
{
	struct vblk *b = by_irq[f->vector - IRQ_VECTOR(0)];

	if (b && vdev_irq_ours(&b->dev))
		b->irqs++;
}

static const char *failed(struct vblk *b, const char *why)
{
	vdev_add_status(&b->dev, VIRTIO_CONFIG_S_FAILED);
	return fail("%s: %s", b->name, why);
}

const char *vblk_open(struct vblk *b, unsigned k)
{
	struct vdev *d = &b->dev;
	const char *why;

	memset(b, 0, sizeof(*b));
	b->name[0] = 'v';
	b->name[1] = 'd';
	b->name[2] = (char)('a' + k);
	if (k >= VBLK_MAX)
		return fail("we drive at most %u disks", VBLK_MAX);
	if ((why = vdev_find(d, VIRTIO_ID_BLOCK, k, VBLK_BAR_VA(k))))
		return why;
#if LG_TLV_DEVICES
	irq_disable();
	vdev_add_status(d, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	vdev_add_status(d, VIRTIO_CONFIG_S_DRIVER);
	if ((why = vdev_find_vq(d, 0, &b->vq, false))) {
		irq_enable_now();
		return failed(b, why);
	}
	vdev_get_features(d);
	vdev_finalize_features(d, 1ull << VBLK_F_BARRIER_2_6_24);
	if ((why = vdev_tlv_get(d, VBLK_FIELD_CAPACITY, &b->capacity, sizeof(b->capacity)))) {
		irq_enable_now();
		return failed(b, why);
	}
	/* Optional, but a field of the wrong size fails the probe. */
	if (vdev_tlv_get(d, VBLK_FIELD_SIZE_MAX, &b->size_max, sizeof(b->size_max)))
		b->size_max = 0;
	if (vdev_tlv_get(d, VBLK_FIELD_SEG_MAX, &b->seg_max, sizeof(b->seg_max)))
		b->seg_max = 0;
#else
	if ((why = vdev_negotiate(d, VBLK_FEATURES))) {
		irq_enable_now();
		return fail("%s: %s", b->name, why);
	}
	b->capacity = vdev_config64(d, offsetof(struct virtio_blk_config, capacity));
	if (d->guest_features & (1ull << VIRTIO_BLK_F_SIZE_MAX))
		b->size_max = vdev_config32(d, offsetof(struct virtio_blk_config, size_max));
	if (d->guest_features & (1ull << VIRTIO_BLK_F_SEG_MAX))
		b->seg_max = vdev_config32(d, offsetof(struct virtio_blk_config, seg_max));
	if (d->guest_features & (1ull << VIRTIO_BLK_F_BLK_SIZE))
		b->blk_size = vdev_config32(d, offsetof(struct virtio_blk_config, blk_size));
	b->ro = d->guest_features & (1ull << VIRTIO_BLK_F_RO);
	if (d->nr_vq < 1) {
		irq_enable_now();
		return failed(b, "the disk has no queue");
	}
	if ((why = vdev_find_vq(d, 0, &b->vq, false))) {
		irq_enable_now();
		return failed(b, why);
	}
#endif
	vdev_enable_vqs(d);
	by_irq[d->irq[0]] = b;
	irq_handlers[d->irq[0]] = interrupt;
	irq_unblock(d->irq[0]);
	vdev_add_status(d, VIRTIO_CONFIG_S_DRIVER_OK);
	irq_enable_now();
	return NULL;
}

void vblk_header(struct vblk_req *r, uint32_t type, uint64_t sector)
{
	r->hdr.type = type;
	r->hdr.ioprio = 0;
	r->hdr.sector = sector;
#if LG_TLV_DEVICES
	r->hdr.id = 0;
#endif
	r->status = 0xEE;	/* not a status the device may answer with */
}

bool vblk_submit(struct vblk *b, const struct vq_sg *sg, unsigned n, const void *token)
{
	if (!vq_add(&b->vq, sg, n, token))
		return false;
	if (vq_kick_wanted(&b->vq)) {
		b->kicks++;
		vdev_kick(&b->dev, 0);
	}
	return true;
}

const void *vblk_complete(struct vblk *b, uint32_t *used, const char **why)
{
	const void *token = vq_get(&b->vq, used, why);

	if (*why)
		*why = fail("%s: %s", b->name, *why);
	return token;
}

const char *vblk_run(struct vblk *b, const struct vq_sg *sg, unsigned n, uint32_t *used)
{
	static const char token;
	const char *why;
	const void *got;

	if (b->vq.num_free != b->vq.num)
		return fail("%s: a request is still in flight", b->name);
	if (!vblk_submit(b, sg, n, &token))
		return fail("%s: a chain of %u does not fit the ring of %u", b->name, n, b->vq.num);
	uint64_t t0 = rdtsc();
	while (!(got = vblk_complete(b, used, &why))) {
		if (why)
			return why;
		if (tsc_to_ns(rdtsc() - t0) > RUN_TIMEOUT_NS)
			return fail("%s: a request of %u descriptors was not used within 5 s",
				    b->name, n);
		asm volatile("pause");
	}
	return got == &token ? NULL : fail("%s: the used ring returned another chain", b->name);
}

const char *vblk_rw(struct vblk *b, uint32_t type, uint64_t sector, void *buf, uint32_t len,
		    uint8_t *status, uint32_t *used)
{
	static struct vblk_req r;
	struct vq_sg sg[3];
	unsigned n = 0;
	const char *why;
	bool in = type == VIRTIO_BLK_T_IN || type == VIRTIO_BLK_T_GET_ID;

	vblk_header(&r, type, sector);
	sg[n++] = (struct vq_sg){ __pa(&r.hdr), sizeof(r.hdr), false };
	if (len)
		sg[n++] = (struct vq_sg){ __pa(buf), len, in };
	sg[n++] = (struct vq_sg){ __pa(&r.status), 1, true };
	if ((why = vblk_run(b, sg, n, used)))
		return why;
	*status = r.status;
	return NULL;
}
