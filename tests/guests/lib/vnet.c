// SPDX-License-Identifier: GPL-2.0-only
/*
 * A virtio-net driver for the test guests, the guest half of a network
 * card as virtio_net.c of 2.6.32-4.13 drives it without offloads, over
 * the transport of the generation (lib/vdev.h), so that lgtest=vnet and
 * the network attacks check the hypervisor's card and switch against
 * what a real kernel sends:
 *  - probe: reset, ACKNOWLEDGE, DRIVER, MAC and STATUS when offered (and
 *    VERSION_1 on PCI, which makes the header 12 bytes: num_buffers is
 *    always there in virtio 1.0; 10 on the lguest bus), the MAC and the
 *    status from config space, receive queue 0 and transmit queue 1,
 *    DRIVER_OK, then the receive buffers;
 *  - each receive buffer is two writable descriptors, the header and
 *    room for the largest frame, as add_recvbuf_small does; each
 *    transmit chain two readable ones, a zeroed header and the frame, as
 *    xmit_skb does; both rings are reaped by polling, every used element
 *    checked by lib/virtqueue.c and every header by us;
 *  - the card's interrupts (lguest bus: one IRQ per queue; PCI: the
 *    slot's line, acknowledged by reading the ISR) are counted, so a test
 *    can check that they arrive.
 */
#include "vnet.h"
#include <linux/virtio_config.h>
#include <linux/virtio_ids.h>

#define VNET_BAR_VA(k) (0xF8180000u + (k) * PAGE_SIZE)	/* PCI: each card's BAR 0 */
#define BUF_BYTES 1536u
#define FRAME_OFF 16u		/* the frame after the header, in one buffer */
#define WAIT_NS 5000000000ull

struct vnet_bufs {
	uint8_t rx[VNET_BUFS][BUF_BYTES];
	uint8_t tx[VNET_BUFS][BUF_BYTES];
};

static struct vnet_bufs pool[VNET_MAX] __attribute__((aligned(4096)));
static struct vnet *by_irq[NR_GUEST_IRQS];

static void interrupt(struct trap_frame *f)
{
	struct vnet *n = by_irq[f->vector - IRQ_VECTOR(0)];

	if (n && vdev_irq_ours(&n->dev))
		n->irqs++;
}

uint8_t *vnet_tx_buf(struct vnet *n, unsigned k) { return n->bufs->tx[k % VNET_BUFS]; }
uint8_t *vnet_rx_buf(struct vnet *n, unsigned k) { return n->bufs->rx[k % VNET_BUFS]; }

void vnet_format_mac(char *out, const uint8_t *m)
{
	snprintf(out, 18, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

static const char *failed(struct vnet *n, const char *why)
{
	vdev_add_status(&n->dev, VIRTIO_CONFIG_S_FAILED);
	irq_enable_now();
	return fail("%s: %s", n->name, why);
}

const char *vnet_open(struct vnet *n, unsigned k, unsigned rx_post)
{
	struct vdev *d = &n->dev;
	const char *why;

	memset(n, 0, sizeof(*n));
	snprintf(n->name, sizeof(n->name), "eth%u", k);
	if (k >= VNET_MAX)
		return fail("we drive at most %u cards", VNET_MAX);
	n->bufs = &pool[k];
	if ((why = vdev_find(d, VIRTIO_ID_NET, k, VNET_BAR_VA(k))))
		return why;
#if LG_TLV_DEVICES
	/* 2.6.24: the feature field (we take none of its checksum and
	 * segmentation offloads), then the MAC field, 6 bytes if there. */
	if ((why = vdev_negotiate(d, 0))) {
		irq_enable_now();
		return fail("%s: %s", n->name, why);
	}
	n->hdr_len = sizeof(struct virtio_net_hdr);
	if (vdev_tlv_get(d, VNET_FIELD_MAC, n->mac, sizeof(n->mac)))
		memset(n->mac, 0, sizeof(n->mac));
#else
	if ((why = vdev_negotiate(d, VNET_FEATURES))) {
		irq_enable_now();
		return fail("%s: %s", n->name, why);
	}
	n->hdr_len = (d->guest_features & (1ull << VIRTIO_F_VERSION_1)) ?
		     sizeof(struct virtio_net_hdr_mrg_rxbuf) : sizeof(struct virtio_net_hdr);
	if (d->guest_features & (1ull << VIRTIO_NET_F_MAC))
		for (unsigned i = 0; i < 6; i++)
			n->mac[i] = vdev_config8(d, offsetof(struct virtio_net_config, mac) + i);
	if (d->guest_features & (1ull << VIRTIO_NET_F_STATUS))
		n->status = vdev_config16(d, offsetof(struct virtio_net_config, status));
#endif
	if (d->nr_vq < 2)
		return failed(n, "the card has fewer than 2 queues");
	if ((why = vdev_find_vq(d, VNET_RXQ, &n->rx, false)) ||
	    (why = vdev_find_vq(d, VNET_TXQ, &n->tx, false)))
		return failed(n, why);
	vdev_enable_vqs(d);
	for (unsigned q = 0; q < 2; q++) {
		by_irq[d->irq[q]] = n;
		irq_handlers[d->irq[q]] = interrupt;
		irq_unblock(d->irq[q]);
	}
	n->tx_free = ~0ull;
	vdev_add_status(d, VIRTIO_CONFIG_S_DRIVER_OK);
	irq_enable_now();
	return rx_post ? vnet_post_rx(n, rx_post) : NULL;
}

static const char *post_one(struct vnet *n, unsigned k)
{
	uint8_t *b = n->bufs->rx[k];
	struct vq_sg sg[2] = {
		{ __pa(b), n->hdr_len, true },
		{ __pa(b + FRAME_OFF), VNET_FRAME_MAX, true },
	};

	memset(b, 0xEE, FRAME_OFF);
	CHECK(vq_add(&n->rx, sg, 2, b), "%s: no room for a receive buffer", n->name);
	n->rx_posted++;
	return NULL;
}

const char *vnet_post_rx(struct vnet *n, unsigned count)
{
	const char *why;

	CHECK(n->rx_posted + count <= VNET_BUFS, "%s: more than %u receive buffers", n->name,
	      VNET_BUFS);
	/* Buffer k is posted once: slots in order from the first free one. */
	for (unsigned c = 0; c < count; c++)
		if ((why = post_one(n, n->rx_posted)))
			return why;
	if (vq_kick_wanted(&n->rx))
		vdev_kick(&n->dev, VNET_RXQ);
	return NULL;
}

int vnet_recv(struct vnet *n, uint8_t *frame, uint32_t *len, const char **why)
{
	for (;;) {
		uint32_t used;
		uint8_t *b = (uint8_t *)vq_get(&n->rx, &used, why);
		if (*why) {
			*why = fail("%s: receive ring: %s", n->name, *why);
			return -1;
		}
		if (!b)
			return 0;
		const struct virtio_net_hdr_mrg_rxbuf *h = (const void *)b;
		uint32_t flen = used - n->hdr_len;
		bool empty = used == 0;
		if (!empty && (used < n->hdr_len + VNET_FRAME_MIN ||
			       used > n->hdr_len + VNET_FRAME_MAX)) {
			*why = fail("%s: a receive buffer came back with %u bytes", n->name, used);
			return -1;
		}
		if (!empty && (h->hdr.flags || h->hdr.gso_type ||
			       (n->hdr_len == sizeof(*h) && h->num_buffers != 1))) {
			*why = fail("%s: received header flags %#x, gso %#x, buffers %u", n->name,
				    h->hdr.flags, h->hdr.gso_type,
				    n->hdr_len == sizeof(*h) ? h->num_buffers : 1);
			return -1;
		}
		if (!empty)
			memcpy(frame, b + FRAME_OFF, flen);
		/* The same buffer goes straight back, as Linux refills. */
		uint8_t *slot = b;
		struct vq_sg sg[2] = {
			{ __pa(slot), n->hdr_len, true },
			{ __pa(slot + FRAME_OFF), VNET_FRAME_MAX, true },
		};
		memset(slot, 0xEE, FRAME_OFF);
		if (!vq_add(&n->rx, sg, 2, slot)) {
			*why = fail("%s: no room to post a receive buffer again", n->name);
			return -1;
		}
		if (vq_kick_wanted(&n->rx))
			vdev_kick(&n->dev, VNET_RXQ);
		if (empty) {
			n->rx_empty++;
			continue;
		}
		n->received++;
		*len = flen;
		return 1;
	}
}

const char *vnet_reap_tx(struct vnet *n)
{
	const uint8_t *b;
	uint32_t used;
	const char *why;

	while ((b = vq_get(&n->tx, &used, &why))) {
		unsigned k = (unsigned)((b - n->bufs->tx[0]) / BUF_BYTES);
		CHECK(used == 0, "%s: a transmit chain came back with used length %u", n->name,
		      used);
		CHECK(!(n->tx_free & (1ull << k)), "%s: transmit slot %u came back twice",
		      n->name, k);
		n->tx_free |= 1ull << k;
		n->tx_busy--;
	}
	return why ? fail("%s: transmit ring: %s", n->name, why) : NULL;
}

const char *vnet_send(struct vnet *n, const void *frame, uint32_t len)
{
	const char *why;
	uint64_t t0 = rdtsc();

	CHECK(len <= VNET_FRAME_MAX, "%s: a frame of %u bytes does not fit a slot", n->name, len);
	for (;;) {
		if ((why = vnet_reap_tx(n)))
			return why;
		if (n->tx_free)
			break;
		CHECK(tsc_to_ns(rdtsc() - t0) < WAIT_NS, "%s: no transmit chain came back in 5 s",
		      n->name);
		asm volatile("pause");
	}
	unsigned k = (unsigned)__builtin_ctzll(n->tx_free);
	uint8_t *b = n->bufs->tx[k];
	struct vq_sg sg[2] = {
		{ __pa(b), n->hdr_len, false },
		{ __pa(b + FRAME_OFF), len, false },
	};

	memset(b, 0, FRAME_OFF);	/* no checksum, no GSO */
	memcpy(b + FRAME_OFF, frame, len);
	CHECK(vq_add(&n->tx, sg, 2, b), "%s: the transmit ring is full", n->name);
	n->tx_free &= ~(1ull << k);
	n->tx_busy++;
	n->sent++;
	if (vq_kick_wanted(&n->tx))
		vdev_kick(&n->dev, VNET_TXQ);
	return NULL;
}

const char *vnet_flush_tx(struct vnet *n)
{
	const char *why;
	uint64_t t0 = rdtsc();

	while (n->tx_busy) {
		if ((why = vnet_reap_tx(n)))
			return why;
		CHECK(tsc_to_ns(rdtsc() - t0) < WAIT_NS, "%s: %u transmit chains not back in 5 s",
		      n->name, n->tx_busy);
		asm volatile("pause");
	}
	return NULL;
}

bool vnet_parse_mac(const char *s, uint8_t *mac)
{
	for (unsigned i = 0; i < 12; i++) {
		char ch = s[i];
		unsigned v = ch >= '0' && ch <= '9' ? (unsigned)(ch - '0') :
			     ch >= 'a' && ch <= 'f' ? (unsigned)(ch - 'a' + 10) : 16;
		if (v > 15)
			return false;
		mac[i / 2] = (uint8_t)(i % 2 ? mac[i / 2] | v : v << 4);
	}
	return s[12] == '\0';
}
