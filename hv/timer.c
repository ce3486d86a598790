// SPDX-License-Identifier: GPL-2.0-only
/*
 * The timer interrupt: acknowledge it and count it.  The scheduler and the
 * guests' clock events will hang off this.
 */
#include "hv/timer.h"
#include "cpu/trap.h"
#include "drivers/clock.h"

static volatile uint32_t fired;

static void timer_irq(struct trap_frame *f)
{
	if (clock_timer_irq())
		fired++;
}

void timer_init(void)
{
	trap_set_handler(clock_timer_vector(), timer_irq);
}

uint32_t timer_fired_count(void)
{
	return fired;
}
