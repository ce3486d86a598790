/* SPDX-License-Identifier: GPL-2.0-only */
/* Bringing up the other CPUs at boot, and the line that says how it went. */
#ifndef HV_SMP_BOOT_H
#define HV_SMP_BOOT_H

#include <stdint.h>
#include "boot/boot_info.h"
#include "hv/options.h"
#include "cpu/percpu.h"

/* Starts the other CPUs (at most o->max_cpus in all) on the trampoline
 * page setup_memory() kept, each into ap_main, and prints the "cpus:"
 * line. */
void hv_start_cpus(const struct hv_options *o, const struct boot_info *bi, uint32_t trampoline_pa,
		   void (*ap_main)(struct cpu_local *c));
/* hv.selftest=smp: each other CPU's check-in, an IPI it must answer and a
 * LAPIC one-shot it must take, one line per CPU. */
void smp_selftest(void);

#endif
