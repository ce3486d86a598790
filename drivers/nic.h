/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The machine's network card, whichever driver runs it: the one real NIC
 * the hypervisor can use as a virtual switch's uplink.  The first card
 * on the host's PCI bus that a driver here supports is taken (today the
 * Intel 8254x family, drivers/e1000.c); the rest of the tree sees only
 * frames, a MAC, a link state and counters.
 *
 * Frames are plain Ethernet frames without the FCS (the card adds it on
 * the way out and strips it on the way in).  An 802.1Q-tagged frame may
 * be 4 bytes longer than an untagged one: both directions pass tags
 * through untouched, so guests can run VLANs of their own.
 *
 * Interrupts: the card's PCI INTx line (as firmware routed it to an ISA
 * IRQ of the 8259s) lands in drivers/nic.c, which acknowledges the card,
 * notes what happened and sets nic_event_pending; nothing more happens in
 * interrupt context.  The hypervisor polls the flag and calls
 * nic_service(), then nic_receive() with a budget of its own.  While
 * received frames wait for nic_service(), the card's receive interrupts
 * stay masked: a flooding wire costs one interrupt per service, and what
 * does not fit the bounded receive ring is dropped by the card.
 */
#ifndef DRIVERS_NIC_H
#define DRIVERS_NIC_H

#include <stdint.h>
#include <stdbool.h>

#define NIC_MIN_FRAME 14		/* an Ethernet header */
#define NIC_MTU_FRAME 1514		/* largest untagged frame without FCS: 1500 + 14 */
#define NIC_MAX_FRAME (NIC_MTU_FRAME + 4)	/* the same with an 802.1Q tag */

/* At boot (after the frame allocator and the clock are up): finds the
 * first supported card (PCI scan), resets it, sets up its rings and its
 * interrupt; false if none could be used. */
bool nic_probe(void);
/* What nic_probe passed over, for the boot listing; NULL if it saw no
 * network card at all.  Either the first card no driver here knows
 * ("10ec:8139 at 00:03.0", *known false) or, if there was one, a
 * supported card it could not use and why ("Intel 82540EM at 00:03.0:
 * BAR 0 unassigned", *known true). */
const char *nic_probe_note(bool *known);

bool nic_present(void);			/* nic_probe found one */
const char *nic_name(void);		/* "Intel 82540EM" */
const char *nic_location(void);		/* its PCI address, "00:03.0" */
const uint8_t *nic_mac(void);		/* 6 bytes, from the card's EEPROM or RAL */
bool nic_link_up(void);

/* Queues one Ethernet frame (no FCS) for sending; false if the transmit
 * ring is full or the length is not 14..NIC_MTU_FRAME (NIC_MAX_FRAME for
 * a frame whose type field says 802.1Q): the caller drops it, and it is
 * counted as tx_dropped.  The frame is copied; buf is free on return. */
bool nic_send(const void *frame, uint32_t len);
/* Takes the next received frame into buf (max bytes); its length, or 0 if
 * none waits.  Frames with errors, shorter than 14 bytes or longer than
 * max (or NIC_MAX_FRAME) are dropped inside the driver and counted as
 * rx_dropped.  Looks at most at one ring's worth of descriptors. */
uint32_t nic_receive(void *buf, uint32_t max);

/* Set by the interrupt handler (frames arrived, link changed, transmit
 * done); the hypervisor polls it, then calls nic_service(), which clears
 * it, lets the card interrupt again and returns what happened.  NIC_EV_RX
 * is also returned whenever a received frame is waiting, so a caller
 * whose budget ran out may call nic_service() again later without an
 * interrupt and learn that there is more. */
extern volatile bool nic_event_pending;
enum { NIC_EV_RX = 1, NIC_EV_LINK = 2, NIC_EV_TX = 4 };
unsigned nic_service(void);

struct nic_stats {
	uint64_t rx_frames, rx_bytes, rx_dropped, tx_frames, tx_bytes, tx_dropped;
	uint64_t interrupts;	/* the card's, taken by the handler */
};
void nic_stats(struct nic_stats *out);

#endif
