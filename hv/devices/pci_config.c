// SPDX-License-Identifier: GPL-2.0-only
/*
 * Configuration mechanism #1 as Linux's conf1 code and the 4.x lguest
 * early console use it.  The address register takes byte and word writes
 * to any of its four ports, merged into it (Linux's type-1 check writes a
 * byte to 0xCFB before it writes and reads back the dword); the data ports
 * read the addressed function's register when bit 31 is set, the bus and
 * function are 0 and no reserved bit is set, and all ones otherwise, as an
 * empty slot does.  The host bridge at 00:00.0 is what the original
 * Launcher showed: class 06/00 and nothing else, which is all Linux's
 * sanity check asks (its vendor 0 keeps it out of the device scan).
 * Slot n's interrupt line is guest IRQ n (IRQ 0 is the timer).
 */
#include "hv/devices/pci_config.h"
#include "hv/devices/virtio_pci.h"
#include "hv/guest.h"
#include "mm/paging.h"
#include "lib/bytes.h"

#define HOST_BRIDGE_CLASS 0x06000000u	/* class 06, subclass 00, rev 0 */

void pci_setup(struct guest *g)
{
	g->mmio_base = g->mem_limit;	/* page aligned, right above RAM */
	g->mmio_size = PCI_MMIO_WINDOW_PAGES * PAGE_SIZE;
	g->pci_address = 0;
	for (unsigned slot = 1; slot <= g->nr_vdevs; slot++)
		vpci_init(g, slot, g->mmio_base + (slot - 1) * VPCI_BAR_SIZE, slot);
}

/* The slot the address register names, or -1 for none. */
static int addressed_slot(const struct guest *g, uint32_t *reg)
{
	uint32_t a = g->pci_address;
	uint32_t bus = (a >> 16) & 0xFF, slot = (a >> 11) & 0x1F, fn = (a >> 8) & 7;

	if (!(a & 0x80000000u) || (a & 0x7F000000u) || bus || fn || slot > g->nr_vdevs)
		return -1;
	*reg = a & 0xFC;
	return (int)slot;
}

bool pci_port_in(struct guest *g, uint32_t port, uint32_t len, uint32_t *v)
{
	uint32_t reg, k = port & 3;
	int slot;

	if (port >= PCI_CONFIG_ADDRESS && port < PCI_CONFIG_ADDRESS + 4) {
		*v = bytes_extract(g->pci_address, k, len);
		return true;
	}
	if (port < PCI_CONFIG_DATA || port >= PCI_CONFIG_DATA + 4)
		return false;
	slot = addressed_slot(g, &reg);
	if (slot < 0 || k + len > 4)
		*v = bytes_mask(len);
	else if (slot == 0)
		*v = reg == 8 ? bytes_extract(HOST_BRIDGE_CLASS, k, len) : 0;
	else
		*v = vpci_config_read(g, (unsigned)slot, reg + k, len);
	return true;
}

bool pci_port_out(struct guest *g, uint32_t port, uint32_t len, uint32_t v)
{
	uint32_t reg, k = port & 3;
	int slot;

	if (port >= PCI_CONFIG_ADDRESS && port < PCI_CONFIG_ADDRESS + 4) {
		if (k + len <= 4)
			g->pci_address = bytes_merge(g->pci_address, k, len, v);
		return true;
	}
	if (port < PCI_CONFIG_DATA || port >= PCI_CONFIG_DATA + 4)
		return false;
	slot = addressed_slot(g, &reg);
	if (slot > 0 && k + len <= 4)
		vpci_config_write(g, (unsigned)slot, reg + k, len, v & bytes_mask(len));
	return true;	/* the host bridge and empty slots ignore writes */
}

bool pci_in_window(const struct guest *g, uint32_t gpa)
{
	return g->mmio_size && gpa >= g->mmio_base && gpa - g->mmio_base < g->mmio_size;
}

static unsigned slot_at(const struct guest *g, uint32_t gpa, uint32_t *off)
{
	for (unsigned slot = 1; slot <= g->nr_vdevs; slot++) {
		uint32_t bar = g->pci[slot - 1].bar;
		if (gpa >= bar && gpa - bar < VPCI_BAR_SIZE) {
			*off = gpa - bar;
			return slot;
		}
	}
	return 0;
}

uint32_t pci_mmio_read(struct guest *g, uint32_t gpa, uint32_t len)
{
	uint32_t off;
	unsigned slot = slot_at(g, gpa, &off);

	return slot ? vpci_bar_read(g, slot, off, len) : bytes_mask(len);
}

void pci_mmio_write(struct guest *g, uint32_t gpa, uint32_t len, uint32_t v)
{
	uint32_t off;
	unsigned slot = slot_at(g, gpa, &off);

	if (slot)
		vpci_bar_write(g, slot, off, len, v);
}
