// SPDX-License-Identifier: GPL-2.0-only
/*
 * TSC calibration and the one-shot timer.  We calibrate against the PIT
 * several times and keep the median, which shrugs off one run disturbed by
 * an SMI or a busy emulator host.
 *
 * A CPU without a TSC (a 486) keeps time with the PIT instead: channel 2
 * counts down freely and each reading adds the ticks since the last one.
 * It wraps every 55 ms, so someone must read it more often than that: the
 * one-shot timer (then always the PIT's, on channel 0) is never left idle
 * for longer than KEEPALIVE_NS, and its interrupt reads the clock.
 *
 * The LAPIC timer is per CPU (each CPU programs its own through the same
 * address), so whether it is armed and for when is kept per CPU too, in
 * struct cpu_local; the calibration is the boot CPU's, shared by all.
 */
#include <stddef.h>
#include "drivers/clock.h"
#include "drivers/lapic.h"
#include "drivers/pic.h"
#include "drivers/pit.h"
#include "cpu/cpu.h"
#include "cpu/percpu.h"
#include "cpu/x86.h"

#define CALIBRATE_MS 10
#define CALIBRATE_RUNS 5
/* The PIT clock's watchdog: well inside its 55 ms wrap. */
#define KEEPALIVE_NS 20000000ull

static uint32_t tsc_khz;
/* ns = tsc * mult >> MULT_SHIFT: a multiply instead of 64-bit divisions,
 * since the time is read on every interrupt delivered to a guest. */
#define MULT_SHIFT 22
static uint32_t tsc_mult;
static bool use_tsc;
static bool use_lapic;
static uint32_t lapic_per_ms;
/* The PIT clock: ticks so far, and channel 2's count at the last reading. */
static uint64_t pit_ticks;
static uint16_t pit_last;

static uint64_t median(uint64_t *v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			uint64_t t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return v[n / 2];
}

static void program(uint64_t delta_ns);

/* No TSC: the PIT is the clock (ns = ticks * tsc_mult >> MULT_SHIFT, the
 * same sum as for the TSC at PIT_HZ) and the timer, kept ticking. */
static void pit_clock_init(void)
{
	tsc_mult = (uint32_t)((1000000000ull << MULT_SHIFT) / PIT_HZ);
	pit_counter_start();
	pit_last = pit_counter_read();
	use_lapic = false;
	pic_unmask(PIT_IRQ);
	program(KEEPALIVE_NS);
}

const char *clock_init(bool allow_lapic)
{
	uint64_t runs[CALIBRATE_RUNS];

	if (!cpu.tsc) {
		pit_clock_init();
		return NULL;
	}
	for (int i = 0; i < CALIBRATE_RUNS; i++)
		runs[i] = pit_measure_tsc(CALIBRATE_MS);
	tsc_khz = (uint32_t)(median(runs, CALIBRATE_RUNS) / CALIBRATE_MS);
	if (tsc_khz == 0)
		return "the TSC did not advance against the PIT";
	tsc_mult = (uint32_t)((1000000ull << MULT_SHIFT) / tsc_khz);
	use_tsc = true;

	use_lapic = allow_lapic && lapic_init();
	if (use_lapic) {
		uint64_t ticks = lapic_timer_calibrate((uint64_t)tsc_khz * CALIBRATE_MS);
		lapic_per_ms = (uint32_t)(ticks / CALIBRATE_MS);
		if (lapic_per_ms == 0)
			use_lapic = false;
	}
	if (!use_lapic) {
		pit_stop();
		pic_unmask(PIT_IRQ);
	}
	return NULL;
}

uint32_t clock_tsc_khz(void) { return tsc_khz; }
uint32_t clock_lapic_ticks_per_ms(void) { return lapic_per_ms; }
const char *clock_timer_name(void) { return use_lapic ? "lapic" : "pit"; }
int clock_timer_vector(void) { return use_lapic ? LAPIC_TIMER_VECTOR : PIC_VECTOR_BASE + PIT_IRQ; }

uint64_t clock_tsc_to_ns(uint64_t tsc)
{
	/* 64 x 32 bits in two halves, so nothing overflows for decades. */
	uint64_t lo = (uint64_t)(uint32_t)tsc * tsc_mult;
	uint64_t hi = (tsc >> 32) * tsc_mult;

	return (lo >> MULT_SHIFT) + (hi << (32 - MULT_SHIFT));
}

/* Monotonic as long as it is read at least every 55 ms (the keepalive
 * sees to that); a longer gap would lose whole wraps, never go back. */
static uint64_t pit_now_ns(void)
{
	bool was_on = read_eflags() & EFLAGS_IF;	/* an IRQ must not step in */
	uint64_t ticks;

	cli();
	uint16_t count = pit_counter_read();
	pit_ticks += (uint16_t)(pit_last - count);	/* it counts down */
	pit_last = count;
	ticks = pit_ticks;
	if (was_on)
		sti();
	return clock_tsc_to_ns(ticks);
}

uint64_t clock_now_ns(void)
{
	if (use_tsc)
		return clock_tsc_to_ns(rdtsc());
	return tsc_mult ? pit_now_ns() : 0;	/* 0 before clock_init */
}

/* Programs the hardware for delta_ns from now (delta_ns > 0). */
static void program(uint64_t delta_ns)
{
	if (use_lapic) {
		uint64_t count = delta_ns * lapic_per_ms / 1000000ull;
		lapic_timer_oneshot(count > 0xFFFFFFFFull ? 0xFFFFFFFFu : (uint32_t)count);
	} else {
		if (!use_tsc && delta_ns > KEEPALIVE_NS)
			delta_ns = KEEPALIVE_NS;
		uint64_t ticks = delta_ns * PIT_HZ / 1000000000ull;
		pit_oneshot(ticks > 0xFFFF ? 0xFFFF : ticks ? (uint16_t)ticks : 1);
	}
}

#define MAX_DELTA_NS 1000000000000ull	/* 1000 s: keeps the products in range */
#define EARLY_SLACK_NS 2000		/* an IRQ this close counts as on time */

void clock_set_oneshot(uint64_t delta_ns)
{
	struct cpu_local *c = this_cpu();

	if (!delta_ns) {
		c->timer_armed = false;
		if (use_lapic)
			lapic_timer_stop();
		else if (use_tsc)
			pit_stop();
		else
			program(KEEPALIVE_NS);	/* the PIT clock's keepalive */
		return;
	}
	if (delta_ns > MAX_DELTA_NS)
		delta_ns = MAX_DELTA_NS;
	c->timer_deadline_ns = clock_now_ns() + delta_ns;
	c->timer_armed = true;
	program(delta_ns);
}

bool clock_timer_irq(void)
{
	struct cpu_local *c = this_cpu();
	uint64_t now;

	if (use_lapic)
		lapic_eoi();
	else
		pic_eoi(PIT_IRQ);
	/* Stale interrupts (one the BIOS's periodic PIT left pending, say) and
	 * the steps of a deadline longer than the PIT can count both arrive
	 * before the deadline: re-arm for what is left. */
	if (!c->timer_armed) {
		if (!use_tsc) {
			clock_now_ns();	/* the keepalive's whole purpose */
			program(KEEPALIVE_NS);
		}
		return false;
	}
	now = clock_now_ns();
	if (now + EARLY_SLACK_NS < c->timer_deadline_ns) {
		program(c->timer_deadline_ns - now);
		return false;
	}
	c->timer_armed = false;
	c->timer_expiries++;
	if (!use_tsc)
		program(KEEPALIVE_NS);	/* until the next deadline is set */
	return true;
}
