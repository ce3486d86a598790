// SPDX-License-Identifier: GPL-2.0-only
/*
 * A virtio-rng driver for the test guests (lib/vrng.h), as virtio-rng.c
 * of 2.6.32-4.13 drives the device: no features to take, one queue,
 * DRIVER_OK, then one writable buffer at a time, kicked and waited for.
 * Here the wait polls the used ring and the interrupt is only counted, so
 * lgtest=vrng can check both.
 */
#include "vrng.h"
#include <linux/virtio_config.h>
#include <linux/virtio_ids.h>

#define VRNG_BAR_VA 0xF81C0000u
#define WAIT_NS 5000000000ull

static struct vrng *the;

static void interrupt(struct trap_frame *f)
{
	if (the && vdev_irq_ours(&the->dev))
		the->irqs++;
}

const char *vrng_open(struct vrng *r)
{
	struct vdev *d = &r->dev;
	const char *why;

	memset(r, 0, sizeof(*r));
	if (LG_TLV_DEVICES)	/* the device may be there; a 2.6.24 kernel never drives it */
		return fail("entropy: 2.6.24 has no virtio-rng driver");
	if ((why = vdev_find(d, VIRTIO_ID_RNG, 0, VRNG_BAR_VA)))
		return why;
	if (!(why = vdev_negotiate(d, 0)) && d->nr_vq < 1)
		why = "the device has no queue";
	if (!why)
		why = vdev_find_vq(d, 0, &r->vq, false);
	if (why) {
		vdev_add_status(d, VIRTIO_CONFIG_S_FAILED);
		irq_enable_now();
		return fail("entropy: %s", why);
	}
	vdev_enable_vqs(d);
	the = r;
	irq_handlers[d->irq[0]] = interrupt;
	irq_unblock(d->irq[0]);
	vdev_add_status(d, VIRTIO_CONFIG_S_DRIVER_OK);
	irq_enable_now();
	return NULL;
}

const char *vrng_run(struct vrng *r, const struct vq_sg *sg, unsigned n, uint32_t *used)
{
	static const char token;
	const char *why;
	const void *got;

	CHECK(vq_add(&r->vq, sg, n, &token), "entropy: no room for a chain of %u", n);
	if (vq_kick_wanted(&r->vq))
		vdev_kick(&r->dev, 0);
	uint64_t t0 = rdtsc();
	while (!(got = vq_get(&r->vq, used, &why))) {
		if (why)
			return fail("entropy: %s", why);
		CHECK(tsc_to_ns(rdtsc() - t0) < WAIT_NS, "entropy: a buffer not used within 5 s");
		asm volatile("pause");
	}
	return NULL;
}
