// SPDX-License-Identifier: GPL-2.0-only
/*
 * The generic virtio device (lib/vdev.h) on virtio 1.0 over PCI, for the
 * G8-G10 test guests' drivers other than the console (which has its own
 * bring-up in lib/vcons_pci.c): the device is found by scanning bus 0
 * for 1AF4:1040+ID as the PCI core would enumerate it, and driven through
 * lib/vpci.c in virtio_pci_modern.c's order -- reset, ACKNOWLEDGE,
 * DRIVER, the 64-bit features with VERSION_1, FEATURES_OK read back,
 * each queue's ring in our RAM (64-aligned, as SMP_CACHE_BYTES) with its
 * addresses as lo/hi pairs, queue_enable, and one INTx line whose ISR
 * the handler reads.
 */
#include "vdev.h"
#include <linux/pci_regs.h>
#include <linux/virtio_pci.h>
#include <linux/virtio_config.h>

#if LG_PCI

#define RING_ALIGN 64
#define RING_NUM 256
#define RING_BYTES (2 * PAGE_SIZE)

static uint8_t rings[VDEV_PCI_RINGS][RING_BYTES] __attribute__((aligned(4096)));
static unsigned rings_used;

const char *vdev_find(struct vdev *d, unsigned id, unsigned k, uint32_t va)
{
	unsigned seen = 0;

	memset(d, 0, sizeof(*d));
	for (unsigned slot = 0; slot < PCI_SLOTS; slot++) {
		uint32_t ids = pci_read32(slot, PCI_VENDOR_ID);
		if ((ids & 0xFFFF) != VIRTIO_PCI_VENDOR || (ids >> 16) != 0x1040 + id)
			continue;
		if (seen++ < k)
			continue;
		const char *why = vpci_open(&d->pci, slot, va);
		if (why)
			return why;
		d->id = id;
		d->index = k;
		d->nr_vq = mmio_read16(vpci_common(&d->pci, VIRTIO_PCI_COMMON_NUMQ));
		for (unsigned q = 0; q < VDEV_MAX_VQ; q++)
			d->irq[q] = d->pci.irq;
		return NULL;
	}
	return fail("no device %u of type %u on PCI bus 0 (%u of that type)", k, id, seen);
}

void vdev_reset(struct vdev *d) { vpci_reset(&d->pci); }
void vdev_add_status(struct vdev *d, uint8_t bits) { vpci_add_status(&d->pci, bits); }
uint8_t vdev_status(struct vdev *d) { return vpci_get_status(&d->pci); }

uint64_t vdev_get_features(struct vdev *d)
{
	return d->host_features = vpci_get_features(&d->pci);
}

const char *vdev_finalize_features(struct vdev *d, uint64_t wanted)
{
	d->guest_features = d->host_features & (wanted | 1ull << VIRTIO_F_VERSION_1);
	if (!(d->guest_features & (1ull << VIRTIO_F_VERSION_1))) {
		vdev_add_status(d, VIRTIO_CONFIG_S_FAILED);
		return fail("the device does not offer VIRTIO_F_VERSION_1 (features %#llx)",
			    (unsigned long long)d->host_features);
	}
	vpci_set_features(&d->pci, d->guest_features);
	vdev_add_status(d, VIRTIO_CONFIG_S_FEATURES_OK);
	if (!(vdev_status(d) & VIRTIO_CONFIG_S_FEATURES_OK)) {
		vdev_add_status(d, VIRTIO_CONFIG_S_FAILED);
		return fail("the device refused our features %#llx",
			    (unsigned long long)d->guest_features);
	}
	return NULL;
}

/* vp_get: each field read with its own width through the mapped BAR. */
uint8_t vdev_config8(struct vdev *d, unsigned off)
{
	return mmio_read8(vpci_device_cfg(&d->pci, off));
}

uint16_t vdev_config16(struct vdev *d, unsigned off)
{
	return mmio_read16(vpci_device_cfg(&d->pci, off));
}

uint32_t vdev_config32(struct vdev *d, unsigned off)
{
	return mmio_read32(vpci_device_cfg(&d->pci, off));
}

uint64_t vdev_config64(struct vdev *d, unsigned off)
{
	return vdev_config32(d, off) | (uint64_t)vdev_config32(d, off + 4) << 32;
}

unsigned vdev_config_len(struct vdev *d)
{
	return d->pci.caps.device_len;
}

const char *vdev_find_vq(struct vdev *d, unsigned i, struct vqueue *q, bool no_interrupt)
{
	uint16_t num = RING_NUM;
	const char *why;

	if (i >= VDEV_MAX_VQ)
		return fail("queue %u: we drive at most %u", i, VDEV_MAX_VQ);
	if (rings_used >= VDEV_PCI_RINGS)
		return fail("queue %u: all %u rings of the pool are taken", i, VDEV_PCI_RINGS);
	if ((why = vpci_select_queue(&d->pci, i, &num)))
		return why;
	if (vring_size(num, RING_ALIGN) > RING_BYTES)
		return fail("queue %u: %u entries do not fit our ring block", i, num);
	uint8_t *ring = rings[rings_used++];
	memset(ring, 0, RING_BYTES);
	if ((why = vq_init(q, ring, __pa(ring), num, RING_ALIGN, no_interrupt)))
		return fail("queue %u: %s", i, why);
	vpci_queue_rings(&d->pci, num, __pa(q->vr.desc), __pa(q->vr.avail), __pa(q->vr.used));
	if (i + 1 > d->nr_found)
		d->nr_found = i + 1;
	return NULL;
}

void vdev_enable_vqs(struct vdev *d)
{
	for (unsigned i = 0; i < d->nr_found; i++)
		vpci_enable_queue(&d->pci, i);
}

void vdev_kick(struct vdev *d, unsigned i)
{
	vpci_notify(&d->pci, i);
}

bool vdev_irq_ours(struct vdev *d)
{
	return vpci_isr(&d->pci) & 1;	/* bit 0: a queue has used buffers */
}

#endif
