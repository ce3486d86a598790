/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The legacy ATA/IDE disks: the two channels every PC (and every PCI IDE
 * controller in compatibility mode) has at 0x1F0 and 0x170, master and
 * slave on each, driven with the drives' interrupts off: by bus-master DMA
 * where a PCI IDE controller has an engine for the channel and the drive
 * does DMA, else by polled PIO.
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

/* Finds the drives; once, at boot, after clock_init() (its waits are timed).
 * With allow_dma false, every drive is driven by PIO. */
void ata_probe(bool allow_dma);
bool ata_present(int n);
/* The drive's model, trimmed ("QEMU HARDDISK"); "" if absent. */
const char *ata_model(int n);
/* Its size in 512-byte sectors; 0 if absent. */
uint64_t ata_sectors(int n);
/* For a device found but not used (an ATAPI CD-ROM, a drive without LBA,
 * one that does not answer): why; else NULL. */
const char *ata_skipped(int n);
/* Whether the drive's transfers go by DMA (now: a drive whose DMA failed
 * goes on by PIO). */
bool ata_uses_dma(int n);

/* Each returns NULL on success, or what failed ("timeout waiting for
 * DRQ", "drive error: status 0x51 error 0x04"), in a buffer of the drive's
 * that stays valid until its next request.  After a timeout or an error the
 * channel has been reset, so the next request has a chance.  count is
 * 1..ATA_MAX_XFER sectors, all below ata_sectors(n).  A write returns only
 * once the drive has taken its last sector (which may still be in the
 * drive's cache: ata_flush puts it on the medium).  buf lies in the
 * hypervisor's own memory, where an address is also the physical address
 * a DMA engine needs (linker.ld); one at an odd address goes by PIO. */
const char *ata_read(int n, uint64_t lba, uint32_t count, void *buf);
const char *ata_write(int n, uint64_t lba, uint32_t count, const void *buf);
/* FLUSH CACHE (EXT on LBA48 drives); NULL at once for a drive that says
 * its write cache is off. */
const char *ata_flush(int n);

#endif
