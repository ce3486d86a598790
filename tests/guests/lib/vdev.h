/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A virtio device as a test guest's driver sees it, on any transport:
 * the lguest device page (lib/lgbus.c, G2-G7, as lguest_device.c; its
 * 2.6.24 form of typed fields, lib/lgbus_tlv.c, G1) or
 * virtio 1.0 over PCI (lib/vdev_pci.c on lib/vpci.c, G8-G10, as
 * virtio_pci_modern.c).  A driver (lib/vblk.c) finds the k-th device of a
 * virtio ID, walks it through the status bits, features, config space and
 * queues the way its Linux does, and never asks which transport it has.
 * The console keeps its own bring-up (lib/vtransport.h), built on the
 * same pieces.
 */
#ifndef LGTEST_VDEV_H
#define LGTEST_VDEV_H

#include <linux/virtio_config.h>
#include "guest.h"
#include "virtqueue.h"
#if LG_PCI
#include "vpci.h"
#endif

#define VDEV_MAX_VQ 4

struct vdev {
	unsigned id;			/* VIRTIO_ID_* */
	unsigned index;			/* the k-th device of that ID, from 0 */
	unsigned nr_vq;
	uint8_t irq[VDEV_MAX_VQ];	/* each queue's interrupt (PCI: the one line) */
	uint64_t host_features, guest_features;
	unsigned status_notifies;	/* lguest bus: status NOTIFYs made */
	unsigned nr_found;		/* queues set up (PCI: for enable; G1: in order) */
#if LG_PCI
	struct vpci pci;
#else
	uint32_t desc_gpa, desc_off;	/* the descriptor, and its offset in the page */
	volatile uint8_t *desc;		/* mapped */
	uint8_t feature_len, config_len;
	uint32_t ring_gpa[VDEV_MAX_VQ];
#endif
#if LG_TLV_DEVICES
	volatile uint8_t *features;	/* the 0x40 field's data, if there is one */
	uint8_t features_len;
	uint16_t vq_num[VDEV_MAX_VQ];
#endif
};

/* Where the lguest device page is mapped (one page, all devices). */
#define VDEV_PAGE_VA 0xF8000000u

/* Finds the k-th device (from 0) of virtio type id: on the lguest device
 * page (descriptors in order; the page mapped at VDEV_PAGE_VA), or on PCI
 * bus 0 (1AF4:1040+id, slots in order; BAR 0 mapped at va).  NULL or why
 * not. */
const char *vdev_find(struct vdev *d, unsigned id, unsigned k, uint32_t va);

/* The status byte, as the virtio core writes it through the transport
 * (lguest bus: a NOTIFY for every write up to 3.0, for reset and FAILED
 * only from 3.1). */
void vdev_reset(struct vdev *d);
void vdev_add_status(struct vdev *d, uint8_t bits);
uint8_t vdev_status(struct vdev *d);

/* Reads the device's features into host_features; then finalize takes
 * host & wanted (VERSION_1 on PCI, which it insists on), writes it (G7:
 * the "features final" NOTIFY; PCI: FEATURES_OK, read back).  NULL or why
 * not. */
uint64_t vdev_get_features(struct vdev *d);
const char *vdev_finalize_features(struct vdev *d, uint64_t wanted);

/* How every driver's probe starts, as Linux's virtio core does it:
 * interrupts off (probing runs so, as at boot), reset, ACKNOWLEDGE,
 * DRIVER, the features read and what is wanted of them written.  NULL or
 * why not; interrupts stay off either way. */
static inline const char *vdev_negotiate(struct vdev *d, uint64_t wanted)
{
	irq_disable();
	vdev_reset(d);
	vdev_add_status(d, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	vdev_add_status(d, VIRTIO_CONFIG_S_DRIVER);
	vdev_get_features(d);
	return vdev_finalize_features(d, wanted);
}

#if LG_TLV_DEVICES
/* 2.6.24's virtio_config_val: the first unused config field of this type,
 * marked used (bit 7 of its type), copied if it has exactly len bytes.
 * NULL or why not.  (G1 has no config space at offsets.) */
const char *vdev_tlv_get(struct vdev *d, uint8_t type, void *buf, unsigned len);
#endif

/* Device config space, at off, in the widths virtio_cread uses. */
uint8_t vdev_config8(struct vdev *d, unsigned off);
uint16_t vdev_config16(struct vdev *d, unsigned off);
uint32_t vdev_config32(struct vdev *d, unsigned off);
uint64_t vdev_config64(struct vdev *d, unsigned off);	/* two 32-bit reads */
unsigned vdev_config_len(struct vdev *d);

/* find_vq: queue i's ring handed to q.  Lguest bus: the host's ring pages
 * (VRING_ALIGN 4096), mapped in a window of our own above VDEV_PAGE_VA;
 * PCI: a fresh ring of up to 256 entries in our RAM (64-aligned layout,
 * from a pool of VDEV_PCI_RINGS), its addresses written to the device.
 * Interrupts off in the avail flags if no_interrupt.  NULL or why not. */
#define VDEV_PCI_RINGS 8
const char *vdev_find_vq(struct vdev *d, unsigned i, struct vqueue *q, bool no_interrupt);
/* PCI: queue_enable for every queue found; lguest bus: nothing. */
void vdev_enable_vqs(struct vdev *d);
void vdev_kick(struct vdev *d, unsigned i);
/* In the interrupt handler: whether the interrupt was this device's (PCI:
 * the ISR read, which clears it; lguest bus: always). */
bool vdev_irq_ours(struct vdev *d);

#endif
