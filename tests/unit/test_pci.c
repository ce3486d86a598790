// SPDX-License-Identifier: GPL-2.0-only
/*
 * The PCI bus (configuration mechanism #1, the MMIO window) and the
 * virtio 1.0 PCI function behind it, driven as Linux 4.x drives them:
 * the type-1 check, the device scan, the BAR sizing and moves, the
 * capability walk of virtio_pci_modern and of the lguest early console,
 * the PCI_CFG window the early console writes through, and the common
 * configuration, notify, ISR and device configuration in BAR0.  And
 * every rule a driver can break: each must kill the guest with a reason
 * naming it (the guest_kill stub records it), never reach the device
 * model with an access outside its configuration, never let a queue's
 * rings lie outside RAM, and never let a BAR leave the window or cover
 * another.
 * sources: hv/devices/pci_config.c hv/devices/vring.c
 */
#include "vpci_host.h"
#include <linux/virtio_console.h>
#include "check.h"

static struct guest *g;

#define CHECK_KILLED(text)                                                        \
	do {                                                                      \
		CHECK_EQ(g->state, GUEST_DEAD);                                   \
		if (!strstr(kill_reason, text)) {                                 \
			printf("  %s:%d: kill reason \"%s\", want \"%s\"\n", __FILE__, \
			       __LINE__, kill_reason, text);                      \
			case_failed = 1;                                          \
		}                                                                 \
	} while (0)

#define CHECK_ALIVE()                                                             \
	do {                                                                      \
		if (g->state == GUEST_DEAD) {                                     \
			printf("  %s:%d: guest killed: %s\n", __FILE__, __LINE__,  \
			       kill_reason);                                      \
			case_failed = 1;                                          \
		}                                                                 \
	} while (0)

/* ---- port I/O and config space as Linux reaches them --------------- */

static uint32_t in(uint32_t port, uint32_t len)
{
	uint32_t v = 0xDEADBEEF;

	CHECK(pci_port_in(g, port, len, &v));
	return v;
}

static void out(uint32_t port, uint32_t len, uint32_t v)
{
	CHECK(pci_port_out(g, port, len, v));
}

#define CONF1(bus, slot, fn, reg) \
	(0x80000000u | (bus) << 16 | (slot) << 11 | (fn) << 8 | ((reg) & 0xFC))

/* pci_conf1_read/write: the dword-aligned address, then the data port
 * plus the register's low bits, of the access's width. */
static uint32_t cfg_read(uint32_t slot, uint32_t reg, uint32_t len)
{
	out(0xCF8, 4, CONF1(0, slot, 0, reg));
	return in(0xCFC + (reg & 3), len);
}

static void cfg_write(uint32_t slot, uint32_t reg, uint32_t len, uint32_t v)
{
	out(0xCF8, 4, CONF1(0, slot, 0, reg));
	out(0xCFC + (reg & 3), len, v);
}

/* arch/x86/pci/early.c: the register's low bits are left in the
 * address, and read_pci_config_byte reads 0xCFC + (offset & 3). */
static uint32_t early_read(uint32_t slot, uint32_t reg)
{
	out(0xCF8, 4, 0x80000000u | slot << 11 | reg);
	return in(0xCFC, 4);
}

static uint8_t early_read_byte(uint32_t slot, uint32_t reg)
{
	out(0xCF8, 4, 0x80000000u | slot << 11 | reg);
	return (uint8_t)in(0xCFC + (reg & 3), 1);
}

static void early_write(uint32_t slot, uint32_t reg, uint32_t v)
{
	out(0xCF8, 4, 0x80000000u | slot << 11 | reg);
	out(0xCFC, 4, v);
}

/* ---- BAR0 registers --------------------------------------------------- */

#define CC(field) offsetof(struct virtio_pci_common_cfg, field)

static uint32_t bar_rd(uint32_t off, uint32_t len)
{
	return pci_mmio_read(g, g->pci[0].bar + off, len);
}

static void bar_wr(uint32_t off, uint32_t len, uint32_t v)
{
	pci_mmio_write(g, g->pci[0].bar + off, len, v);
}

static struct tdev *dev0(void) { return &host_devs[0]; }

/* A 4.x driver up to FEATURES_OK, with the device's bits and VERSION_1. */
static void negotiate(void)
{
	bar_wr(CC(device_status), 1, VIRTIO_STATUS_ACK);
	bar_wr(CC(device_status), 1, VIRTIO_STATUS_ACK | VIRTIO_STATUS_DRIVER);
	bar_wr(CC(guest_feature_select), 4, 0);
	bar_wr(CC(guest_feature), 4, 1u << 2);
	bar_wr(CC(guest_feature_select), 4, 1);
	bar_wr(CC(guest_feature), 4, 1);
	bar_wr(CC(device_status), 1, VIRTIO_STATUS_ACK | VIRTIO_STATUS_DRIVER |
	       VIRTIO_STATUS_FEATURES_OK);
}

/* Queue q's size and addresses, as vp_modern's setup_vq writes them. */
static void set_queue(uint32_t q, uint32_t size, uint32_t desc, uint32_t avail, uint32_t used)
{
	bar_wr(CC(queue_select), 2, q);
	bar_wr(CC(queue_size), 2, size);
	bar_wr(CC(queue_desc_lo), 4, desc);
	bar_wr(CC(queue_desc_hi), 4, 0);
	bar_wr(CC(queue_avail_lo), 4, avail);
	bar_wr(CC(queue_avail_hi), 4, 0);
	bar_wr(CC(queue_used_lo), 4, used);
	bar_wr(CC(queue_used_hi), 4, 0);
}

static void enable(uint32_t q)
{
	bar_wr(CC(queue_select), 2, q);
	bar_wr(CC(queue_enable), 2, 1);
}

/* ---- the bus ---------------------------------------------------------- */

static void type1_detection(void)
{
	g = host_guest_new(1);
	/* pci_check_type1 */
	out(0xCFB, 1, 0x01);
	uint32_t tmp = in(0xCF8, 4);
	CHECK_EQ(tmp, 0x01000000);
	out(0xCF8, 4, 0x80000000);
	CHECK_EQ(in(0xCF8, 4), 0x80000000);
	out(0xCF8, 4, tmp);
	CHECK_EQ(g->pci_address, tmp);
	/* ... then pci_sanity_check: 00:00.0 is a host bridge */
	CHECK_EQ(cfg_read(0, PCI_CLASS_DEVICE, 2), 0x0600);
	/* ports not the bus's are not claimed */
	uint32_t v;
	CHECK(!pci_port_in(g, 0xCF7, 1, &v));
	CHECK(!pci_port_in(g, 0xD00, 4, &v));
	CHECK(!pci_port_in(g, 0x3F8, 1, &v));
	CHECK(!pci_port_out(g, 0xCF7, 1, 0));
	CHECK(!pci_port_out(g, 0xD00, 2, 0));
	CHECK_ALIVE();
}

static void address_register_pieces(void)
{
	g = host_guest_new(1);
	out(0xCF8, 1, 0x2C);
	out(0xCF9, 1, 0x08);
	out(0xCFA, 1, 0x00);
	out(0xCFB, 1, 0x80);
	CHECK_EQ(g->pci_address, 0x8000082C);
	CHECK_EQ(in(0xCFC, 4), 0x00401AF4);	/* subsystem IDs of 00:01.0 */
	out(0xCF8, 4, 0);
	out(0xCF8, 2, 0x0800);
	out(0xCFA, 2, 0x8000);
	CHECK_EQ(g->pci_address, 0x80000800);
	CHECK_EQ(in(0xCFC, 4), 0x10431AF4);
	/* reads of any piece */
	CHECK_EQ(in(0xCF8, 1), 0x00);
	CHECK_EQ(in(0xCF9, 1), 0x08);
	CHECK_EQ(in(0xCFA, 2), 0x8000);
	CHECK_EQ(in(0xCFB, 1), 0x80);
	CHECK_EQ(in(0xCF8, 2), 0x0800);
	/* a word at 0xCFB or a dword at 0xCF9 would spill past the
	 * register: ignored */
	out(0xCFB, 2, 0xFFFF);
	out(0xCF9, 4, 0xFFFFFFFF);
	CHECK_EQ(g->pci_address, 0x80000800);
	/* the value written is masked to the width */
	out(0xCF9, 1, 0x1234);
	CHECK_EQ(g->pci_address, 0x80003400);
	CHECK_ALIVE();
}

static void host_bridge(void)
{
	g = host_guest_new(1);
	CHECK_EQ(cfg_read(0, PCI_VENDOR_ID, 4), 0);	/* vendor 0: not scanned */
	CHECK_EQ(cfg_read(0, PCI_CLASS_REVISION, 4), 0x06000000);
	CHECK_EQ(cfg_read(0, PCI_CLASS_DEVICE, 2), 0x0600);
	CHECK_EQ(cfg_read(0, PCI_CLASS_DEVICE + 1, 1), 0x06);
	CHECK_EQ(cfg_read(0, PCI_CLASS_PROG, 1), 0);
	CHECK_EQ(cfg_read(0, PCI_HEADER_TYPE, 1), 0);
	CHECK_EQ(cfg_read(0, PCI_STATUS, 2), 0);
	CHECK_EQ(cfg_read(0, PCI_BASE_ADDRESS_0, 4), 0);
	/* writes go nowhere */
	cfg_write(0, PCI_CLASS_REVISION, 4, 0x12345678);
	cfg_write(0, PCI_COMMAND, 2, 0xFFFF);
	cfg_write(0, PCI_BASE_ADDRESS_0, 4, 0xFFFFFFFF);
	CHECK_EQ(cfg_read(0, PCI_CLASS_REVISION, 4), 0x06000000);
	CHECK_EQ(cfg_read(0, PCI_COMMAND, 4), 0);
	CHECK_EQ(cfg_read(0, PCI_BASE_ADDRESS_0, 4), 0);
	CHECK_ALIVE();
}

static void function_ids(void)
{
	g = host_guest_new(2);
	CHECK_EQ(cfg_read(1, PCI_VENDOR_ID, 4), 0x10431AF4);
	CHECK_EQ(cfg_read(1, PCI_VENDOR_ID, 2), 0x1AF4);
	CHECK_EQ(cfg_read(1, PCI_DEVICE_ID, 2), 0x1043);
	CHECK_EQ(cfg_read(1, PCI_REVISION_ID, 1), 1);
	CHECK_EQ(cfg_read(1, PCI_CLASS_REVISION, 4), 0x07800001);
	CHECK_EQ(cfg_read(1, PCI_CLASS_DEVICE, 2), 0x0780);
	CHECK_EQ(cfg_read(1, PCI_HEADER_TYPE, 1), 0);	/* normal, one function */
	CHECK_EQ(cfg_read(1, PCI_SUBSYSTEM_VENDOR_ID, 2), 0x1AF4);
	CHECK_EQ(cfg_read(1, PCI_SUBSYSTEM_ID, 2), 0x40);
	CHECK(cfg_read(1, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST);
	CHECK_EQ(cfg_read(1, PCI_CAPABILITY_LIST, 1), 0x40);
	CHECK_EQ(cfg_read(1, PCI_INTERRUPT_LINE, 1), 1);
	CHECK_EQ(cfg_read(1, PCI_INTERRUPT_PIN, 1), 0);
	CHECK_EQ(cfg_read(1, PCI_ROM_ADDRESS, 4), 0);
	/* the second function: slot 2, its own ID and line */
	CHECK_EQ(cfg_read(2, PCI_VENDOR_ID, 4), 0x10441AF4);
	CHECK_EQ(cfg_read(2, PCI_INTERRUPT_LINE, 1), 2);
	CHECK_EQ(cfg_read(2, PCI_BASE_ADDRESS_0, 4), g->mmio_base + 4096);
	/* the command register keeps what the driver writes */
	cfg_write(1, PCI_COMMAND, 2, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	CHECK_EQ(cfg_read(1, PCI_COMMAND, 2), PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	CHECK(cfg_read(1, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST);
	/* the early console's check */
	CHECK_EQ(early_read(1, 0), 0x10431AF4);
	CHECK_ALIVE();
}

static void empty_slots(void)
{
	struct { uint32_t addr; const char *what; } empty[] = {
		{ CONF1(0, 2, 0, 0), "slot 2 with one device" },
		{ CONF1(0, 31, 0, 0), "slot 31" },
		{ CONF1(0, 1, 1, 0), "function 1" },
		{ CONF1(0, 1, 7, 0), "function 7" },
		{ CONF1(0, 0, 1, 8), "host bridge function 1" },
		{ CONF1(1, 1, 0, 0), "bus 1" },
		{ CONF1(255, 0, 0, 8), "bus 255" },
		{ 0x00000800u, "bit 31 clear" },
		{ 0x81000800u, "reserved bit 24" },
		{ 0xC0000800u, "reserved bit 30" },
	};

	g = host_guest_new(1);
	for (unsigned i = 0; i < sizeof(empty) / sizeof(empty[0]); i++) {
		out(0xCF8, 4, empty[i].addr);
		uint32_t d = in(0xCFC, 4), w = in(0xCFE, 2), b = in(0xCFD, 1);
		if (d != 0xFFFFFFFF || w != 0xFFFF || b != 0xFF) {
			printf("  %s: %#x %#x %#x\n", empty[i].what, d, w, b);
			case_failed = 1;
		}
		/* a write there (BAR0 or command of what would be 00:01.0)
		 * reaches nothing */
		out(0xCF8, 4, empty[i].addr | PCI_BASE_ADDRESS_0);
		out(0xCFC, 4, g->mmio_base + 8 * 4096);
		out(0xCF8, 4, empty[i].addr | PCI_COMMAND);
		out(0xCFC, 2, 0x7);
	}
	CHECK_EQ(g->pci[0].bar, g->mmio_base);
	CHECK_EQ(g->pci[0].command, 0);
	/* an access of the data port that would spill past it */
	out(0xCF8, 4, CONF1(0, 1, 0, 0));
	CHECK_EQ(in(0xCFE, 4), 0xFFFFFFFF);
	CHECK_EQ(in(0xCFF, 2), 0xFFFF);
	CHECK_EQ(in(0xCFF, 1), 0x10);
	out(0xCF8, 4, CONF1(0, 1, 0, PCI_BASE_ADDRESS_0));
	out(0xCFE, 4, 0xFFFFFFFF);	/* ignored: not sizing */
	CHECK_EQ(in(0xCFC, 4), g->mmio_base);
	CHECK_ALIVE();
}

static void bar0_sizing(void)
{
	g = host_guest_new(1);
	uint32_t orig = cfg_read(1, PCI_BASE_ADDRESS_0, 4);
	CHECK_EQ(orig, g->mmio_base);
	CHECK_EQ(orig & 0xF, 0);	/* memory, 32-bit, not prefetchable */
	cfg_write(1, PCI_BASE_ADDRESS_0, 4, 0xFFFFFFFF);
	CHECK_EQ(cfg_read(1, PCI_BASE_ADDRESS_0, 4), 0xFFFFF000);
	CHECK_EQ(g->pci[0].bar, orig);	/* still decodes where it was */
	cfg_write(1, PCI_BASE_ADDRESS_0, 4, orig);
	CHECK_EQ(cfg_read(1, PCI_BASE_ADDRESS_0, 4), orig);
	CHECK_EQ(bar_rd(CC(num_queues), 2), 2);
	/* all ones in the address bits only */
	cfg_write(1, PCI_BASE_ADDRESS_0, 4, 0xFFFFF000);
	CHECK_EQ(cfg_read(1, PCI_BASE_ADDRESS_0, 4), 0xFFFFF000);
	cfg_write(1, PCI_BASE_ADDRESS_0, 4, orig);
	CHECK_EQ(cfg_read(1, PCI_BASE_ADDRESS_0, 4), orig);
	/* A byte write is merged into the BAR and judged as a whole new
	 * address: 0xFF into its low byte is an unaligned one, refused.
	 * (Linux sizes and moves BARs with dword writes only.) */
	cfg_write(1, PCI_BASE_ADDRESS_0, 1, 0xFF);
	CHECK_EQ(cfg_read(1, PCI_BASE_ADDRESS_0, 4), orig);
	CHECK_ALIVE();
}

static void bar0_moves(void)
{
	g = host_guest_new(2);
	uint32_t base = g->mmio_base, top = g->mmio_base + g->mmio_size, other = g->pci[1].bar;

	CHECK_EQ(g->mmio_base, HOST_RAM_LIMIT);
	CHECK_EQ(g->mmio_size, PCI_MMIO_WINDOW_PAGES * 4096);
	CHECK(pci_in_window(g, base));
	CHECK(pci_in_window(g, top - 1));
	CHECK(!pci_in_window(g, base - 1));
	CHECK(!pci_in_window(g, top));
	/* inside the window: accepted, and the registers follow it */
	cfg_write(1, PCI_BASE_ADDRESS_0, 4, base + 5 * 4096);
	CHECK_EQ(cfg_read(1, PCI_BASE_ADDRESS_0, 4), base + 5 * 4096);
	CHECK_EQ(pci_mmio_read(g, base + 5 * 4096 + CC(num_queues), 2), 2);
	CHECK_EQ(pci_mmio_read(g, base + CC(num_queues), 2), 0xFFFF);
	cfg_write(1, PCI_BASE_ADDRESS_0, 4, top - 4096);	/* the last page */
	CHECK_EQ(g->pci[0].bar, top - 4096);
	/* the type bits written with it are dropped */
	cfg_write(1, PCI_BASE_ADDRESS_0, 4, base + 7 * 4096 + 0x8);
	CHECK_EQ(g->pci[0].bar, base + 7 * 4096);

	uint32_t refused[] = {
		0, 0x1000, HOST_RAM_SIZE & ~0xFFFu, base - 4096,	/* RAM */
		top, top + 4096, 0xFEE00000, 0xFFFFE000,		/* past the window */
		base + 0x800, base + 3 * 4096 + 0x10, top - 0x800,	/* unaligned */
		other,						/* the other function */
	};
	for (unsigned i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		last_kprintf[0] = '\0';
		cfg_write(1, PCI_BASE_ADDRESS_0, 4, refused[i]);
		if (g->pci[0].bar != base + 7 * 4096 || !strstr(last_kprintf, "may not move")) {
			printf("  BAR0 to %#x: now %#x (\"%s\")\n", refused[i], g->pci[0].bar,
			       last_kprintf);
			case_failed = 1;
		}
		CHECK_EQ(cfg_read(1, PCI_BASE_ADDRESS_0, 4), base + 7 * 4096);
	}
	/* the second function cannot come onto the first either */
	cfg_write(2, PCI_BASE_ADDRESS_0, 4, base + 7 * 4096);
	CHECK_EQ(g->pci[1].bar, other);
	/* but the two may swap through a free page */
	cfg_write(2, PCI_BASE_ADDRESS_0, 4, base + 9 * 4096);
	cfg_write(1, PCI_BASE_ADDRESS_0, 4, other);
	CHECK_EQ(g->pci[0].bar, other);
	CHECK_EQ(g->pci[1].bar, base + 9 * 4096);
	CHECK_EQ(pci_mmio_read(g, other + CC(num_queues), 2), 2);
	CHECK_EQ(pci_mmio_read(g, base + 9 * 4096 + CC(num_queues), 2), 1);
	CHECK_ALIVE();
}

static void other_bars_and_rom(void)
{
	g = host_guest_new(1);
	for (uint32_t reg = PCI_BASE_ADDRESS_1; reg <= PCI_BASE_ADDRESS_5; reg += 4) {
		CHECK_EQ(cfg_read(1, reg, 4), 0);
		cfg_write(1, reg, 4, 0xFFFFFFFF);	/* sizing: no BAR there */
		CHECK_EQ(cfg_read(1, reg, 4), 0);
	}
	CHECK_EQ(cfg_read(1, PCI_ROM_ADDRESS, 4), 0);
	cfg_write(1, PCI_ROM_ADDRESS, 4, 0xFFFFF801);
	CHECK_EQ(cfg_read(1, PCI_ROM_ADDRESS, 4), 0);
	/* read-only registers stay */
	cfg_write(1, PCI_VENDOR_ID, 4, 0);
	cfg_write(1, PCI_INTERRUPT_LINE, 1, 9);
	cfg_write(1, PCI_CAPABILITY_LIST, 1, 0);
	CHECK_EQ(cfg_read(1, PCI_VENDOR_ID, 4), 0x10431AF4);
	CHECK_EQ(cfg_read(1, PCI_INTERRUPT_LINE, 1), 1);
	CHECK_EQ(cfg_read(1, PCI_CAPABILITY_LIST, 1), 0x40);
	CHECK_ALIVE();
}

/* ---- capabilities ----------------------------------------------------- */

struct cap { uint8_t at, type, bar, len; uint32_t offset, length; };

static const struct cap want_caps[] = {
	{ 0x40, VIRTIO_PCI_CAP_COMMON_CFG, 0, 16, 0, 56 },
	{ 0x50, VIRTIO_PCI_CAP_NOTIFY_CFG, 0, 20, 56, 2 },
	{ 0x64, VIRTIO_PCI_CAP_ISR_CFG, 0, 16, 58, 1 },
	{ 0x74, VIRTIO_PCI_CAP_DEVICE_CFG, 0, 16, 60, 12 },
	{ 0x84, VIRTIO_PCI_CAP_PCI_CFG, 0, 20, 0, 0 },
};

/* virtio_pci_modern: pci_find_capability / pci_find_next_capability for
 * PCI_CAP_ID_VNDR (status bit, pointer & ~3, id byte, next byte, at most
 * 48), then for each cfg_type and bar bytes, offset and length dwords
 * (vp_modern_map_capability), and the notify multiplier dword. */
static void capability_walk_linux(void)
{
	unsigned found = 0;

	g = host_guest_new(1);
	CHECK(cfg_read(1, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST);
	uint32_t pos = cfg_read(1, PCI_CAPABILITY_LIST, 1);
	for (int ttl = 48; pos >= 0x40 && ttl--; ) {
		pos &= ~3u;
		uint32_t ent = cfg_read(1, pos, 2);
		if ((ent & 0xFF) == 0xFF)
			break;
		CHECK_EQ(ent & 0xFF, PCI_CAP_ID_VNDR);
		if (found < 5) {
			const struct cap *w = &want_caps[found];
			CHECK_EQ(pos, w->at);
			CHECK_EQ(cfg_read(1, pos + offsetof(struct virtio_pci_cap, cap_len), 1), w->len);
			CHECK_EQ(cfg_read(1, pos + offsetof(struct virtio_pci_cap, cfg_type), 1),
				 w->type);
			CHECK_EQ(cfg_read(1, pos + offsetof(struct virtio_pci_cap, bar), 1), w->bar);
			CHECK_EQ(cfg_read(1, pos + offsetof(struct virtio_pci_cap, offset), 4),
				 w->offset);
			CHECK_EQ(cfg_read(1, pos + offsetof(struct virtio_pci_cap, length), 4),
				 w->length);
			if (w->type == VIRTIO_PCI_CAP_NOTIFY_CFG)
				CHECK_EQ(cfg_read(1, pos + offsetof(struct virtio_pci_notify_cap,
								   notify_off_multiplier), 4), 0);
		}
		found++;
		pos = ent >> 8;
	}
	CHECK_EQ(found, 5);
	/* every structure lies inside BAR0, long enough for its minimum */
	CHECK(want_caps[0].length >= sizeof(struct virtio_pci_common_cfg));
	for (unsigned i = 0; i < 4; i++)
		CHECK(want_caps[i].offset + want_caps[i].length <= VPCI_BAR_SIZE);
	/* the rest of config space reads 0 */
	for (uint32_t reg = 0x98; reg < 0x100; reg += 4)
		CHECK_EQ(cfg_read(1, reg, 4), 0);
	CHECK_ALIVE();
}

/* The 4.x lguest early console (probe_pci_console): the same list read a
 * byte at a time through early.c, where the address keeps the low bits. */
static void capability_walk_early_console(void)
{
	uint8_t device_cap = 0, access_cap = 0;

	g = host_guest_new(1);
	CHECK_EQ(early_read(1, 0), 0x10431AF4);
	uint8_t cap = early_read_byte(1, PCI_CAPABILITY_LIST);
	for (int n = 0; cap && n < 16; n++) {
		if (early_read_byte(1, cap) == PCI_CAP_ID_VNDR) {
			uint8_t type = early_read_byte(1, cap + offsetof(struct virtio_pci_cap, cfg_type));
			uint8_t bar = early_read_byte(1, cap + offsetof(struct virtio_pci_cap, bar));
			if (type == VIRTIO_PCI_CAP_DEVICE_CFG && bar == 0)
				device_cap = cap;
			if (type == VIRTIO_PCI_CAP_PCI_CFG)
				access_cap = cap;
		}
		cap = early_read_byte(1, cap + PCI_CAP_LIST_NEXT);
	}
	CHECK_EQ(device_cap, 0x74);
	CHECK_EQ(access_cap, 0x84);
	CHECK_EQ(early_read(1, device_cap + offsetof(struct virtio_pci_cap, length)), 12);
	uint32_t cfg_offset = early_read(1, device_cap + offsetof(struct virtio_pci_cap, offset));
	CHECK_EQ(cfg_offset, 60);

	/* early_put_chars -> write_bar_via_cfg for "Hi": bar, length,
	 * offset, then the data dword */
	const char *text = "Hi";
	for (const char *c = text; *c; c++) {
		early_write(1, access_cap + offsetof(struct virtio_pci_cap, bar), 0);
		early_write(1, access_cap + offsetof(struct virtio_pci_cap, length), 4);
		early_write(1, access_cap + offsetof(struct virtio_pci_cap, offset),
			    cfg_offset + offsetof(struct virtio_console_config, emerg_wr));
		early_write(1, access_cap + sizeof(struct virtio_pci_cap), (uint8_t)*c);
	}
	CHECK_EQ(dev0()->config_writes, 2);
	CHECK_EQ(dev0()->writes[0].off, 8);
	CHECK_EQ(dev0()->writes[0].len, 4);
	CHECK(!memcmp(dev0()->writes[0].bytes, "H\0\0\0", 4));
	CHECK(!memcmp(dev0()->writes[1].bytes, "i\0\0\0", 4));
	CHECK_EQ(dev0()->bad_calls, 0);
	/* the window's registers read back as written */
	CHECK_EQ(cfg_read(1, 0x84 + 4, 1), 0);
	CHECK_EQ(cfg_read(1, 0x84 + 8, 4), 68);
	CHECK_EQ(cfg_read(1, 0x84 + 12, 4), 4);
	CHECK_ALIVE();
}

/* ---- the PCI_CFG window ------------------------------------------------ */

static void set_window(uint32_t bar, uint32_t off, uint32_t len)
{
	cfg_write(1, 0x84 + 4, 1, bar);
	cfg_write(1, 0x84 + 8, 4, off);
	cfg_write(1, 0x84 + 12, 4, len);
}

static void pci_cfg_window(void)
{
	g = host_guest_new(1);
	/* reads: the device configuration, the common configuration */
	memcpy(dev0()->config, "\x50\x00\x19\x00\x01\x00\x00\x00", 8);
	set_window(0, 60, 4);
	CHECK_EQ(cfg_read(1, 0x94, 4), 0x00190050);
	CHECK_EQ(cfg_read(1, 0x96, 2), 0x0019);	/* a piece of the dword read */
	set_window(0, 60 + 4, 4);
	CHECK_EQ(cfg_read(1, 0x94, 4), 1);
	set_window(0, CC(num_queues), 2);
	CHECK_EQ(cfg_read(1, 0x94, 2), 2);
	set_window(0, CC(device_feature_select), 4);
	cfg_write(1, 0x94, 4, 1);
	CHECK_EQ(g->pci[0].feature_sel, 1);
	set_window(0, CC(device_feature), 4);
	CHECK_EQ(cfg_read(1, 0x94, 4), 1);	/* VERSION_1 */
	/* a byte write of the device configuration */
	set_window(0, 60 + 1, 1);
	cfg_write(1, 0x94, 1, 0xAB);
	CHECK_EQ(dev0()->config_writes, 1);
	CHECK_EQ(dev0()->writes[0].off, 1);
	CHECK_EQ(dev0()->writes[0].len, 1);
	CHECK_EQ(dev0()->writes[0].bytes[0], 0xAB);
	/* a straddle through the window is one too */
	set_window(0, 0x12, 4);
	cfg_read(1, 0x94, 4);
	CHECK_KILLED("straddles");

	struct { uint32_t bar, off, len; const char *want; } bad[] = {
		{ 1, 60, 4, "bar 1" },
		{ 5, 60, 4, "bar 5" },
		{ 0, 60, 3, "length 3" },
		{ 0, 60, 0, "length 0" },
		{ 0, 60, 8, "length 8" },
		{ 0, 4096, 1, "offset 0x1000" },
		{ 0, 4094, 4, "offset 0xffe" },
		{ 0, 0xFFFFFFFF, 2, "offset 0xffffffff" },
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		for (int write = 0; write < 2; write++) {
			g = host_guest_new(1);
			set_window(bad[i].bar, bad[i].off, bad[i].len);
			/* using it goes nowhere, as in QEMU: reads 0 */
			if (write)
				cfg_write(1, 0x94, 4, 0x41);
			else
				CHECK_EQ(cfg_read(1, 0x94, 4), 0);
			CHECK_ALIVE();
			CHECK_EQ(dev0()->config_writes + dev0()->config_reads, 0);
		}
	}
}

/* ---- BAR0: the common configuration ------------------------------------ */

static void feature_negotiation(void)
{
	g = host_guest_new(1);
	CHECK_EQ(bar_rd(CC(device_feature_select), 4), 0);
	CHECK_EQ(bar_rd(CC(device_feature), 4), 1u << 2);
	bar_wr(CC(device_feature_select), 4, 1);
	CHECK_EQ(bar_rd(CC(device_feature), 4), 1);	/* bit 32: VERSION_1, always */
	bar_wr(CC(device_feature_select), 4, 2);
	CHECK_EQ(bar_rd(CC(device_feature), 4), 0);
	bar_wr(CC(device_feature_select), 4, 0xFFFFFFFF);
	CHECK_EQ(bar_rd(CC(device_feature), 4), 0);
	CHECK_EQ(bar_rd(CC(num_queues), 2), 2);
	CHECK_EQ(bar_rd(CC(config_generation), 1), 0);
	negotiate();
	CHECK_EQ(bar_rd(CC(device_status), 1), 0x0B);
	CHECK_EQ(host_devs[0].dev.driver_features, (1ull << 32) | (1u << 2));
	bar_wr(CC(guest_feature_select), 4, 0);
	CHECK_EQ(bar_rd(CC(guest_feature), 4), 1u << 2);
	/* after FEATURES_OK the features no longer change */
	bar_wr(CC(guest_feature), 4, 0xFFFFFFFF);
	CHECK_EQ(bar_rd(CC(guest_feature), 4), 1u << 2);
	bar_wr(CC(device_status), 1, 0x0F);
	CHECK_EQ(bar_rd(CC(device_status), 1), 0x0F);
	CHECK_ALIVE();

	/* VERSION_1 alone is enough */
	g = host_guest_new(1);
	bar_wr(CC(device_status), 1, 3);
	bar_wr(CC(guest_feature_select), 4, 1);
	bar_wr(CC(guest_feature), 4, 1);
	bar_wr(CC(device_status), 1, 0x0B);
	CHECK_EQ(bar_rd(CC(device_status), 1), 0x0B);

	/* a bit not offered: FEATURES_OK reads back clear, nothing dies */
	uint32_t not_offered[][2] = { { 0, 1u << 5 }, { 0, 1u << 0 }, { 1, 1 | 1u << 1 },
				      { 1, 1u << 31 } };
	for (unsigned i = 0; i < 4; i++) {
		g = host_guest_new(1);
		bar_wr(CC(device_status), 1, 3);
		bar_wr(CC(guest_feature_select), 4, 1);
		bar_wr(CC(guest_feature), 4, 1);
		bar_wr(CC(guest_feature_select), 4, not_offered[i][0]);
		bar_wr(CC(guest_feature), 4, not_offered[i][1]);
		bar_wr(CC(device_status), 1, 0x0B);
		CHECK_EQ(bar_rd(CC(device_status), 1), 0x03);
		CHECK_ALIVE();
		/* ... and DRIVER_OK on top of the refusal kills */
		bar_wr(CC(device_status), 1, 0x0F);
		CHECK_KILLED("DRIVER_OK without FEATURES_OK");
	}
	/* no VERSION_1: refused */
	g = host_guest_new(1);
	bar_wr(CC(device_status), 1, 3);
	bar_wr(CC(guest_feature), 4, 1u << 2);
	bar_wr(CC(device_status), 1, 0x0B);
	CHECK_EQ(bar_rd(CC(device_status), 1), 0x03);
	/* the driver may fix its choice and try again */
	bar_wr(CC(guest_feature_select), 4, 1);
	bar_wr(CC(guest_feature), 4, 1);
	bar_wr(CC(device_status), 1, 0x0B);
	CHECK_EQ(bar_rd(CC(device_status), 1), 0x0B);
	CHECK_ALIVE();
	/* guest_feature_select past 1: writes go nowhere, reads 0 */
	g = host_guest_new(1);
	bar_wr(CC(guest_feature_select), 4, 2);
	bar_wr(CC(guest_feature), 4, 0xFFFFFFFF);
	CHECK_EQ(bar_rd(CC(guest_feature), 4), 0);
	CHECK_EQ(host_devs[0].dev.driver_features, 0);
	/* FAILED is reported, not fatal */
	bar_wr(CC(device_status), 1, 0x83);
	CHECK(strstr(last_kprintf, "reports failure"));
	CHECK_ALIVE();
}

static void status_rules(void)
{
	g = host_guest_new(1);
	bar_wr(CC(device_status), 1, VIRTIO_STATUS_ACK | VIRTIO_STATUS_DRIVER);
	bar_wr(CC(device_status), 1, VIRTIO_STATUS_ACK);
	CHECK_KILLED("status went backwards");

	g = host_guest_new(1);
	negotiate();
	bar_wr(CC(device_status), 1, VIRTIO_STATUS_ACK | VIRTIO_STATUS_FEATURES_OK);
	CHECK_KILLED("went backwards");

	g = host_guest_new(1);
	bar_wr(CC(device_status), 1, VIRTIO_STATUS_ACK | VIRTIO_STATUS_DRIVER |
	       VIRTIO_STATUS_DRIVER_OK);
	CHECK_KILLED("DRIVER_OK without FEATURES_OK");

	g = host_guest_new(1);
	bar_wr(CC(device_status), 1, VIRTIO_STATUS_DRIVER_OK);
	CHECK_KILLED("DRIVER_OK without FEATURES_OK");
	/* once dead, the first reason stays */
	bar_wr(CC(device_status), 1, 1);
	CHECK_KILLED("DRIVER_OK without FEATURES_OK");
	CHECK_EQ(kills, 1);
}

static void reset_restores(void)
{
	struct vdev *d = &host_devs[0].dev;

	g = host_guest_new(1);
	negotiate();
	set_queue(0, 16, 0x1000, 0x2000, 0x3000);
	enable(0);
	set_queue(1, 32, 0x4000, 0x5000, 0x6000);
	bar_wr(CC(device_feature_select), 4, 1);
	bar_wr(CC(guest_feature_select), 4, 1);
	bar_wr(CC(device_status), 1, 0x0F);
	d->isr = 3;
	CHECK(d->vq_enabled[0]);
	CHECK_ALIVE();

	bar_wr(CC(device_status), 1, 0);
	CHECK_EQ(host_devs[0].resets, 1);
	CHECK_EQ(bar_rd(CC(device_status), 1), 0);
	CHECK_EQ(bar_rd(CC(device_feature_select), 4), 0);
	CHECK_EQ(bar_rd(CC(guest_feature_select), 4), 0);
	CHECK_EQ(bar_rd(CC(guest_feature), 4), 0);
	CHECK_EQ(d->driver_features, 0);
	CHECK_EQ(d->isr, 0);
	CHECK_EQ(bar_rd(CC(queue_select), 2), 0);
	for (uint32_t q = 0; q < 2; q++) {
		bar_wr(CC(queue_select), 2, q);
		CHECK_EQ(bar_rd(CC(queue_size), 2), 64);
		CHECK_EQ(bar_rd(CC(queue_enable), 2), 0);
		CHECK_EQ(bar_rd(CC(queue_desc_lo), 4), 0);
		CHECK_EQ(bar_rd(CC(queue_avail_lo), 4), 0);
		CHECK_EQ(bar_rd(CC(queue_used_lo), 4), 0);
		CHECK(!d->vq_enabled[q]);
		CHECK_EQ(g->pci[0].ring_written[q], 0);
	}
	/* the old addresses are forgotten: enabling now is too early */
	bar_wr(CC(queue_select), 2, 1);
	bar_wr(CC(queue_enable), 2, 1);
	CHECK_KILLED("enabled before its ring addresses");

	/* a reset between two bring-ups: the second goes through */
	g = host_guest_new(1);
	negotiate();
	set_queue(0, 16, 0x1000, 0x2000, 0x3000);
	enable(0);
	bar_wr(CC(device_status), 1, 0);
	negotiate();
	set_queue(0, 64, 0x8000, 0x9000, 0xA000);
	enable(0);
	bar_wr(CC(device_status), 1, 0x0F);
	CHECK(d->vq_enabled[0]);
	CHECK_EQ(d->vq[0].num, 64);
	CHECK_EQ(d->vq[0].desc, 0x8000);
	CHECK_EQ(d->vq[0].last_avail, 0);
	CHECK_ALIVE();
}

static void queue_size_rules(void)
{
	g = host_guest_new(1);
	bar_wr(CC(queue_select), 2, 0);
	CHECK_EQ(bar_rd(CC(queue_size), 2), 64);
	for (uint32_t size = 1; size <= 64; size <<= 1) {
		bar_wr(CC(queue_size), 2, size);
		CHECK_EQ(bar_rd(CC(queue_size), 2), size);
	}
	CHECK_ALIVE();
	uint32_t bad[] = { 0, 3, 48, 128, 0x8000 };
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		g = host_guest_new(1);
		bar_wr(CC(queue_size), 2, bad[i]);
		CHECK_KILLED("size");
		CHECK_KILLED("a power of two up to 64");
	}
	/* a queue that does not exist: reads 0 (its MSI-X vector, like every
	 * MSI-X field, NO_VECTOR), writes go nowhere */
	g = host_guest_new(1);
	bar_wr(CC(queue_select), 2, 2);
	CHECK_EQ(bar_rd(CC(queue_select), 2), 2);
	CHECK_EQ(bar_rd(CC(queue_size), 2), 0);
	bar_wr(CC(queue_size), 2, 3);
	bar_wr(CC(queue_desc_lo), 4, 0x1000);
	CHECK_EQ(bar_rd(CC(queue_desc_lo), 4), 0);
	CHECK_EQ(bar_rd(CC(queue_msix_vector), 2), 0xFFFF);
	/* read-only fields take no write, whatever queue is selected */
	bar_wr(CC(num_queues), 2, 7);
	bar_wr(CC(device_feature), 4, 0);
	CHECK_EQ(bar_rd(CC(num_queues), 2), 2);
	bar_wr(CC(queue_select), 2, 0xFFFF);
	CHECK_EQ(bar_rd(CC(queue_size), 2), 0);
	CHECK_ALIVE();
	/* ... and enabling one that is inside the transport's arrays but
	 * not the model's kills (enabling one past the arrays: see
	 * enable_missing_queue_reads_out_of_bounds below) */
	bar_wr(CC(queue_select), 2, 3);
	bar_wr(CC(queue_enable), 2, 1);
	CHECK_KILLED("queue_enable for queue 3, which does not exist");
}

/*
 * The driver selects queue 0xFFFF (or anything from 4, VDEV_MAX_QUEUES,
 * on) and writes 1 to queue_enable: killed, without anything indexed by
 * that number first (enable_queue once read its ring registers before it
 * checked the queue existed; found by this suite and fuzz_pci, UBSan
 * catches a regression here).
 */
static void enable_missing_queue_reads_out_of_bounds(void)
{
	g = host_guest_new(1);
	bar_wr(CC(queue_select), 2, 0xFFFF);
	bar_wr(CC(queue_enable), 2, 1);
	CHECK_KILLED("queue_enable for queue 65535, which does not exist");
	g = host_guest_new(1);
	bar_wr(CC(queue_select), 2, 4);
	bar_wr(CC(queue_enable), 2, 1);
	CHECK_KILLED("queue_enable for queue 4, which does not exist");
}

static void queue_enable_rules(void)
{
	struct vdev *d = &host_devs[0].dev;

	/* every ring register must have been written */
	static const uint32_t regs[] = { CC(queue_desc_lo), CC(queue_desc_hi), CC(queue_avail_lo),
					 CC(queue_avail_hi), CC(queue_used_lo), CC(queue_used_hi) };
	for (unsigned skip = 0; skip < 6; skip++) {
		g = host_guest_new(1);
		for (unsigned r = 0; r < 6; r++)
			if (r != skip)
				bar_wr(regs[r], 4, (r & 1) ? 0 : 0x1000 * (r + 1));
		bar_wr(CC(queue_enable), 2, 1);
		CHECK_KILLED("queue 0 enabled before its ring addresses were set");
	}
	/* high halves */
	for (unsigned hi = 0; hi < 3; hi++) {
		g = host_guest_new(1);
		set_queue(0, 16, 0x1000, 0x2000, 0x3000);
		bar_wr(regs[2 * hi + 1], 4, 1);
		enable(0);
		CHECK_KILLED("above 4 GiB");
		CHECK(!d->vq_enabled[0]);
	}
	/* outside RAM or misaligned */
	struct { uint32_t size, desc, avail, used; } bad[] = {
		{ 16, 0x1008, 0x2000, 0x3000 },			/* desc not 16-aligned */
		{ 16, 0x1000, 0x2001, 0x3000 },			/* avail odd */
		{ 16, 0x1000, 0x2000, 0x3002 },			/* used not 4-aligned */
		{ 16, HOST_RAM_SIZE - 0x80, 0x2000, 0x3000 },	/* desc runs past RAM */
		{ 16, 0x1000, HOST_RAM_SIZE - 0x20, 0x3000 },	/* avail + event word */
		{ 16, 0x1000, 0x2000, HOST_RAM_SIZE - 0x80 },	/* used: 6 + 8 * 16 */
		{ 16, 0x1000, 0x2000, HOST_RAM_SIZE },		/* mem_size..mem_limit: not RAM */
		{ 16, 0x1000, 0x2000, HOST_RAM_LIMIT },		/* the MMIO window */
		{ 16, 0xFFFFFFF0, 0x2000, 0x3000 },		/* wraps */
		{ 64, HOST_RAM_SIZE - 0x3F0, 0x2000, 0x3000 },	/* 1 KiB of descriptors */
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		g = host_guest_new(1);
		set_queue(0, bad[i].size, bad[i].desc, bad[i].avail, bad[i].used);
		enable(0);
		CHECK_KILLED("lies outside its RAM or is misaligned");
		CHECK(!d->vq_enabled[0]);
	}
	/* each part may end exactly at RAM's end (mem_size, not mem_limit) */
	struct { uint32_t desc, avail, used; } edge[] = {
		{ HOST_RAM_SIZE - 16 * 16, 0x2000, 0x3000 },
		{ 0x1000, HOST_RAM_SIZE - (6 + 2 * 16), 0x3000 },
		{ 0x1000, 0x2000, (HOST_RAM_SIZE - (6 + 8 * 16)) & ~3u },
	};
	for (unsigned i = 0; i < 3; i++) {
		g = host_guest_new(1);
		set_queue(1, 16, edge[i].desc, edge[i].avail, edge[i].used);
		enable(1);
		CHECK_ALIVE();
		CHECK(d->vq_enabled[1]);
		CHECK_EQ(bar_rd(CC(queue_enable), 2), 1);
		CHECK_EQ(d->vq[1].desc, edge[i].desc);
		CHECK_EQ(d->vq[1].avail, edge[i].avail);
		CHECK_EQ(d->vq[1].used, edge[i].used);
		CHECK_EQ(d->vq[1].num, 16);
	}
	/* ... and not a byte further */
	struct { uint32_t desc, avail, used; } past[] = {
		{ HOST_RAM_SIZE - 16 * 16 + 16, 0x2000, 0x3000 },
		{ 0x1000, HOST_RAM_SIZE - (6 + 2 * 16) + 2, 0x3000 },
		{ 0x1000, 0x2000, ((HOST_RAM_SIZE - (6 + 8 * 16)) & ~3u) + 4 },
	};
	for (unsigned i = 0; i < 3; i++) {
		g = host_guest_new(1);
		set_queue(1, 16, past[i].desc, past[i].avail, past[i].used);
		enable(1);
		CHECK_KILLED("queue 1 ring");
		CHECK_KILLED("outside its RAM");
	}
}

static void queue_changes_while_enabled(void)
{
	static const uint32_t regs[] = { CC(queue_size), CC(queue_desc_lo), CC(queue_desc_hi),
					 CC(queue_avail_lo), CC(queue_avail_hi), CC(queue_used_lo),
					 CC(queue_used_hi) };
	for (unsigned r = 0; r < sizeof(regs) / sizeof(regs[0]); r++) {
		g = host_guest_new(1);
		set_queue(0, 16, 0x1000, 0x2000, 0x3000);
		enable(0);
		CHECK_ALIVE();
		/* selecting another queue, enabling again, writing 0 to
		 * enable: fine */
		bar_wr(CC(queue_select), 2, 1);
		bar_wr(CC(queue_select), 2, 0);
		bar_wr(CC(queue_enable), 2, 1);
		bar_wr(CC(queue_enable), 2, 0);
		CHECK(host_devs[0].dev.vq_enabled[0]);
		/* read-only fields: no effect, whatever queue is selected
		 * (they once counted as changing the enabled queue) */
		bar_wr(CC(device_feature), 4, 0);
		bar_wr(CC(num_queues), 2, 9);
		bar_wr(CC(config_generation), 1, 1);
		bar_wr(CC(queue_notify_off), 2, 3);
		CHECK_ALIVE();
		bar_wr(regs[r], r ? 4 : 2, r ? 0x4000 : 8);
		CHECK_KILLED("queue 0 changed while enabled");
		CHECK_EQ(host_devs[0].dev.vq[0].desc, 0x1000);
		CHECK_EQ(host_devs[0].dev.vq[0].num, 16);
	}
	/* a byte of one is a change too */
	g = host_guest_new(1);
	set_queue(0, 16, 0x1000, 0x2000, 0x3000);
	enable(0);
	bar_wr(CC(queue_used_lo) + 1, 1, 0x40);
	CHECK_KILLED("changed while enabled");
}

static void msix(void)
{
	g = host_guest_new(1);
	CHECK_EQ(bar_rd(CC(msix_config), 2), 0xFFFF);
	CHECK_EQ(bar_rd(CC(queue_msix_vector), 2), 0xFFFF);
	bar_wr(CC(msix_config), 2, 0xFFFF);
	bar_wr(CC(queue_msix_vector), 2, 0xFFFF);
	bar_wr(CC(msix_config), 1, 0xFF);	/* merged with the other byte: 0xFFFF */
	CHECK_ALIVE();
	bar_wr(CC(msix_config), 2, 0);
	CHECK_KILLED("MSI-X vector 0");

	g = host_guest_new(1);
	bar_wr(CC(queue_msix_vector), 2, 1);
	CHECK_KILLED("MSI-X vector 1");

	g = host_guest_new(1);
	bar_wr(CC(queue_msix_vector) + 1, 1, 0);
	CHECK_KILLED("MSI-X vector 255");
}

static void notify(void)
{
	struct tdev *t = dev0();

	g = host_guest_new(1);
	bar_wr(VPCI_NOTIFY_OFF, 2, 0);		/* not enabled yet: nothing */
	CHECK_EQ(t->kicks, 0);
	set_queue(0, 16, 0x1000, 0x2000, 0x3000);
	enable(0);
	bar_wr(VPCI_NOTIFY_OFF, 2, 0);
	CHECK_EQ(t->kicks, 1);
	CHECK_EQ(t->kicked[0], 0);
	bar_wr(VPCI_NOTIFY_OFF, 2, 1);		/* queue 1 not enabled */
	bar_wr(VPCI_NOTIFY_OFF, 2, 7);		/* no queue 7 */
	bar_wr(VPCI_NOTIFY_OFF, 4, 0x10000);	/* a straddle of notify... */
	CHECK_KILLED("straddles");
	CHECK_EQ(t->kicks, 1);
	CHECK_EQ(t->bad_calls, 0);	/* never called for a queue not enabled */

	g = host_guest_new(1);
	t = dev0();
	set_queue(1, 16, 0x1000, 0x2000, 0x3000);
	enable(1);
	bar_wr(VPCI_NOTIFY_OFF, 1, 1);
	bar_wr(VPCI_NOTIFY_OFF, 2, 0xFFFF);
	bar_wr(VPCI_NOTIFY_OFF, 2, 0x0001);
	CHECK_EQ(t->kicks, 2);
	CHECK_EQ(t->kicked[0], 1);
	CHECK_EQ(t->kicked[1], 1);
	CHECK_EQ(bar_rd(VPCI_NOTIFY_OFF, 2), 0);	/* reads 0 */
	CHECK_EQ(t->bad_calls, 0);
	CHECK_ALIVE();
}

static void isr(void)
{
	struct vdev *d = &host_devs[0].dev;

	g = host_guest_new(1);
	set_queue(0, 16, 0x1000, 0x2000, 0x3000);
	enable(0);
	CHECK_EQ(bar_rd(VPCI_ISR_OFF, 1), 0);
	vdev_used(g, d, 0);		/* avail flags 0: wants an interrupt */
	CHECK_EQ(d->isr, 1);
	CHECK_EQ(g->irqs_pending, 1u << 1);	/* INTERRUPT_LINE 1 */
	CHECK_EQ(bar_rd(VPCI_ISR_OFF, 1), 1);
	CHECK_EQ(bar_rd(VPCI_ISR_OFF, 1), 0);
	d->isr = 3;
	bar_wr(VPCI_ISR_OFF, 1, 0);	/* read-only */
	CHECK_EQ(d->isr, 3);
	CHECK_EQ(bar_rd(VPCI_ISR_OFF, 1), 3);
	CHECK_EQ(d->isr, 0);
	/* interrupts suppressed by the driver: none */
	*(uint16_t *)(uintptr_t)(g->mem_base + 0x2000) = VRING_AVAIL_F_NO_INTERRUPT;
	g->irqs_pending = 0;
	vdev_used(g, d, 0);
	CHECK_EQ(d->isr, 0);
	CHECK_EQ(g->irqs_pending, 0);
	CHECK_ALIVE();
}

static void straddles(void)
{
	struct { uint32_t off, len; } bad[] = {
		{ 0x12, 4 },	/* num_queues and device_status */
		{ 0x02, 4 },	/* two feature dwords */
		{ 0x10, 4 },	/* msix_config and num_queues */
		{ 0x14, 2 },	/* device_status and config_generation */
		{ 0x15, 2 },	/* config_generation and queue_select */
		{ 0x1E, 4 },	/* queue_notify_off and queue_desc_lo */
		{ 0x36, 4 },	/* queue_used_hi and notify */
		{ 55, 2 },	/* common config's end and notify */
		{ 57, 2 },	/* notify and ISR */
		{ 56, 4 },	/* notify and ISR */
		{ 58, 2 },	/* ISR is one byte */
		{ 58, 4 },
		{ 70, 4 },	/* past the 12-byte device configuration */
		{ 71, 2 },
		{ 69, 4 },
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		for (int write = 0; write < 2; write++) {
			g = host_guest_new(1);
			if (write)
				bar_wr(bad[i].off, bad[i].len, 0);
			else
				bar_rd(bad[i].off, bad[i].len);
			if (g->state != GUEST_DEAD || !strstr(kill_reason, "straddles")) {
				printf("  %u bytes at %#x (%s): %s\n", bad[i].len, bad[i].off,
				       write ? "write" : "read", g->state == GUEST_DEAD ? kill_reason :
				       "alive");
				case_failed = 1;
			}
			CHECK_EQ(dev0()->config_reads + dev0()->config_writes + dev0()->bad_calls, 0);
		}
	/* within one register: fine */
	struct { uint32_t off, len; } good[] = {
		{ 0x00, 4 }, { 0x01, 2 }, { 0x03, 1 }, { 0x12, 2 }, { 0x13, 1 }, { 0x14, 1 },
		{ 0x34, 4 }, { 56, 2 }, { 57, 1 }, { 58, 1 }, { 59, 1 }, { 59, 4 }, { 60, 4 },
		{ 68, 4 }, { 71, 1 }, { 72, 4 }, { 0x100, 4 }, { 4092, 4 }, { 4095, 1 },
	};
	g = host_guest_new(1);
	for (unsigned i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		bar_rd(good[i].off, good[i].len);
		if (g->state == GUEST_DEAD) {
			printf("  %u bytes at %#x: %s\n", good[i].len, good[i].off, kill_reason);
			case_failed = 1;
			break;
		}
	}
	CHECK_EQ(dev0()->bad_calls, 0);
	/* 59 is the gap between the ISR and the device configuration */
	CHECK_EQ(bar_rd(59, 1), 0);
	CHECK_EQ(bar_rd(0x100, 4), 0);
	CHECK_EQ(bar_rd(4092, 4), 0);
}

static void device_config(void)
{
	struct tdev *t;

	g = host_guest_new(2);
	t = dev0();
	memcpy(t->config, "ABCDEFGHIJKL", 12);
	CHECK_EQ(bar_rd(60, 4), 0x44434241);
	CHECK_EQ(bar_rd(62, 2), 0x4443);
	CHECK_EQ(bar_rd(71, 1), 'L');
	bar_wr(68, 4, 0x41);
	CHECK_EQ(t->config_writes, 1);
	CHECK_EQ(t->writes[0].off, 8);
	CHECK_EQ(t->writes[0].len, 4);
	CHECK(!memcmp(t->config + 8, "A\0\0\0", 4));
	bar_wr(61, 1, 'z');
	CHECK_EQ(t->writes[1].off, 1);
	CHECK_EQ(t->config[1], 'z');
	/* the second function has no device configuration: nothing there */
	CHECK_EQ(cfg_read(2, 0x74 + offsetof(struct virtio_pci_cap, length), 4), 0);
	CHECK_EQ(pci_mmio_read(g, g->pci[1].bar + 60, 4), 0);
	pci_mmio_write(g, g->pci[1].bar + 60, 4, 1);
	CHECK_EQ(host_devs[1].config_reads + host_devs[1].config_writes, 0);
	CHECK_EQ(pci_mmio_read(g, g->pci[1].bar + CC(num_queues), 2), 1);
	CHECK_EQ(host_devs[1].bad_calls + t->bad_calls, 0);
	CHECK_ALIVE();
}

static void window_without_bar(void)
{
	g = host_guest_new(1);
	uint32_t empty = g->mmio_base + 4096;
	CHECK_EQ(pci_mmio_read(g, empty, 4), 0xFFFFFFFF);
	CHECK_EQ(pci_mmio_read(g, empty + 0x14, 1), 0xFF);
	CHECK_EQ(pci_mmio_read(g, empty + 0x12, 2), 0xFFFF);
	CHECK_EQ(pci_mmio_read(g, g->mmio_base + g->mmio_size - 4, 4), 0xFFFFFFFF);
	pci_mmio_write(g, empty + CC(device_status), 1, 0x0F);	/* lost */
	CHECK_EQ(bar_rd(CC(device_status), 1), 0);
	CHECK_EQ(dev0()->bad_calls, 0);
	/* the BAR moved away: its old page is empty */
	cfg_write(1, PCI_BASE_ADDRESS_0, 4, g->mmio_base + 3 * 4096);
	CHECK_EQ(pci_mmio_read(g, g->mmio_base, 4), 0xFFFFFFFF);
	CHECK_ALIVE();
}

/* A whole driver bring-up, as virtio_pci_modern and virtio_console do
 * it, then a kick, a reset, and a config-space read of everything
 * (lspci -xxx) with the window left set up. */
static void linux_bring_up(void)
{
	struct vdev *d = &host_devs[0].dev;

	g = host_guest_new(1);
	cfg_write(1, PCI_COMMAND, 2, PCI_COMMAND_MEMORY);
	bar_wr(CC(device_status), 1, 0);
	bar_wr(CC(device_status), 1, VIRTIO_STATUS_ACK);
	bar_wr(CC(device_status), 1, VIRTIO_STATUS_ACK | VIRTIO_STATUS_DRIVER);
	bar_wr(CC(device_feature_select), 4, 0);
	uint64_t f = bar_rd(CC(device_feature), 4);
	bar_wr(CC(device_feature_select), 4, 1);
	f |= (uint64_t)bar_rd(CC(device_feature), 4) << 32;
	CHECK_EQ(f, (1ull << 32) | (1u << 2));
	bar_wr(CC(guest_feature_select), 4, 0);
	bar_wr(CC(guest_feature), 4, (uint32_t)f);
	bar_wr(CC(guest_feature_select), 4, 1);
	bar_wr(CC(guest_feature), 4, (uint32_t)(f >> 32));
	bar_wr(CC(device_status), 1, 0x0B);
	CHECK_EQ(bar_rd(CC(device_status), 1), 0x0B);
	CHECK_EQ(bar_rd(CC(num_queues), 2), 2);
	for (uint32_t q = 0; q < 2; q++) {
		bar_wr(CC(queue_select), 2, q);
		uint32_t num = bar_rd(CC(queue_size), 2);
		CHECK_EQ(num, 64);
		CHECK_EQ(bar_rd(CC(queue_enable), 2), 0);
		uint32_t desc = 0x4000 + q * 0x4000, avail = desc + 16 * num, used = desc + 0x1000;
		set_queue(q, num, desc, avail, used);
		CHECK_EQ(bar_rd(CC(queue_notify_off), 2), 0);
		bar_wr(CC(queue_msix_vector), 2, 0xFFFF);
		CHECK_EQ(bar_rd(CC(queue_msix_vector), 2), 0xFFFF);
		bar_wr(CC(queue_enable), 2, 1);
		CHECK_EQ(bar_rd(CC(queue_desc_lo), 4), desc);
		CHECK_EQ(bar_rd(CC(queue_desc_hi), 4), 0);
	}
	bar_wr(CC(device_status), 1, 0x0F);
	CHECK_ALIVE();
	CHECK(d->vq_enabled[0] && d->vq_enabled[1]);
	CHECK_EQ(d->vq[1].avail, 0x8000 + 16 * 64);
	bar_wr(VPCI_NOTIFY_OFF, 2, 1);
	CHECK_EQ(dev0()->kicks, 1);
	/* config space, all 256 bytes: the window is set to something valid */
	set_window(0, 60, 4);
	for (uint32_t reg = 0; reg < 256; reg += 4)
		cfg_read(1, reg, 4);
	CHECK_ALIVE();
	bar_wr(CC(device_status), 1, 0);
	CHECK(!d->vq_enabled[0] && !d->vq_enabled[1]);
	CHECK_ALIVE();
}

/* Reading all of config space (lspci -xxx, or a read of the sysfs
 * config file) before anything set the PCI_CFG window up reaches its data
 * register with length 0: it reads 0, and the guest lives. */
static void config_dump_with_window_unset(void)
{
	g = host_guest_new(1);
	for (uint32_t reg = 0; reg < 256; reg += 4)
		cfg_read(1, reg, 4);
	CHECK_ALIVE();
}

int main(void)
{
	RUN(type1_detection);
	RUN(address_register_pieces);
	RUN(host_bridge);
	RUN(function_ids);
	RUN(empty_slots);
	RUN(bar0_sizing);
	RUN(bar0_moves);
	RUN(other_bars_and_rom);
	RUN(capability_walk_linux);
	RUN(capability_walk_early_console);
	RUN(pci_cfg_window);
	RUN(feature_negotiation);
	RUN(status_rules);
	RUN(reset_restores);
	RUN(queue_size_rules);
	RUN(queue_enable_rules);
	RUN(queue_changes_while_enabled);
	RUN(msix);
	RUN(notify);
	RUN(isr);
	RUN(straddles);
	RUN(device_config);
	RUN(window_without_bar);
	RUN(linux_bring_up);
	RUN(config_dump_with_window_unset);
	RUN(enable_missing_queue_reads_out_of_bounds);
	return 0;
}
