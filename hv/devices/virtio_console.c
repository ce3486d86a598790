// SPDX-License-Identifier: GPL-2.0-only
/*
 * The console device.  Transmit: every buffer the guest offers is written
 * out as the console takes it (hv/devices/console_out.c paces it) and
 * returned on the used ring once sent; Linux's console driver waits for
 * each one to come back.  Receive: typed bytes wait in a small buffer
 * until the guest has posted buffers, then go into them.  A broken ring
 * kills the guest with the reason; the rest of the machine carries on.
 */
#include <linux/virtio_console.h>
#include <linux/virtio_ids.h>
#include "hv/devices/virtio_console.h"
#include "hv/devices/console_out.h"
#include "hv/guest.h"
#include "lib/log.h"
#include "lib/string.h"

#define QUEUE_MAX 256


uint32_t vcons_transmit_some(struct guest *g, uint32_t budget, bool *stuck)
{
	struct gmem m = vdev_memory(g);
	struct vcons *c = &g->console;
	struct vq *tx = &c->dev.vq[VCONS_TX];
	const char *error = NULL;
	uint32_t moved = 0;
	bool used = false;

	if (!vdev_ring_fits(g, &m, tx, "console", "transmit"))
		return 0;
	while (moved < budget) {
		if (!c->tx_busy) {
			if (!c->tx_kicked)
				break;
			if (!vq_pop(&m, tx, &c->tx_chain, &error)) {
				c->tx_kicked = false;	/* all sent (or broken) */
				break;
			}
			c->tx_busy = true;
			c->tx_off = 0;
		}
		/* No further than the length checked when the chain was taken,
		 * whatever the guest has written into it since. */
		uint8_t buf[512];
		uint32_t want = c->tx_chain.readable - c->tx_off;
		if (want > sizeof(buf))
			want = sizeof(buf);
		if (want > budget - moved)
			want = budget - moved;
		uint32_t n = want ? vq_read(&m, tx, &c->tx_chain, c->tx_off, buf, want) : 0;
		if (!n) {
			vq_push(&m, tx, &c->tx_chain, 0);
			c->tx_busy = false;
			used = true;
			continue;
		}
		uint32_t taken = out_write(g, buf, n);
		c->tx_off += taken;
		c->bytes_out += taken;
		moved += taken;
		if (taken < n) {
			*stuck = true;
			break;
		}
	}
	if (error) {
		guest_kill(g, "console transmit ring: %s", error);
		return moved;
	}
	if (used)
		vdev_used(g, &c->dev, VCONS_TX);
	return moved;
}

bool vcons_tx_pending(const struct guest *g)
{
	return g->console.tx_busy || g->console.tx_kicked;
}

void vcons_tx_drop(struct guest *g)
{
	g->console.tx_busy = g->console.tx_kicked = false;
}

void vcons_receive(struct guest *g)
{
	struct gmem m = vdev_memory(g);
	struct vcons *c = &g->console;
	struct vq *rx = &c->dev.vq[VCONS_RX];
	struct vq_chain chain;
	const char *error = NULL;
	bool used = false;

	/* Not before the driver has set the queue up (PCI: enabled it). */
	if (c->in_head == c->in_tail || !guest_alive(g) || !c->dev.vq_enabled[VCONS_RX] ||
	    !vdev_ring_fits(g, &m, rx, "console", "receive"))
		return;
	while (c->in_head != c->in_tail && vq_pop(&m, rx, &chain, &error)) {
		uint8_t buf[256];
		uint32_t n = 0;
		while (n < sizeof(buf) && n < chain.writable && c->in_tail != c->in_head)
			buf[n++] = c->input[c->in_tail++ % VCONS_INPUT_BUFFER];
		n = vq_write(&m, rx, &chain, buf, n);
		c->bytes_in += n;
		vq_push(&m, rx, &chain, n);
		used = true;
	}
	if (error) {
		guest_kill(g, "console receive ring: %s", error);
		return;
	}
	if (used)
		vdev_used(g, &c->dev, VCONS_RX);
}

void vcons_input(struct guest *g, const uint8_t *bytes, uint32_t len)
{
	struct vcons *c = &g->console;

	for (uint32_t i = 0; i < len; i++) {
		if (c->in_head - c->in_tail >= VCONS_INPUT_BUFFER) {
			if (c->in_dropped++ == 0)
				kprintf("hv: guest %s is not reading its console; input dropped\n",
					g->name);
			continue;
		}
		c->input[c->in_head++ % VCONS_INPUT_BUFFER] = bytes[i];
	}
	vcons_receive(g);
}

/* ---- the model's side of the transports ---- */

static void kick(struct guest *g, struct vdev *d, uint32_t q)
{
	if (q == VCONS_TX)
		out_kick(g);
	else if (q == VCONS_RX)
		vcons_receive(g);	/* it posted buffers: fill them */
}

static void reset(struct guest *g, struct vdev *d)
{
	vcons_tx_drop(g);
}

/* struct virtio_console_config: cols, rows, max_nr_ports, emerg_wr.  We
 * report no size and one port; emerg_wr reads as 0. */
static void config_read(struct guest *g, struct vdev *d, uint32_t off, uint8_t *buf,
			uint32_t len)
{
	memset(buf, 0, len);
}

/* A write that covers emerg_wr's first byte is one character of the
 * early console (4.x guests write each as a 32-bit word). */
static void config_write(struct guest *g, struct vdev *d, uint32_t off, const uint8_t *buf,
			 uint32_t len)
{
	uint32_t at = offsetof(struct virtio_console_config, emerg_wr);

	if (off <= at && off + len > at)
		out_early(g, (const char *)&buf[at - off], 1);
}

const struct vdev_model vcons_model = {
	.name = "console",
	.id = VIRTIO_ID_CONSOLE,
	.pci_class = 0x078000,	/* simple communication controller, other */
	.nr_queues = 2,
	.queue_max = QUEUE_MAX,
	.features = 1ull << VIRTIO_CONSOLE_F_EMERG_WRITE,
	/* The original Launcher offered the lguest-bus console nothing: the
	 * guest then drives one port on queues 0 and 1. */
	.legacy_features = 0,
	.config_len = sizeof(struct virtio_console_config),
	.legacy_config_len = 0,
	.config_read = config_read,
	.config_write = config_write,
	.kick = kick,
	.reset = reset,
};
