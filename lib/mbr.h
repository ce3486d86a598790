/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PC's MBR partition table, read through a callback so that the same
 * parser serves a real disk, a unit test's array and a fuzzer's bytes.
 * Partitions get Linux's numbers: 1-4 by primary slot (a gap stays a gap),
 * 5 on for the logical partitions in the order of their EBR chain.  The
 * extended containers themselves are followed, not listed.
 */
#ifndef LIB_MBR_H
#define LIB_MBR_H

#include <stdint.h>
#include <stdbool.h>

#define MBR_MAX_LOGICAL 64	/* logical partitions (and EBRs) followed at most */

struct mbr_part {
	uint8_t number;		/* 1-4 primary, 5.. logical, Linux numbering */
	uint8_t type;		/* the system id byte: 0x83 Linux, 0x82 swap, ... */
	uint64_t start, sectors;	/* in 512-byte sectors from the disk's start */
};

/* Reads one 512-byte sector; false if it cannot. */
typedef bool (*mbr_read_fn)(void *ctx, uint64_t lba, uint8_t sector[512]);

/* Fills up to max partitions; returns how many.  Empty slots and type 0
 * are skipped; extended containers (0x05, 0x0F, 0x85) are followed for the
 * logical partitions, at most MBR_MAX_LOGICAL EBRs, each inside its
 * extended partition and none twice.  A partition that does not lie within
 * disk_sectors (or that overlaps the sector describing it) is left out.
 * No 0x55AA signature in sector 0: 0 partitions.  *note, if non-NULL, gets
 * a short reason when something was left out (the first one), else NULL. */
int mbr_parse(mbr_read_fn read, void *ctx, uint64_t disk_sectors, struct mbr_part *out,
	      int max, const char **note);

#endif
