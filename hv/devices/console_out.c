// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guests' console output, paced by the serial ports and paid for by the
 * guest that makes it.  A port takes bytes only as fast as its line sends
 * them (and under QEMU every byte costs the CPU a microsecond or two), while
 * a guest may offer far more than that: one transmit chain can hold
 * gigabytes.  So no guest's output is ever written in one go:
 *
 *  - one call moves at most CALL_BUDGET bytes of one guest's output, and
 *    the rest waits for the next call;
 *  - a guest's output is moved on its own time: when it NOTIFYs or kicks,
 *    and after its exits while it runs, at least every OUTPUT_TICK_NS (the
 *    run loop sees to that even if it never exits by itself); when none of
 *    a CPU's guests runs, their output is moved on that CPU's idle time;
 *  - when a port is full, the guests waiting for it go on when its
 *    transmitter interrupts with room (console_output_room), early-console
 *    lines first.
 * A guest flooding the console thus spends its own slices doing it, and
 * the others keep theirs and get their lines out.
 *
 * Two kinds of output, in the order the guest made them:
 *  - the early console (NOTIFY with a string), kept to whole lines so
 *    several boot logs do not mix; as on a real UART, the guest waits
 *    (is not run) while complete lines of it cannot go out;
 *  - the virtio console's transmit queue: each chain is sent as room
 *    allows and put on the used ring when its last byte has gone; Linux
 *    polls the used ring for it, as it would for a slow device.
 */
#include "hv/devices/console_out.h"
#include "hv/console.h"
#include "hv/cpus.h"
#include "hv/devices/virtio_console.h"
#include "cpu/x86.h"
#include "lib/string.h"

#define CALL_BUDGET 4096u	/* a Linux console write fits in one call */
#define EARLY_HOLD 160u		/* a partial early line is held up to this */

uint32_t out_write(struct guest *g, const uint8_t *buf, uint32_t len)
{
	if (g->console_port >= 0)
		return console_port_write(g->console_port, buf, len);
	return console_guest_write(g->id, g->name, buf, len);
}

/* Early-console bytes that may go out: up to the last complete line, or
 * all of them once a partial line is long enough. */
static uint32_t early_ready(const struct guest *g)
{
	uint32_t n = g->early_len;

	while (n && g->early_buf[n - 1] != '\n')
		n--;
	return n ? n : (g->early_len >= EARLY_HOLD ? g->early_len : 0);
}

/* The early lines that can go; false if some still wait for room. */
static bool move_early(struct guest *g)
{
	uint32_t ready = early_ready(g);

	if (ready) {
		uint32_t n = out_write(g, (const uint8_t *)g->early_buf, ready);
		memmove(g->early_buf, g->early_buf + n, g->early_len - n);
		g->early_len -= n;
	}
	g->output_blocked = early_ready(g) != 0;
	return !g->output_blocked;
}

/* The guest's own output, early console first, up to CALL_BUDGET. */
static void move(struct guest *g)
{
	bool stuck = false;

	g->output_more = false;
	if (!guest_alive(g) || !move_early(g) || !vcons_tx_pending(g))
		return;
	uint32_t moved = vcons_transmit_some(g, CALL_BUDGET, &stuck);
	/* Budget spent and more to send: the run loop comes back for it.
	 * (Stuck on a full port, the port's interrupt does.) */
	g->output_more = !stuck && moved >= CALL_BUDGET && vcons_tx_pending(g);
}

void out_early(struct guest *g, const char *text, uint32_t len)
{
	/* Room is certain: a guest runs (and can NOTIFY) only while its
	 * complete lines are out, so it holds under EARLY_HOLD bytes. */
	uint32_t room = sizeof(g->early_buf) - g->early_len;

	if (len > room)
		len = room;
	memcpy(g->early_buf + g->early_len, text, len);
	g->early_len += len;
	move(g);
}

void out_kick(struct guest *g)
{
	g->console.tx_kicked = true;
	move(g);
}

bool out_poll_wanted(const struct guest *current)
{
	return console_output_room || (current && current->output_more);
}

/* A port has room again: the guests that cannot run without it first,
 * then the rest of those left waiting on a full port (not current, whose
 * turn comes next, nor those whose own CPU comes back for them). */
static void room_again(const struct guest *current)
{
	struct guest *g;

	console_output_room = false;
	for_each_guest(g)
		if (guest_alive(g) && g->output_blocked && move_early(g))
			hv_kick(g->cpu);	/* it may run again */
	for_each_guest(g)
		if (g != current && guest_alive(g) && !g->output_blocked &&
		    vcons_tx_pending(g) && !g->output_more)
			move(g);
}

void out_poll(struct guest *current)
{
	if (console_output_room)
		room_again(current);
	move(current);
}

/* Guests whose output waits on their CPU's idle time. */
static bool idle_output(const struct guest *g, unsigned cpu)
{
	return g->output_more && g->cpu == cpu;
}

void out_poll_idle(unsigned cpu)
{
	struct guest *g;

	if (console_output_room)
		room_again(NULL);
	/* None of this CPU's guests runs: their output, on its idle time
	 * (another CPU's guests' output is that CPU's to move). */
	for_each_guest(g)
		if (idle_output(g, cpu))
			move(g);
}

bool out_idle_work(unsigned cpu)
{
	const struct guest *g;

	for_each_guest(g)
		if (idle_output(g, cpu))
			return true;
	return console_output_room;
}

void out_guest_stopped(struct guest *g)
{
	/* Its last partial line goes out now, waiting for room if need be,
	 * before the hypervisor says how it ended. */
	uint32_t done = 0;

	while (done < g->early_len) {
		done += out_write(g, (const uint8_t *)g->early_buf + done, g->early_len - done);
		cpu_relax();
	}
	g->early_len = 0;
	g->output_blocked = g->output_more = false;
	vcons_tx_drop(g);
}
