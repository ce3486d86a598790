// SPDX-License-Identifier: GPL-2.0-only
/*
 * The console device.  Transmit: every buffer the guest offers is written
 * out as the console takes it (hv/devices/console_out.c paces it) and
 * returned on the used ring once sent; Linux's console driver waits for
 * each one to come back.  Receive: typed bytes wait in a small buffer
 * until the guest has posted buffers, then go into them.  A broken ring
 * kills the guest with the reason; the rest of the machine carries on.
 */
#include "hv/devices/virtio_console.h"
#include "hv/devices/console_out.h"
#include "hv/devices/lguest_bus.h"
#include "hv/guest.h"
#include "lib/log.h"

static struct gmem memory_of(const struct guest *g)
{
	return (struct gmem){ (uint8_t *)g->mem_base, g->mem_limit };
}

static bool ring_ok(struct guest *g, const struct gmem *m, const struct vq *q, const char *which)
{
	if (vq_fits(m, q))
		return true;
	guest_kill(g, "console %s ring does not fit in its memory", which);
	return false;
}

static void interrupt(struct guest *g, const struct gmem *m, const struct vq *q, uint32_t irq)
{
	if (vq_wants_interrupt(m, q))
		g->irqs_pending |= 1u << irq;
}

uint32_t vcons_transmit_some(struct guest *g, uint32_t budget, bool *stuck)
{
	struct gmem m = memory_of(g);
	struct vcons *c = &g->console;
	const char *error = NULL;
	uint32_t moved = 0;
	bool used = false;

	if (!ring_ok(g, &m, &c->tx, "transmit"))
		return 0;
	while (moved < budget) {
		if (!c->tx_busy) {
			if (!c->tx_kicked)
				break;
			if (!vq_pop(&m, &c->tx, &c->tx_chain, &error)) {
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
		uint32_t n = want ? vq_read(&m, &c->tx, &c->tx_chain, c->tx_off, buf, want) : 0;
		if (!n) {
			vq_push(&m, &c->tx, &c->tx_chain, 0);
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
		interrupt(g, &m, &c->tx, VCONS_TX_IRQ);
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
	struct gmem m = memory_of(g);
	struct vcons *c = &g->console;
	struct vq_chain chain;
	const char *error = NULL;
	bool used = false;

	if (c->in_head == c->in_tail || !guest_alive(g) || !ring_ok(g, &m, &c->rx, "receive"))
		return;
	while (c->in_head != c->in_tail && vq_pop(&m, &c->rx, &chain, &error)) {
		uint8_t buf[256];
		uint32_t n = 0;
		while (n < sizeof(buf) && n < chain.writable && c->in_tail != c->in_head)
			buf[n++] = c->input[c->in_tail++ % VCONS_INPUT_BUFFER];
		n = vq_write(&m, &c->rx, &chain, buf, n);
		c->bytes_in += n;
		vq_push(&m, &c->rx, &chain, n);
		used = true;
	}
	if (error) {
		guest_kill(g, "console receive ring: %s", error);
		return;
	}
	if (used)
		interrupt(g, &m, &c->rx, VCONS_RX_IRQ);
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

void vcons_reset(struct guest *g)
{
	g->console.rx.last_avail = 0;
	g->console.tx.last_avail = 0;
	vcons_tx_drop(g);
}
