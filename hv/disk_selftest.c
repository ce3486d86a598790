// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv.selftest=disk, for the test suite and for a new machine: on the first
 * ATA disk, the last 128 KiB are read, overwritten with a pattern, flushed,
 * read back and compared, then written back as they were and checked
 * again -- the disk ends as it began unless the machine stops in between.
 * A disk past 128 GiB gets the 48-bit commands this way.  It prints the
 * read and write speeds it saw and whether by DMA or PIO, and one verdict
 * line:
 *   selftest disk: done      or      selftest disk: FAILED: <why>
 */
#include "hv/disk_selftest.h"
#include "drivers/ata.h"
#include "drivers/clock.h"
#include "mm/frames.h"
#include "lib/log.h"
#include "lib/string.h"

#define SPAN ATA_MAX_XFER	/* sectors: one transfer of each kind */
#define BYTES (SPAN * ATA_SECTOR)

static uint32_t kib_per_s(uint64_t ns)
{
	return ns ? (uint32_t)((uint64_t)BYTES / 1024 * 1000000000ull / ns) : 0;
}

/* Reads the span into buf and compares it with want; NULL or why not. */
static const char *read_and_compare(int n, uint64_t lba, uint8_t *buf, const uint8_t *want)
{
	const char *why = ata_read(n, lba, SPAN, buf);

	if (!why && memcmp(buf, want, BYTES))
		why = "what was read back is not what was written";
	return why;
}

static const char *run(int n, uint8_t *saved, uint8_t *buf)
{
	uint64_t lba = ata_sectors(n) - SPAN, t0, t1, t2;
	const char *why, *mode = ata_uses_dma(n) ? "DMA" : "PIO";

	kprintf("selftest disk: hd%d, sectors %llu-%llu, written and restored\n", n, lba,
		lba + SPAN - 1);
	t0 = clock_now_ns();
	why = ata_read(n, lba, SPAN, saved);
	if (why)
		return why;
	for (uint32_t i = 0; i < BYTES; i++)
		buf[i] = (uint8_t)(i * 7 + i / ATA_SECTOR) ^ 0xA5;
	t1 = clock_now_ns();
	why = ata_write(n, lba, SPAN, buf);
	t2 = clock_now_ns();
	if (why || (why = ata_flush(n)))
		return why;
	kprintf("selftest disk: read %u KiB/s, write %u KiB/s (%s, %u KiB each)\n",
		kib_per_s(t1 - t0), kib_per_s(t2 - t1), mode, BYTES / 1024);
	memcpy(saved + BYTES, buf, BYTES);	/* the pattern, to compare with */
	why = read_and_compare(n, lba, buf, saved + BYTES);
	if (why || (why = ata_write(n, lba, SPAN, saved)) || (why = ata_flush(n)))
		return why;
	why = read_and_compare(n, lba, buf, saved);
	if (why)
		return why;
	/* The driver refuses what lies past the end, before the drive sees it. */
	if (!ata_read(n, ata_sectors(n), 1, buf) || !ata_write(n, lba, SPAN + 1, buf))
		return "a request past the end of the disk was not refused";
	return NULL;
}

void disk_selftest(void)
{
	int n = 0;
	const char *why = "no ATA disk";

	while (n < ATA_MAX_DRIVES && !ata_present(n))
		n++;
	if (n < ATA_MAX_DRIVES && ata_sectors(n) < 2 * SPAN) {
		why = "the disk is too small";
	} else if (n < ATA_MAX_DRIVES) {
		/* Three spans: the saved data, the pattern, a read buffer. */
		uint32_t pages = 3 * BYTES / FRAME_SIZE;
		uint32_t pa = frames_alloc_contig(pages, 1);
		if (!pa) {
			why = "no memory for the buffers";
		} else {
			why = run(n, (uint8_t *)pa, (uint8_t *)pa + 2 * BYTES);
			frames_free_contig(pa, pages);
		}
	}
	if (why)
		kprintf("selftest disk: FAILED: %s\n", why);
	else
		kprintf("selftest disk: done\n");
}
