/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The physical frame allocator.  One bit per 4 KiB frame below the
 * switcher's 4 MiB at the top of the address space (the hypervisor maps
 * nothing above that).  Single frames come from the top of memory and
 * contiguous runs (guest memory) from the bottom, so page-table pages do
 * not fragment the space guests need.
 */
#ifndef MM_FRAMES_H
#define MM_FRAMES_H

#include <stdint.h>
#include <stdbool.h>
#include "boot/boot_info.h"

#define FRAME_SIZE 4096u
#define FRAME_SHIFT 12
#define FRAMES_LIMIT 0xFFC00000ull	/* highest address + 1 we manage */
#define FRAMES_MAX ((uint32_t)(FRAMES_LIMIT >> FRAME_SHIFT))

/* Builds the free set: pages wholly inside available regions, minus any
 * page touched by another region type (firmware wins overlaps), the first
 * MiB, and the given reserved ranges. */
void frames_init(const struct boot_mem_region *map, int nr_map,
		 const struct phys_range *reserved, int nr_reserved);

/* A page of base memory for other CPUs' real-mode start (drivers/smp.c):
 * the highest one below `below` (and 640 KiB) that the map calls usable
 * RAM, that no other region or reserved range touches, and that is not
 * page 0.  frames_init() never hands out the first MiB, so it stays ours.
 * 0 if there is none. */
uint32_t frames_low_page(const struct boot_mem_region *map, int nr_map,
			 const struct phys_range *reserved, int nr_reserved, uint32_t below);

/* One frame (physical address), or 0 when memory is exhausted. */
uint32_t frame_alloc(void);
void frame_free(uint32_t pa);
/* npages contiguous frames aligned to align_pages (a power of two), or 0. */
uint32_t frames_alloc_contig(uint32_t npages, uint32_t align_pages);
void frames_free_contig(uint32_t pa, uint32_t npages);

uint32_t frames_free_count(void);
/* Frames of RAM the map offers, before anything was reserved. */
uint32_t frames_usable_count(void);
/* True if the frame is currently free. */
bool frame_is_free(uint32_t pa);

#endif
