// SPDX-License-Identifier: GPL-2.0-only
/*
 * A bitmap frame allocator (a set bit is a free frame).  128 KiB of bitmap
 * covers every frame a 32-bit hypervisor can map, and a bitmap handles any
 * pattern of frees, which an extent list would not.  Pure logic: the unit
 * tests drive it with synthetic memory maps.
 */
#include "mm/frames.h"

#define WORDS (FRAMES_MAX / 32)
static uint32_t bitmap[WORDS];
static uint32_t nr_free, nr_usable;
static uint32_t top_hint;	/* no free frame at or above this word */

static inline bool test_bit(uint32_t f) { return bitmap[f / 32] & (1u << (f % 32)); }
static inline void set_bit(uint32_t f) { bitmap[f / 32] |= 1u << (f % 32); }
static inline void clear_bit(uint32_t f) { bitmap[f / 32] &= ~(1u << (f % 32)); }

/* Marks [first, last) free or used, counting changes. */
static void mark(uint32_t first, uint32_t last, bool make_free)
{
	for (uint32_t f = first; f < last; f++) {
		if (make_free && !test_bit(f)) {
			set_bit(f);
			nr_free++;
		} else if (!make_free && test_bit(f)) {
			clear_bit(f);
			nr_free--;
		}
	}
}

static uint32_t clamp_frame(uint64_t addr)
{
	return addr >= FRAMES_LIMIT ? FRAMES_MAX : (uint32_t)(addr >> FRAME_SHIFT);
}

/* Excludes every frame that [start, end) touches at all. */
static void reserve_range(uint64_t start, uint64_t end)
{
	if (end <= start)
		return;
	mark(clamp_frame(start), clamp_frame(end + FRAME_SIZE - 1), false);
}

void frames_init(const struct boot_mem_region *map, int nr_map,
		 const struct phys_range *reserved, int nr_reserved)
{
	for (uint32_t w = 0; w < WORDS; w++)
		bitmap[w] = 0;
	nr_free = 0;

	/* Available regions first, rounded inwards to whole frames... */
	for (int i = 0; i < nr_map; i++) {
		uint64_t start = map[i].base, end = map[i].base + map[i].len;
		if (map[i].type != MEM_AVAILABLE || end <= start)
			continue;
		mark(clamp_frame(start + FRAME_SIZE - 1), clamp_frame(end), true);
	}
	/* ...then anything else the map names, rounded outwards, so that a
	 * firmware region overlapping an available one always wins. */
	for (int i = 0; i < nr_map; i++)
		if (map[i].type != MEM_AVAILABLE)
			reserve_range(map[i].base, map[i].base + map[i].len);
	nr_usable = nr_free;

	/* The first MiB: BIOS data, EBDA, option ROMs, real-mode leftovers. */
	reserve_range(0, 0x100000);
	for (int i = 0; i < nr_reserved; i++)
		reserve_range(reserved[i].start, reserved[i].end);
	top_hint = WORDS;
}

uint32_t frame_alloc(void)
{
	uint32_t w = top_hint;

	while (w > 0) {
		uint32_t bits = bitmap[--w];
		if (bits) {
			uint32_t bit = 31 - (uint32_t)__builtin_clz(bits);
			uint32_t f = w * 32 + bit;
			clear_bit(f);
			nr_free--;
			top_hint = w + 1;
			return f << FRAME_SHIFT;
		}
	}
	top_hint = 0;
	return 0;
}

void frame_free(uint32_t pa)
{
	uint32_t f = pa >> FRAME_SHIFT;

	if (f >= FRAMES_MAX || test_bit(f))
		return;	/* a double free; the frame stays free once */
	set_bit(f);
	nr_free++;
	if (f / 32 + 1 > top_hint)
		top_hint = f / 32 + 1;
}

uint32_t frames_alloc_contig(uint32_t npages, uint32_t align_pages)
{
	uint32_t f = 0;

	if (npages == 0 || align_pages == 0 || (align_pages & (align_pages - 1)))
		return 0;
	while (f + npages <= FRAMES_MAX) {
		uint32_t run = 0;

		/* Skip whole words of used frames quickly. */
		if (f % 32 == 0 && bitmap[f / 32] == 0) {
			f += 32;
			f = (f + align_pages - 1) & ~(align_pages - 1);
			continue;
		}
		while (run < npages && test_bit(f + run))
			run++;
		if (run == npages) {
			mark(f, f + npages, false);
			return f << FRAME_SHIFT;
		}
		/* The frame at f + run is used: the next candidate is past it. */
		f = (f + run + 1 + align_pages - 1) & ~(align_pages - 1);
	}
	return 0;
}

void frames_free_contig(uint32_t pa, uint32_t npages)
{
	for (uint32_t i = 0; i < npages; i++)
		frame_free(pa + i * FRAME_SIZE);
}

uint32_t frames_free_count(void) { return nr_free; }
uint32_t frames_usable_count(void) { return nr_usable; }

bool frame_is_free(uint32_t pa)
{
	uint32_t f = pa >> FRAME_SHIFT;

	return f < FRAMES_MAX && test_bit(f);
}

/* True if [a, a+len) lies inside [start, end). */
static bool inside(uint64_t a, uint64_t len, uint64_t start, uint64_t end)
{
	return a >= start && a + len <= end;
}

static bool touches(uint64_t a, uint64_t len, uint64_t start, uint64_t end)
{
	return a < end && start < a + len;
}

uint32_t frames_low_page(const struct boot_mem_region *map, int nr_map,
			 const struct phys_range *reserved, int nr_reserved, uint32_t below)
{
	if (below > 0xA0000)
		below = 0xA0000;
	for (uint32_t pa = (below & ~(FRAME_SIZE - 1)); pa >= 2 * FRAME_SIZE;) {
		bool usable = false, clash = false;

		pa -= FRAME_SIZE;
		for (int i = 0; i < nr_map; i++) {
			uint64_t start = map[i].base, end = map[i].base + map[i].len;
			if (map[i].type == MEM_AVAILABLE)
				usable |= inside(pa, FRAME_SIZE, start, end);
			else
				clash |= touches(pa, FRAME_SIZE, start, end);
		}
		for (int i = 0; i < nr_reserved; i++)
			clash |= touches(pa, FRAME_SIZE, reserved[i].start, reserved[i].end);
		if (usable && !clash)
			return pa;
	}
	return 0;
}
