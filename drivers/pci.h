/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The machine's own PCI configuration space, for the hypervisor's drivers
 * (the IDE controller's bus-master engine, for one).  Not to be confused
 * with hv/devices/pci_config.c, the PCI bus the hypervisor pretends for its
 * guests on the same ports: a guest reaches that one through a #GP; the
 * hypervisor, at ring 0, reaches the real one here.  Names start with
 * pci_host_ to keep the two apart.
 *
 * Only configuration mechanism #1 (ports 0xCF8/0xCFC) is spoken: every PCI
 * chipset since the mid-1990s has it.  A machine without it (an ISA-only
 * 486, QEMU's isapc) has no PCI as far as we are concerned.
 */
#ifndef DRIVERS_PCI_H
#define DRIVERS_PCI_H

#include <stdint.h>
#include <stdbool.h>

/* A function's address: bus 0-255, device 0-31, function 0-7. */
struct pci_host_fn {
	uint8_t bus, dev, fn;
};

/* Configuration registers this tree uses. */
#define PCI_HOST_VENDOR 0x00		/* 16 bits; 0xFFFF: no function */
#define PCI_HOST_DEVICE 0x02		/* 16 bits */
#define PCI_HOST_COMMAND 0x04		/* 16 bits */
#define PCI_HOST_CMD_IO (1u << 0)
#define PCI_HOST_CMD_MEMORY (1u << 1)
#define PCI_HOST_CMD_MASTER (1u << 2)
#define PCI_HOST_CMD_INTX_OFF (1u << 10)	/* the function may not assert INTx */
#define PCI_HOST_PROG_IF 0x09		/* 8 bits */
#define PCI_HOST_SUBCLASS 0x0A
#define PCI_HOST_CLASS 0x0B
#define PCI_HOST_HEADER 0x0E		/* 8 bits; bit 7: multi-function */
#define PCI_HOST_BAR(i) (0x10 + 4 * (i))
#define PCI_HOST_BAR_IO 1u		/* bit 0 of a BAR: I/O space */
#define PCI_HOST_BAR_MEM_TYPE 6u	/* bits 2:1 of a memory BAR; 4: 64-bit */
#define PCI_HOST_INTERRUPT_LINE 0x3C	/* 8 bits: the ISA IRQ firmware routed INTx to */

/* Looks for mechanism #1 (once; later calls answer from memory). */
bool pci_host_present(void);

/* reg is the byte offset; a word or a dword must be naturally aligned.
 * Without PCI, reads give all ones and writes do nothing. */
uint32_t pci_host_read32(struct pci_host_fn f, uint8_t reg);
uint16_t pci_host_read16(struct pci_host_fn f, uint8_t reg);
uint8_t pci_host_read8(struct pci_host_fn f, uint8_t reg);
void pci_host_write32(struct pci_host_fn f, uint8_t reg, uint32_t v);
void pci_host_write16(struct pci_host_fn f, uint8_t reg, uint16_t v);
void pci_host_write8(struct pci_host_fn f, uint8_t reg, uint8_t v);

/* The index-th function (0 first, in bus/device/function order, through
 * PCI-to-PCI bridges) of that base class and subclass; false when there
 * are fewer. */
bool pci_host_find_class(uint8_t class, uint8_t subclass, int index, struct pci_host_fn *out);

#endif
