/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The test guests' virtio console driver (lib/vcons.c, with its
 * transport in lib/lgbus.c or lib/vcons_pci.c): the guest half of
 * virtio-console as Linux drives it in each generation, so that a test
 * guest exercises the hypervisor's console device exactly as an
 * unmodified kernel would.  G5-G7 (lguest_device.c): device page at
 * max_pfn << 12, the status byte and its NOTIFYs (every write for
 * 2.6.26-3.0; reset, failure and finalize_features only from 3.1), legacy
 * vrings above RAM, kicks as NOTIFY(ring base), interrupts on each
 * queue's vqconfig.irq.  G8-G10 (virtio_pci_modern.c): a virtio 1.0 PCI
 * device at 00:01.0, rings in our RAM, kicks and status through its BAR,
 * one interrupt line and the ISR.  Queue 0 receives, queue 1 transmits.
 */
#ifndef LGTEST_VCONS_H
#define LGTEST_VCONS_H

#include "guest.h"

/* Where the device page or BAR 0 is mapped (above any RAM alias). */
#define VCONS_VA 0xF8000000u

/* Finds the console, maps it, negotiates (no console features; VERSION_1
 * on PCI), sets up both queues, posts receive buffers, writes DRIVER_OK;
 * leaves interrupts on.  NULL or why not. */
const char *vcons_init(void);

/* Sends len bytes: each buffer of up to VCONS_TX_CHUNK bytes is offered,
 * kicked and waited for until the host has used it, with interrupts off
 * (Linux's put_chars / __send_to_port).  NULL or why it failed. */
#define VCONS_TX_CHUNK 4096u
const char *vcons_write(const void *buf, size_t len);
/* printf through the virtio console; "lgtest: <test>: <text>\n". */
const char *vcons_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *vsay(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Received bytes are queued for vcons_read; a callback, if set, sees each
 * received buffer first (from the interrupt handler). */
typedef void (*vcons_rx_fn)(const uint8_t *data, uint32_t len);
extern vcons_rx_fn vcons_rx_callback;
/* Takes up to size queued bytes; never blocks. */
size_t vcons_read(char *buf, size_t size);
/* Sleeps (HALT) until a whole line ('\r' or '\n' ends it) has arrived;
 * returns it without the terminator, NUL-terminated (longer lines are
 * cut at size - 1).  Empty lines are skipped. */
size_t vcons_read_line(char *buf, size_t size);

/* What the driver found and did, for tests to report and check. */
struct vcons_info {
	/* G5-G7: the lguest device page */
	uint32_t page_gpa;		/* the device page (RAM size) */
	uint32_t desc_offset;		/* the console's descriptor within it */
	uint8_t num_vq, feature_len, config_len;
	uint32_t host_features, guest_features;
	struct {
		uint16_t num, irq;
		uint32_t pfn;
	} vq[2];
	unsigned status_notifies, kicks[2], irqs[2];
	/* G8-G10: the PCI device (vq[].pfn is then the ring's page) */
	uint32_t bar0;			/* BAR 0's address */
	uint8_t irq_line;		/* INTERRUPT_LINE */
	uint8_t status;			/* device_status read back after DRIVER_OK */
	uint64_t device_features, driver_features;
	uint32_t ring_gpa[2][3];	/* desc, avail, used of each queue */
	unsigned isr_reads, isr_empty;	/* interrupts, and those with ISR 0 */
	unsigned tx_buffers, rx_buffers, rx_dropped;
	uint64_t tx_bytes, rx_bytes;
};
extern struct vcons_info vcons;

/* The raw rings, for tests that break the rules on purpose. */
struct vring;
struct vring *vcons_vring(int queue);
uint16_t vcons_avail_idx(int queue);	/* our shadow of avail->idx */
void vcons_kick(int queue);		/* NOTIFY(ring base) or the PCI notify
					 * register, unconditionally */

#endif
