/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The machine's real disks and their MBR partitions, found once at boot
 * and named as guests' module lines name them: "hd0" (a whole disk, 0-3
 * as in drivers/ata.h) and "hd0p1" (partition 1; 5 on are logical, with
 * Linux's numbers).  disks_probe() lists them on the console, one line
 * each, in this stable format:
 *
 *   hv: disk hd0: QEMU HARDDISK, 64 MiB (131072 sectors), DMA
 *   hv: disk hd0p1: type 0x83, 32 MiB at sector 2048 (65536 sectors)
 *   hv: disk hd0: partition table: <why something was left out>
 *   hv: disk hd0: cannot read the partition table: <the drive's error>
 *   hv: disk hd2: skipped: an ATAPI device (QEMU DVD-ROM), not a disk
 *   hv: no ATA disks
 *
 * A whole disk's line ends in how it is driven: by bus-master DMA or by
 * PIO.  Sizes are in MiB, rounded down, or in KiB below 1 MiB; the last
 * line comes when no disk is usable (skipped devices may be listed above
 * it).
 */
#ifndef HV_DISKS_H
#define HV_DISKS_H

#include <stdint.h>
#include <stdbool.h>

#define DISKS_MAX_PARTS 32	/* partitions kept per disk */

struct hw_disk {
	char name[8];		/* "hd0", "hd0p5" */
	int drive;		/* for drivers/ata.h: 0..3 */
	uint64_t start, sectors;	/* the disk or partition, in sectors of the drive */
};

/* The disk or partition called name ("hd0", "hd1p2", "hd0p5"); NULL if
 * there is none. */
const struct hw_disk *disks_find(const char *name);
/* Probes the ATA channels, reads each disk's partition table and lists it
 * all; once, from hv_main, after the clock and before guests load.  Without
 * allow_dma (hv.ata=pio) every disk is driven by PIO. */
void disks_probe(bool allow_dma);

#endif
