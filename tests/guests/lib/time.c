// SPDX-License-Identifier: GPL-2.0-only
/*
 * Time for the tests: the TSC, turned into nanoseconds with the tsc_khz
 * the host wrote at LGUEST_INIT, and sleeping on the one-shot clock event.
 * A host CPU without a TSC (tsc_khz 0) leaves busy-waits to a loop timed
 * once at boot, since lguest_data.time only moves with interrupts.
 */
#include "guest.h"

uint64_t tsc_to_ns(uint64_t ticks)
{
	uint32_t khz = lguest_data.tsc_khz;

	return khz ? ticks * 1000000ull / khz : ticks;
}

/* No TSC: spin_ns() counts loops, this many to the millisecond. */
static uint32_t loops_per_ms;

static uint32_t spin_loops(uint32_t limit, volatile const unsigned *watch, unsigned start)
{
	uint32_t n = 0;

	while (n < limit && *watch == start) {
		n++;
		asm volatile("pause");
	}
	return n;
}

/* The busiest of three 5 ms windows (the least time lost to other guests),
 * then four times that: a busy-wait must last at least what was asked,
 * and a host shared with other guests or emulators only makes it longer. */
void time_init(void)
{
	uint32_t best = 0;

	if (lguest_data.tsc_khz)
		return;
	uint32_t was = lguest_data.irq_enabled;
	for (int i = 0; i < 3; i++) {
		sleep_ns(1000000);	/* start just after a tick */
		unsigned before = timer_ticks;
		irq_enable_now();
		set_clockevent(5000000);
		uint32_t n = spin_loops(~0u, &timer_ticks, before);
		if (n > best)
			best = n;
	}
	loops_per_ms = best / 5 * 4;
	if (!loops_per_ms)
		loops_per_ms = 1;
	irq_restore(was);
}

void spin_ns(uint64_t ns)
{
	if (!lguest_data.tsc_khz) {
		uint64_t loops = ns * (loops_per_ms ? loops_per_ms : 1000) / 1000000ull;
		unsigned never = 0;
		while (loops) {
			uint32_t step = loops > 0xFFFFFFFFull ? 0xFFFFFFFFu : (uint32_t)loops;
			spin_loops(step, &never, 0);
			loops -= step;
		}
		return;
	}
	uint64_t start = rdtsc();
	uint32_t khz = lguest_data.tsc_khz;
	uint64_t ticks = ns * khz / 1000000ull;

	while (rdtsc() - start < ticks)
		asm volatile("pause");
}

/* Interrupts off while we arm, so the tick cannot come before HALT; the
 * host wakes a halted guest whatever its virtual IF and turns IF on. */
void sleep_ns(uint32_t ns)
{
	unsigned before = timer_ticks;

	irq_disable();
	set_clockevent(ns);
	while (timer_ticks == before) {
		lg_halt();
		irq_disable();
	}
	irq_enable();
}

#define NOTICE_TRIES 2000	/* 1 ms apart: 2 s */

void exits_until_tick(unsigned before)
{
	for (unsigned k = 0; k < NOTICE_TRIES && timer_ticks == before; k++) {
		flush_async();
		if (timer_ticks == before)
			spin_ns(1000000);
	}
}

#if LG_HAS_IRQ_PENDING
void exits_until_irq_pending(void)
{
	for (unsigned k = 0; k < NOTICE_TRIES && !lguest_data.irq_pending; k++) {
		flush_async();
		if (!lguest_data.irq_pending)
			spin_ns(1000000);
	}
}
#endif
