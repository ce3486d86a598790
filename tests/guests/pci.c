// SPDX-License-Identifier: GPL-2.0-only
/*
 * lgtest=pci -- the PCI configuration space a 4.0+ guest probes (G8-G10),
 * through mechanism #1 at 0xCF8/0xCFC, every access a #GP the host
 * emulates.  Linux's conf1 check, its bus scan and virtio_pci_modern's
 * probe rely on each of these:
 *   1. 0xCF8 reads back what was written, also when it was written a
 *      byte or a word at a time (0xCF8-0xCFB compose the address);
 *   2. bus 0, 32 slots, function 0: 00:00.0 a host bridge (vendor and
 *      device 0, class 06/00, every other dword 0), 00:01.0 the virtio
 *      console (1AF4:1043 rev 1, class 07/80, subsystem 1AF4:0040,
 *      capability list at 0x40, INTERRUPT_LINE 1, pin 0), every other
 *      slot, function 1-7 and bus 1 all ones, in every width;
 *   3. BAR 0: a 32-bit memory BAR at a page above our RAM; sizing
 *      (write all ones) reads 0xFFFFF000 (4 KiB), and the old value
 *      comes back when restored; BAR 1-5 and the ROM BAR are 0, also
 *      after a write of all ones;
 *   4. the vendor capabilities, in order: COMMON (BAR 0, 0, 56), NOTIFY
 *      (56, 2, multiplier 0), ISR (58, 1), DEVICE (60, 12), PCI_CFG; the
 *      PCI_CFG window reads num_queues (2) out of BAR 0;
 *   5. ports nobody emulates read as all ones of the access's width,
 *      the rest of eax kept; writes to them vanish;
 *   6. the keyboard controller's status port reads 0x01 as a byte
 *      ("output full, input empty": Linux's i8042 probe then gives up at
 *      once), and as all ones in wider reads, like its data port.
 */
#include "pci.h"
#include <linux/pci_regs.h>
#include <linux/virtio_pci.h>

#if LG_PCI

#define CONSOLE_ID 0x10431AF4u

static const char *check_cf8(void)
{
	uint32_t v;

	outl(0x80000000u | 1 << 11 | 0x08, PCI_CONF_ADDR);
	v = inl(PCI_CONF_ADDR);
	CHECK(v == 0x80000808u, "0xCF8 reads back %#x after 0x80000808 was written", v);
	/* a byte at a time */
	outb(0x00, 0xCF8);
	outb(0x08, 0xCF9);
	outb(0x00, 0xCFA);
	outb(0x80, 0xCFB);
	v = inl(PCI_CONF_ADDR);
	CHECK(v == 0x80000800u, "bytes 00 08 00 80 to 0xCF8-0xCFB read back as %#x", v);
	v = inl(PCI_CONF_DATA);
	CHECK(v == CONSOLE_ID, "after a byte-wise address, 0xCFC reads %#x", v);
	/* a word at a time */
	outw(0x0808, 0xCF8);
	outw(0x8000, 0xCFA);
	CHECK(inl(PCI_CONF_ADDR) == 0x80000808u, "words 0808 8000 read back as %#x",
	      inl(PCI_CONF_ADDR));
	CHECK(inw(0xCFA) == 0x8000 && inb(0xCF9) == 0x08 && inb(0xCF8) == 0x08,
	      "partial reads of 0xCF8: word at CFA %#x, bytes %#x %#x", inw(0xCFA), inb(0xCF9),
	      inb(0xCF8));
	outl(0x80000800u | 0x08, PCI_CONF_ADDR);
	v = inl(PCI_CONF_DATA);
	CHECK(v == 0x07800001u, "00:01.0 class/revision reads %#x, expected 0x07800001", v);
	/* data bytes and words at their offsets within the dword */
	CHECK(inb(0xCFC + 3) == 0x07 && inb(0xCFC + 2) == 0x80 && inb(0xCFC) == 0x01 &&
	      inw(0xCFC + 2) == 0x0780, "partial reads of 0xCFC disagree with the dword %#x", v);
	say("0xCF8 composes from bytes and words and reads back; 0xCFC reads in every width");
	return NULL;
}

static const char *check_absent(unsigned bus, unsigned slot, unsigned fn)
{
	for (unsigned reg = 0; reg < 0x40; reg += 4) {
		uint32_t v = pci_read(bus, slot, fn, reg, 4);
		CHECK(v == 0xFFFFFFFFu, "%02x:%02x.%u register %#x reads %#x, expected all ones",
		      bus, slot, fn, reg, v);
	}
	CHECK(pci_read(bus, slot, fn, 0x0E, 1) == 0xFF && pci_read(bus, slot, fn, 2, 2) == 0xFFFF,
	      "%02x:%02x.%u: byte or word reads are not all ones", bus, slot, fn);
	return NULL;
}

static const char *check_scan(void)
{
	const char *why;
	unsigned present = 0;

	for (unsigned slot = 0; slot < PCI_SLOTS; slot++) {
		uint32_t id = pci_read32(slot, PCI_VENDOR_ID);
		if (slot == 0) {
			CHECK(id == 0, "00:00.0 is %#x, expected the host bridge 0000:0000", id);
		} else if (slot == VCONS_PCI_SLOT) {
			CHECK(id == CONSOLE_ID, "00:01.0 is %#x, expected %#x", id, CONSOLE_ID);
		} else {
			CHECK(id == 0xFFFFFFFFu, "slot %u reads %#x: nothing should be there", slot,
			      id);
			continue;
		}
		present++;
		for (unsigned fn = 1; fn < 8; fn++)
			if ((why = check_absent(0, slot, fn)))
				return why;
	}
	for (unsigned slot = 2; slot < PCI_SLOTS; slot += 7)
		if ((why = check_absent(0, slot, 0)))
			return why;
	if ((why = check_absent(1, 0, 0)) || (why = check_absent(1, 1, 0)) ||
	    (why = check_absent(255, 31, 7)))
		return why;

	/* the host bridge: class 06/00 and nothing else */
	for (unsigned reg = 0; reg < 256; reg += 4) {
		uint32_t v = pci_read32(0, reg);
		if (reg == PCI_CLASS_REVISION)
			CHECK((v >> 8) == 0x060000, "the host bridge's class is %#x", v >> 8);
		else
			CHECK(v == 0, "host bridge register %#x reads %#x, expected 0", reg, v);
	}

	/* the console's header */
	CHECK(pci_read8(1, PCI_REVISION_ID) == 1, "revision %u", pci_read8(1, PCI_REVISION_ID));
	CHECK((pci_read32(1, PCI_CLASS_REVISION) >> 8) == 0x078000, "class %#x",
	      pci_read32(1, PCI_CLASS_REVISION) >> 8);
	CHECK(pci_read16(1, PCI_SUBSYSTEM_VENDOR_ID) == 0x1AF4 &&
	      pci_read16(1, PCI_SUBSYSTEM_ID) == 0x40, "subsystem %04x:%04x",
	      pci_read16(1, PCI_SUBSYSTEM_VENDOR_ID), pci_read16(1, PCI_SUBSYSTEM_ID));
	CHECK(pci_read16(1, PCI_STATUS) & PCI_STATUS_CAP_LIST, "status %#x lacks the "
	      "capability list bit", pci_read16(1, PCI_STATUS));
	CHECK(pci_read8(1, PCI_CAPABILITY_LIST) == 0x40, "capabilities at %#x",
	      pci_read8(1, PCI_CAPABILITY_LIST));
	CHECK(pci_read8(1, PCI_INTERRUPT_LINE) == 1 && pci_read8(1, PCI_INTERRUPT_PIN) == 0,
	      "INTERRUPT_LINE %u, pin %u", pci_read8(1, PCI_INTERRUPT_LINE),
	      pci_read8(1, PCI_INTERRUPT_PIN));
	CHECK(pci_read8(1, PCI_HEADER_TYPE) == 0, "header type %#x",
	      pci_read8(1, PCI_HEADER_TYPE));
	say("bus 0: %u devices (host bridge, virtio console 1af4:1043 rev 1); every other slot, "
	    "function and bus reads all ones", present);
	return NULL;
}

static const char *check_bars(void)
{
	uint32_t bar = pci_read32(1, PCI_BASE_ADDRESS_0), cmd = pci_read16(1, PCI_COMMAND);

	CHECK(!(bar & 0xF), "BAR 0 is %#x: not a 32-bit memory BAR", bar);
	CHECK(!(bar & 0xFFF) && bar >= ram_bytes, "BAR 0 at %#x, not a page above our %u MiB",
	      bar, ram_bytes >> 20);
	/* __pci_read_base: decoding off while sizing */
	pci_write16(1, PCI_COMMAND, cmd & ~PCI_COMMAND_MEMORY);
	pci_write32(1, PCI_BASE_ADDRESS_0, 0xFFFFFFFFu);
	uint32_t size = pci_read32(1, PCI_BASE_ADDRESS_0);
	pci_write32(1, PCI_BASE_ADDRESS_0, bar);
	uint32_t back = pci_read32(1, PCI_BASE_ADDRESS_0);
	pci_write16(1, PCI_COMMAND, cmd);
	CHECK(size == 0xFFFFF000u, "BAR 0 sizing reads %#x, expected 0xfffff000 (4 KiB)", size);
	CHECK(back == bar, "BAR 0 restored to %#x reads %#x", bar, back);
	for (unsigned reg = PCI_BASE_ADDRESS_1; reg <= PCI_BASE_ADDRESS_5; reg += 4) {
		pci_write32(1, reg, 0xFFFFFFFFu);
		CHECK(pci_read32(1, reg) == 0, "BAR %u reads %#x after all ones, expected 0",
		      (reg - PCI_BASE_ADDRESS_0) / 4, pci_read32(1, reg));
	}
	pci_write32(1, PCI_ROM_ADDRESS, 0xFFFFFFFFu);
	CHECK(pci_read32(1, PCI_ROM_ADDRESS) == 0, "the ROM BAR reads %#x after all ones",
	      pci_read32(1, PCI_ROM_ADDRESS));
	CHECK(pci_read32(1, PCI_BASE_ADDRESS_0) == bar, "BAR 0 moved to %#x",
	      pci_read32(1, PCI_BASE_ADDRESS_0));
	say("BAR 0 at %#x, 4 KiB, sized and restored; BAR 1-5 and ROM hard-wired 0", bar);
	return NULL;
}

static const char *check_caps(void)
{
	static const struct { uint8_t type; uint32_t off, len; } want[] = {
		{ VIRTIO_PCI_CAP_COMMON_CFG, 0, 56 }, { VIRTIO_PCI_CAP_NOTIFY_CFG, 56, 2 },
		{ VIRTIO_PCI_CAP_ISR_CFG, 58, 1 }, { VIRTIO_PCI_CAP_DEVICE_CFG, 60, 12 },
		{ VIRTIO_PCI_CAP_PCI_CFG, 0, 0 },
	};
	struct vpci_caps c;
	const char *why;
	unsigned n = 0, cap = pci_read8(1, PCI_CAPABILITY_LIST);

	for (; cap && n < 8; n++) {
		uint8_t id = pci_read8(1, cap), len = pci_read8(1, cap + VIRTIO_PCI_CAP_LEN);
		uint8_t type = pci_read8(1, cap + VIRTIO_PCI_CAP_CFG_TYPE);
		uint8_t bar = pci_read8(1, cap + VIRTIO_PCI_CAP_BAR);
		uint32_t off = pci_read32(1, cap + VIRTIO_PCI_CAP_OFFSET);
		uint32_t length = pci_read32(1, cap + VIRTIO_PCI_CAP_LENGTH);

		say("capability at %#x: id %#x len %u type %u bar %u offset %u length %u", cap, id,
		    len, type, bar, off, length);
		CHECK(n < 5, "more than 5 capabilities");
		CHECK(id == PCI_CAP_ID_VNDR, "capability %u has id %#x", n, id);
		CHECK(type == want[n].type, "capability %u has type %u, expected %u", n, type,
		      want[n].type);
		CHECK(len >= (type == VIRTIO_PCI_CAP_NOTIFY_CFG || type == VIRTIO_PCI_CAP_PCI_CFG ?
			      20 : 16), "capability %u is %u bytes long", n, len);
		if (type != VIRTIO_PCI_CAP_PCI_CFG)
			CHECK(bar == 0 && off == want[n].off && length == want[n].len,
			      "capability type %u: bar %u offset %u length %u, expected 0 %u %u",
			      type, bar, off, length, want[n].off, want[n].len);
		cap = pci_read8(1, cap + VIRTIO_PCI_CAP_NEXT);
	}
	CHECK(n == 5 && !cap, "%u capabilities, expected 5", n);
	if ((why = pci_virtio_caps(1, &c)))
		return why;
	CHECK(c.notify_mult == 0, "notify_off_multiplier %u, expected 0", c.notify_mult);

	/* The window: 2 bytes at BAR 0 offset 18 are num_queues. */
	pci_write8(1, c.pci_cfg + VIRTIO_PCI_CAP_BAR, 0);
	pci_write32(1, c.pci_cfg + VIRTIO_PCI_CAP_LENGTH, 2);
	pci_write32(1, c.pci_cfg + VIRTIO_PCI_CAP_OFFSET, c.common_off + VIRTIO_PCI_COMMON_NUMQ);
	uint32_t numq = pci_read32(1, c.pci_cfg + 16) & 0xFFFF;
	CHECK(numq == 2, "num_queues through the PCI_CFG window reads %u, expected 2", numq);
	say("capabilities: common, notify (multiplier 0), isr, device, pci_cfg; num_queues %u "
	    "through the window", numq);
	return NULL;
}

static const char *check_unclaimed_ports(void)
{
	static const uint16_t ports[] = { 0x80, 0x2F8, 0x70, 0x1234, 0xC000, 0xCF4, 0xFFFC };
	uint32_t v;

	for (unsigned i = 0; i < sizeof(ports) / sizeof(ports[0]); i++) {
		uint16_t p = ports[i];
		outb(0x5A, p);
		outl(0x5A5A5A5A, p);
		asm volatile("movl $0x12345678, %%eax\n\tinb %%dx, %%al" : "=a"(v) : "d"(p));
		CHECK(v == 0x123456FFu, "inb from port %#x: eax %#x, expected 0x123456ff", p, v);
		asm volatile("movl $0x12345678, %%eax\n\tinw %%dx, %%ax" : "=a"(v) : "d"(p));
		CHECK(v == 0x1234FFFFu, "inw from port %#x: eax %#x, expected 0x1234ffff", p, v);
		asm volatile("movl $0x12345678, %%eax\n\tinl %%dx, %%eax" : "=a"(v) : "d"(p));
		CHECK(v == 0xFFFFFFFFu, "inl from port %#x: %#x", p, v);
	}
	asm volatile("movl $0x12345678, %%eax\n\tinb $0x71, %%al" : "=a"(v));
	CHECK(v == 0x123456FFu, "inb $0x71: eax %#x", v);
	say("ports nobody emulates read as all ones of the access width");
	return NULL;
}

static const char *check_keyboard_controller(void)
{
	uint32_t v;

	asm volatile("movl $0x12345678, %%eax\n\tinb $0x64, %%al" : "=a"(v));
	CHECK(v == 0x12345601u, "inb $0x64: eax %#x, expected 0x12345601", v);
	asm volatile("movl $0x12345678, %%eax\n\tinb %%dx, %%al" : "=a"(v) : "d"(0x64));
	CHECK(v == 0x12345601u, "inb from port 0x64: eax %#x, expected 0x12345601", v);
	asm volatile("movl $0x12345678, %%eax\n\tinw %%dx, %%ax" : "=a"(v) : "d"(0x64));
	CHECK(v == 0x1234FFFFu, "inw from port 0x64: eax %#x, expected 0x1234ffff", v);
	CHECK(inb(0x60) == 0xFF, "inb from the data port 0x60: %#x", inb(0x60));
	say("keyboard controller status 0x01 (no controller), data port all ones");
	return NULL;
}

const char *test_pci(void)
{
	const char *why;

	if ((why = check_cf8()) || (why = check_scan()) || (why = check_bars()) ||
	    (why = check_caps()) || (why = check_unclaimed_ports()) ||
	    (why = check_keyboard_controller()))
		return why;
	return NULL;
}

#else

const char *test_pci(void)
{
	return "PCI is for G8 and later";
}

#endif
