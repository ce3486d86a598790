// SPDX-License-Identifier: GPL-2.0-only
/*
 * lgtest=fpu -- the FPU belongs to the guest.  lguest guests keep a
 * virtual CR0.TS (the TS hypercall) and expect #NM exactly while it is set;
 * and the x87 and SSE registers must survive anything the host does in
 * between: hypercalls, interrupts, other guests running while we HALT.
 * Run two of these at once: each loads its registers with values from a
 * seed of its own, so a state leaked from one guest into the other, or a
 * state lost, shows as a mismatch.
 *   1. TS(8): an x87 instruction raises #NM; our handler clears TS (as
 *      Linux does with clts -> TS(0)) and the instruction completes
 *      (G10, 4.10+, has no TS hypercall: #NM must never come at all);
 *   2. load st0-st7 and xmm0-xmm7, keep a copy (fxsave);
 *   3. 50 rounds of 20 hypercalls, a 2 ms HALT (others run), one added to
 *      each lane of xmm7 (and to the copy) and, every fifth round, a TS(8)
 *      with the #NM it brings (G10: a compare).  The additions make every
 *      saved state older than the registers: a host that brings back an
 *      old one -- a copy another CPU kept, or its registers left behind
 *      when the guest moved -- shows as a mismatch;
 *   4. compare with the copy, then compute with both units (sum of the
 *      x87 stack, paddd of two xmm registers) and check the results.
 * The library is built with -mgeneral-regs-only, so no C code ever
 * touches these registers behind our back.  On a CPU without fxsave and
 * SSE2 (a 486 or Pentium host) the same runs with the x87 alone, its
 * state kept with fnsave/frstor.
 */
#include "guest.h"

#define ROUNDS 50

static volatile unsigned nm_count;
static uint8_t ref[512] __attribute__((aligned(16)));
static uint8_t now[512] __attribute__((aligned(16)));
static int32_t ints[8];
static uint32_t xmm_init[8][4] __attribute__((aligned(16)));
static bool sse;	/* fxsave and SSE2: check the xmm registers too */

static bool on_nm(struct trap_frame *f)
{
	nm_count++;
#if LG_HAS_TS
	set_ts(false);
	return true;
#else
	return false;	/* no virtual TS: an #NM is the host's mistake */
#endif
}

static void cpuid(uint32_t leaf, uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d)
{
	asm volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(0));
}

/* CPUID exists where EFLAGS.ID can be flipped (not on early 486s). */
static bool have_cpuid(void)
{
	uint32_t a, b;

	asm volatile("pushfl\n\tpushfl\n\tpopl %0\n\tmovl %0, %1\n\txorl $0x200000, %1\n\t"
		     "pushl %1\n\tpopfl\n\tpushfl\n\tpopl %1\n\tpopfl"
		     : "=&r"(a), "=&r"(b) : : "cc");
	return (a ^ b) & 0x200000;
}

/* The whole FPU state into area: fxsave, or fnsave and frstor (fnsave
 * reinitialises the unit, so the state is put back). */
static void save_state(uint8_t *area)
{
	if (sse)
		asm volatile("fxsave %0" : "=m"(*(uint8_t (*)[512])area));
	else
		asm volatile("fnsave %0\n\tfrstor %0" : "+m"(*(uint8_t (*)[108])area));
}

static void load_registers(void)
{
	asm volatile("fninit");
	for (int i = 0; i < 8; i++)
		asm volatile("fildl %0" : : "m"(ints[i]));
	if (sse)
		asm volatile("movdqa 0(%0), %%xmm0\n\tmovdqa 16(%0), %%xmm1\n\t"
		     "movdqa 32(%0), %%xmm2\n\tmovdqa 48(%0), %%xmm3\n\t"
		     "movdqa 64(%0), %%xmm4\n\tmovdqa 80(%0), %%xmm5\n\t"
		     "movdqa 96(%0), %%xmm6\n\tmovdqa 112(%0), %%xmm7"
		     : : "r"(xmm_init) : "memory");
}

/* One more in each lane of xmm7, in the register and in the copy. */
static void bump_xmm7(void)
{
	static const uint32_t ones[4] __attribute__((aligned(16))) = { 1, 1, 1, 1 };
	uint32_t *copy = (uint32_t *)(ref + 160 + 16 * 7);

	asm volatile("paddd %0, %%xmm7" : : "m"(ones));
	for (int j = 0; j < 4; j++)
		copy[j]++;
}

/* Byte ranges of the fxsave image that hold state: fcw, fsw, ftw; the
 * eight x87 registers (10 bytes of each 16); xmm0-xmm7. */
static const char *compare_state(void)
{
	if (!sse) {
		/* fnsave: control, status and tag words at 0, 4 and 8;
		 * st0-st7 packed, 10 bytes each, from byte 28. */
		for (int w = 0; w < 3; w++)
			CHECK(!memcmp(now + 4 * w, ref + 4 * w, 2), "x87 %s word changed",
			      w == 0 ? "control" : w == 1 ? "status" : "tag");
		for (int i = 0; i < 8; i++)
			CHECK(!memcmp(now + 28 + 10 * i, ref + 28 + 10 * i, 10),
			      "x87 st%d changed", i);
		return NULL;
	}
	CHECK(!memcmp(now, ref, 5), "x87 control/status/tag words changed");
	for (int i = 0; i < 8; i++)
		CHECK(!memcmp(now + 32 + 16 * i, ref + 32 + 16 * i, 10),
		      "x87 st%d changed", i);
	for (int i = 0; i < 8; i++)
		CHECK(!memcmp(now + 160 + 16 * i, ref + 160 + 16 * i, 16),
		      "xmm%d changed: %08x... expected %08x...", i,
		      *(uint32_t *)(now + 160 + 16 * i), *(uint32_t *)(ref + 160 + 16 * i));
	return NULL;
}

const char *test_fpu(void)
{
	uint32_t a, b, c, d;
	const char *why;

	d = 0;
	if (have_cpuid())
		cpuid(1, &a, &b, &c, &d);
	sse = (d & (1u << 24)) && (d & (1u << 26));
	if (!sse)
		say("no fxsave/SSE2 on this CPU (edx %#x): x87 only, with fnsave", d);
	trap_hooks[7] = on_nm;

	/* 1. */
#if LG_HAS_TS
	set_ts(true);
	asm volatile("fninit");
	CHECK(nm_count == 1, "TS set: fninit gave %u #NM, expected 1", nm_count);
	say("TS set: #NM; cleared in the handler");
#else
	asm volatile("fninit");
	CHECK(nm_count == 0, "no TS in this generation, yet %u #NM", nm_count);
	say("no TS hypercall: the FPU is simply ours");
#endif

	/* 2. A seed of our own: the TSC differs between two guests. */
	uint32_t seed = (uint32_t)rdtsc() & 0x00FFFFFF;
	for (int i = 0; i < 8; i++) {
		ints[i] = (int32_t)(seed + i * 1000);
		for (int j = 0; j < 4; j++)
			xmm_init[i][j] = seed * 0x9E3779B1u + (uint32_t)(i * 4 + j);
	}
	load_registers();
	save_state(ref);
	say("registers loaded from seed %#x", seed);

	/* 3. */
	for (int r = 0; r < ROUNDS; r++) {
		for (int i = 0; i < 20; i++)
			flush_async();
		sleep_ns(2000000);
		if (sse)
			bump_xmm7();
		if (r % 5 == 4) {
#if LG_HAS_TS
			unsigned before = nm_count;
			set_ts(true);
			save_state(now);	/* #NM, then saves */
			if (nm_count != before + 1)
				return fail("round %d: TS set but %u #NM", r, nm_count - before);
#else
			save_state(now);
#endif
			if ((why = compare_state()))
				return fail("after round %d: %s", r, why);
		}
	}
	save_state(now);
	if ((why = compare_state()))
		return why;
	say("%d rounds of hypercalls, sleeps and #NM: x87%s state intact", ROUNDS,
	    sse ? " and SSE" : "");

	/* 4. Use the values: sum the x87 stack; add two xmm registers. */
	int64_t sum = 0;
	asm volatile("faddp\n\tfaddp\n\tfaddp\n\tfaddp\n\tfaddp\n\tfaddp\n\tfaddp\n\t"
		     "fistpq %0" : "=m"(sum));
	int64_t want = 8 * (int64_t)seed + 28000;
	CHECK(sum == want, "x87 sum %lld, expected %lld", (long long)sum, (long long)want);
	if (!sse) {
		say("x87 sum %lld correct", (long long)sum);
		return NULL;
	}
	static uint32_t out[4] __attribute__((aligned(16)));
	asm volatile("paddd %%xmm1, %%xmm0\n\tmovdqa %%xmm0, %0" : "=m"(out));
	for (int j = 0; j < 4; j++)
		CHECK(out[j] == xmm_init[0][j] + xmm_init[1][j], "paddd lane %d: %#x", j, out[j]);
	say("x87 sum %lld and SSE paddd correct", (long long)sum);
	return NULL;
}
