// SPDX-License-Identifier: GPL-2.0-only
/*
 * The timer interrupt: acknowledge it and count it, per CPU.  The
 * scheduler and the guests' clock events hang off this.
 */
#include "hv/timer.h"
#include "hv/cpus.h"
#include "cpu/trap.h"
#include "drivers/clock.h"

/* Each CPU has its own timer and counts its own interrupts. */
static volatile uint32_t fired[HV_MAX_CPUS];

static void timer_irq(struct trap_frame *f)
{
	if (clock_timer_irq())
		fired[hv_cpu()]++;
}

void timer_init(void)
{
	trap_set_handler(clock_timer_vector(), timer_irq);
}

uint32_t timer_fired_count(unsigned cpu)
{
	return fired[cpu];
}
