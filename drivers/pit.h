/* SPDX-License-Identifier: GPL-2.0-only */
/* The 8254 programmable interval timer: our reference clock for
 * calibrating the TSC, the one-shot timer when there is no LAPIC, and the
 * clock itself when there is no TSC. */
#ifndef DRIVERS_PIT_H
#define DRIVERS_PIT_H

#include <stdint.h>

#define PIT_HZ 1193182u
#define PIT_IRQ 0

/* TSC ticks during a gated channel-2 countdown of `ms` milliseconds. */
uint64_t pit_measure_tsc(uint32_t ms);
/* Channel 0, mode 0: IRQ 0 once after `ticks` (1..65535) PIT ticks. */
void pit_oneshot(uint16_t ticks);
void pit_stop(void);

/* Channel 2 as a free-running 16-bit down-counter at PIT_HZ (mode 2,
 * wrapping every 65536 ticks, about 55 ms): a clock for CPUs without a
 * TSC.  Leaves the speaker off.  pit_counter_read() latches and reads it. */
void pit_counter_start(void);
uint16_t pit_counter_read(void);

/* Raw timing noise: for each of n samples, the TSC cycles (without a TSC,
 * channel 2 ticks) one read of channel 0's latched count took, xored with
 * the count read.  The PIT and the CPU run from different crystals, so
 * the low bits wander. */
void pit_jitter(uint32_t *out, int n);

#endif
