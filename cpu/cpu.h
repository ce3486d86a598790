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
	/* has_cpuid: the instruction exists (early 486s lack it; their
	 * family is taken to be 4).  has_cr4: the register exists (CPUID
	 * reports a feature controlled there: every Pentium, late 486s). */
	bool has_cpuid, has_cr4, fpu;
	bool pse, pge, tsc, msr, apic, fxsr, sse, sse2, invariant_tsc;
	bool rdrand, rdseed;
};

extern struct cpu_info cpu;

/* Reads CPUID, loads our GDT/TSS/IDT and makes the FPU usable (for guests:
 * the hypervisor itself is built to never touch it).  Returns NULL, or the
 * missing feature that keeps the hypervisor from running on this CPU.
 * ignore_cpuid: act as if there were no CPUID (to test the fallbacks). */
const char *cpu_init(bool ignore_cpuid);

struct cpu_local;
/* Another CPU's share of cpu_init(), on that CPU: its GDT and TSSes, the
 * shared IDT, a clean FPU.  Its control registers are already set. */
void cpu_init_ap(struct cpu_local *c);

/* CR4, or 0 on a CPU that has none (reading it there is #UD). */
uint32_t cpu_read_cr4(void);

#endif
