// SPDX-License-Identifier: GPL-2.0-only
/*
 * The console device.  Transmit: every buffer the guest offers is written
 * out at once (Linux's console driver waits for each one to come back) and
 * returned on the used ring.  Receive: typed bytes wait in a small buffer
 * until the guest has posted buffers, then go into them.  A broken ring
 * kills the guest with the reason; the rest of the machine carries on.
 */
#include "hv/devices/virtio_console.h"
#include "hv/devices/console_mux.h"
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

void vcons_transmit(struct guest *g)
{
	struct gmem m = memory_of(g);
	struct vcons *c = &g->console;
	struct vq_chain chain;
	const char *error;
	bool used = false;

	if (!ring_ok(g, &m, &c->tx, "transmit"))
		return;
	mux_guest_flush(g);	/* whatever the early console still held comes first */
	while (vq_pop(&m, &c->tx, &chain, &error)) {
		uint8_t buf[256];
		uint32_t off = 0, n;
		while ((n = vq_read(&m, &c->tx, &chain, off, buf, sizeof(buf))) > 0) {
			mux_guest_output(g, buf, n);
			off += n;
		}
		c->bytes_out += off;
		vq_push(&m, &c->tx, &chain, 0);
		used = true;
	}
	if (error) {
		guest_kill(g, "console transmit ring: %s", error);
		return;
	}
	if (used)
		interrupt(g, &m, &c->tx, VCONS_TX_IRQ);
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
}
