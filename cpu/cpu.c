// SPDX-License-Identifier: GPL-2.0-only
/*
 * Processor identification and the control-register settings every later
 * part relies on: CR0.WP so that pages we mark read-only stay read-only to
 * ring 1 guests too (ring 1 counts as supervisor for paging), CR0.NE for
 * native FPU error reporting, and CR4.OSFXSR so fxsave can hold a guest's
 * SSE state.
 *
 * We run on anything from a 486 on, so nothing is assumed: CPUID itself
 * is missing on early 486s (the EFLAGS.ID bit tells), and CR4 on every
 * 486 without CPUID or VME.  What is missing, later layers work around
 * (see the README's CPU section); only a missing FPU or a 386 refuse.
 */
#include "cpu/cpu.h"
#include "cpu/percpu.h"
#include "cpu/segments.h"
#include "cpu/trap.h"
#include "cpu/x86.h"
#include "lib/string.h"

#define EFLAGS_AC (1u << 18)
#define EFLAGS_ID (1u << 21)

#define CPUID1_EDX_VME (1u << 1)
#define CPUID1_EDX_DE (1u << 2)
#define CPUID1_EDX_PSE (1u << 3)
#define CPUID1_ECX_RDRAND (1u << 30)
#define CPUID7_EBX_RDSEED (1u << 18)

struct cpu_info cpu;

/* True if software can flip this EFLAGS bit: AC exists from the 486 on,
 * ID wherever CPUID does. */
static bool eflags_bit_flips(uint32_t bit)
{
	uint32_t before, after;

	asm volatile("pushfl\n\t"
		     "pushfl\n\t"
		     "popl %0\n\t"
		     "movl %0, %1\n\t"
		     "xorl %2, %1\n\t"
		     "pushl %1\n\t"
		     "popfl\n\t"
		     "pushfl\n\t"
		     "popl %1\n\t"
		     "popfl"
		     : "=&r"(before), "=&r"(after) : "ri"(bit) : "cc");
	return (before ^ after) & bit;
}

/* The classic probe: an FPU clears its status word and sets its control
 * word to 0x037F on fninit; without one the stores never happen. */
static bool fpu_present(void)
{
	uint16_t sw = 0xFFFF, cw = 0xFFFF;

	write_cr0(read_cr0() & ~(CR0_EM | CR0_TS));
	asm volatile("fninit\n\tfnstsw %0\n\tfnstcw %1" : "+m"(sw), "+m"(cw));
	return sw == 0 && (cw & 0x103F) == 0x003F;
}

static void identify_cpuid(void)
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
		cpu.has_cr4 = cpu.family >= 5 ||
			      (d & (CPUID1_EDX_VME | CPUID1_EDX_DE | CPUID1_EDX_PSE));
		cpu.pse = d & CPUID1_EDX_PSE;
		cpu.tsc = d & (1u << 4);
		cpu.msr = d & (1u << 5);
		cpu.apic = d & (1u << 9);
		cpu.pge = d & (1u << 13);
		cpu.fxsr = d & (1u << 24);
		cpu.sse = d & (1u << 25);
		cpu.sse2 = d & (1u << 26);
		cpu.rdrand = c & CPUID1_ECX_RDRAND;
	} else {
		cpu.family = 4;
	}
	if (max >= 7) {
		cpuid(7, &a, &b, &c, &d);
		cpu.rdseed = b & CPUID7_EBX_RDSEED;
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

static const char *identify(bool ignore_cpuid)
{
	if (!eflags_bit_flips(EFLAGS_AC))
		return "this is a 386 (EFLAGS.AC is fixed): a 486 or later is needed";
	cpu.has_cpuid = !ignore_cpuid && eflags_bit_flips(EFLAGS_ID);
	if (cpu.has_cpuid) {
		identify_cpuid();
	} else {
		memcpy(cpu.vendor, "unknown", 8);
		cpu.family = 4;
	}
	cpu.fpu = fpu_present();
	if (!cpu.fpu)
		return "no x87 FPU (a 486SX without a 487?): guests need one, "
		       "and there is no emulation";
	return NULL;
}

uint32_t cpu_read_cr4(void)
{
	return cpu.has_cr4 ? read_cr4() : 0;
}

const char *cpu_init(bool ignore_cpuid)
{
	const char *why;
	uint32_t cr0, cr4;

	why = identify(ignore_cpuid);
	percpu_init_boot();
	gdt_init(&cpus[0]);
	idt_init();
	if (why)
		return why;

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
	return NULL;
}

void cpu_init_ap(struct cpu_local *c)
{
	gdt_init(c);
	idt_load();
	/* The trampoline gave it the boot CPU's CR0 and CR4 (paging, PSE,
	 * OSFXSR, WP, NE, MP): only the FPU's own state is left to reset. */
	write_cr0(read_cr0() & ~(CR0_EM | CR0_TS));
	asm volatile("fninit");
}
