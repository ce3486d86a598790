// SPDX-License-Identifier: GPL-2.0-only
/*
 * Time for the tests: the TSC, turned into nanoseconds with the tsc_khz
 * the host wrote at LGUEST_INIT, and sleeping on the one-shot clock event.
 */
#include "guest.h"

uint64_t tsc_to_ns(uint64_t ticks)
{
	uint32_t khz = lguest_data.tsc_khz;

	return khz ? ticks * 1000000ull / khz : 0;
}

void spin_ns(uint64_t ns)
{
	uint64_t start = rdtsc();
	uint32_t khz = lguest_data.tsc_khz ? lguest_data.tsc_khz : 1000000;	/* guess 1 GHz */
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
