/* SPDX-License-Identifier: GPL-2.0-only */
/* The local APIC: used for its one-shot timer.  ISA device interrupts
 * still come from the 8259s, through the LAPIC in virtual-wire mode. */
#ifndef DRIVERS_LAPIC_H
#define DRIVERS_LAPIC_H

#include <stdint.h>
#include <stdbool.h>

#define LAPIC_TIMER_VECTOR 0xF0
#define LAPIC_ERROR_VECTOR 0xFE
#define LAPIC_SPURIOUS_VECTOR 0xFF
#define LAPIC_IPI_VECTOR 0xF1 /* PLACEHOLDER */
void lapic_send_ipi(uint32_t apic_id, uint8_t vector);

/* Enables the LAPIC if the CPU has one; false if not. */
bool lapic_init(void);
uint32_t lapic_id(void);
uint32_t lapic_version(void);
uint32_t lapic_base(void);
/* Timer ticks (divide-by-16) per TSC tick interval, measured. */
uint32_t lapic_timer_calibrate(uint64_t tsc_ticks);
void lapic_timer_oneshot(uint32_t count);
void lapic_timer_stop(void);
void lapic_eoi(void);

#endif
