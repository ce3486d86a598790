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

const char *disk_read(const struct disk_backing *d, uint64_t sector, uint32_t count, void *buf)
{
	if (d->kind == DISK_IMAGE) {
		memcpy(buf, d->image + sector * SECTOR, (size_t)count * SECTOR);
		return NULL;
	}
	for (uint32_t done = 0; done < count;) {
		uint32_t n = count - done < ATA_MAX_XFER ? count - done : ATA_MAX_XFER;
		const char *why = ata_read(d->drive, d->start + sector + done, n,
					   (uint8_t *)buf + done * SECTOR);
		if (why)
			return why;
		done += n;
	}
	return NULL;
}

const char *disk_write(const struct disk_backing *d, uint64_t sector, uint32_t count,
		       const void *buf)
{
	if (d->kind == DISK_IMAGE) {
		memcpy(d->image + sector * SECTOR, buf, (size_t)count * SECTOR);
		return NULL;
	}
	for (uint32_t done = 0; done < count;) {
		uint32_t n = count - done < ATA_MAX_XFER ? count - done : ATA_MAX_XFER;
		const char *why = ata_write(d->drive, d->start + sector + done, n,
					    (const uint8_t *)buf + done * SECTOR);
		if (why)
			return why;
		done += n;
	}
	return NULL;
}

const char *disk_flush(const struct disk_backing *d)
{
	/* An image in RAM has nothing to flush. */
	return d->kind == DISK_ATA ? ata_flush(d->drive) : NULL;
}
