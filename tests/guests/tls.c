// SPDX-License-Identifier: GPL-2.0-only
/*
 * lgtest=tls -- thread-local storage descriptors.  On every context switch
 * Linux hands the host the three TLS entries (GDT 6-8) of the next thread
 * with LOAD_TLS, and user space reaches its thread block through %gs.  So:
 *   1. three descriptors with different bases, each read through %gs;
 *   2. a selector survives hypercalls and a HALT with a timer interrupt
 *      (the host saves and restores %gs on every exit);
 *   3. LOAD_TLS again with a moved base: a reload of %gs sees the move;
 *   4. an emptied entry can no longer be loaded: #GP with its selector;
 *   5. the same read from ring 3 is covered by lgtest=user's segments;
 *      here the DPL-3 data segment is read from ring 1, as the kernel's
 *      get_user would.
 */
#include "guest.h"

static uint32_t block[3][4] = {
	{ 0x71500000, 0 }, { 0x71500001, 0 }, { 0x71500002, 0 },
};
static uint32_t moved[4] = { 0x7150beef, 0 };
static struct desc tls[GDT_ENTRY_TLS_ENTRIES];
static volatile unsigned gps;
static volatile uint32_t gp_error;

static uint32_t sel(int entry)
{
	return (uint32_t)((GDT_ENTRY_TLS_MIN + entry) << 3) | 3;
}

static uint32_t read_gs0(uint32_t selector)
{
	uint32_t v;

	asm volatile("movl %1, %%gs\n\tmovl %%gs:0, %0" : "=&r"(v) : "r"(selector));
	return v;
}

static bool on_gp(struct trap_frame *f)
{
	const uint8_t *insn = (const uint8_t *)(uintptr_t)f->eip;

	if (insn[0] != 0x8E)	/* only our mov to a segment register */
		return false;
	gps++;
	gp_error = f->error;
	f->eip += 2;
	return true;
}

const char *test_tls(void)
{
	uint32_t v;

	for (int i = 0; i < GDT_ENTRY_TLS_ENTRIES; i++)
		tls[i] = make_segment((uint32_t)(uintptr_t)block[i], 0xFFFFF, 0xF2, 0xC);
	load_tls(tls);
	for (int i = 0; i < GDT_ENTRY_TLS_ENTRIES; i++) {
		v = read_gs0(sel(i));
		CHECK(v == block[i][0], "TLS entry %d: %%gs:0 reads %#x, expected %#x", 6 + i, v,
		      block[i][0]);
	}
	say("three TLS entries, each read through %%gs");

	asm volatile("movl %0, %%gs" : : "r"(sel(1)));
	for (int i = 0; i < 10; i++)
		flush_async();
	sleep_ns(1000000);
	asm volatile("movl %%gs:0, %0" : "=r"(v));
	CHECK(v == block[1][0], "%%gs lost across hypercalls and an interrupt: reads %#x", v);
	say("%%gs kept across hypercalls and a timer interrupt");

	tls[1] = make_segment((uint32_t)(uintptr_t)moved, 0xFFFFF, 0xF2, 0xC);
	load_tls(tls);
	v = read_gs0(sel(1));
	CHECK(v == moved[0], "after LOAD_TLS moved entry 7, %%gs:0 reads %#x", v);
	say("LOAD_TLS again: the moved base is seen");

	tls[2] = (struct desc){ 0, 0 };
	load_tls(tls);
	trap_hooks[13] = on_gp;
	asm volatile("movl %0, %%gs" : : "r"(sel(2)));
	asm volatile("movl %0, %%gs" : : "r"(0));
	CHECK(gps == 1 && (gp_error & ~7u) == (sel(2) & ~7u),
	      "loading an emptied TLS entry: %u #GP, error %#x", gps, gp_error);
	say("an emptied TLS entry cannot be loaded: #GP(%#x)", gp_error);
	return NULL;
}
