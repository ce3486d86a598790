// SPDX-License-Identifier: GPL-2.0-only
/*
 * The virtio 1.0 PCI transport of the G8+ test guests: what
 * virtio_pci_modern.c does between the PCI core and virtio_ring, in the
 * same order (lib/vpci.h says which registers and how they are touched).
 */
#include "vpci.h"
#include <linux/pci_regs.h>
#include <linux/virtio_pci.h>
#include <linux/virtio_config.h>

const char *vpci_open(struct vpci *d, unsigned slot, uint32_t va)
{
	const char *why;
	uint32_t id = pci_read32(slot, PCI_VENDOR_ID);

	memset(d, 0, sizeof(*d));
	d->slot = slot;
	if ((id & 0xFFFF) != VIRTIO_PCI_VENDOR || (id >> 16) < 0x1040 || (id >> 16) > 0x107F)
		return fail("00:%02x.0 is %04x:%04x, not a modern virtio device", slot,
			    id & 0xFFFF, id >> 16);
	if (pci_read8(slot, PCI_REVISION_ID) < 1)
		return fail("00:%02x.0 has revision 0 (transitional)", slot);
	if ((why = pci_virtio_caps(slot, &d->caps)))
		return why;
	if (!d->caps.common || !d->caps.notify || !d->caps.isr || !d->caps.device)
		return fail("00:%02x.0 lacks a capability: common %#x notify %#x isr %#x "
			    "device %#x", slot, d->caps.common, d->caps.notify, d->caps.isr,
			    d->caps.device);
	if (d->caps.common_len < 56 || d->caps.notify_len < 2 || d->caps.isr_len < 1)
		return fail("00:%02x.0: common %u, notify %u, isr %u bytes", slot,
			    d->caps.common_len, d->caps.notify_len, d->caps.isr_len);

	uint32_t bar = pci_read32(slot, PCI_BASE_ADDRESS_0);
	if (bar & (PCI_BASE_ADDRESS_SPACE_IO | PCI_BASE_ADDRESS_MEM_TYPE_MASK))
		return fail("BAR 0 is %#x, not a 32-bit memory BAR", bar);
	d->bar0 = bar & PCI_BASE_ADDRESS_MEM_MASK;
	if (!d->bar0 || (d->bar0 & 0xFFF) || d->bar0 < ram_bytes)
		return fail("BAR 0 at %#x: not a page above our RAM (%#x)", d->bar0, ram_bytes);
	uint32_t end = d->caps.device_off + d->caps.device_len;
	if (d->caps.common_off + 56 > PAGE_SIZE || end > PAGE_SIZE ||
	    d->caps.notify_off + d->caps.notify_len > PAGE_SIZE)
		return fail("a structure lies beyond BAR 0's first page");

	/* pci_enable_device + pci_set_master */
	pci_write16(slot, PCI_COMMAND, pci_read16(slot, PCI_COMMAND) | PCI_COMMAND_MEMORY |
		    PCI_COMMAND_MASTER);
	d->irq = pci_read8(slot, PCI_INTERRUPT_LINE);
	if (!d->irq || d->irq >= NR_GUEST_IRQS)
		return fail("INTERRUPT_LINE %u", d->irq);
	d->va = va;
	map_page(va, d->bar0, PTE_KERNEL | PTE_PCD);
	return NULL;
}

void vpci_reset(const struct vpci *d)
{
	mmio_write8(vpci_common(d, VIRTIO_PCI_COMMON_STATUS), 0);
	while (mmio_read8(vpci_common(d, VIRTIO_PCI_COMMON_STATUS)))
		sleep_ns(1000000);
}

uint8_t vpci_get_status(const struct vpci *d)
{
	return mmio_read8(vpci_common(d, VIRTIO_PCI_COMMON_STATUS));
}

void vpci_add_status(const struct vpci *d, uint8_t bits)
{
	mmio_write8(vpci_common(d, VIRTIO_PCI_COMMON_STATUS), vpci_get_status(d) | bits);
}

uint64_t vpci_get_features(const struct vpci *d)
{
	uint64_t f;

	mmio_write32(vpci_common(d, VIRTIO_PCI_COMMON_DFSELECT), 0);
	f = mmio_read32(vpci_common(d, VIRTIO_PCI_COMMON_DF));
	mmio_write32(vpci_common(d, VIRTIO_PCI_COMMON_DFSELECT), 1);
	f |= (uint64_t)mmio_read32(vpci_common(d, VIRTIO_PCI_COMMON_DF)) << 32;
	return f;
}

void vpci_set_features(const struct vpci *d, uint64_t features)
{
	mmio_write32(vpci_common(d, VIRTIO_PCI_COMMON_GFSELECT), 0);
	mmio_write32(vpci_common(d, VIRTIO_PCI_COMMON_GF), (uint32_t)features);
	mmio_write32(vpci_common(d, VIRTIO_PCI_COMMON_GFSELECT), 1);
	mmio_write32(vpci_common(d, VIRTIO_PCI_COMMON_GF), (uint32_t)(features >> 32));
}

static void write64_twopart(uint32_t lo, uint32_t v)
{
	mmio_write32(lo, v);
	mmio_write32(lo + 4, 0);
}

const char *vpci_select_queue(struct vpci *d, unsigned index, uint16_t *num)
{
	uint16_t max, off;

	if (index >= mmio_read16(vpci_common(d, VIRTIO_PCI_COMMON_NUMQ)))
		return fail("queue %u: the device has only %u", index,
			    mmio_read16(vpci_common(d, VIRTIO_PCI_COMMON_NUMQ)));
	mmio_write16(vpci_common(d, VIRTIO_PCI_COMMON_Q_SELECT), index);
	max = mmio_read16(vpci_common(d, VIRTIO_PCI_COMMON_Q_SIZE));
	if (!max || (max & (max - 1)))
		return fail("queue %u has size %u", index, max);
	if (mmio_read16(vpci_common(d, VIRTIO_PCI_COMMON_Q_ENABLE)))
		return fail("queue %u is already enabled", index);
	off = mmio_read16(vpci_common(d, VIRTIO_PCI_COMMON_Q_NOFF));
	if ((uint32_t)off * d->caps.notify_mult + 2 > d->caps.notify_len)
		return fail("queue %u notifies at %u x %u, beyond the %u-byte register", index,
			    off, d->caps.notify_mult, d->caps.notify_len);
	if (index < sizeof(d->notify_at) / sizeof(d->notify_at[0]))
		d->notify_at[index] = d->caps.notify_off + (uint32_t)off * d->caps.notify_mult;
	if (!*num || *num > max)
		*num = max;
	return NULL;
}

void vpci_queue_rings(const struct vpci *d, uint16_t num, uint32_t desc, uint32_t avail,
		      uint32_t used)
{
	mmio_write16(vpci_common(d, VIRTIO_PCI_COMMON_Q_SIZE), num);
	write64_twopart(vpci_common(d, VIRTIO_PCI_COMMON_Q_DESCLO), desc);
	write64_twopart(vpci_common(d, VIRTIO_PCI_COMMON_Q_AVAILLO), avail);
	write64_twopart(vpci_common(d, VIRTIO_PCI_COMMON_Q_USEDLO), used);
}

void vpci_enable_queue(const struct vpci *d, unsigned index)
{
	mmio_write16(vpci_common(d, VIRTIO_PCI_COMMON_Q_SELECT), index);
	mmio_write16(vpci_common(d, VIRTIO_PCI_COMMON_Q_ENABLE), 1);
}

/* At the notify structure + the queue's notify_off times the multiplier
 * (0 for this host, so every queue notifies at the same place). */
void vpci_notify(const struct vpci *d, unsigned index)
{
	uint32_t at = index < sizeof(d->notify_at) / sizeof(d->notify_at[0]) ?
		      d->notify_at[index] : d->caps.notify_off;

	mmio_write16(d->va + at, index);
}

uint8_t vpci_isr(const struct vpci *d)
{
	return mmio_read8(d->va + d->caps.isr_off);
}
