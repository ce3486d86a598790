// SPDX-License-Identifier: GPL-2.0-only
/*
 * lgtest=benign -- the innocent bystander of the isolation tests: a guest
 * that does ordinary kernel work forever and checks, every round, that
 * nothing outside it has touched what it owns.  Beside a hostile or a
 * fuzzing guest, a wrong answer here means the hypervisor let one guest
 * reach another, or lost state in a world switch.  Each round (~20 ms):
 *   1. memory: 1 MiB at physical 4 MiB filled once from a fixed seed; its
 *      checksum must never change;
 *   2. shadow paging: a user window of WINDOW pages is remapped with
 *      SET_PTE onto region pages that rotate every round, then read back
 *      through the window and written through it (seen through the kernel
 *      alias, then undone), so stale shadow entries would show;
 *   3. the FPU: the round number goes into st0 before a sleep (other guests
 *      run and use their own FPU) and must come back out unchanged.
 * Every fifth round prints "lgtest: benign: round N checksum XXXXXXXX";
 * the checksum is the same in every line of every run.  Any mismatch is a
 * FAIL verdict naming the round.  Needs mem=8M or more.
 */
#include "guest.h"

#define REGION_PA (4u << 20)
#define REGION_PAGES 256u
#define WINDOW_VA 0x50000000u
#define WINDOW 16u
#define ROUND_NS 20000000u

static uint32_t fill_and_sum(uint32_t *w, bool fill)
{
	uint32_t x = 0x9E3779B9u, sum = 2166136261u;

	for (uint32_t i = 0; i < REGION_PAGES * PAGE_SIZE / 4; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		if (fill)
			w[i] = x ^ i;
		sum = (sum ^ w[i]) * 16777619u;	/* FNV-1a over words */
	}
	return sum;
}

static const char *check_window(uint32_t round, uint8_t *region)
{
	for (uint32_t i = 0; i < WINDOW; i++) {
		uint32_t page = (i * 7 + round) % REGION_PAGES;
		map_page(WINDOW_VA + i * PAGE_SIZE, REGION_PA + page * PAGE_SIZE, PTE_USER);
	}
	for (uint32_t i = 0; i < WINDOW; i++) {
		uint32_t page = (i * 7 + round) % REGION_PAGES;
		uint8_t *alias = region + page * PAGE_SIZE;
		volatile uint32_t *win = (volatile uint32_t *)(uintptr_t)(WINDOW_VA + i * PAGE_SIZE);

		CHECK(!memcmp((const void *)win, alias, PAGE_SIZE),
		      "round %u: window page %u does not show region page %u", round, i, page);
		uint32_t old = win[i];
		win[i] = ~old;
		CHECK(((uint32_t *)alias)[i] == ~old,
		      "round %u: a write through window page %u missed region page %u",
		      round, i, page);
		win[i] = old;
	}
	return NULL;
}

static const char *check_fpu(uint32_t round)
{
	int32_t in = (int32_t)round, out = 0;

	asm volatile("fninit\n\tfildl %0" : : "m"(in));
	sleep_ns(ROUND_NS);
	asm volatile("fistpl %0" : "=m"(out));
	CHECK(out == in, "round %u: st0 came back as %d", round, out);
	return NULL;
}

const char *test_benign(void)
{
	uint8_t *region = __va(REGION_PA);
	const char *why;

	CHECK(ram_bytes >= 2 * REGION_PA, "needs mem=8M or more (has %u KiB)", ram_bytes / 1024);
	uint32_t expected = fill_and_sum((uint32_t *)region, true);
	say("region %u KiB at %#x, checksum %08x", REGION_PAGES * 4, REGION_PA, expected);
	for (uint32_t round = 1;; round++) {
		if ((why = check_window(round, region)) || (why = check_fpu(round)))
			return why;
		uint32_t sum = fill_and_sum((uint32_t *)region, false);
		CHECK(sum == expected, "round %u: region checksum %08x, expected %08x", round, sum,
		      expected);
		if (round % 5 == 0)
			say("round %u checksum %08x", round, sum);
	}
}
