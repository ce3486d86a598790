// SPDX-License-Identifier: GPL-2.0-only
/*
 * What every virtio device does the same way, whichever transport carries
 * it: interrupting the guest for used buffers, and reset.
 */
#include "hv/devices/virtio.h"
#include "hv/guest.h"
#include "hv/cpus.h"

struct gmem vdev_memory(const struct guest *g)
{
	/* Rings and buffers live in RAM (and, for the lguest device page,
	 * in the device pages just above it): never in the MMIO window. */
	return (struct gmem){ (uint8_t *)g->mem_base, g->mem_limit };
}

void vdev_used(struct guest *g, struct vdev *d, uint32_t q)
{
	struct gmem m = vdev_memory(g);

	if (!vq_wants_interrupt(&m, &d->vq[q]))
		return;
	d->isr |= 1;
	g->irqs_pending |= 1u << d->irq[q];
	hv_kick(g->cpu);	/* it may be running or halted on another CPU */
}

void vdev_reset(struct guest *g, struct vdev *d)
{
	for (uint32_t q = 0; q < VDEV_MAX_QUEUES; q++) {
		d->vq[q].last_avail = 0;
		d->vq_enabled[q] = false;
	}
	d->status = 0;
	d->driver_features = 0;
	d->isr = 0;
	d->model->reset(g, d);
}

void vdev_config_ignore(struct guest *g, struct vdev *d, uint32_t off, const uint8_t *buf,
			uint32_t len)
{
}

bool vdev_ring_fits(struct guest *g, const struct gmem *m, const struct vq *q, const char *dev,
		    const char *which)
{
	if (vq_fits(m, q))
		return true;
	guest_kill(g, "%s%s%s ring does not fit in its memory", dev, which ? " " : "",
		   which ? which : "");
	return false;
}
