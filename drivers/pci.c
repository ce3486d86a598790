// SPDX-License-Identifier: GPL-2.0-only
/*
 * PCI configuration mechanism #1: a dword written to 0xCF8 (bit 31 on,
 * then bus, device, function and the register's dword offset) chooses
 * which configuration dword appears at 0xCFC-0xCFF.  Bytes and words are
 * read at 0xCFC plus their offset within the dword.
 *
 * Whether the mechanism is there at all is told by the address port
 * itself: a chipset that has it keeps what is written there (with bit 31
 * set), where an ISA bus floats and reads all ones.  This is how Linux
 * tells too, and it touches nothing but those ports.
 *
 * The scan walks bus 0 and follows each PCI-to-PCI bridge to the bus it
 * says lies behind it, as firmware numbered them; a bus is visited once.
 */
#include "drivers/pci.h"
#include "cpu/x86.h"

#define ADDR_PORT 0xCF8
#define DATA_PORT 0xCFC
#define ENABLE 0x80000000u

#define CLASS_BRIDGE 0x06
#define SUBCLASS_PCI_BRIDGE 0x04
#define SECONDARY_BUS 0x19		/* in a bridge's (type 1) header */

static enum { UNKNOWN, ABSENT, PRESENT } mech1;

bool pci_host_present(void)
{
	if (mech1 == UNKNOWN) {
		uint32_t saved = inl(ADDR_PORT);

		outl(ADDR_PORT, ENABLE);
		mech1 = inl(ADDR_PORT) == ENABLE ? PRESENT : ABSENT;
		outl(ADDR_PORT, saved);
	}
	return mech1 == PRESENT;
}

/* Points the data port at reg's dword; false without PCI. */
static bool point_at(struct pci_host_fn f, uint8_t reg)
{
	if (!pci_host_present())
		return false;
	outl(ADDR_PORT, ENABLE | (uint32_t)f.bus << 16 | (uint32_t)(f.dev & 31) << 11 |
	     (uint32_t)(f.fn & 7) << 8 | (reg & 0xFC));
	return true;
}

uint32_t pci_host_read32(struct pci_host_fn f, uint8_t reg)
{
	return point_at(f, reg) ? inl(DATA_PORT) : 0xFFFFFFFFu;
}

uint16_t pci_host_read16(struct pci_host_fn f, uint8_t reg)
{
	return point_at(f, reg) ? inw(DATA_PORT + (reg & 2)) : 0xFFFF;
}

uint8_t pci_host_read8(struct pci_host_fn f, uint8_t reg)
{
	return point_at(f, reg) ? inb(DATA_PORT + (reg & 3)) : 0xFF;
}

void pci_host_write32(struct pci_host_fn f, uint8_t reg, uint32_t v)
{
	if (point_at(f, reg))
		outl(DATA_PORT, v);
}

void pci_host_write16(struct pci_host_fn f, uint8_t reg, uint16_t v)
{
	if (point_at(f, reg))
		outw(DATA_PORT + (reg & 2), v);
}

void pci_host_write8(struct pci_host_fn f, uint8_t reg, uint8_t v)
{
	if (point_at(f, reg))
		outb(DATA_PORT + (reg & 3), v);
}

/* What a scan looks for, and how many it has still to pass over. */
struct search {
	uint8_t class, subclass;
	int skip;
	struct pci_host_fn found;
	uint32_t visited[256 / 32];	/* buses already walked */
};

static bool scan_bus(struct search *s, uint8_t bus);

/* One function: is it the one wanted, or a bridge to look behind? */
static bool scan_fn(struct search *s, struct pci_host_fn f)
{
	uint8_t class = pci_host_read8(f, PCI_HOST_CLASS);
	uint8_t subclass = pci_host_read8(f, PCI_HOST_SUBCLASS);

	if (class == s->class && subclass == s->subclass && s->skip-- == 0) {
		s->found = f;
		return true;
	}
	if (class == CLASS_BRIDGE && subclass == SUBCLASS_PCI_BRIDGE &&
	    (pci_host_read8(f, PCI_HOST_HEADER) & 0x7F) == 1)
		return scan_bus(s, pci_host_read8(f, SECONDARY_BUS));
	return false;
}

static bool scan_bus(struct search *s, uint8_t bus)
{
	if (s->visited[bus / 32] & 1u << (bus % 32))
		return false;		/* a bridge badly numbered: no loops */
	s->visited[bus / 32] |= 1u << (bus % 32);
	for (uint8_t dev = 0; dev < 32; dev++) {
		struct pci_host_fn f = { bus, dev, 0 };

		if (pci_host_read16(f, PCI_HOST_VENDOR) == 0xFFFF)
			continue;
		/* Functions 1-7 exist only if function 0 says it has more. */
		int fns = pci_host_read8(f, PCI_HOST_HEADER) & 0x80 ? 8 : 1;
		for (f.fn = 0; f.fn < fns; f.fn++)
			if (pci_host_read16(f, PCI_HOST_VENDOR) != 0xFFFF && scan_fn(s, f))
				return true;
	}
	return false;
}

bool pci_host_find_class(uint8_t class, uint8_t subclass, int index, struct pci_host_fn *out)
{
	struct search s = { .class = class, .subclass = subclass, .skip = index };

	if (!pci_host_present() || !scan_bus(&s, 0))
		return false;
	*out = s.found;
	return true;
}
