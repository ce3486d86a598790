// SPDX-License-Identifier: GPL-2.0-only
/*
 * The Intel 8254x gigabit Ethernet controllers ("e1000"): the 82540EM
 * that QEMU gives a PC by default, and its cousins of the early 2000s
 * that share its register set (Intel's "PCI/PCI-X Family of Gigabit
 * Ethernet Controllers Software Developer's Manual" covers them all).
 *
 * The card is run as simply as it can be: 128 KiB of registers behind
 * BAR 0, mapped uncached; one receive ring and one transmit ring of
 * legacy 16-byte descriptors, each pointing at a 2 KiB buffer of its own
 * in hypervisor memory (physical == virtual, so a buffer's address is
 * what the card is told).  Received frames are copied out of their
 * buffer and the descriptor goes straight back to the card; frames to
 * send are copied into the next free buffer.  Copying costs little at
 * these sizes and keeps every buffer the card can write ours alone.
 *
 * Receive accepts every frame (UPE/MPE: the card is a port of a switch
 * whose guests have MACs of their own) and broadcasts, strips the FCS
 * (SECRC) and passes over frames with errors; 2 KiB buffers hold any
 * frame the card takes without "long packet" mode (1522 bytes with FCS
 * and a VLAN tag), so a frame never spans descriptors.  The checks on
 * what the card wrote back are in drivers/e1000_rx.c.
 *
 * Interrupts: receive timer, overrun and ring-low (RXT0, RXO, RXDMT0),
 * link change (LSC), transmit written back (TXDW), throttled by ITR to
 * about 8000 a second.  Reading ICR acknowledges them all; receive causes
 * are then masked (IMC) until nic_service re-arms them.
 */
#include "drivers/nic_driver.h"
#include "drivers/nic.h"
#include "drivers/e1000_rx.h"
#include "drivers/clock.h"
#include "mm/frames.h"
#include "mm/paging.h"
#include "lib/fmt.h"
#include "lib/string.h"

#define VENDOR_INTEL 0x8086
#define BAR_SIZE 0x20000u		/* 128 KiB of registers */

enum {
	REG_CTRL = 0x0000, REG_STATUS = 0x0008, REG_EERD = 0x0014,
	REG_ICR = 0x00C0, REG_ITR = 0x00C4, REG_IMS = 0x00D0, REG_IMC = 0x00D8,
	REG_RCTL = 0x0100, REG_TCTL = 0x0400, REG_TIPG = 0x0410,
	REG_RDBAL = 0x2800, REG_RDBAH = 0x2804, REG_RDLEN = 0x2808,
	REG_RDH = 0x2810, REG_RDT = 0x2818, REG_RDTR = 0x2820, REG_RADV = 0x282C,
	REG_TDBAL = 0x3800, REG_TDBAH = 0x3804, REG_TDLEN = 0x3808,
	REG_TDH = 0x3810, REG_TDT = 0x3818, REG_TIDV = 0x3820,
	REG_MTA = 0x5200, REG_RAL0 = 0x5400, REG_RAH0 = 0x5404,
};

#define CTRL_LRST (1u << 3)		/* link reset */
#define CTRL_ASDE (1u << 5)		/* speed from the PHY's autonegotiation */
#define CTRL_SLU (1u << 6)		/* set link up */
#define CTRL_ILOS (1u << 7)		/* invert loss-of-signal */
#define CTRL_FRCSPD (1u << 11)
#define CTRL_FRCDPLX (1u << 12)
#define CTRL_RST (1u << 26)		/* device reset, self-clearing */
#define CTRL_VME (1u << 30)		/* VLAN tag stripping: off, tags pass */
#define CTRL_PHY_RST (1u << 31)
#define STATUS_LU (1u << 1)

#define RCTL_EN (1u << 1)
#define RCTL_UPE (1u << 3)		/* every unicast */
#define RCTL_MPE (1u << 4)		/* every multicast */
#define RCTL_BAM (1u << 15)		/* broadcasts */
#define RCTL_SECRC (1u << 26)		/* strip the FCS */
/* BSIZE 00 with BSEX clear: 2048-byte buffers; LPE clear: at most 1522. */

#define TCTL_EN (1u << 1)
#define TCTL_PSP (1u << 3)		/* pad short frames */
#define TCTL_CT (0x0Fu << 4)		/* collision threshold, as the manual advises */
#define TCTL_COLD (0x40u << 12)		/* collision distance, full duplex */
#define TIPG_COPPER (10u | 8u << 10 | 6u << 20)	/* IPGT, IPGR1, IPGR2 */

#define INT_TXDW (1u << 0)
#define INT_LSC (1u << 2)
#define INT_RXDMT0 (1u << 4)
#define INT_RXO (1u << 6)
#define INT_RXT0 (1u << 7)
#define INT_RX (INT_RXT0 | INT_RXO | INT_RXDMT0)
#define ITR_8000 488			/* 125 us between interrupts, in 256 ns units */

#define TXD_CMD_EOP 0x01
#define TXD_CMD_IFCS 0x02		/* the card appends the FCS */
#define TXD_CMD_RS 0x08			/* report status: DD when done */
#define TXD_STAT_DD 0x01

/* A legacy transmit descriptor (manual 3.3.3). */
struct tx_desc {
	uint64_t addr;
	uint16_t length;
	uint8_t cso, cmd, status, css;
	uint16_t special;
};
_Static_assert(sizeof(struct tx_desc) == 16, "a transmit descriptor is 16 bytes");

#define RX_COUNT 128
#define TX_COUNT 128
#define BUF_SIZE 2048
#define BUFS_PER_FRAME (FRAME_SIZE / BUF_SIZE)
#define ETH_MIN_PAYLOAD 60		/* shortest frame on the wire, without FCS */
_Static_assert(RX_COUNT * 16 % 128 == 0 && TX_COUNT * 16 % 128 == 0,
	       "ring lengths are multiples of 128 bytes");
_Static_assert(RX_COUNT * 16 + TX_COUNT * 16 <= FRAME_SIZE, "both rings fit one frame");

/* How the EEPROM read register is laid out: the 82541/82547 moved the
 * address and the done bit; the 82544 and older have none (their MAC is
 * taken from RAL0, which the card loads from its EEPROM at reset). */
enum eerd { EERD_NONE, EERD_8, EERD_2 };

static const struct model {
	uint16_t device;
	const char *name;
	enum eerd eerd;
} models[] = {
	{ 0x1008, "82544EI", EERD_NONE }, { 0x100C, "82544GC", EERD_NONE },
	{ 0x100D, "82544GC", EERD_NONE },
	{ 0x100E, "82540EM", EERD_8 }, { 0x1015, "82540EM", EERD_8 },
	{ 0x1016, "82540EP", EERD_8 }, { 0x1017, "82540EP", EERD_8 },
	{ 0x101E, "82540EP", EERD_8 },
	{ 0x100F, "82545EM", EERD_8 }, { 0x1011, "82545EM", EERD_8 },
	{ 0x1026, "82545GM", EERD_8 }, { 0x1027, "82545GM", EERD_8 },
	{ 0x1028, "82545GM", EERD_8 },
	{ 0x1013, "82541EI", EERD_2 }, { 0x1018, "82541EI", EERD_2 },
	{ 0x1076, "82541GI", EERD_2 }, { 0x1077, "82541GI", EERD_2 },
	{ 0x1078, "82541ER", EERD_2 }, { 0x107C, "82541PI", EERD_2 },
	{ 0x1019, "82547EI", EERD_2 }, { 0x101A, "82547EI", EERD_2 },
	{ 0x1075, "82547GI", EERD_2 },
};

static volatile uint32_t *regs;
static struct tx_desc *tx_ring;
static uint8_t *tx_buf[TX_COUNT];
static uint32_t tx_next, tx_clean;	/* next to fill; oldest not yet seen done */
static struct e1000_rx_desc *rx_ring_mem;
static uint8_t *rx_buf[RX_COUNT];
static uint64_t rx_addr[RX_COUNT];
static struct e1000_rx_ring rx;

static inline uint32_t rd(uint32_t reg) { return regs[reg / 4]; }
static inline void wr(uint32_t reg, uint32_t v) { regs[reg / 4] = v; }

static inline void barrier(void)
{
	asm volatile("" ::: "memory");	/* descriptors in memory before the tail moves */
}

static void delay_us(uint32_t us)
{
	uint64_t end = clock_now_ns() + (uint64_t)us * 1000;

	while (clock_now_ns() < end)
		asm volatile("pause");
}

/* One 16-bit word of the EEPROM, or -1 if the card never says done. */
static int eeprom_word(enum eerd kind, uint8_t addr)
{
	uint32_t shift = kind == EERD_8 ? 8 : 2, done = kind == EERD_8 ? 1u << 4 : 1u << 1;

	wr(REG_EERD, (uint32_t)addr << shift | 1u);
	for (int i = 0; i < 10000; i++) {
		uint32_t v = rd(REG_EERD);
		if (v & done)
			return (int)(v >> 16);
		delay_us(1);
	}
	return -1;
}

static bool mac_valid(const uint8_t *mac)
{
	static const uint8_t zero[6];

	return !(mac[0] & 1) && memcmp(mac, zero, 6) != 0;	/* not multicast, not zero */
}

/* The station address: EEPROM words 0-2 where the card can read them to
 * us, else what it loaded into RAL0/RAH0 at reset. */
static bool read_mac(const struct model *m, struct pci_host_fn f, uint8_t *mac)
{
	if (m->eerd != EERD_NONE) {
		bool ok = true;
		for (int i = 0; i < 3 && ok; i++) {
			int w = eeprom_word(m->eerd, (uint8_t)i);
			ok = w >= 0;
			mac[2 * i] = (uint8_t)w;
			mac[2 * i + 1] = (uint8_t)(w >> 8);
		}
		/* Dual-port parts keep one address: the second port's is one more. */
		if (ok && f.fn == 1)
			mac[5] ^= 1;
		if (ok && mac_valid(mac))
			return true;
	}
	uint32_t lo = rd(REG_RAL0), hi = rd(REG_RAH0);
	for (int i = 0; i < 4; i++)
		mac[i] = (uint8_t)(lo >> 8 * i);
	mac[4] = (uint8_t)hi;
	mac[5] = (uint8_t)(hi >> 8);
	return (hi & 1u << 31) && mac_valid(mac);
}

/* Buffers from the frame allocator, two to a frame; false if memory ran out. */
static bool take_buffers(uint8_t **bufs, uint32_t n)
{
	for (uint32_t i = 0; i < n; i += BUFS_PER_FRAME) {
		uint32_t pa = frame_alloc();
		if (!pa)
			return false;
		memset((void *)pa, 0, FRAME_SIZE);
		for (uint32_t k = 0; k < BUFS_PER_FRAME && i + k < n; k++)
			bufs[i + k] = (uint8_t *)(pa + k * BUF_SIZE);
	}
	return true;
}

static void reset(void)
{
	wr(REG_IMC, 0xFFFFFFFFu);
	wr(REG_RCTL, 0);
	wr(REG_TCTL, TCTL_PSP);
	(void)rd(REG_STATUS);
	delay_us(10000);	/* let DMA under way finish */
	wr(REG_CTRL, rd(REG_CTRL) | CTRL_RST);
	delay_us(5000);
	for (int i = 0; i < 1000 && (rd(REG_CTRL) & CTRL_RST); i++)
		delay_us(10);
	wr(REG_IMC, 0xFFFFFFFFu);
	(void)rd(REG_ICR);
}

static void setup_rings(void)
{
	uint32_t rx_pa = (uint32_t)(uintptr_t)rx_ring_mem, tx_pa = (uint32_t)(uintptr_t)tx_ring;

	for (uint32_t i = 0; i < RX_COUNT; i++) {
		rx_addr[i] = (uint32_t)(uintptr_t)rx_buf[i];
		rx_ring_mem[i] = (struct e1000_rx_desc){ .addr = rx_addr[i] };
	}
	rx = (struct e1000_rx_ring){ .desc = rx_ring_mem, .buf = rx_buf, .addr = rx_addr,
				     .count = RX_COUNT, .buf_size = BUF_SIZE };
	for (int i = 0; i < 128; i++)
		wr(REG_MTA + 4 * i, 0);
	wr(REG_RDBAL, rx_pa);
	wr(REG_RDBAH, 0);
	wr(REG_RDLEN, RX_COUNT * sizeof(struct e1000_rx_desc));
	wr(REG_RDH, 0);
	wr(REG_RDT, RX_COUNT - 1);	/* every buffer but one: head == tail means none */
	wr(REG_RDTR, 0);
	wr(REG_RADV, 0);
	wr(REG_RCTL, RCTL_EN | RCTL_UPE | RCTL_MPE | RCTL_BAM | RCTL_SECRC);

	for (uint32_t i = 0; i < TX_COUNT; i++)
		tx_ring[i] = (struct tx_desc){ .addr = (uint32_t)(uintptr_t)tx_buf[i],
					       .status = TXD_STAT_DD };
	tx_next = tx_clean = 0;
	wr(REG_TDBAL, tx_pa);
	wr(REG_TDBAH, 0);
	wr(REG_TDLEN, TX_COUNT * sizeof(struct tx_desc));
	wr(REG_TDH, 0);
	wr(REG_TDT, 0);
	wr(REG_TIDV, 0);
	wr(REG_TIPG, TIPG_COPPER);
	wr(REG_TCTL, TCTL_EN | TCTL_PSP | TCTL_CT | TCTL_COLD);
}

static bool e1000_send(const void *frame, uint32_t len)
{
	/* Reclaim what the card has sent since last time. */
	while (tx_clean != tx_next && (((volatile struct tx_desc *)tx_ring)[tx_clean].status &
				       TXD_STAT_DD))
		tx_clean = (tx_clean + 1) % TX_COUNT;
	if ((tx_next + 1) % TX_COUNT == tx_clean)
		return false;
	struct tx_desc *d = &tx_ring[tx_next];
	memcpy(tx_buf[tx_next], frame, len);
	if (len < ETH_MIN_PAYLOAD) {
		memset(tx_buf[tx_next] + len, 0, ETH_MIN_PAYLOAD - len);
		len = ETH_MIN_PAYLOAD;
	}
	d->addr = (uint32_t)(uintptr_t)tx_buf[tx_next];
	d->length = (uint16_t)len;
	d->cso = d->css = 0;
	d->special = 0;
	d->cmd = TXD_CMD_EOP | TXD_CMD_IFCS | TXD_CMD_RS;
	d->status = 0;
	tx_next = (tx_next + 1) % TX_COUNT;
	barrier();
	wr(REG_TDT, tx_next);
	return true;
}

static uint32_t e1000_receive(void *buf, uint32_t max, uint64_t *dropped)
{
	uint32_t used, len = e1000_rx_take(&rx, buf, max, dropped, &used);

	if (used) {
		barrier();
		/* The tail goes to the last descriptor given back. */
		wr(REG_RDT, (rx.next + RX_COUNT - 1) % RX_COUNT);
	}
	return len;
}

static unsigned e1000_irq_ack(void)
{
	uint32_t icr = rd(REG_ICR);	/* reading clears every cause */
	unsigned ev = 0;

	if (icr & INT_RX) {
		wr(REG_IMC, INT_RX);	/* quiet until the hypervisor has looked */
		ev |= NIC_EV_RX;
	}
	if (icr & INT_LSC)
		ev |= NIC_EV_LINK;
	if (icr & INT_TXDW)
		ev |= NIC_EV_TX;
	return ev;
}

static void e1000_rearm(void)
{
	wr(REG_IMS, INT_RX | INT_LSC | INT_TXDW);
}

static bool e1000_rx_ready(void)
{
	return e1000_rx_waiting(&rx);
}

static bool e1000_link_up(void)
{
	return rd(REG_STATUS) & STATUS_LU;
}

static const struct nic_ops e1000_ops = {
	.send = e1000_send,
	.receive = e1000_receive,
	.irq_ack = e1000_irq_ack,
	.rearm = e1000_rearm,
	.rx_waiting = e1000_rx_ready,
	.link_up = e1000_link_up,
	.stop = reset,
};

bool e1000_probe(struct pci_host_fn f, uint16_t device, struct nic_card *card,
		 const char **why)
{
	const struct model *m = NULL;
	uint32_t bar;

	*why = NULL;
	if (pci_host_read16(f, PCI_HOST_VENDOR) != VENDOR_INTEL)
		return false;
	for (unsigned i = 0; i < sizeof(models) / sizeof(models[0]); i++)
		if (models[i].device == device)
			m = &models[i];
	if (!m)
		return false;
	fmt_snprintf(card->name, sizeof(card->name), "Intel %s", m->name);

	bar = pci_host_read32(f, PCI_HOST_BAR(0));
	if (bar & PCI_HOST_BAR_IO) {
		*why = "BAR 0 is not memory";
		return false;
	}
	if ((bar & PCI_HOST_BAR_MEM_TYPE) == 4 && pci_host_read32(f, PCI_HOST_BAR(1))) {
		*why = "BAR 0 lies above 4 GiB";
		return false;
	}
	bar &= ~0xFu;
	if (!bar || bar >= SWITCHER_ADDR || bar + BAR_SIZE > SWITCHER_ADDR) {
		*why = bar ? "BAR 0 overlaps the switcher's 4 MiB" : "BAR 0 unassigned";
		return false;
	}
	card->irq = pci_host_read8(f, PCI_HOST_INTERRUPT_LINE);
	if (card->irq >= 16 || card->irq == 0 || card->irq == 2) {
		*why = "no usable interrupt line";
		return false;
	}

	uint32_t rings = frame_alloc();
	if (!rings || !take_buffers(rx_buf, RX_COUNT) || !take_buffers(tx_buf, TX_COUNT)) {
		*why = "out of memory for its rings";
		return false;	/* what was taken stays taken: a boot-time loss */
	}
	memset((void *)rings, 0, FRAME_SIZE);
	rx_ring_mem = (struct e1000_rx_desc *)rings;
	tx_ring = (struct tx_desc *)(rings + RX_COUNT * sizeof(struct e1000_rx_desc));

	paging_map_mmio(bar, BAR_SIZE);
	regs = (volatile uint32_t *)bar;
	pci_host_write16(f, PCI_HOST_COMMAND,
			 (pci_host_read16(f, PCI_HOST_COMMAND) | PCI_HOST_CMD_MEMORY |
			  PCI_HOST_CMD_MASTER) & ~PCI_HOST_CMD_INTX_OFF);

	reset();
	wr(REG_CTRL, (rd(REG_CTRL) | CTRL_SLU | CTRL_ASDE) &
	   ~(CTRL_LRST | CTRL_PHY_RST | CTRL_ILOS | CTRL_VME | CTRL_FRCSPD | CTRL_FRCDPLX));
	if (!read_mac(m, f, card->mac)) {
		*why = "no valid MAC address in its EEPROM";
		return false;
	}
	wr(REG_RAL0, (uint32_t)card->mac[0] | (uint32_t)card->mac[1] << 8 |
	   (uint32_t)card->mac[2] << 16 | (uint32_t)card->mac[3] << 24);
	wr(REG_RAH0, (uint32_t)card->mac[4] | (uint32_t)card->mac[5] << 8 | 1u << 31);
	setup_rings();
	wr(REG_ITR, ITR_8000);
	(void)rd(REG_ICR);
	card->ops = &e1000_ops;
	return true;
}
