/* SPDX-License-Identifier: GPL-2.0-only */
/* The hypervisor's side of the one-shot timer interrupt. */
#ifndef HV_TIMER_H
#define HV_TIMER_H

#include <stdint.h>

/* Takes the clock's timer vector. */
void timer_init(void);
/* How many deadlines of this CPU's timer have passed since boot. */
uint32_t timer_fired_count(unsigned cpu);

#endif
