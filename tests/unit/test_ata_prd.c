// SPDX-License-Identifier: GPL-2.0-only
/*
 * The bus-master engine's region table: a transfer cut at each 64 KiB
 * boundary of physical memory (a region crossing one would wrap inside
 * the controller and scribble on the wrong memory), 64 KiB written as a
 * count of 0, the last entry marked, and the buffers DMA cannot take
 * refused so that the driver falls back to PIO.
 * sources: drivers/ata_prd.c
 */
#include <stdint.h>
#include "check.h"
#include "drivers/ata_dma.h"

#define K64 0x10000u

/* Fills a table for addr/bytes and checks it against want (address,
 * count pairs, the last mark included); want_n 0: refused. */
static void expect(uint32_t addr, uint32_t bytes, int want_n, const struct ata_prd *want)
{
	struct ata_prd p[ATA_PRD_MAX];
	int n = ata_prd_fill(addr, bytes, p, ATA_PRD_MAX);

	CHECK_EQ(n, want_n);
	for (int i = 0; i < n && i < want_n; i++) {
		CHECK_EQ(p[i].addr, want[i].addr);
		CHECK_EQ(p[i].count, want[i].count);
	}
}

static void one_region(void)
{
	expect(0x123400, 512, 1, (struct ata_prd[]){ { 0x123400, ATA_PRD_LAST | 512 } });
}

static void split_at_boundaries(void)
{
	/* 128 KiB from 0x10_F000: 4 KiB, then a whole 64 KiB (count 0), then 60 KiB. */
	expect(0x10F000, 2 * K64, 3, (struct ata_prd[]){
		{ 0x10F000, 0x1000 }, { 0x110000, 0 }, { 0x120000, ATA_PRD_LAST | 0xF000 } });
	/* A sector straddling a boundary: two regions. */
	expect(0x2FF00, 512, 2, (struct ata_prd[]){
		{ 0x2FF00, 0x100 }, { 0x30000, ATA_PRD_LAST | 0x100 } });
}

static void aligned_whole_regions(void)
{
	expect(0x200000, 2 * K64, 2, (struct ata_prd[]){
		{ 0x200000, 0 }, { 0x210000, ATA_PRD_LAST } });
	/* Ending exactly at a boundary adds no empty region. */
	expect(0x20F000, 0x1000, 1, (struct ata_prd[]){ { 0x20F000, ATA_PRD_LAST | 0x1000 } });
}

static void refused(void)
{
	struct ata_prd p[ATA_PRD_MAX];

	CHECK_EQ(ata_prd_fill(0x100001, 512, p, ATA_PRD_MAX), 0);	/* odd address */
	CHECK_EQ(ata_prd_fill(0x100000, 511, p, ATA_PRD_MAX), 0);	/* odd length */
	CHECK_EQ(ata_prd_fill(0x100000, 0, p, ATA_PRD_MAX), 0);
	CHECK_EQ(ata_prd_fill(0xFFFFFE00, 1024, p, ATA_PRD_MAX), 0);	/* past 4 GiB */
	CHECK_EQ(ata_prd_fill(0x10F000, 2 * K64, p, 2), 0);		/* needs 3 */
	/* The very top of memory is still fine. */
	CHECK_EQ(ata_prd_fill(0xFFFFFE00, 512, p, ATA_PRD_MAX), 1);
}

int main(void)
{
	RUN(one_region);
	RUN(split_at_boundaries);
	RUN(aligned_whole_regions);
	RUN(refused);
	return 0;
}
