/* SPDX-License-Identifier: GPL-2.0-only */
/* What the processor can do, and setting it up for the hypervisor. */
#ifndef CPU_CPU_H
#define CPU_CPU_H

#include <stdbool.h>
#include <stdint.h>

struct cpu_info {
	char vendor[13];
	char brand[49];
	uint32_t family, model, stepping;
	bool pse, tsc, msr, apic, fxsr, sse, sse2, invariant_tsc;
};

extern struct cpu_info cpu;

/* Reads CPUID, loads our GDT/TSS/IDT and makes the FPU usable (for guests:
 * the hypervisor itself is built to never touch it). */
void cpu_init(void);

#endif
