// SPDX-License-Identifier: GPL-2.0-only
/*
 * The machine's network card (drivers/nic.h): finds it, and does what
 * every driver would do alike -- the length checks, the counters, the
 * interrupt line and the event flag.
 *
 * The card is looked for among PCI network controllers (class 02,
 * subclass 00: Ethernet) in bus order; the first one a driver knows is
 * used, and only that one.  Its INTx pin reaches the 8259s on whichever
 * ISA IRQ firmware routed it to, as INTERRUPT_LINE in its configuration
 * space says (PCI lines are level-triggered and may be shared: a handler
 * that finds nothing from its card just sends the EOI).  The handler
 * asks the driver to acknowledge the card and note the causes, sets
 * nic_event_pending and returns: what to do about it is the
 * hypervisor's business, at its own pace.
 */
#include "drivers/nic.h"
#include "drivers/nic_driver.h"
#include "drivers/pic.h"
#include "cpu/trap.h"
#include "cpu/x86.h"
#include "lib/fmt.h"

#define CLASS_NETWORK 0x02
#define SUBCLASS_ETHERNET 0x00
#define ETH_TYPE_VLAN 0x8100

volatile bool nic_event_pending;
static volatile unsigned events;	/* NIC_EV_* since the last nic_service */
static bool present;
static struct nic_card card;
static struct nic_stats stats;
static char location[16];
static char note[80];
static bool note_known;	/* the note is about a card a driver knew */

static void nic_irq(struct trap_frame *f)
{
	unsigned ev;

	if (pic_is_spurious(card.irq))
		return;
	stats.interrupts++;
	ev = card.ops->irq_ack();
	if (ev) {
		events |= ev;
		nic_event_pending = true;
	}
	pic_eoi(card.irq);
}

/* Notes why a card a driver knew was passed over (the first such card). */
static void note_unusable(const char *why)
{
	if (!note_known)
		fmt_snprintf(note, sizeof(note), "%s at %s: %s", card.name, location, why);
	note_known = true;
}

/* True if a driver takes f and its interrupt line is ours to use. */
static bool try_card(struct pci_host_fn f)
{
	uint16_t vendor = pci_host_read16(f, PCI_HOST_VENDOR);
	uint16_t device = pci_host_read16(f, PCI_HOST_DEVICE);
	const char *why = NULL;

	fmt_snprintf(location, sizeof(location), "%02x:%02x.%x", f.bus, f.dev, f.fn);
	if (!e1000_probe(f, device, &card, &why)) {
		if (why)
			note_unusable(why);
		else if (!note[0])
			fmt_snprintf(note, sizeof(note), "%04x:%04x at %s", vendor, device,
				     location);
		return false;
	}
	if (trap_has_handler(PIC_VECTOR_BASE + card.irq)) {
		/* A PCI line routed onto one of our ISA devices' (a serial
		 * port's): an edge-triggered ISA line is not to be shared. */
		char text[24];
		fmt_snprintf(text, sizeof(text), "IRQ %u is taken", card.irq);
		note_unusable(text);
		card.ops->stop();
		return false;
	}
	return true;
}

bool nic_probe(void)
{
	struct pci_host_fn f;

	for (int i = 0; !present && pci_host_find_class(CLASS_NETWORK, SUBCLASS_ETHERNET, i, &f);
	     i++)
		present = try_card(f);
	if (!present)
		return false;
	trap_set_handler(PIC_VECTOR_BASE + card.irq, nic_irq);
	card.ops->rearm();
	pic_unmask(card.irq);
	return true;
}

const char *nic_probe_note(bool *known)
{
	*known = note_known;
	return note[0] ? note : NULL;
}

bool nic_present(void)
{
	return present;
}

const char *nic_name(void)
{
	return present ? card.name : "none";
}

const char *nic_location(void)
{
	return present ? location : "";
}

const uint8_t *nic_mac(void)
{
	return card.mac;
}

bool nic_link_up(void)
{
	return present && card.ops->link_up();
}

bool nic_send(const void *frame, uint32_t len)
{
	const uint8_t *p = frame;
	uint32_t limit = NIC_MTU_FRAME;

	if (len >= NIC_MIN_FRAME && (p[12] << 8 | p[13]) == ETH_TYPE_VLAN)
		limit = NIC_MAX_FRAME;
	if (!present || len < NIC_MIN_FRAME || len > limit || !card.ops->send(frame, len)) {
		stats.tx_dropped++;
		return false;
	}
	stats.tx_frames++;
	stats.tx_bytes += len;
	return true;
}

uint32_t nic_receive(void *buf, uint32_t max)
{
	uint32_t len;

	if (!present)
		return 0;
	if (max > NIC_MAX_FRAME)
		max = NIC_MAX_FRAME;
	len = card.ops->receive(buf, max, &stats.rx_dropped);
	if (len) {
		stats.rx_frames++;
		stats.rx_bytes += len;
	}
	return len;
}

unsigned nic_service(void)
{
	bool was_on = read_eflags() & EFLAGS_IF;
	unsigned ev;

	cli();
	ev = events;
	events = 0;
	nic_event_pending = false;
	if (was_on)
		sti();
	if (!present)
		return 0;
	card.ops->rearm();
	if (card.ops->rx_waiting())
		ev |= NIC_EV_RX;
	return ev;
}

void nic_stats(struct nic_stats *out)
{
	*out = stats;
}
