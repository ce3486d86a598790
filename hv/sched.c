// SPDX-License-Identifier: GPL-2.0-only
/*
 * The scheduler, one on each CPU, for the guests placed on that CPU.
 * Runnable guests share it round-robin in slices; a halted guest is
 * skipped until an interrupt it has not blocked is pending; with nothing
 * runnable the CPU first takes over a guest that waits on another CPU,
 * if there is one, and otherwise sleeps (hlt) until the next interrupt.
 * One hardware one-shot per CPU serves all its timing: it is armed for the
 * nearest of the slice's end and every one of its guests' clock events.  Work a
 * guest left over (disk requests, frames, console output beyond a call's
 * budget) is done on its own CPU's time; work of no guest (a port with
 * room again, the uplink) by whichever CPU looks first, under the
 * hypervisor lock like everything shared (hv/cpus.h).
 */
#include "hv/sched.h"
#include "hv/balance.h"
#include "hv/cpus.h"
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

/* Each CPU schedules its own guests (guest.cpu) with its own hardware
 * one-shot; this is its plan. */
struct sched_cpu {
	uint64_t armed_for;	/* absolute ns its timer is set for; 0 none */
	uint32_t fires_seen;
	/* The nearest clock event of its guests, recomputed only when one
	 * changes (it is looked at on every exit). */
	uint64_t nearest_deadline;
	bool deadlines_changed;
	/* Whether the run loop must look at the hardware timer again before
	 * the next entry: a deadline moved, the timer fired, a slice began.
	 * Between those the plan stands, and an exit costs no clock reading. */
	bool replan;
	int last;		/* the guest it ran last, for round-robin */
	unsigned cpu;		/* whose plan this is */
	/* The guest of the slice it runs, from pick to the slice's end: in
	 * it or about to be, so no other CPU may take it over. */
	const struct guest *slicing;
};
static struct sched_cpu plans[HV_MAX_CPUS];

static struct sched_cpu *my_plan(void)
{
	return &plans[hv_cpu()];
}

static bool mine(const struct guest *g, unsigned cpu)
{
	return g->cpu == cpu;
}

static void arm(struct sched_cpu *s, uint64_t deadline)
{
	if (deadline == s->armed_for)
		return;
	s->armed_for = deadline;
	if (!deadline) {
		clock_set_oneshot(0);
		return;
	}
	uint64_t now = clock_now_ns();
	clock_set_oneshot(deadline > now + 1000 ? deadline - now : 1000);
}

/* A guest's clock event was set, cancelled, expired or went with it. */
static void deadlines_moved(struct sched_cpu *s)
{
	s->deadlines_changed = s->replan = true;
}

static uint64_t earliest_guest_deadline(struct sched_cpu *s)
{
	if (!s->deadlines_changed)
		return s->nearest_deadline;
	unsigned me = s->cpu;
	uint64_t best = 0;
	const struct guest *g;
	for_each_guest(g) {
		if (guest_alive(g) && mine(g, me) && g->clock_deadline &&
		    (!best || g->clock_deadline < best))
			best = g->clock_deadline;
	}
	s->nearest_deadline = best;
	s->deadlines_changed = false;
	return best;
}

/* Raises IRQ 0 in every guest of this CPU whose clock event is due.  True
 * if any. */
static bool expire_guest_timers(struct sched_cpu *s, uint64_t now)
{
	unsigned me = s->cpu;
	bool any = false;
	struct guest *g;

	for_each_guest(g) {
		if (guest_alive(g) && mine(g, me) && g->clock_deadline && now >= g->clock_deadline) {
			g->clock_deadline = 0;
			g->irqs_pending |= 1;
			any = true;
		}
	}
	if (any)
		deadlines_moved(s);
	return any;
}

/* True once per hardware timer interrupt of this CPU. */
static bool timer_fired(struct sched_cpu *s)
{
	uint32_t n = timer_fired_count(s->cpu);

	if (n == s->fires_seen)
		return false;
	s->fires_seen = n;
	s->armed_for = 0;
	s->replan = true;
	return true;
}

/* This CPU's timer fires no later than deadline. */
static void arm_by(struct sched_cpu *s, uint64_t deadline)
{
	if (!s->armed_for || deadline < s->armed_for)
		arm(s, deadline);
}

void sched_come_back(uint32_t ns)
{
	arm_by(my_plan(), clock_now_ns() + ns);
}

/* Made by the guest itself, so on its own CPU. */
void sched_set_guest_timer(struct guest *g, uint32_t delta_ns)
{
	struct sched_cpu *s = &plans[g->cpu];

	g->clock_deadline = delta_ns ? clock_now_ns() + delta_ns : 0;
	deadlines_moved(s);
	if (g->clock_deadline)
		arm_by(s, g->clock_deadline);
}

static bool wants_cpu(const struct guest *g)
{
	if (g->output_blocked)
		return false;	/* until its console lines are out */
	return g->state == GUEST_RUNNABLE ||
	       (g->state == GUEST_HALTED && guest_has_deliverable_irq(g));
}

/* The next of this CPU's guests that wants it, round-robin. */
static struct guest *pick_after(int last)
{
	unsigned me = hv_cpu();

	for (int k = 1; k <= GUEST_SLOTS; k++) {
		struct guest *g = guest_at((last + k + GUEST_SLOTS) % GUEST_SLOTS);
		if (g && mine(g, me) && wants_cpu(g))
			return g;
	}
	return NULL;
}

static bool others_want_cpu(const struct guest *current)
{
	const struct guest *g;

	for_each_guest(g)
		if (g != current && mine(g, current->cpu) && wants_cpu(g))
			return true;
	return false;
}

/* Frees this CPU's dead, restarting those that asked.  False if no guest
 * is left on any CPU.  Another CPU's dead guest still counts: its CPU has
 * yet to reap it, and may start it again.  The CPU that finds nothing
 * left kicks the boot CPU, which powers off: it may be asleep with no
 * guest of its own to wake it. */
static bool reap(struct sched_cpu *s)
{
	unsigned me = s->cpu;
	bool alive = false;
	struct guest *g;

	for_each_guest(g) {
		if (g->state == GUEST_DEAD && mine(g, me)) {
			bool restart = g->restart_requested;
			deadlines_moved(s);	/* its clock event is gone */
			fpu_forget(g);
			guest_release(g);
			g->state = GUEST_FREE;
			if (!restart || !loader_restart(g)) {
				loader_forget(g);	/* its slot is empty from now on */
				hv_kick(0);	/* the boot CPU powers off after the last */
				continue;
			}
		}
		/* Another CPU's dead guest may yet restart: until its CPU has
		 * freed its slot, it counts. */
		alive |= g->state != GUEST_FREE;
	}
	return alive;
}

/* Disk requests and frames to send left over by a kick's budget, of
 * every guest of this CPU (a halted guest waits for them too).  True if
 * any were looked at. */
static bool disk_work(void)
{
	unsigned me = hv_cpu();
	bool any = false;
	struct guest *g;

	for_each_guest(g) {
		if (!mine(g, me))
			continue;	/* its own CPU's to do */
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

/*
 * Balancing.  A CPU with nothing to run takes over a guest that waits for
 * another CPU: one that wants to run there beside another that does too,
 * is not that CPU's slice, and may move at all (hv/balance.c).  A CPU
 * that starts sharing itself out in slices wakes an idle one to look.
 */
static bool spare(const struct guest *g, unsigned me)
{
	/* (others_want_cpu, a look at every guest, last.) */
	return g->cpu != me && guest_alive(g) && wants_cpu(g) && plans[g->cpu].slicing != g &&
	       balance_may_move(g) && others_want_cpu(g);
}

static bool take_spare_guest(struct sched_cpu *s)
{
	struct guest *g;

	if (hv_cpus_online() < 2)
		return false;
	for_each_guest(g) {
		if (!spare(g, s->cpu))
			continue;
		/* The one write to another CPU's plan (under the lock, as it
		 * reads it): its nearest clock event may have been g's. */
		deadlines_moved(&plans[g->cpu]);
		balance_move_here(g);
		deadlines_moved(s);
		return true;
	}
	return false;
}

/* Kicks one idle CPU if another guest of current's CPU waits and may move. */
static void offer_to_an_idle_cpu(const struct guest *current)
{
	const struct guest *g;
	unsigned me = current->cpu, n = hv_cpus_online();
	bool waiting = false;

	for_each_guest(g)
		waiting |= g != current && mine(g, me) && wants_cpu(g) && balance_may_move(g);
	for (unsigned c = 0; waiting && c < n; c++) {
		if (c != me && hv_cpu_idle(c)) {
			hv_kick(c);
			return;
		}
	}
}

/* Console input or output to move, or a kick from another CPU, after an
 * exit of g (rare: off the fast path). */
static __attribute__((noinline)) void console_events(struct sched_cpu *s, struct guest *g,
						     uint64_t *slice_end)
{
	if (console_input_pending)
		mux_poll_input();
	if (out_poll_wanted(g))
		out_poll(g);
	/* Input, output or another CPU may have woken another guest: it
	 * gets the CPU within a slice, even from a guest that never exits. */
	if (!*slice_end && others_want_cpu(g)) {
		*slice_end = clock_now_ns() + SCHED_SLICE_NS;
		s->replan = true;
		offer_to_an_idle_cpu(g);
	}
}

/* Arms the hardware timer for the nearest thing this slice waits for. */
static void plan_timer(struct sched_cpu *s, const struct guest *g, uint64_t slice_end)
{
	uint64_t d = earliest_guest_deadline(s);

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
	if (!s->armed_for || (d && d < s->armed_for))
		arm(s, d);
}

static void run_slice(struct sched_cpu *s, struct guest *g)
{
	uint64_t slice_end = 0;
	volatile bool *kicked = &hv_kicked[g->cpu];

	if (others_want_cpu(g)) {
		slice_end = clock_now_ns() + SCHED_SLICE_NS;
		offer_to_an_idle_cpu(g);
	}

	run_select(g);
	g->exit_tsc = 0;	/* what happened between slices is not its */
	s->replan = true;
	for (;;) {
		if (__builtin_expect(s->replan || g->output_more || g->disk_more || g->net_more, 0)) {
			s->replan = false;
			plan_timer(s, g, slice_end);
		}
		bool again = run_once(g);
		if (__builtin_expect(console_input_pending || console_output_room || g->output_more ||
				     *kicked, 0)) {
			*kicked = false;
			console_events(s, g, &slice_end);
		}
		if (__builtin_expect(g->disk_more, 0))
			vblk_poll(g);
		if (__builtin_expect(g->net_more, 0))
			vnet_poll(g);
		if (__builtin_expect(uplink_wanted(), 0))
			uplink_poll();
		if (timer_fired(s)) {
			uint64_t now = clock_now_ns();
			expire_guest_timers(s, now);
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
	struct sched_cpu *s = my_plan();

	s->cpu = hv_cpu();
	s->last = -1;
	s->deadlines_changed = s->replan = true;
	for (;;) {
		/* Between rounds interrupts that came in get their handlers
		 * (under the lock this CPU holds: a round that never halts must
		 * still see its timer), and the other CPUs their turn at the
		 * lock. */
		asm volatile("sti; nop; cli" ::: "memory");
		hv_unlock();
		cpu_relax();
		hv_lock();
		hv_kicked[s->cpu] = false;	/* this round looks at everything */
		if (timer_fired(s))
			expire_guest_timers(s, clock_now_ns());
		if (console_input_pending)
			mux_poll_input();
		if (!reap(s))
			return;
		bool work = disk_work();
		if (uplink_wanted()) {
			uplink_poll();
			work = true;	/* frames may have woken a guest; look again */
		}
		struct guest *g = pick_after(s->last);
		if (!g && work)
			continue;	/* requests to do: no sleeping yet */
		if (!g) {
			if (out_idle_work(s->cpu)) {
				out_poll_idle(s->cpu);	/* output to move: no sleeping yet */
				continue;
			}
			if (take_spare_guest(s))
				continue;	/* it is ours now: the next round runs it */
			arm(s, earliest_guest_deadline(s));
			/* Woken by any interrupt: timer, device or another CPU's
			 * kick (one sent since we let go is pending, and ends the
			 * hlt at once). */
			hv_idle_begin();
			sti_hlt();
			cli();
			hv_idle_end();
			continue;
		}
		s->last = g->id;
		s->slicing = g;
		run_slice(s, g);
		s->slicing = NULL;
	}
}
