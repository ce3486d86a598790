/* SPDX-License-Identifier: GPL-2.0-only */
/* How the hypervisor ends: cleanly when nothing is left to run, or after a
 * fault in itself.  Either way it never reboots silently. */
#ifndef HV_POWER_H
#define HV_POWER_H

#include <stdint.h>

/* Exit statuses; under QEMU's isa-debug-exit the process exits with
 * status * 2 + 1 (so 1 for a clean power-off, 3 after a panic). */
#define HV_EXIT_CLEAN 0
#define HV_EXIT_PANIC 1

/* Finds the machine's way to switch off (ACPI); ebda from boot_info. */
void power_init(uint32_t ebda);
void power_report(void);
void hv_power_off(int status) __attribute__((noreturn));
/* After a fault in the hypervisor: halts for good (QEMU: exits with
 * HV_EXIT_PANIC), leaving the dump on the console. */
void hv_halt_after_fault(void) __attribute__((noreturn));
/* The machine cannot run the hypervisor (a CPU feature is missing):
 * says why and halts for good (QEMU: exits with HV_EXIT_PANIC). */
void hv_refuse(const char *why) __attribute__((noreturn));
/* Prints the message, then hv_halt_after_fault(). */
void hv_panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

#endif
