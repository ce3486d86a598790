/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The test guests' virtio-net driver (lib/vnet.c), on either transport
 * through lib/vdev.h: a card found, negotiated and brought up as Linux's
 * virtio_net.c of 2.6.32-4.13 probes it (MAC and STATUS taken when
 * offered -- on G1, 2.6.24, the MAC config field --, the header 10 bytes
 * on the lguest bus and 12 with VERSION_1),
 * receive buffers posted as a header and a frame buffer, frames sent as a
 * header and the frame, both reaped by polling the used rings.  The rings
 * stay open to the tests that break the rules (tests/guests/vnetbad.c).
 */
#ifndef LGTEST_VNET_H
#define LGTEST_VNET_H

#include "vdev.h"
#include <linux/virtio_net.h>

#define VNET_MAX 2		/* cards a guest drives */
#define VNET_RXQ 0
#define VNET_TXQ 1
#define VNET_FRAME_MAX 1518	/* Ethernet without FCS, with a VLAN tag */
#define VNET_FRAME_MIN 14
#define VNET_BUFS 64		/* receive buffers, and transmit slots, a card */
#if LG_GEN == 2 || LG_GEN == 3
#define VNET_FEATURES (1ull << VIRTIO_NET_F_MAC)	/* no STATUS before 2.6.30 */
#else
#define VNET_FEATURES ((1ull << VIRTIO_NET_F_MAC) | (1ull << VIRTIO_NET_F_STATUS))
#endif
#define VNET_FIELD_MAC 0x41	/* 2.6.24 (G1): the MAC is a config field */

struct vnet {
	struct vdev dev;
	struct vqueue rx, tx;
	char name[8];			/* "eth0" */
	uint8_t mac[6];
	uint16_t status;		/* config status (LINK_UP), if offered */
	uint32_t hdr_len;		/* 10 or 12 */
	unsigned rx_posted;		/* receive buffers with the device */
	unsigned tx_busy;		/* transmit slots in flight */
	uint64_t tx_free;		/* bit k: transmit slot k free */
	volatile unsigned irqs;		/* interrupts of this card */
	unsigned sent, received, rx_empty;	/* frames; buffers back with length 0 */
	struct vnet_bufs *bufs;
};

/* virtnet_probe of the k-th card (from 0): find, reset, ACKNOWLEDGE,
 * DRIVER, features, config (MAC, status), both queues, DRIVER_OK, then
 * rx_post receive buffers (at most VNET_BUFS; 0: none, for a card that
 * must not receive).  NULL or why not. */
const char *vnet_open(struct vnet *n, unsigned k, unsigned rx_post);
/* Offers count more receive buffers and kicks. */
const char *vnet_post_rx(struct vnet *n, unsigned count);
/* Sends one frame (header + frame, two descriptors) and kicks; waits up to
 * 5 s for a free slot, reaping the transmit ring. */
const char *vnet_send(struct vnet *n, const void *frame, uint32_t len);
/* Takes back used transmit chains (each must come back with length 0). */
const char *vnet_reap_tx(struct vnet *n);
/* Waits up to 5 s until every transmit chain came back. */
const char *vnet_flush_tx(struct vnet *n);
/* The next received frame into frame (VNET_FRAME_MAX bytes): 1 and *len,
 * or 0 if none yet; the buffer goes back to the device.  A buffer that
 * comes back with used length 0 (the frame did not fit) is counted in
 * rx_empty and skipped.  -1 and *why if the device broke a rule. */
int vnet_recv(struct vnet *n, uint8_t *frame, uint32_t *len, const char **why);
/* The receive and transmit chains' own memory, for tests that build
 * chains by hand: slot k's header and frame buffer. */
uint8_t *vnet_tx_buf(struct vnet *n, unsigned k);
uint8_t *vnet_rx_buf(struct vnet *n, unsigned k);
void vnet_format_mac(char *out, const uint8_t *mac);	/* "02:00:..", 18 bytes */
/* Twelve lower-case hex digits (a MAC on a test's command line). */
bool vnet_parse_mac(const char *s, uint8_t *mac);

#endif
