// SPDX-License-Identifier: GPL-2.0-only
/*
 * The table of real disks that guests' disk=hdN[pM] options name: each ATA
 * disk whole, then its MBR partitions, read once at boot (a partition
 * table changed by a guest is seen at the next boot).  The driver knows
 * drives; the MBR parser knows tables; this file joins them and says on
 * the console what it found, so a user can see what to name.
 */
#include "hv/disks.h"
#include "drivers/ata.h"
#include "lib/fmt.h"
#include "lib/log.h"
#include "lib/mbr.h"
#include "lib/string.h"

#define MAX_DISKS (ATA_MAX_DRIVES * (1 + DISKS_MAX_PARTS))

static struct hw_disk disks[MAX_DISKS];
static int nr_disks;

/* The read callback's context: which drive, and the first failure. */
struct mbr_source {
	int drive;
	const char *error;
};

static bool read_sector(void *ctx, uint64_t lba, uint8_t sector[512])
{
	struct mbr_source *src = ctx;
	const char *why = ata_read(src->drive, lba, 1, sector);

	if (why && !src->error)
		src->error = why;
	return !why;
}

/* "64 MiB", or "12 KiB" below a MiB. */
static const char *size_text(uint64_t sectors, char *buf, size_t len)
{
	if (sectors >= 2048)
		fmt_snprintf(buf, len, "%llu MiB", sectors / 2048);
	else
		fmt_snprintf(buf, len, "%llu KiB", sectors / 2);
	return buf;
}

static struct hw_disk *add(int drive, uint64_t start, uint64_t sectors)
{
	struct hw_disk *d = &disks[nr_disks++];

	d->drive = drive;
	d->start = start;
	d->sectors = sectors;
	return d;
}

static void list_partitions(int drive)
{
	struct mbr_part parts[DISKS_MAX_PARTS];
	struct mbr_source src = { drive, NULL };
	const char *note;
	char size[24];
	int n = mbr_parse(read_sector, &src, ata_sectors(drive), parts, DISKS_MAX_PARTS, &note);

	for (int i = 0; i < n; i++) {
		struct hw_disk *d = add(drive, parts[i].start, parts[i].sectors);

		fmt_snprintf(d->name, sizeof(d->name), "hd%dp%u", drive, parts[i].number);
		kprintf("hv: disk %s: type 0x%02x, %s at sector %llu (%llu sectors)\n", d->name,
			parts[i].type, size_text(d->sectors, size, sizeof(size)), d->start,
			d->sectors);
	}
	if (src.error)
		kprintf("hv: disk hd%d: cannot read the partition table: %s\n", drive, src.error);
	else if (note)
		kprintf("hv: disk hd%d: partition table: %s\n", drive, note);
}

void disks_probe(bool allow_dma)
{
	char size[24];

	ata_probe(allow_dma);
	nr_disks = 0;
	for (int drive = 0; drive < ATA_MAX_DRIVES; drive++) {
		if (!ata_present(drive)) {
			if (ata_skipped(drive))
				kprintf("hv: disk hd%d: skipped: %s\n", drive, ata_skipped(drive));
			continue;
		}
		struct hw_disk *d = add(drive, 0, ata_sectors(drive));
		fmt_snprintf(d->name, sizeof(d->name), "hd%d", drive);
		kprintf("hv: disk %s: %s, %s (%llu sectors), %s\n", d->name, ata_model(drive),
			size_text(d->sectors, size, sizeof(size)), d->sectors,
			ata_uses_dma(drive) ? "DMA" : "PIO");
		list_partitions(drive);
	}
	if (nr_disks == 0)
		kprintf("hv: no ATA disks\n");
}

const struct hw_disk *disks_find(const char *name)
{
	for (int i = 0; i < nr_disks; i++)
		if (!strcmp(disks[i].name, name))
			return &disks[i];
	return NULL;
}
