// SPDX-License-Identifier: GPL-2.0-only
/*
 * Early console output of a 4.0+ lguest guest (G8-G10), which has no
 * NOTIFY hypercall any more: like lguest's early_put_chars, find the
 * virtio console at 00:01.0 (config dword 0 must read 0x10431AF4), walk
 * its vendor capabilities for the device-specific config (in BAR 0) and
 * the PCI_CFG access window, then for every character point the window
 * at emerg_wr (bar 0, length 4, offset device config + 8) and write the
 * character as a dword to the window's data word.  The window is set
 * again for every character, as Linux does.
 *
 * The config accesses are those of Linux's arch/x86/pci/early.c, which
 * writes the register offset to 0xCF8 as it is (the two low bits set for
 * a byte at an odd offset) and reads 0xCFC + (offset & 3): a host must
 * take that.  If there is no console we cannot say so; SHUTDOWN carries
 * the reason out instead.
 */
#include "pci.h"
#include <linux/pci_regs.h>
#include <linux/virtio_pci.h>
#include <linux/virtio_console.h>

#if LG_PCI

static int cfg_offset;		/* of the device config in BAR 0; 0 unprobed, -1 none */
static uint8_t window_cap;	/* the VIRTIO_PCI_CAP_PCI_CFG capability */

static uint32_t early_addr(unsigned reg)
{
	return PCI_CONF_ENABLE | VCONS_PCI_SLOT << 11 | reg;
}

static uint32_t early_read32(unsigned reg)
{
	outl(early_addr(reg), PCI_CONF_ADDR);
	return inl(PCI_CONF_DATA);
}

static uint8_t early_read8(unsigned reg)
{
	outl(early_addr(reg), PCI_CONF_ADDR);
	return inb(PCI_CONF_DATA + (reg & 3));
}

static void early_write32(unsigned reg, uint32_t v)
{
	outl(early_addr(reg), PCI_CONF_ADDR);
	outl(v, PCI_CONF_DATA);
}

static void early_write8(unsigned reg, uint8_t v)
{
	outl(early_addr(reg), PCI_CONF_ADDR);
	outb(v, PCI_CONF_DATA + (reg & 3));
}

static const char *probe(void)
{
	uint8_t device_cap = 0;
	uint32_t device_offset = 0, device_len = 0, id = early_read32(PCI_VENDOR_ID);
	unsigned walked = 0;

	if (id != (VIRTIO_PCI_CONSOLE_ID << 16 | VIRTIO_PCI_VENDOR))
		return "lgtest: early console: 00:01.0 is not a virtio console";
	for (uint8_t cap = early_read8(PCI_CAPABILITY_LIST); cap && walked < 48; walked++) {
		if (early_read8(cap + VIRTIO_PCI_CAP_VNDR) == PCI_CAP_ID_VNDR) {
			uint8_t type = early_read8(cap + VIRTIO_PCI_CAP_CFG_TYPE);
			uint8_t bar = early_read8(cap + VIRTIO_PCI_CAP_BAR);
			uint32_t offset = early_read32(cap + VIRTIO_PCI_CAP_OFFSET);
			uint32_t length = early_read32(cap + VIRTIO_PCI_CAP_LENGTH);

			if (type == VIRTIO_PCI_CAP_DEVICE_CFG && bar == 0) {
				device_cap = cap;
				device_offset = offset;
				device_len = length;
			} else if (type == VIRTIO_PCI_CAP_PCI_CFG) {
				window_cap = cap;
			}
		}
		cap = early_read8(cap + VIRTIO_PCI_CAP_NEXT);
	}
	if (!device_cap || !window_cap)
		return "lgtest: early console: no device config or PCI_CFG capability";
	if (device_len < offsetof(struct virtio_console_config, emerg_wr) + 4)
		return "lgtest: early console: no room for emerg_wr";
	cfg_offset = (int)device_offset;
	return NULL;
}

static void put_char(char c)
{
	early_write8(window_cap + VIRTIO_PCI_CAP_BAR, 0);
	early_write32(window_cap + VIRTIO_PCI_CAP_LENGTH, 4);
	early_write32(window_cap + VIRTIO_PCI_CAP_OFFSET,
		      cfg_offset + offsetof(struct virtio_console_config, emerg_wr));
	early_write32(window_cap + sizeof(struct virtio_pci_cap), (uint32_t)(uint8_t)c);
}

void early_pci_write(const char *s, size_t len)
{
	uint32_t flags = irq_save();	/* the window is shared with everyone */

	if (!cfg_offset) {
		const char *why;

		cfg_offset = -1;
		if ((why = probe()))
			lg_shutdown(why, LGUEST_SHUTDOWN_POWEROFF);
	}
	while (len--)
		put_char(*s++);
	irq_restore(flags);
}

#endif
