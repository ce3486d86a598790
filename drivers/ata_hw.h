/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Inside the ATA driver: the task-file registers of a channel, the status
 * bits, and the waits and resets that both the probe (ata_probe.c) and the
 * transfers (ata.c) are built from.  Not for use outside drivers/ata*.c.
 */
#ifndef DRIVERS_ATA_HW_H
#define DRIVERS_ATA_HW_H

#include <stdint.h>
#include <stdbool.h>
#include "drivers/ata.h"

/* Offsets from the command block base (0x1F0 / 0x170). */
#define ATA_DATA 0
#define ATA_ERROR 1		/* read; features when written */
#define ATA_COUNT 2
#define ATA_LBA0 3		/* LBA bits 0-7 (24-31 as the "previous" byte) */
#define ATA_LBA1 4		/* 8-15 (32-39); the signature's low byte */
#define ATA_LBA2 5		/* 16-23 (40-47); the signature's high byte */
#define ATA_DEVICE 6
#define ATA_STATUS 7		/* read; command when written */
#define ATA_COMMAND 7

/* The control block port (0x3F6 / 0x376): alternate status when read
 * (no side effects), device control when written. */
#define ATA_CTL_NIEN 0x02	/* the drive's interrupt line off */
#define ATA_CTL_SRST 0x04	/* software reset of both drives */

#define ATA_ST_ERR 0x01
#define ATA_ST_DRQ 0x08
#define ATA_ST_DF 0x20		/* device fault */
#define ATA_ST_DRDY 0x40
#define ATA_ST_BSY 0x80

#define ATA_DEV_OBS 0xA0	/* bits 7 and 5, set by tradition */
#define ATA_DEV_LBA 0x40
#define ATA_DEV_SLAVE 0x10

struct ata_drive {
	bool present;
	bool lba48;		/* 48-bit commands supported */
	bool cache_off;		/* says its write cache is off: nothing to flush */
	bool dma_mode;		/* says it does DMA, and a DMA mode is selected */
	bool dma;		/* and its channel has a bus-master engine: in use */
	uint64_t sectors;
	char model[41];
	const char *skipped;
	char why_skipped[72];	/* when skipped needs the model in it */
	char error[128];	/* the last request's failure */
};

extern struct ata_drive ata_drives[ATA_MAX_DRIVES];

uint16_t ata_io(int n);		/* drive n's command block base */
uint16_t ata_ctl(int n);	/* and its control port */
/* Waits out the 400 ns a status needs to be valid after a select or a
 * command, by reading the alternate status. */
void ata_settle(int n);
/* Waits until BSY is clear; false on timeout.  *status is the last read. */
bool ata_wait_idle(int n, uint64_t timeout_ns, uint8_t *status);
/* Pulses SRST on n's channel, interrupts left off, and waits for BSY to
 * clear; false if it stays busy past timeout_ns. */
bool ata_reset_channel(int n, uint64_t timeout_ns);

#endif
