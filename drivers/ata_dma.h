/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Inside the ATA driver: the bus-master DMA engine of a PCI IDE controller
 * (SFF-8038i), one per legacy channel, and the table of memory regions it
 * moves a transfer through.  ata.c speaks ATA and decides when to use it;
 * this part only finds the engine, loads it, starts and stops it.  Not for
 * use outside drivers/ata*.c.
 */
#ifndef DRIVERS_ATA_DMA_H
#define DRIVERS_ATA_DMA_H

#include <stdint.h>
#include <stdbool.h>

/* The engine's status register. */
#define ATA_BM_ACTIVE 0x01	/* moving data; cleared at the end of the table */
#define ATA_BM_ERROR 0x02	/* a PCI error while moving it */
#define ATA_BM_IRQ 0x04		/* the drive raised INTRQ (not with nIEN: unused) */

/* A physical region descriptor: a buffer of up to 64 KiB that does not
 * cross a 64 KiB boundary, its byte count 0 meaning 64 KiB, and a bit
 * marking the table's last entry. */
struct ata_prd {
	uint32_t addr;
	uint32_t count;
};
#define ATA_PRD_LAST 0x80000000u
/* A transfer of ATA_MAX_XFER sectors (128 KiB) needs at most 3. */
#define ATA_PRD_MAX 4

/* Describes bytes at physical address addr in prd; the number of entries,
 * or 0 when they cannot be described: an odd address or length, nothing
 * to move, memory running past 4 GiB, or more than max entries. */
int ata_prd_fill(uint32_t addr, uint32_t bytes, struct ata_prd *prd, int max);

/* Finds the PCI IDE controller whose bus-master engines serve the legacy
 * channels, and turns on its I/O decoding and bus mastering. */
void ata_dma_probe(void);
/* Whether channel 0 (primary) or 1 (secondary) has an engine. */
bool ata_dma_present(int channel);
/* Loads channel's engine for a transfer of bytes at buf, into memory when
 * to_memory (a read from the drive), stopped; false if buf cannot be
 * reached by DMA (then nothing was changed). */
bool ata_dma_prepare(int channel, const void *buf, uint32_t bytes, bool to_memory);
void ata_dma_start(int channel);
uint8_t ata_dma_status(int channel);
/* Stops the engine, clears its error and interrupt bits, and returns the
 * status they were in. */
uint8_t ata_dma_stop(int channel);

#endif
