// SPDX-License-Identifier: GPL-2.0-only
/*
 * Processor identification and the control-register settings every later
 * part relies on: CR0.WP so that pages we mark read-only stay read-only to
 * ring 1 guests too (ring 1 counts as supervisor for paging), CR0.NE for
 * native FPU error reporting, and CR4.OSFXSR so fxsave can hold a guest's
 * SSE state.
 */
#include "cpu/cpu.h"
#include "cpu/segments.h"
#include "cpu/trap.h"
#include "cpu/x86.h"
#include "lib/string.h"

struct cpu_info cpu;

static void identify(void)
{
	uint32_t a, b, c, d, max, maxext;

	cpuid(0, &max, &b, &c, &d);
	memcpy(cpu.vendor + 0, &b, 4);
	memcpy(cpu.vendor + 4, &d, 4);
	memcpy(cpu.vendor + 8, &c, 4);
	cpu.vendor[12] = '\0';
	if (max >= 1) {
		cpuid(1, &a, &b, &c, &d);
		cpu.stepping = a & 0xF;
		cpu.model = (a >> 4) & 0xF;
		cpu.family = (a >> 8) & 0xF;
		if (cpu.family == 0xF)
			cpu.family += (a >> 20) & 0xFF;
		if (cpu.family >= 6)
			cpu.model |= ((a >> 16) & 0xF) << 4;
		cpu.pse = d & (1u << 3);
		cpu.tsc = d & (1u << 4);
		cpu.msr = d & (1u << 5);
		cpu.apic = d & (1u << 9);
		cpu.fxsr = d & (1u << 24);
		cpu.sse = d & (1u << 25);
		cpu.sse2 = d & (1u << 26);
	}
	cpuid(0x80000000, &maxext, &b, &c, &d);
	if (maxext >= 0x80000004 && maxext <= 0x8000FFFF) {
		uint32_t *w = (uint32_t *)cpu.brand;
		for (uint32_t leaf = 0; leaf < 3; leaf++)
			cpuid(0x80000002 + leaf, &w[leaf * 4], &w[leaf * 4 + 1],
			      &w[leaf * 4 + 2], &w[leaf * 4 + 3]);
		cpu.brand[48] = '\0';
	}
	if (maxext >= 0x80000007 && maxext <= 0x8000FFFF) {
		cpuid(0x80000007, &a, &b, &c, &d);
		cpu.invariant_tsc = d & (1u << 8);
	}
}

void cpu_init(void)
{
	uint32_t cr0, cr4;

	identify();
	gdt_init();
	idt_init();

	cr0 = read_cr0();
	cr0 &= ~(CR0_EM | CR0_TS);
	cr0 |= CR0_MP | CR0_NE | CR0_WP;
	write_cr0(cr0);
	asm volatile("fninit");
	if (cpu.fxsr) {
		cr4 = read_cr4() | CR4_OSFXSR;
		if (cpu.sse)
			cr4 |= CR4_OSXMMEXCPT;
		write_cr4(cr4);
	}
}
