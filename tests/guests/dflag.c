// SPDX-License-Identifier: GPL-2.0-only
/*
 * lgtest=dflag -- the direction flag crosses into the hypervisor.  The CPU
 * keeps a guest's DF when it traps, and Linux's decompressor copies
 * backwards (std; rep movs), so it can fault with DF set at any time.  A
 * hypervisor that then runs its own C code with DF set copies memory
 * backwards: it corrupted other guests' stacks (and could have corrupted
 * itself).  So: with DF set, hand the host descriptors to copy in
 * (LOAD_TLS) and check what it stored; then check the host still answers
 * hypercalls normally.
 */
#include "guest.h"

static uint32_t block[3][4] = {
	{ 0xdf000000, 0 }, { 0xdf000001, 0 }, { 0xdf000002, 0 },
};
static struct desc tls[GDT_ENTRY_TLS_ENTRIES];

const char *test_dflag(void)
{
	uint32_t v;

	for (int i = 0; i < GDT_ENTRY_TLS_ENTRIES; i++)
		tls[i] = make_segment((uint32_t)(uintptr_t)block[i], 0xFFFFF, 0xF2, 0xC);
	/* The hypercall itself, with DF set for the whole exit (a1 in %edx
	 * up to 2.6.29, in %ebx after). */
#if LG_HCALL_EDX_FIRST
	asm volatile("std\n\t"
		     "int $0x1f\n\t"
		     "cld"
		     : : "a"(LHCALL_LOAD_TLS), "d"(__pa(tls)), "b"(0), "c"(0) : "memory");
#else
	asm volatile("std\n\t"
		     "int $0x1f\n\t"
		     "cld"
		     : : "a"(LHCALL_LOAD_TLS), "b"(__pa(tls)), "c"(0), "d"(0), "S"(0) : "memory");
#endif
	for (int i = 0; i < GDT_ENTRY_TLS_ENTRIES; i++) {
		uint32_t sel = (uint32_t)((GDT_ENTRY_TLS_MIN + i) << 3) | 3;
		asm volatile("movl %1, %%gs\n\tmovl %%gs:0, %0\n\tmovl %2, %%gs"
			     : "=&r"(v) : "r"(sel), "r"(0));
		CHECK(v == block[i][0], "LOAD_TLS with DF set stored entry %d wrongly: %%gs:0 reads %#x",
		      6 + i, v);
	}
	say("LOAD_TLS with the direction flag set copied the descriptors right");
	for (int i = 0; i < 20; i++) {
		asm volatile("std" ::: "memory");
		flush_async();
		asm volatile("cld" ::: "memory");
	}
	say("20 more hypercalls with DF set: the hypervisor is fine");
	return NULL;
}
