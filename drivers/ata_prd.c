// SPDX-License-Identifier: GPL-2.0-only
/*
 * The bus-master engine's scatter list, kept apart as pure arithmetic so
 * that the host's unit tests can check it: a buffer cut at every 64 KiB
 * boundary of physical memory, since no region may cross one (the engine
 * counts addresses in a 16-bit register and carries nothing).
 */
#include "drivers/ata_dma.h"

#define REGION (1u << 16)

int ata_prd_fill(uint32_t addr, uint32_t bytes, struct ata_prd *prd, int max)
{
	int n = 0;

	if (bytes == 0 || (addr | bytes) & 1 || addr + bytes - 1 < addr)
		return 0;
	while (bytes) {
		uint32_t room = REGION - (addr & (REGION - 1));
		uint32_t len = bytes < room ? bytes : room;

		if (n == max)
			return 0;
		prd[n].addr = addr;
		prd[n].count = len & (REGION - 1);	/* 64 KiB is written 0 */
		n++;
		addr += len;
		bytes -= len;
	}
	prd[n - 1].count |= ATA_PRD_LAST;
	return n;
}
