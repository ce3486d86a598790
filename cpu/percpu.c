// SPDX-License-Identifier: GPL-2.0-only
/*
 * The per-CPU structs and the stack slots they point from.  The slots are
 * static, in the image's first 4 MiB, because that is where mm/paging.c
 * maps with 4 KiB pages and can leave each guard page out.  The boot CPU
 * has been on slot 0's stack since boot/entry.asm (cpu_boot_stack_top).
 */
#include "cpu/percpu.h"
#include "lib/string.h"

struct cpu_stack_slot {
	uint8_t df_stack[CPU_DF_STACK_SIZE];
	uint8_t spare[CPU_GUARD_OFFSET - CPU_DF_STACK_SIZE];
	uint8_t guard[CPU_STACK_OFFSET - CPU_GUARD_OFFSET];
	uint8_t stack[HV_STACK_SIZE];
};
_Static_assert(sizeof(struct cpu_stack_slot) == CPU_SLOT_SIZE, "stack slot size");
_Static_assert(CPU_STACK_OFFSET % HV_STACK_SIZE == 0, "stack aligned to its size");
_Static_assert(CPU_DF_STACK_SIZE <= HV_STACK_SIZE, "df stack finds its CPU too");

static struct cpu_stack_slot slots[MAX_CPUS]
	__attribute__((aligned(CPU_SLOT_SIZE), section(".bss.stack")));

/* Read by boot/entry.asm before any C runs. */
uint8_t *const cpu_boot_stack_top __attribute__((used)) =
	slots[0].stack + HV_STACK_SIZE;

struct cpu_local cpus[MAX_CPUS];
volatile unsigned cpus_online = 1;

/* Both stacks' lowest words name the CPU: this_cpu() on either finds it. */
static void link_stacks(unsigned index)
{
	struct cpu_local *c = &cpus[index];

	c->stack = slots[index].stack;
	c->df_stack = slots[index].df_stack;
	*(struct cpu_local **)c->stack = c;
	*(struct cpu_local **)c->df_stack = c;
}

void percpu_init_boot(void)
{
	link_stacks(0);
	cpus[0].index = 0;
	cpus[0].online = true;
}

uint32_t percpu_prepare(unsigned index, uint32_t apic_id)
{
	struct cpu_local *c = &cpus[index];

	memset(c, 0, sizeof(*c));
	c->index = index;
	c->apic_id = apic_id;
	link_stacks(index);
	return (uint32_t)(c->stack + HV_STACK_SIZE);
}

uint32_t percpu_guard_page(unsigned index)
{
	return (uint32_t)slots[index].guard;
}
