/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What drivers/nic.c needs of a network card driver: one probe per
 * family, which looks at a PCI network controller and, if it is one of
 * its own, brings it up and fills in a struct nic_card.  nic.c does the
 * rest that every card shares (the scan, the interrupt line, the event
 * flag, the counters and the length checks), so a second driver is a
 * probe and six small functions.
 */
#ifndef DRIVERS_NIC_DRIVER_H
#define DRIVERS_NIC_DRIVER_H

#include <stdint.h>
#include <stdbool.h>
#include "drivers/pci.h"

struct nic_ops {
	/* The frame is 14..NIC_MAX_FRAME bytes (checked by nic.c); false
	 * if the transmit ring is full. */
	bool (*send)(const void *frame, uint32_t len);
	/* The next good frame of at most max bytes, or 0; frames passed
	 * over are added to *dropped. */
	uint32_t (*receive)(void *buf, uint32_t max, uint64_t *dropped);
	/* In interrupt context: reads and acknowledges the card's causes and
	 * returns them as NIC_EV_* (0: the interrupt was not the card's),
	 * masking receive interrupts until rearm. */
	unsigned (*irq_ack)(void);
	void (*rearm)(void);
	bool (*rx_waiting)(void);
	bool (*link_up)(void);
	/* Quiets the card for good: no DMA, no interrupts. */
	void (*stop)(void);
};

struct nic_card {
	const struct nic_ops *ops;
	char name[32];		/* "Intel 82540EM" */
	uint8_t mac[6];
	uint8_t irq;		/* ISA IRQ of its INTx line */
};

/* Each returns true if f is its card and came up; false and *why (or
 * NULL: not one of its cards) otherwise. */
bool e1000_probe(struct pci_host_fn f, uint16_t device, struct nic_card *card,
		 const char **why);

#endif
