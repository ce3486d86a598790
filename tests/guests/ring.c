// SPDX-License-Identifier: GPL-2.0-only
/*
 * lgtest=ring -- the asynchronous hypercall ring.  Linux queues its page
 * table updates there in lazy MMU mode and relies on two promises: the
 * host runs queued calls in the order they were queued, and before any
 * synchronous call; and when the ring is full the guest's synchronous
 * fallback (which drains the ring first) keeps that order too.  So we
 * queue far more than 64 calls with no other hypercall in between, which
 * forces the full-ring fallback, and check:
 *   1. order: one virtual address re-pointed 150 times in a row at eight
 *      marked frames ends on the last one queued (the shadow already
 *      held the first, so a call run out of order or dropped shows);
 *   2. completeness: 100 addresses each re-pointed once all took effect;
 *   3. mixed calls: TS(8), TS(0), TS(8) queued leave TS set (#NM fires)
 *      (not on G10, which has no TS);
 *   4. every status byte is back to 0xFF, and the fallback really ran.
 */
#include "guest.h"

#define FRAMES 8
#define REPOINTS 150
#define VAS 100

static uint32_t *frame[FRAMES];

#if LG_HAS_TS
static volatile unsigned nm_count;

static bool on_nm(struct trap_frame *f)
{
	nm_count++;
	set_ts(false);
	return true;
}
#endif

static uint32_t peek(uint32_t va)
{
	return *(volatile uint32_t *)(uintptr_t)va;
}

static uint32_t mark(unsigned i)
{
	return 0x5107000 + i;
}

const char *test_ring(void)
{
	unsigned fallbacks_before;

	for (unsigned i = 0; i < FRAMES; i++) {
		frame[i] = page_alloc();
		frame[i][0] = mark(i);
	}

	/* 1. Order.  Touch first so the host has a shadow entry to update. */
	map_page(TEST_VA, __pa(frame[0]), PTE_KERNEL);
	CHECK(peek(TEST_VA) == mark(0), "first mapping reads %#x", peek(TEST_VA));
	fallbacks_before = async_full_fallbacks;
	for (unsigned i = 1; i <= REPOINTS; i++)
		async_map_page(TEST_VA, __pa(frame[i % FRAMES]), PTE_KERNEL);
	unsigned fallbacks = async_full_fallbacks - fallbacks_before;
	flush_async();
	say("%u SET_PTEs queued, %u went synchronous on a full ring", REPOINTS, fallbacks);
	CHECK(fallbacks > 0, "%u calls queued without ever filling a 64-slot ring?", REPOINTS);
	CHECK(peek(TEST_VA) == mark(REPOINTS % FRAMES),
	      "after %u re-pointings read %#x, expected the last one %#x", REPOINTS,
	      peek(TEST_VA), mark(REPOINTS % FRAMES));

	/* 2. Completeness: every address shadowed on frame 0 first. */
	for (unsigned i = 0; i < VAS; i++) {
		map_page(TEST_VA + (i + 1) * PAGE_SIZE, __pa(frame[0]), PTE_KERNEL);
		(void)peek(TEST_VA + (i + 1) * PAGE_SIZE);
	}
	for (unsigned i = 0; i < VAS; i++)
		async_map_page(TEST_VA + (i + 1) * PAGE_SIZE, __pa(frame[i % FRAMES]), PTE_KERNEL);
	flush_async();
	for (unsigned i = 0; i < VAS; i++) {
		uint32_t v = peek(TEST_VA + (i + 1) * PAGE_SIZE);
		CHECK(v == mark(i % FRAMES), "address %u of %u reads %#x, expected %#x", i, VAS, v,
		      mark(i % FRAMES));
	}
	say("%u addresses re-pointed through the ring, all applied", VAS);

	/* 3. Other calls keep their order too: the last TS wins. */
#if LG_HAS_TS
	trap_hooks[7] = on_nm;
	async_hcall(LHCALL_TS, 8, 0, 0, 0);
	async_hcall(LHCALL_TS, 0, 0, 0, 0);
	async_hcall(LHCALL_TS, 8, 0, 0, 0);
	flush_async();
	asm volatile("fnop");
	CHECK(nm_count == 1, "queued TS(8), TS(0), TS(8): %u #NM, expected 1", nm_count);
	async_hcall(LHCALL_TS, 8, 0, 0, 0);
	async_hcall(LHCALL_TS, 0, 0, 0, 0);
	flush_async();
	asm volatile("fnop");
	CHECK(nm_count == 1, "queued TS(8), TS(0): TS still set");
	say("queued TS calls ran in order");
#endif

	/* 4. Nothing left behind. */
	for (unsigned i = 0; i < LHCALL_RING_SIZE; i++)
		CHECK(lguest_data.hcall_status[i] == 0xFF, "ring slot %u still %#x after the flush",
		      i, lguest_data.hcall_status[i]);
	return NULL;
}
