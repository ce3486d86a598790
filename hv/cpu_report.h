/* SPDX-License-Identifier: GPL-2.0-only */
/* The boot lines about the processor, and how its gaps are bridged. */
#ifndef HV_CPU_REPORT_H
#define HV_CPU_REPORT_H

/* Prints "cpu: ..." (identity, features, TSC rate) and one line naming
 * the way each job is done on this CPU, the fallbacks among them:
 *   hv: cpu: 486 (no CPUID): PIT timer, PIT clock, 4 KiB pages, fnsave
 * Call after clock_init() and paging_init(). */
void cpu_report(void);

#endif
