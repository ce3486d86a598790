/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PCI for the G8+ test guests (4.0+ kernels find their virtio devices on
 * PCI): port I/O, which at ring 1 traps (#GP) and is emulated by the
 * host, configuration mechanism #1 through 0xCF8/0xCFC as Linux's
 * arch/x86/pci/direct.c uses it, and the virtio-PCI capability walk.
 */
#ifndef LGTEST_PCI_H
#define LGTEST_PCI_H

#include "guest.h"

#define PCI_CONF_ADDR 0xCF8
#define PCI_CONF_DATA 0xCFC
#define PCI_CONF_ENABLE 0x80000000u
#define PCI_SLOTS 32

static inline void outb(uint8_t v, uint16_t port) { asm volatile("outb %0, %1" : : "a"(v), "Nd"(port)); }
static inline void outw(uint16_t v, uint16_t port) { asm volatile("outw %0, %1" : : "a"(v), "Nd"(port)); }
static inline void outl(uint32_t v, uint16_t port) { asm volatile("outl %0, %1" : : "a"(v), "Nd"(port)); }

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint16_t inw(uint16_t port)
{
	uint16_t v;

	asm volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;

	asm volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/* The CONFIG_ADDRESS value for bus/slot/function/register. */
static inline uint32_t pci_conf_addr(unsigned bus, unsigned slot, unsigned fn, unsigned reg)
{
	return PCI_CONF_ENABLE | bus << 16 | slot << 11 | fn << 8 | (reg & 0xFC);
}

/* Any bus, slot, function; width 1, 2 or 4.  Each access is the address
 * write and the data access, with interrupts off in between. */
uint32_t pci_read(unsigned bus, unsigned slot, unsigned fn, unsigned reg, unsigned width);
void pci_write(unsigned bus, unsigned slot, unsigned fn, unsigned reg, unsigned width,
	       uint32_t v);

/* Bus 0, function 0: where the host puts everything. */
static inline uint8_t pci_read8(unsigned slot, unsigned reg) { return pci_read(0, slot, 0, reg, 1); }
static inline uint16_t pci_read16(unsigned slot, unsigned reg) { return pci_read(0, slot, 0, reg, 2); }
static inline uint32_t pci_read32(unsigned slot, unsigned reg) { return pci_read(0, slot, 0, reg, 4); }
static inline void pci_write8(unsigned slot, unsigned reg, uint8_t v) { pci_write(0, slot, 0, reg, 1, v); }
static inline void pci_write16(unsigned slot, unsigned reg, uint16_t v) { pci_write(0, slot, 0, reg, 2, v); }
static inline void pci_write32(unsigned slot, unsigned reg, uint32_t v) { pci_write(0, slot, 0, reg, 4, v); }

/* The virtio console: slot 1, 1AF4:1043 (0x1040 + VIRTIO_ID_CONSOLE). */
#define VCONS_PCI_SLOT 1
#define VIRTIO_PCI_VENDOR 0x1AF4
#define VIRTIO_PCI_CONSOLE_ID 0x1043

/* What the vendor capabilities of one virtio device say (0 = absent). */
struct vpci_caps {
	uint8_t common, notify, isr, device, pci_cfg;	/* config offsets */
	uint32_t common_off, common_len;
	uint32_t notify_off, notify_len, notify_mult;
	uint32_t isr_off, isr_len;
	uint32_t device_off, device_len;
	unsigned count;			/* capabilities walked */
};

/* Walks the capability list of bus 0 slot's function 0; NULL or what is
 * wrong with it (a loop, a capability outside the header, a structure
 * in another BAR than 0). */
const char *pci_virtio_caps(unsigned slot, struct vpci_caps *caps);

#endif
