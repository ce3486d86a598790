/* SPDX-License-Identifier: GPL-2.0-only */
/* The local APIC: used for its one-shot timer and for IPIs between CPUs.
 * ISA device interrupts still come from the 8259s, through the boot
 * CPU's LAPIC in virtual-wire mode. */
#ifndef DRIVERS_LAPIC_H
#define DRIVERS_LAPIC_H

#include <stdint.h>
#include <stdbool.h>

#define LAPIC_TIMER_VECTOR 0xF0
/* The IPI one CPU sends another to kick it out of a guest or out of hlt
 * (drivers/smp.c owns its handler). */
#define LAPIC_IPI_VECTOR 0xF1
#define LAPIC_ERROR_VECTOR 0xFE
#define LAPIC_SPURIOUS_VECTOR 0xFF

/* Maps and enables the boot CPU's LAPIC if the CPU has one; false if not. */
bool lapic_init(void);
/* Enables the calling CPU's LAPIC (another CPU, after lapic_init()). */
void lapic_init_ap(void);
/* True once lapic_init() has succeeded. */
bool lapic_ready(void);
/* Interrupt command register: false if the LAPIC never took the IPI.
 * STARTUP starts the CPU in real mode at page_pa (below 1 MiB). */
bool lapic_send_init(uint32_t apic_id);
bool lapic_send_startup(uint32_t apic_id, uint32_t page_pa);
/* A fixed-delivery interrupt on vector at the CPU with this APIC id. */
bool lapic_send_ipi(uint32_t apic_id, uint8_t vector);
uint32_t lapic_id(void);
uint32_t lapic_version(void);
uint32_t lapic_base(void);
/* Timer ticks (divide-by-16) per TSC tick interval, measured. */
uint32_t lapic_timer_calibrate(uint64_t tsc_ticks);
void lapic_timer_oneshot(uint32_t count);
void lapic_timer_stop(void);
void lapic_eoi(void);

#endif
