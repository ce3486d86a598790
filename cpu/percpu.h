/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-CPU state.  Every CPU the hypervisor runs on has a struct cpu_local:
 * its own GDT and TSSes (a TSS is busy while loaded, so CPUs cannot share
 * one), its own stacks, and spare fields the layers above may use.
 *
 * this_cpu() is on hot paths, so it costs one AND and one load: every
 * hypervisor stack is HV_STACK_SIZE bytes aligned to its size and keeps a
 * pointer to its CPU's struct in its lowest word.  It is valid only on a
 * hypervisor stack (or a double-fault stack, which does the same).
 */
#ifndef CPU_PERCPU_H
#define CPU_PERCPU_H

#include <stdbool.h>
#include <stdint.h>
#include "cpu/segments.h"

#define MAX_CPUS 8
#define HV_STACK_SIZE 16384u
#define CPU_OWNER_SLOTS 4

/* Each CPU's stacks come in one slot, aligned to its size: the
 * double-fault stack, a spare page, an unmapped guard page, then the
 * hypervisor stack, so an overflow faults into the guard and the double
 * fault still has a stack.  cpu/percpu.c and mm/paging.c agree on this. */
#define CPU_SLOT_SIZE 32768u
#define CPU_DF_STACK_SIZE 8192u
#define CPU_GUARD_OFFSET 12288u
#define CPU_STACK_OFFSET 16384u

struct cpu_local {
	uint32_t index;			/* 0 is the boot CPU; online CPUs are 0..cpus_online-1 */
	uint32_t apic_id;		/* from the firmware's tables (the boot CPU: its LAPIC) */
	uint8_t *stack;			/* its hypervisor stack's lowest byte */
	uint8_t *df_stack;		/* its double-fault stack's lowest byte */
	volatile bool online;		/* set by the CPU itself once it runs C */
	volatile uint32_t seen_apic_id;	/* what its own LAPIC said at check-in */
	volatile uint32_t ipis;		/* IPIs it has taken (LAPIC_IPI_VECTOR) */
	volatile uint32_t timer_expiries; /* one-shot deadlines reached (drivers/clock.c) */
	/* A function to run in its IPI handler (drivers/smp.c: smp_call). */
	void (*volatile call_fn)(void *arg);
	void *volatile call_arg;
	/* drivers/clock.c's one-shot deadline: the LAPIC timer is per CPU. */
	bool timer_armed;
	uint64_t timer_deadline_ns;
	/* For the layers above (hv/): the scheduler's run queue, say. */
	void *owner_data[CPU_OWNER_SLOTS];

	struct desc gdt[GDT_ENTRIES] __attribute__((aligned(8)));
	/* 128-byte aligned: a TSS should not straddle a page. */
	struct tss tss __attribute__((aligned(128)));
	struct tss df_tss __attribute__((aligned(128)));
};

extern struct cpu_local cpus[MAX_CPUS];
/* How many CPUs run: 1 until drivers/smp.c starts others. */
extern volatile unsigned cpus_online;

static inline struct cpu_local *this_cpu(void)
{
	uint32_t sp;

	asm("mov %%esp, %0" : "=r"(sp));
	return *(struct cpu_local *const *)(sp & ~(HV_STACK_SIZE - 1));
}

static inline struct cpu_local *cpu_at(unsigned index)
{
	return &cpus[index];
}

#define for_each_cpu(c) for ((c) = cpus; (c) < cpus + cpus_online; (c)++)

/* The boot CPU's struct, on the stack boot/entry.asm gave it. */
void percpu_init_boot(void);
/* Gives slot index its stacks (lowest words pointing back at it), ready
 * for a CPU to start on.  Returns the top of its hypervisor stack. */
uint32_t percpu_prepare(unsigned index, uint32_t apic_id);
/* The guard page of slot index (unmapped by mm/paging.c). */
uint32_t percpu_guard_page(unsigned index);

#endif
