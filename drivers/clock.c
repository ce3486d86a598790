// SPDX-License-Identifier: GPL-2.0-only
/*
 * TSC calibration and the one-shot timer.  We calibrate against the PIT
 * several times and keep the median, which shrugs off one run disturbed by
 * an SMI or a busy emulator host.
 */
#include <stddef.h>
#include "drivers/clock.h"
#include "drivers/lapic.h"
#include "drivers/pic.h"
#include "drivers/pit.h"
#include "cpu/cpu.h"
#include "cpu/x86.h"

#define CALIBRATE_MS 10
#define CALIBRATE_RUNS 5

static uint32_t tsc_khz;
/* ns = tsc * mult >> MULT_SHIFT: a multiply instead of 64-bit divisions,
 * since the time is read on every interrupt delivered to a guest. */
#define MULT_SHIFT 22
static uint32_t tsc_mult;
static bool use_lapic;
static uint32_t lapic_per_ms;
static bool armed;
static uint64_t deadline_ns;	/* clock_now_ns() when the timer is due */

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

const char *clock_init(bool allow_lapic)
{
	uint64_t runs[CALIBRATE_RUNS];

	if (!cpu.tsc)
		return "this CPU has no time-stamp counter";
	for (int i = 0; i < CALIBRATE_RUNS; i++)
		runs[i] = pit_measure_tsc(CALIBRATE_MS);
	tsc_khz = (uint32_t)(median(runs, CALIBRATE_RUNS) / CALIBRATE_MS);
	if (tsc_khz == 0)
		return "the TSC did not advance against the PIT";
	tsc_mult = (uint32_t)((1000000ull << MULT_SHIFT) / tsc_khz);

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

uint64_t clock_now_ns(void)
{
	return clock_tsc_to_ns(rdtsc());
}

/* Programs the hardware for delta_ns from now (delta_ns > 0). */
static void program(uint64_t delta_ns)
{
	if (use_lapic) {
		uint64_t count = delta_ns * lapic_per_ms / 1000000ull;
		lapic_timer_oneshot(count > 0xFFFFFFFFull ? 0xFFFFFFFFu : (uint32_t)count);
	} else {
		uint64_t ticks = delta_ns * PIT_HZ / 1000000000ull;
		pit_oneshot(ticks > 0xFFFF ? 0xFFFF : ticks ? (uint16_t)ticks : 1);
	}
}

#define MAX_DELTA_NS 1000000000000ull	/* 1000 s: keeps the products in range */
#define EARLY_SLACK_NS 2000		/* an IRQ this close counts as on time */

void clock_set_oneshot(uint64_t delta_ns)
{
	if (!delta_ns) {
		armed = false;
		if (use_lapic)
			lapic_timer_stop();
		else
			pit_stop();
		return;
	}
	if (delta_ns > MAX_DELTA_NS)
		delta_ns = MAX_DELTA_NS;
	deadline_ns = clock_now_ns() + delta_ns;
	armed = true;
	program(delta_ns);
}

bool clock_timer_irq(void)
{
	uint64_t now;

	if (use_lapic)
		lapic_eoi();
	else
		pic_eoi(PIT_IRQ);
	/* Stale interrupts (one the BIOS's periodic PIT left pending, say) and
	 * the steps of a deadline longer than the PIT can count both arrive
	 * before the deadline: re-arm for what is left. */
	if (!armed)
		return false;
	now = clock_now_ns();
	if (now + EARLY_SLACK_NS < deadline_ns) {
		program(deadline_ns - now);
		return false;
	}
	armed = false;
	return true;
}
