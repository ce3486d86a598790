// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sectors in and out of a disk's backing.  An image is plain memory; a
 * real drive goes through drivers/ata, a transfer at a time, and only
 * returns once the drive has the data (or has failed).
 */
#include "hv/devices/disk_backing.h"
#include "drivers/ata.h"
#include "lib/string.h"

#define SECTOR 512u

uint8_t *disk_direct(const struct disk_backing *d, uint64_t sector)
{
	return d->kind == DISK_IMAGE ? d->image + sector * SECTOR : NULL;
}

/* A drive's sectors, in transfers of at most ATA_MAX_XFER. */
static const char *ata_move(const struct disk_backing *d, uint64_t sector, uint32_t count,
			    uint8_t *buf, bool write)
{
	for (uint32_t done = 0; done < count;) {
		uint32_t n = count - done < ATA_MAX_XFER ? count - done : ATA_MAX_XFER;
		uint64_t lba = d->start + sector + done;
		const char *why = write ? ata_write(d->drive, lba, n, buf + done * SECTOR)
					: ata_read(d->drive, lba, n, buf + done * SECTOR);
		if (why)
			return why;
		done += n;
	}
	return NULL;
}

const char *disk_read(const struct disk_backing *d, uint64_t sector, uint32_t count, void *buf)
{
	uint8_t *image = disk_direct(d, sector);

	if (image) {
		memcpy(buf, image, (size_t)count * SECTOR);
		return NULL;
	}
	return ata_move(d, sector, count, buf, false);
}

const char *disk_write(const struct disk_backing *d, uint64_t sector, uint32_t count,
		       const void *buf)
{
	uint8_t *image = disk_direct(d, sector);

	if (image) {
		memcpy(image, buf, (size_t)count * SECTOR);
		return NULL;
	}
	return ata_move(d, sector, count, (uint8_t *)buf, true);
}

const char *disk_flush(const struct disk_backing *d)
{
	/* An image in RAM has nothing to flush. */
	return d->kind == DISK_ATA ? ata_flush(d->drive) : NULL;
}
