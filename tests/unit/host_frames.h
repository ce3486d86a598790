/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The frame allocator for host builds of hypervisor code that takes
 * memory from it (hv/devices/vswitch.c's port queues): frames are 32-bit
 * physical addresses there, so they come from the low 2 GiB of the test's
 * address space (MAP_32BIT).  Include it in one file of a test binary.
 */
#ifndef UNIT_HOST_FRAMES_H
#define UNIT_HOST_FRAMES_H

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include "mm/frames.h"

uint32_t frames_alloc_contig(uint32_t npages, uint32_t align_pages)
{
	void *p = mmap(NULL, (size_t)npages * FRAME_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);

	(void)align_pages;
	if (p == MAP_FAILED)
		abort();
	return (uint32_t)(uintptr_t)p;
}

void frames_free_contig(uint32_t pa, uint32_t npages)
{
	munmap((void *)(uintptr_t)pa, (size_t)npages * FRAME_SIZE);
}

#endif
