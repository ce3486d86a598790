// SPDX-License-Identifier: GPL-2.0-only
/*
 * Between drivers/nic and the switch.  The card's interrupt only sets a
 * flag; here, from the run loop, a bounded number of frames is taken off
 * its receive ring each time (a wire that floods costs each round a fixed
 * amount of work, and the card drops what its ring cannot hold).  A frame
 * the card has no transmit room for waits in the switch's queue for the
 * port until the card says it sent something.
 */
#include "hv/uplink.h"
#include "hv/devices/vswitch.h"
#include "drivers/nic.h"
#include "lib/log.h"

#define RX_BUDGET 32

static struct vport *port;
static bool more, link_was_up;

/* False only when the card's transmit ring is full (the frame waits);
 * a frame the wire cannot carry is dropped here and counted. */
static bool to_wire(struct vport *p, const uint8_t *frame, uint32_t len)
{
	bool tagged = len >= 14 && frame[12] == 0x81 && frame[13] == 0x00;

	if (len > (tagged ? NIC_MAX_FRAME : NIC_MTU_FRAME)) {
		p->st.dropped++;
		return true;
	}
	return nic_send(frame, len);
}

static const struct vport_ops ops = { .deliver = to_wire };

void uplink_init(const char *name)
{
	const char *why = NULL;

	if (!name[0])
		return;
	if (!nic_present()) {
		kprintf("hv: uplink=%s: no network card to connect\n", name);
		return;
	}
	port = vswitch_attach(name, nic_mac(), true, &ops, NULL, "uplink", &why);
	if (!port) {
		kprintf("hv: uplink=%s: %s\n", name, why);
		return;
	}
	link_was_up = nic_link_up();
	kprintf("hv: uplink: %s joins switch %s, link %s\n", nic_name(), name,
		link_was_up ? "up" : "down");
}

bool uplink_wanted(void)
{
	return port && (nic_event_pending || more);
}

void uplink_poll(void)
{
	static uint8_t frame[NIC_MAX_FRAME];
	unsigned ev = nic_service();

	more = false;
	if (ev & NIC_EV_LINK && nic_link_up() != link_was_up) {
		link_was_up = !link_was_up;
		kprintf("hv: uplink: link %s\n", link_was_up ? "up" : "down");
	}
	if (ev & NIC_EV_TX)
		vswitch_drain(port);
	if (!(ev & NIC_EV_RX))
		return;
	for (int n = 0; n < RX_BUDGET; n++) {
		uint32_t len = nic_receive(frame, sizeof(frame));
		if (!len)
			return;
		vswitch_send(port, frame, len);
	}
	more = true;	/* budget spent: the rest on the next round */
}
