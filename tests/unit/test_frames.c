// SPDX-License-Identifier: GPL-2.0-only
/*
 * The frame allocator on synthetic memory maps: what counts as usable when
 * entries are unaligned, overlap or lie above 4 GiB; that reserved ranges
 * and the first MiB are never handed out; that contiguous runs honour
 * their alignment; and that exhaustion and frees behave.
 * sources: mm/frames.c
 */
#include <stdint.h>
#include "check.h"
#include "mm/frames.h"

#define MiB (1024ull * 1024)

static void simple_map(void)
{
	struct boot_mem_region map[] = {
		{ 0, 0x9FC00, 1 }, { 0x9FC00, 0x400, 2 }, { 0xF0000, 0x10000, 2 },
		{ 0x100000, 127 * MiB, 1 },
	};
	frames_init(map, 4, NULL, 0);
	/* 0x9F whole pages below 640K, then 127 MiB */
	CHECK_EQ(frames_usable_count(), 0x9F + 127 * 256);
	/* the first MiB is never handed out */
	CHECK_EQ(frames_free_count(), 127 * 256);
	CHECK(!frame_is_free(0x5000));
	CHECK(frame_is_free(0x100000));
}

static void reserved_ranges_and_image(void)
{
	struct boot_mem_region map[] = { { 0x100000, 15 * MiB, 1 } };
	struct phys_range res[] = {
		{ 0x100000, 0x13D000 },	/* the image */
		{ 0x200000, 0x200001 },	/* a one-byte module still takes its page */
		{ 0x300800, 0x301800 },	/* unaligned: touches two pages */
	};
	frames_init(map, 1, res, 3);
	CHECK(!frame_is_free(0x13C000));
	CHECK(frame_is_free(0x13D000));
	CHECK(!frame_is_free(0x200000));
	CHECK(frame_is_free(0x201000));
	CHECK(!frame_is_free(0x300000));
	CHECK(!frame_is_free(0x301000));
	CHECK(frame_is_free(0x302000));
	CHECK_EQ(frames_free_count(), 15 * 256 - 0x3D - 1 - 2);
}

static void overlaps_firmware_wins(void)
{
	struct boot_mem_region map[] = {
		{ 0x100000, 16 * MiB, 1 },
		{ 0x800000, 0x1800, 2 },	/* reserved inside available, unaligned */
		{ 0x400000, 4 * MiB, 1 },	/* duplicate available: counted once */
		{ 0xC00000, 0x100, 3 },	/* ACPI data */
	};
	frames_init(map, 4, NULL, 0);
	CHECK(!frame_is_free(0x800000));
	CHECK(!frame_is_free(0x801000));
	CHECK(frame_is_free(0x802000));
	CHECK(!frame_is_free(0xC00000));
	CHECK_EQ(frames_usable_count(), 16 * 256 - 2 - 1);
}

static void odd_entries(void)
{
	struct boot_mem_region map[] = {
		{ 0x100800, 0x2000, 1 },	/* unaligned both ends: one whole page */
		{ 0x200000, 0, 1 },	/* empty */
		{ 0x100000000ull, 4096 * MiB, 1 },	/* above 4 GiB: unusable */
		{ 0xFFB00000ull, 8 * MiB, 1 },	/* runs into the switcher area */
		{ 0x300000, 0x800, 1 },	/* less than a page */
	};
	frames_init(map, 5, NULL, 0);
	CHECK_EQ(frames_usable_count(), 1 + 256);
	CHECK(frame_is_free(0x101000));
	CHECK(!frame_is_free(0x100000));
	CHECK(frame_is_free(0xFFBFF000));
	CHECK(!frame_is_free(0xFFC00000));
}

static void single_frames_from_the_top(void)
{
	struct boot_mem_region map[] = { { 0x100000, 3 * MiB, 1 } };
	frames_init(map, 1, NULL, 0);
	uint32_t a = frame_alloc(), b = frame_alloc();
	CHECK_EQ(a, 0x3FF000);
	CHECK_EQ(b, 0x3FE000);
	frame_free(a);
	CHECK_EQ(frame_alloc(), 0x3FF000);
	frame_free(b);
	frame_free(b);	/* a double free must not count twice */
	CHECK_EQ(frames_free_count(), 3 * 256 - 1);
}

static void contiguous_runs(void)
{
	struct boot_mem_region map[] = {
		{ 0x100000, 1 * MiB, 1 }, { 0x300000, 13 * MiB, 1 },
	};
	frames_init(map, 2, NULL, 0);
	/* 2 MiB does not fit in the first hole; 1 MiB aligned to 4 MiB
	 * must start at 4 MiB. */
	uint32_t g1 = frames_alloc_contig(512, 1);
	CHECK_EQ(g1, 0x300000);
	uint32_t g2 = frames_alloc_contig(256, 1024);
	CHECK_EQ(g2, 0x800000);
	uint32_t g3 = frames_alloc_contig(256, 1);
	CHECK_EQ(g3, 0x100000);
	for (uint32_t p = 0; p < 256; p++)
		CHECK(!frame_is_free(g2 + p * 4096));
	CHECK_EQ(frames_alloc_contig(64 * 256, 1), 0);	/* 64 MiB: too big */
	CHECK_EQ(frames_alloc_contig(0, 1), 0);
	CHECK_EQ(frames_alloc_contig(4, 3), 0);	/* not a power of two */
	frames_free_contig(g1, 512);
	CHECK_EQ(frames_alloc_contig(512, 1), 0x300000);
}

static void exhaustion(void)
{
	struct boot_mem_region map[] = { { 0x100000, 64 * 1024, 1 } };
	frames_init(map, 1, NULL, 0);
	int got = 0;
	while (frame_alloc())
		got++;
	CHECK_EQ(got, 16);
	CHECK_EQ(frames_free_count(), 0);
	CHECK_EQ(frame_alloc(), 0);
	frame_free(0x105000);
	CHECK_EQ(frame_alloc(), 0x105000);
}

static void empty_map(void)
{
	frames_init(NULL, 0, NULL, 0);
	CHECK_EQ(frames_free_count(), 0);
	CHECK_EQ(frame_alloc(), 0);
	CHECK_EQ(frames_alloc_contig(1, 1), 0);
}

/* The page other CPUs start on: below the EBDA, in usable RAM only, clear
 * of the loader's ranges, never page 0. */
static void low_page_for_trampoline(void)
{
	struct boot_mem_region map[] = {
		{ 0, 0x9FC00, 1 }, { 0x9FC00, 0x400, 2 }, { 0xF0000, 0x10000, 2 },
		{ 0x100000, 127 * MiB, 1 },
	};
	struct phys_range res[] = { { 0x9D800, 0x9E001 } };

	CHECK_EQ(frames_low_page(map, 4, NULL, 0, 0xA0000), 0x9E000);
	CHECK_EQ(frames_low_page(map, 4, NULL, 0, 0x9FC00), 0x9E000);
	CHECK_EQ(frames_low_page(map, 4, NULL, 0, 0x80000), 0x7F000);
	/* the reserved range touches 0x9D000 and 0x9E000 */
	CHECK_EQ(frames_low_page(map, 4, res, 1, 0xA0000), 0x9C000);
	/* never above 640 KiB, whatever the caller says */
	CHECK_EQ(frames_low_page(map, 4, NULL, 0, 0x100000), 0x9E000);

	/* a firmware region inside the usable one wins */
	struct boot_mem_region holey[] = { { 0, 0x9FC00, 1 }, { 0x9D000, 0x2000, 2 } };
	CHECK_EQ(frames_low_page(holey, 2, NULL, 0, 0x9FC00), 0x9C000);

	/* only page 0 usable, or nothing below 1 MiB at all: none */
	struct boot_mem_region tiny[] = { { 0, 0x1000, 1 }, { 0x100000, MiB, 1 } };
	CHECK_EQ(frames_low_page(tiny, 2, NULL, 0, 0xA0000), 0);
	CHECK_EQ(frames_low_page(tiny + 1, 1, NULL, 0, 0xA0000), 0);
}

int main(void)
{
	RUN(low_page_for_trampoline);
	RUN(simple_map);
	RUN(reserved_ranges_and_image);
	RUN(overlaps_firmware_wins);
	RUN(odd_entries);
	RUN(single_frames_from_the_top);
	RUN(contiguous_runs);
	RUN(exhaustion);
	RUN(empty_map);
	return 0;
}
