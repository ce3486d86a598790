/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Starting the other CPUs (application processors): find them in the
 * firmware's tables, wake each with INIT and two STARTUP IPIs into a
 * real-mode trampoline, give each its own GDT, TSSes and stacks (struct
 * cpu_local) and hand it to the layer above.  Also the IPI that layer
 * uses to kick a CPU.
 */
#ifndef DRIVERS_SMP_H
#define DRIVERS_SMP_H

#include <stdbool.h>
#include <stdint.h>
#include "cpu/percpu.h"
#include "drivers/smp_tables.h"

struct smp_setup {
	uint32_t ebda, base_mem_kib;	/* where firmware tables may be */
	/* A free page of base memory the frame allocator never hands out
	 * (mm/frames.c: frames_low_page); 0: none, start no CPU. */
	uint32_t trampoline_pa;
	unsigned max_cpus;		/* cpus=N; 0: as many as there are */
	/* For tests: an APIC id added to the firmware's list, where no CPU
	 * answers, to exercise a CPU that does not start; -1: none. */
	int phantom_apic;
	/* Where each started CPU goes, on its own stack, interrupts off.
	 * It must not return. */
	void (*ap_main)(struct cpu_local *c);
	/* Called once, before the first other CPU is sent INIT (NULL: none):
	 * the layer above readies itself for a second CPU. */
	void (*before_first)(void);
};

struct smp_result {
	const char *why_not;	/* no other CPU was tried: why; else NULL */
	struct cpu_list found;	/* the firmware's list (found.source names it) */
	unsigned not_used;	/* enabled CPUs left out by max_cpus */
	unsigned nr_failed;	/* listed CPUs that did not check in in time */
	struct { uint32_t index, apic_id; } failed[CPU_LIST_MAX];
};

/* Starts the other CPUs, one at a time; returns what happened.  Needs the
 * boot CPU's LAPIC (lapic_init()), paging on and the clock calibrated. */
const struct smp_result *smp_start(const struct smp_setup *s);

/* Finds the processor list: the MADT, else the MP table.  NULL, or why
 * there is none (drivers/smp_discover.c). */
const char *smp_discover(uint32_t ebda, uint32_t base_kib, struct cpu_list *out);

/* An IPI on LAPIC_IPI_VECTOR to CPU c: it leaves a guest or hlt, counts
 * it in c->ipis and runs the hook.  False if its LAPIC did not take it. */
bool smp_kick(struct cpu_local *c);
/* Runs fn(arg) on CPU c in its IPI handler (interrupts off there), with
 * one call outstanding at a time; the caller waits for c->ipis to move. */
bool smp_call(struct cpu_local *c, void (*fn)(void *arg), void *arg);
/* Called (with the CPU) by every CPU's IPI handler, after EOI; the layer
 * above's way to learn it was kicked.  NULL: none. */
void smp_set_ipi_hook(void (*hook)(struct cpu_local *c));

#endif
