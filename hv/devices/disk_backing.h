/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What stands behind a guest's disk: a disk image held in RAM (a
 * Multiboot module; writes change that copy, which lives as long as the
 * machine is up) or a stretch of one of the machine's ATA drives (a whole
 * disk or a partition of it).  The block model asks for sectors relative
 * to the start of the backing, always inside it (it checked the request);
 * a failure comes back as text for the hypervisor console, and the guest
 * sees an I/O error.
 */
#ifndef HV_DEVICES_DISK_BACKING_H
#define HV_DEVICES_DISK_BACKING_H

#include <stdint.h>
#include <stdbool.h>

#define DISK_LABEL_MAX 24	/* "root.ext2", "hd0p2" */

enum disk_kind { DISK_IMAGE, DISK_ATA };

struct disk_backing {
	enum disk_kind kind;
	char label[DISK_LABEL_MAX];
	uint64_t sectors;	/* 512-byte sectors the guest sees */
	bool ro;
	uint8_t *image;		/* DISK_IMAGE: its first byte */
	int drive;		/* DISK_ATA: hd<drive> */
	uint64_t start;		/* DISK_ATA: first sector on the drive */
};

/* An image's bytes from sector on, for copying straight to or from the
 * guest; NULL for a backing that must go through disk_read/disk_write. */
uint8_t *disk_direct(const struct disk_backing *d, uint64_t sector);
/* Each returns NULL, or what went wrong. */
const char *disk_read(const struct disk_backing *d, uint64_t sector, uint32_t count, void *buf);
const char *disk_write(const struct disk_backing *d, uint64_t sector, uint32_t count,
		       const void *buf);
const char *disk_flush(const struct disk_backing *d);

#endif
