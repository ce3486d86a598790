// SPDX-License-Identifier: GPL-2.0-only
/*
 * The entropy device.  A kick fills every buffer the guest has posted
 * with bytes from hv/entropy.c, at most a page a buffer (Linux asks for
 * far less; the rest of a bigger buffer is left alone, and the used
 * length says how much was filled).  A buffer the device should read
 * breaks the device's rules and kills the guest.
 */
#include <linux/virtio_ids.h>
#include "hv/devices/virtio_rng.h"
#include "hv/entropy.h"
#include "hv/guest.h"
#include "lib/string.h"

#define QUEUE_MAX 64
#define FILL_MAX 4096

static void kick(struct guest *g, struct vdev *d, uint32_t qi)
{
	struct vrng *r = (struct vrng *)d;
	struct gmem m = vdev_memory(g);
	struct vq *q = &d->vq[0];
	const char *error = NULL;
	struct vq_chain c;
	static uint8_t bytes[FILL_MAX];
	bool used = false;

	if (!d->vq_enabled[0])
		return;
	if (!vdev_ring_fits(g, &m, q, "entropy", NULL))
		return;
	/* Bounded by the ring: a chain is taken once. */
	while (vq_pop(&m, q, &c, &error)) {
		if (c.readable) {
			guest_kill(g, "entropy: buffer with %u bytes for the device to read",
				   c.readable);
			return;
		}
		uint32_t n = c.writable < FILL_MAX ? c.writable : FILL_MAX;
		entropy_read(bytes, n);
		n = vq_write(&m, q, &c, bytes, n);
		vq_push(&m, q, &c, n);
		r->bytes += n;
		used = true;
	}
	memset(bytes, 0, sizeof(bytes));
	if (error) {
		guest_kill(g, "entropy ring: %s", error);
		return;
	}
	if (used)
		vdev_used(g, d, 0);
}

static void reset(struct guest *g, struct vdev *d)
{
}

/* The device has no configuration, but Linux's virtio-pci refuses a
 * device capability of length 0: it gets four bytes of nothing. */
static void config_read(struct guest *g, struct vdev *d, uint32_t off, uint8_t *buf,
			uint32_t len)
{
	memset(buf, 0, len);
}

const struct vdev_model vrng_model = {
	.name = "entropy",
	.id = VIRTIO_ID_RNG,
	.pci_class = 0x00ff00,	/* unclassified, as QEMU shows it */
	.nr_queues = 1,
	.queue_max = QUEUE_MAX,
	.features = 0,
	.legacy_features = 0,
	.config_len = 4,
	.legacy_config_len = 0,
	.config_read = config_read,
	.config_write = vdev_config_ignore,
	.kick = kick,
	.reset = reset,
};

void vrng_init(struct vrng *r)
{
	memset(r, 0, sizeof(*r));
	r->dev.model = &vrng_model;
}
