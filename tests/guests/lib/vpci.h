/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The virtio 1.0 ("modern") PCI transport for the G8+ test guests, as
 * Linux's virtio_pci_modern.c drives it: BAR 0 mapped uncached in our own
 * page tables (the host traps and emulates every access), the common
 * configuration structure for status, 64-bit features and queues, the
 * notify register, the ISR.  Register accesses are plain mov loads and
 * stores of the register's width, as ioread8/16/32 and iowrite8/16/32
 * compile on x86 (opcodes 8A/8B/88/89, 0x66 for 16 bits).
 */
#ifndef LGTEST_VPCI_H
#define LGTEST_VPCI_H

#include "pci.h"

#define PTE_PCD 0x010u		/* uncached, as ioremap_nocache maps */

struct vpci {
	unsigned slot;
	uint32_t bar0;		/* BAR 0 as the host assigned it */
	uint32_t va;		/* where we mapped it */
	uint8_t irq;		/* INTERRUPT_LINE */
	struct vpci_caps caps;
	uint32_t notify_at[8];	/* each queue's notify register, from BAR 0 */
};

static inline uint8_t mmio_read8(uint32_t va)
{
	uint8_t v;

	asm volatile("movb (%1), %0" : "=q"(v) : "r"(va) : "memory");
	return v;
}

static inline uint16_t mmio_read16(uint32_t va)
{
	uint16_t v;

	asm volatile("movw (%1), %0" : "=r"(v) : "r"(va) : "memory");
	return v;
}

static inline uint32_t mmio_read32(uint32_t va)
{
	uint32_t v;

	asm volatile("movl (%1), %0" : "=r"(v) : "r"(va) : "memory");
	return v;
}

static inline void mmio_write8(uint32_t va, uint8_t v)
{
	asm volatile("movb %0, (%1)" : : "q"(v), "r"(va) : "memory");
}

static inline void mmio_write16(uint32_t va, uint16_t v)
{
	asm volatile("movw %0, (%1)" : : "r"(v), "r"(va) : "memory");
}

static inline void mmio_write32(uint32_t va, uint32_t v)
{
	asm volatile("movl %0, (%1)" : : "r"(v), "r"(va) : "memory");
}

/* Checks the device at bus 0 slot (vendor 0x1AF4, device >= 0x1040,
 * revision >= 1), walks its capabilities, enables memory decoding and
 * bus mastering (pci_enable_device, pci_set_master), reads BAR 0 and
 * INTERRUPT_LINE and maps BAR 0's page at va.  NULL or why not. */
const char *vpci_open(struct vpci *d, unsigned slot, uint32_t va);

/* The common configuration structure, field at offset off. */
static inline uint32_t vpci_common(const struct vpci *d, unsigned off)
{
	return d->va + d->caps.common_off + off;
}

static inline uint32_t vpci_device_cfg(const struct vpci *d, unsigned off)
{
	return d->va + d->caps.device_off + off;
}

void vpci_reset(const struct vpci *d);		/* status 0, read until it is */
uint8_t vpci_get_status(const struct vpci *d);
void vpci_add_status(const struct vpci *d, uint8_t bits);
uint64_t vpci_get_features(const struct vpci *d);
void vpci_set_features(const struct vpci *d, uint64_t features);
/* setup_vq, first half: select the queue, check its size and that it is
 * off, note its notify register.  *num: in, what we want (0: the
 * device's); out, what we will use (a power of two no larger). */
const char *vpci_select_queue(struct vpci *d, unsigned index, uint16_t *num);
/* Second half, on the selected queue: our size, the ring addresses. */
void vpci_queue_rings(const struct vpci *d, uint16_t num, uint32_t desc, uint32_t avail,
		      uint32_t used);
void vpci_enable_queue(const struct vpci *d, unsigned index);
void vpci_notify(const struct vpci *d, unsigned index);
uint8_t vpci_isr(const struct vpci *d);	/* reading clears it */

#endif
