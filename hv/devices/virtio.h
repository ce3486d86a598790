/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A virtio device as both sides of it see it, apart from the way the guest
 * reaches it.  The *model* (console, and later block, network, entropy)
 * says what the device is: its id, queues, features and configuration,
 * and what a kick means.  The *transport* (the lguest device page for
 * 2.6.24-3.19 guests, PCI for 4.x) carries the guest's status writes,
 * feature choices, queue addresses and kicks to the model, and raises its
 * interrupts.  As in QEMU, where virtio-pci knows nothing of consoles.
 */
#ifndef HV_DEVICES_VIRTIO_H
#define HV_DEVICES_VIRTIO_H

#include <stdint.h>
#include <stdbool.h>
#include "hv/devices/vring.h"

#define VDEV_MAX_QUEUES 4
#define VIRTIO_STATUS_ACK 1
#define VIRTIO_STATUS_DRIVER 2
#define VIRTIO_STATUS_DRIVER_OK 4
#define VIRTIO_STATUS_FEATURES_OK 8
#define VIRTIO_STATUS_FAILED 0x80
#define VIRTIO_FEATURE_VERSION_1 (1ull << 32)

struct guest;
struct vdev;

/* One field of 2.6.24's type-length-value device configuration: len
 * bytes of the configuration from offset, under the given type. */
struct vdev_tlv_field {
	uint8_t type, len;
	uint16_t offset;
};

struct vdev_model {
	const char *name;		/* "console" */
	uint16_t id;			/* VIRTIO_ID_* */
	uint32_t pci_class;		/* class << 16 | subclass << 8 | prog-if */
	uint32_t nr_queues;
	uint32_t queue_max;		/* entries per queue at most */
	uint64_t features;		/* device bits offered over virtio 1.0 */
	uint64_t legacy_features;	/* ... and over the lguest device page */
	uint32_t config_len;		/* device configuration bytes (virtio 1.0) */
	uint32_t legacy_config_len;	/* ... on the lguest device page */
	/* ... and on 2.6.24's page, which has no feature bits we offer and
	 * no configuration block: the fields its drivers look for. */
	const struct vdev_tlv_field *tlv_fields;
	uint32_t nr_tlv_fields;
	/* Device configuration: off and len lie inside config_len. */
	void (*config_read)(struct guest *g, struct vdev *d, uint32_t off, uint8_t *buf,
			    uint32_t len);
	void (*config_write)(struct guest *g, struct vdev *d, uint32_t off,
			     const uint8_t *buf, uint32_t len);
	/* The guest notified queue q (its rings were checked when enabled). */
	void (*kick)(struct guest *g, struct vdev *d, uint32_t q);
	/* Back to the state after power-on: forget the rings' progress. */
	void (*reset)(struct guest *g, struct vdev *d);
};

struct vdev {
	const struct vdev_model *model;
	struct vq vq[VDEV_MAX_QUEUES];
	bool vq_enabled[VDEV_MAX_QUEUES];
	/* Bits this device offers beyond its model's (a read-only disk's
	 * RO), on either transport. */
	uint64_t own_features;
	uint8_t status;
	uint64_t driver_features;
	/* Guest interrupt of each queue: one per queue on the lguest device
	 * page, the function's INTERRUPT_LINE for all of them on PCI. */
	uint8_t irq[VDEV_MAX_QUEUES];
	/* Interrupt status (virtio's ISR): bit 0 used buffers, bit 1 a
	 * configuration change; PCI's ISR register reads and clears it. */
	uint8_t isr;
};

/* The model has put buffers on queue q's used ring: interrupt the guest,
 * unless the ring asks for none. */
void vdev_used(struct guest *g, struct vdev *d, uint32_t q);
/* Status 0 from the driver: every queue forgotten, the model reset. */
void vdev_reset(struct guest *g, struct vdev *d);
/* A config_write for models whose configuration the driver may not
 * change (legacy drivers write some fields anyway): ignored. */
void vdev_config_ignore(struct guest *g, struct vdev *d, uint32_t off, const uint8_t *buf,
			uint32_t len);
/* Whether queue q lies inside the guest's memory; if not, kills the guest
 * with "<dev> <which> ring does not fit in its memory" (which may be NULL). */
bool vdev_ring_fits(struct guest *g, const struct gmem *m, const struct vq *q, const char *dev,
		    const char *which);
/* Guest memory as the ring walker sees it. */
struct gmem vdev_memory(const struct guest *g);

#endif
