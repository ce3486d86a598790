// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: Multiboot 1 and 2 information blocks.  The input is a
 * stretch of "physical memory" with the block at its start; the first
 * byte picks the protocol.  Pointers in it may point anywhere.
 * sources: boot/boot_info.c
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "boot/boot_info.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct boot_info bi;
	uint8_t *mem;
	struct phys_view view;

	if (size < 1)
		return 0;
	mem = malloc(size - 1 ? size - 1 : 1);
	memcpy(mem, data + 1, size - 1);
	view.offset = (uintptr_t)mem;
	view.limit = size - 1;
	boot_info_parse(&bi, data[0] & 1 ? MB2_LOADER_MAGIC : MB1_LOADER_MAGIC, 0, &view);
	free(mem);
	return 0;
}
