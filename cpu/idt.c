// SPDX-License-Identifier: GPL-2.0-only
/*
 * The hypervisor's IDT: 256 interrupt gates into the generated stubs,
 * except the double fault, which is a task gate (see cpu/gdt.c).  These
 * are ring-0 gates: a guest never runs on this IDT.
 */
#include "cpu/trap.h"
#include "cpu/segments.h"

extern const uint32_t trap_stub_table[NR_VECTORS];

static struct desc idt[NR_VECTORS] __attribute__((aligned(8)));

#define GATE_INT32_DPL0 0x8E
#define GATE_TASK_DPL0 0x85

void idt_init(void)
{
	for (int v = 0; v < NR_VECTORS; v++) {
		uint32_t off = trap_stub_table[v];
		idt[v].lo = (off & 0xFFFF) | ((uint32_t)SEL_HV_CS << 16);
		idt[v].hi = (off & 0xFFFF0000) | ((uint32_t)GATE_INT32_DPL0 << 8);
	}
	idt[8].lo = (uint32_t)SEL_DF_TSS << 16;
	idt[8].hi = (uint32_t)GATE_TASK_DPL0 << 8;
	idt_load();
}

/* Every CPU shares the one table (the double fault's task gate names
 * SEL_DF_TSS, which each CPU's own GDT resolves to its own TSS). */
void idt_load(void)
{
	struct __attribute__((packed)) { uint16_t limit; uint32_t base; } idtr = {
		sizeof(idt) - 1, (uint32_t)idt
	};
	asm volatile("lidt %0" : : "m"(idtr));
}
