/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The legacy ATA/IDE disks: the two channels every PC (and every PCI IDE
 * controller in compatibility mode) has at 0x1F0 and 0x170, master and
 * slave on each, driven by polled PIO with the drives' interrupts off.
 * Drive n: 0 primary master, 1 primary slave, 2 secondary master, 3
 * secondary slave.  Only disks count: an ATAPI device (a CD-ROM) is skipped.
 */
#ifndef DRIVERS_ATA_H
#define DRIVERS_ATA_H

#include <stdint.h>
#include <stdbool.h>

#define ATA_MAX_DRIVES 4
#define ATA_SECTOR 512
#define ATA_MAX_XFER 256	/* sectors in one ata_read or ata_write */

/* Finds the drives; once, at boot, after clock_init() (its waits are timed). */
void ata_probe(void);
bool ata_present(int n);
/* The drive's model, trimmed ("QEMU HARDDISK"); "" if absent. */
const char *ata_model(int n);
/* Its size in 512-byte sectors; 0 if absent. */
uint64_t ata_sectors(int n);
/* For a device found but not used (an ATAPI CD-ROM, a drive without LBA,
 * one that does not answer): why; else NULL. */
const char *ata_skipped(int n);

/* Each returns NULL on success, or what failed ("timeout waiting for
 * DRQ", "drive error: status 0x51 error 0x04"), in a buffer of the drive's
 * that stays valid until its next request.  After a timeout or an error the
 * channel has been reset, so the next request has a chance.  count is
 * 1..ATA_MAX_XFER sectors, all below ata_sectors(n).  A write returns only
 * once the drive has taken its last sector (which may still be in the
 * drive's cache: ata_flush puts it on the medium). */
const char *ata_read(int n, uint64_t lba, uint32_t count, void *buf);
const char *ata_write(int n, uint64_t lba, uint32_t count, const void *buf);
/* FLUSH CACHE (EXT on LBA48 drives); NULL at once for a drive that says
 * its write cache is off. */
const char *ata_flush(int n);

#endif
