/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Time for the hypervisor: a calibrated TSC for "now", and one one-shot
 * timer (the LAPIC's, or the PIT's where there is no LAPIC) for "wake me
 * at".  Whoever owns the timer's vector calls clock_timer_irq().
 */
#ifndef DRIVERS_CLOCK_H
#define DRIVERS_CLOCK_H

#include <stdint.h>
#include <stdbool.h>

/* Calibrates the TSC against the PIT and picks the one-shot timer; without
 * a TSC, the PIT is both clock and timer.  Returns NULL, or why time
 * cannot be kept.  clock_tsc_khz() is 0 when there is no TSC. */
const char *clock_init(bool allow_lapic);
uint32_t clock_tsc_khz(void);
uint64_t clock_now_ns(void);
uint64_t clock_tsc_to_ns(uint64_t tsc);
/* "lapic" or "pit", and the vector its interrupt arrives on. */
const char *clock_timer_name(void);
int clock_timer_vector(void);
uint32_t clock_lapic_ticks_per_ms(void);

/* Arms the timer to fire once, delta_ns from now; 0 cancels. */
void clock_set_oneshot(uint64_t delta_ns);
/* Acknowledges the timer interrupt.  True if the deadline has passed
 * (a long PIT deadline is made of several shorter countdowns). */
bool clock_timer_irq(void);

#endif
