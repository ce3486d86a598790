// SPDX-License-Identifier: GPL-2.0-only
/*
 * The scheduler.  Runnable guests share the CPU round-robin in slices;
 * a halted guest is skipped until an interrupt it has not blocked is
 * pending; with nothing runnable the CPU sleeps (hlt) until the next
 * hardware interrupt.  One hardware one-shot serves all timing: it is
 * armed for the nearest of the slice's end and every guest's clock event.
 */
#include "hv/sched.h"
#include "hv/console.h"
#include "hv/deliver.h"
#include "hv/devices/console_mux.h"
#include "hv/devices/console_out.h"
#include "hv/devices/virtio_blk.h"
#include "hv/devices/virtio_net.h"
#include "hv/fpu.h"
#include "hv/loader.h"
#include "hv/run.h"
#include "hv/timer.h"
#include "hv/uplink.h"
#include "cpu/x86.h"
#include "drivers/clock.h"
#include "lib/log.h"

static uint64_t armed_for;	/* absolute ns the hardware timer is set for; 0 none */
static uint32_t fires_seen;

static void arm(uint64_t deadline)
{
	if (deadline == armed_for)
		return;
	armed_for = deadline;
	if (!deadline) {
		clock_set_oneshot(0);
		return;
	}
	uint64_t now = clock_now_ns();
	clock_set_oneshot(deadline > now + 1000 ? deadline - now : 1000);
}

/* The nearest clock event of any guest, recomputed only when one changes
 * (it is looked at on every exit). */
static uint64_t nearest_deadline;
static bool deadlines_changed = true;
/* Whether the run loop must look at the hardware timer again before the
 * next entry: a deadline moved, the timer fired, a slice began.  Between
 * those the plan stands, and an exit costs no clock reading. */
static bool replan = true;

/* A guest's clock event was set, cancelled, expired or went with it. */
static void deadlines_moved(void)
{
	deadlines_changed = replan = true;
}

static uint64_t earliest_guest_deadline(void)
{
	if (!deadlines_changed)
		return nearest_deadline;
	uint64_t best = 0;
	const struct guest *g;
	for_each_guest(g) {
		if (guest_alive(g) && g->clock_deadline && (!best || g->clock_deadline < best))
			best = g->clock_deadline;
	}
	nearest_deadline = best;
	deadlines_changed = false;
	return best;
}

/* Raises IRQ 0 in every guest whose clock event is due.  True if any. */
static bool expire_guest_timers(uint64_t now)
{
	bool any = false;
	struct guest *g;

	for_each_guest(g) {
		if (guest_alive(g) && g->clock_deadline && now >= g->clock_deadline) {
			g->clock_deadline = 0;
			g->irqs_pending |= 1;
			any = true;
		}
	}
	if (any)
		deadlines_moved();
	return any;
}

/* True once per hardware timer interrupt. */
static bool timer_fired(void)
{
	uint32_t n = timer_fired_count();

	if (n == fires_seen)
		return false;
	fires_seen = n;
	armed_for = 0;
	replan = true;
	return true;
}

/* The hardware timer fires no later than deadline. */
static void arm_by(uint64_t deadline)
{
	if (!armed_for || deadline < armed_for)
		arm(deadline);
}

void sched_come_back(uint32_t ns)
{
	arm_by(clock_now_ns() + ns);
}

void sched_set_guest_timer(struct guest *g, uint32_t delta_ns)
{
	g->clock_deadline = delta_ns ? clock_now_ns() + delta_ns : 0;
	deadlines_moved();
	if (g->clock_deadline)
		arm_by(g->clock_deadline);
}

static bool wants_cpu(const struct guest *g)
{
	if (g->output_blocked)
		return false;	/* until its console lines are out */
	return g->state == GUEST_RUNNABLE ||
	       (g->state == GUEST_HALTED && guest_has_deliverable_irq(g));
}

static struct guest *pick_after(int last)
{
	for (int k = 1; k <= GUEST_SLOTS; k++) {
		struct guest *g = guest_at((last + k + GUEST_SLOTS) % GUEST_SLOTS);
		if (g && wants_cpu(g))
			return g;
	}
	return NULL;
}

static bool others_want_cpu(const struct guest *me)
{
	const struct guest *g;

	for_each_guest(g)
		if (g != me && wants_cpu(g))
			return true;
	return false;
}

/* Frees the dead, restarting those that asked.  False if none is left. */
static bool reap(void)
{
	bool alive = false;
	struct guest *g;

	for_each_guest(g) {
		if (g->state == GUEST_DEAD) {
			bool restart = g->restart_requested;
			deadlines_moved();	/* its clock event is gone */
			fpu_forget(g);
			guest_release(g);
			g->state = GUEST_FREE;
			if (!restart || !loader_restart(g)) {
				loader_forget(g);	/* its slot is empty from now on */
				continue;
			}
		}
		alive |= guest_alive(g);
	}
	return alive;
}

/* Disk requests and frames to send left over by a kick's budget, of
 * every guest (a halted guest waits for them too).  True if any were
 * looked at. */
static bool disk_work(void)
{
	bool any = false;
	struct guest *g;

	for_each_guest(g) {
		if (g->disk_more && guest_alive(g)) {
			vblk_poll(g);
			any = true;
		}
		if (g->net_more && guest_alive(g)) {
			vnet_poll(g);
			any = true;
		}
	}
	return any;
}

/* Console input or output to move, after an exit of g (rare: off the
 * fast path). */
static __attribute__((noinline)) void console_events(struct guest *g, uint64_t *slice_end)
{
	if (console_input_pending)
		mux_poll_input();
	if (out_poll_wanted(g))
		out_poll(g);
	/* Input or output may have woken another guest: it gets the CPU
	 * within a slice, even from a guest that never exits. */
	if (!*slice_end && others_want_cpu(g)) {
		*slice_end = clock_now_ns() + SCHED_SLICE_NS;
		replan = true;
	}
}

/* Arms the hardware timer for the nearest thing this slice waits for. */
static void plan_timer(const struct guest *g, uint64_t slice_end)
{
	uint64_t d = earliest_guest_deadline();

	if (slice_end && (!d || slice_end < d))
		d = slice_end;
	if (g->output_more || g->disk_more || g->net_more) {
		/* Output or disk requests wait on us, not on a port or a
		 * drive: come back soon even if this guest never exits by
		 * itself. */
		uint64_t t = clock_now_ns() + OUTPUT_TICK_NS;
		if (!d || t < d)
			d = t;
	}
	if (!armed_for || (d && d < armed_for))
		arm(d);
}

static void run_slice(struct guest *g)
{
	uint64_t slice_end = others_want_cpu(g) ? clock_now_ns() + SCHED_SLICE_NS : 0;

	run_select(g);
	g->exit_tsc = 0;	/* what happened between slices is not its */
	replan = true;
	for (;;) {
		if (__builtin_expect(replan || g->output_more || g->disk_more || g->net_more, 0)) {
			replan = false;
			plan_timer(g, slice_end);
		}
		bool again = run_once(g);
		if (__builtin_expect(console_input_pending || console_output_room || g->output_more, 0))
			console_events(g, &slice_end);
		if (__builtin_expect(g->disk_more, 0))
			vblk_poll(g);
		if (__builtin_expect(g->net_more, 0))
			vnet_poll(g);
		if (__builtin_expect(uplink_wanted(), 0))
			uplink_poll();
		if (timer_fired()) {
			uint64_t now = clock_now_ns();
			expire_guest_timers(now);
			if (slice_end && now >= slice_end)
				return;
			if (!slice_end && others_want_cpu(g))
				return;
		}
		if (!again)
			return;
	}
}

void sched_run(void)
{
	int last = -1;

	for (;;) {
		if (timer_fired())
			expire_guest_timers(clock_now_ns());
		if (console_input_pending)
			mux_poll_input();
		if (!reap())
			return;
		bool work = disk_work();
		if (uplink_wanted()) {
			uplink_poll();
			work = true;	/* frames may have woken a guest; look again */
		}
		struct guest *g = pick_after(last);
		if (!g && work)
			continue;	/* requests to do: no sleeping yet */
		if (!g) {
			if (out_idle_work()) {
				out_poll(NULL);	/* output to move: no sleeping yet */
				continue;
			}
			arm(earliest_guest_deadline());
			sti_hlt();	/* woken by any interrupt: timer or serial */
			cli();
			continue;
		}
		last = g->id;
		run_slice(g);
	}
}
