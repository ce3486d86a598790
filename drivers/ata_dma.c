// SPDX-License-Identifier: GPL-2.0-only
/*
 * Bus-master IDE DMA (SFF-8038i): a PCI IDE controller (class 01, subclass
 * 01) that says so in bit 7 of its programming interface has, at BAR4, 16
 * I/O ports -- eight per channel: a command register (start, direction),
 * a status register (active, error, interrupt) and the physical address
 * of a table of memory regions.  The drive is told READ DMA or WRITE DMA
 * as usual; once the engine is started, the controller moves the sectors
 * between the drive and those regions without the CPU, where PIO costs an
 * I/O instruction per 16 bits (and under QEMU's TCG each is slow).
 *
 * Only channels in compatibility mode are used (bits 0 and 2 of the
 * programming interface clear): they are the ones at 0x1F0 and 0x170 that
 * the rest of the driver talks to.  A channel in native mode lives at
 * other ports, and an ISA-only machine has no PCI at all: their drives
 * keep PIO.
 */
#include "drivers/ata_dma.h"
#include "drivers/pci.h"
#include "cpu/x86.h"

#define CLASS_STORAGE 0x01
#define SUBCLASS_IDE 0x01
#define PROGIF_NATIVE(ch) ((ch) ? 0x04 : 0x01)
#define PROGIF_BUS_MASTER 0x80
#define BM_BAR 4

/* Each channel's registers, from its base (BAR4, +8 for the secondary). */
#define BM_COMMAND 0
#define BM_STATUS 2
#define BM_TABLE 4
#define BM_CMD_START 0x01
#define BM_CMD_TO_MEMORY 0x08	/* the engine writes memory: a drive read */
#define BM_ST_DRIVES 0x60	/* "drive 0/1 can do DMA": firmware's notes, kept */

static uint16_t bm_base[2];	/* 0: no engine, PIO */

/* One table per channel, 32 bytes on a 32-byte boundary: a table may not
 * cross a 64 KiB boundary either. */
static struct ata_prd table[2][ATA_PRD_MAX] __attribute__((aligned(32)));
_Static_assert(sizeof(table[0]) == 32, "a PRD table is 32 bytes");

static inline void memory_barrier(void)
{
	asm volatile("" ::: "memory");	/* the table and the data in memory before the ports */
}

void ata_dma_probe(void)
{
	struct pci_host_fn f;

	bm_base[0] = bm_base[1] = 0;
	for (int i = 0; pci_host_find_class(CLASS_STORAGE, SUBCLASS_IDE, i, &f); i++) {
		uint8_t progif = pci_host_read8(f, PCI_HOST_PROG_IF);
		uint32_t bar = pci_host_read32(f, PCI_HOST_BAR(BM_BAR));
		bool used = false;

		if (!(progif & PROGIF_BUS_MASTER) || !(bar & PCI_HOST_BAR_IO) || !(bar & 0xFFFC))
			continue;	/* no engine, or no ports given to it */
		for (int ch = 0; ch < 2; ch++) {
			if (bm_base[ch] || (progif & PROGIF_NATIVE(ch)))
				continue;
			bm_base[ch] = (bar & 0xFFFC) + 8 * ch;
			used = true;
		}
		if (used)
			pci_host_write16(f, PCI_HOST_COMMAND, pci_host_read16(f, PCI_HOST_COMMAND) |
					 PCI_HOST_CMD_IO | PCI_HOST_CMD_MASTER);
	}
	for (int ch = 0; ch < 2; ch++)
		if (bm_base[ch])
			ata_dma_stop(ch);	/* whatever firmware left running */
}

bool ata_dma_present(int channel)
{
	return bm_base[channel] != 0;
}

bool ata_dma_prepare(int channel, const void *buf, uint32_t bytes, bool to_memory)
{
	uint16_t bm = bm_base[channel];

	/* The hypervisor's memory is mapped one to one (linker.ld): the
	 * address of buf is where the engine finds it. */
	if (!bm || !ata_prd_fill((uint32_t)(uintptr_t)buf, bytes, table[channel], ATA_PRD_MAX))
		return false;
	ata_dma_stop(channel);
	outl(bm + BM_TABLE, (uint32_t)(uintptr_t)table[channel]);
	outb(bm + BM_COMMAND, to_memory ? BM_CMD_TO_MEMORY : 0);
	return true;
}

void ata_dma_start(int channel)
{
	uint16_t bm = bm_base[channel];

	memory_barrier();
	outb(bm + BM_COMMAND, inb(bm + BM_COMMAND) | BM_CMD_START);
}

uint8_t ata_dma_status(int channel)
{
	return inb(bm_base[channel] + BM_STATUS);
}

/* Clearing START ends a transfer at once, so it is done only once the
 * drive has finished or has failed.  The error and interrupt bits are
 * cleared by writing them as ones. */
uint8_t ata_dma_stop(int channel)
{
	uint16_t bm = bm_base[channel];
	uint8_t status;

	outb(bm + BM_COMMAND, inb(bm + BM_COMMAND) & ~BM_CMD_START);
	status = inb(bm + BM_STATUS);
	outb(bm + BM_STATUS, (status & BM_ST_DRIVES) | ATA_BM_ERROR | ATA_BM_IRQ);
	memory_barrier();
	return status;
}
