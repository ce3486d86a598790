// SPDX-License-Identifier: GPL-2.0-only
/*
 * Early 486s have no CPUID instruction, and Linux lguest guests execute it
 * unconditionally (lguest_init reads leaf 1 for its first capability word),
 * so on such a CPU they would die of #UD before printing a line.  We give
 * them the answer of the most modest CPU that has the instruction: one
 * basic leaf, family 4, an FPU and nothing else, and no extended leaves.
 * Guests see the real CPU's features nowhere else (they run natively), so
 * this only says what the hardware would have said had it been asked.
 */
#include "hv/cpuid_emul.h"
#include "cpu/cpu.h"
#include "mm/guest_virt.h"
#include "lib/string.h"

#define CPUID_FAMILY_486 0x400u
#define CPUID1_EDX_FPU 1u

bool emulate_cpuid(struct guest *g)
{
	struct guest_regs *r = g->regs;
	uint8_t insn[2];

	if (cpu.has_cpuid || !guest_virt_read(g, r->eip, insn, 2) ||
	    insn[0] != 0x0F || insn[1] != 0xA2)
		return false;
	uint32_t leaf = r->eax;
	r->eax = r->ebx = r->ecx = r->edx = 0;
	if (leaf == 0) {
		r->eax = 1;	/* the highest basic leaf */
		memcpy(&r->ebx, "lghv", 4);	/* the vendor: ebx, edx, ecx */
		memcpy(&r->edx, " 486", 4);
		memcpy(&r->ecx, " CPU", 4);
	} else if (leaf == 1) {
		r->eax = CPUID_FAMILY_486;
		r->edx = CPUID1_EDX_FPU;
	}
	r->eip += 2;
	return true;
}
