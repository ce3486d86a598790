// SPDX-License-Identifier: GPL-2.0-only
/*
 * Configuration mechanism #1 for the G8+ test guests, as Linux's
 * arch/x86/pci/direct.c does it: write the dword address to 0xCF8, then
 * access 0xCFC + (register & 3) with the width wanted.  Every one of these
 * port accesses is a #GP the host emulates, so an access is two traps.
 * Interrupts stay off across the pair: an interrupt handler doing its
 * own config access in between would move the address under us.
 *
 * And the walk of a virtio device's vendor capabilities (struct
 * virtio_pci_cap, id 0x09), as virtio_pci_modern's probe and lguest's
 * early console do it.
 */
#include "pci.h"
#include <linux/pci_regs.h>
#include <linux/virtio_pci.h>

uint32_t pci_read(unsigned bus, unsigned slot, unsigned fn, unsigned reg, unsigned width)
{
	uint32_t flags = irq_save(), v;
	uint16_t port = PCI_CONF_DATA + (reg & (width == 4 ? 0 : width == 2 ? 2 : 3));

	outl(pci_conf_addr(bus, slot, fn, reg), PCI_CONF_ADDR);
	v = width == 1 ? inb(port) : width == 2 ? inw(port) : inl(port);
	irq_restore(flags);
	return v;
}

void pci_write(unsigned bus, unsigned slot, unsigned fn, unsigned reg, unsigned width,
	       uint32_t v)
{
	uint32_t flags = irq_save();
	uint16_t port = PCI_CONF_DATA + (reg & (width == 4 ? 0 : width == 2 ? 2 : 3));

	outl(pci_conf_addr(bus, slot, fn, reg), PCI_CONF_ADDR);
	if (width == 1)
		outb((uint8_t)v, port);
	else if (width == 2)
		outw((uint16_t)v, port);
	else
		outl(v, port);
	irq_restore(flags);
}

const char *pci_virtio_caps(unsigned slot, struct vpci_caps *c)
{
	memset(c, 0, sizeof(*c));
	if (!(pci_read16(slot, PCI_STATUS) & PCI_STATUS_CAP_LIST))
		return fail("00:%02x.0 has no capability list (status %#x)", slot,
			    pci_read16(slot, PCI_STATUS));
	for (unsigned cap = pci_read8(slot, PCI_CAPABILITY_LIST); cap; ) {
		if (cap < 0x40 || cap > 0x100 - sizeof(struct virtio_pci_cap) || (cap & 3))
			return fail("capability at %#x", cap);
		if (++c->count > 48)
			return fail("the capability list loops");
		if (pci_read8(slot, cap + VIRTIO_PCI_CAP_VNDR) == PCI_CAP_ID_VNDR) {
			uint8_t type = pci_read8(slot, cap + VIRTIO_PCI_CAP_CFG_TYPE);
			uint8_t bar = pci_read8(slot, cap + VIRTIO_PCI_CAP_BAR);
			uint32_t off = pci_read32(slot, cap + VIRTIO_PCI_CAP_OFFSET);
			uint32_t len = pci_read32(slot, cap + VIRTIO_PCI_CAP_LENGTH);

			if (type != VIRTIO_PCI_CAP_PCI_CFG && bar != 0)
				return fail("capability type %u in BAR %u", type, bar);
			switch (type) {
			case VIRTIO_PCI_CAP_COMMON_CFG:
				c->common = cap, c->common_off = off, c->common_len = len;
				break;
			case VIRTIO_PCI_CAP_NOTIFY_CFG:
				c->notify = cap, c->notify_off = off, c->notify_len = len;
				c->notify_mult = pci_read32(slot, cap + VIRTIO_PCI_NOTIFY_CAP_MULT);
				break;
			case VIRTIO_PCI_CAP_ISR_CFG:
				c->isr = cap, c->isr_off = off, c->isr_len = len;
				break;
			case VIRTIO_PCI_CAP_DEVICE_CFG:
				c->device = cap, c->device_off = off, c->device_len = len;
				break;
			case VIRTIO_PCI_CAP_PCI_CFG:
				c->pci_cfg = cap;
				break;
			}
		}
		cap = pci_read8(slot, cap + VIRTIO_PCI_CAP_NEXT);
	}
	return NULL;
}
