// SPDX-License-Identifier: GPL-2.0-only
/*
 * The network card.  Transmit: each chain is a virtio-net header and one
 * Ethernet frame; the header is skipped (we offer no offloads, so there
 * is nothing in it to do), the frame copied out and handed to the switch,
 * the chain returned.  Receive: the switch hands us a frame; it goes into
 * the next buffer the guest posted, behind a zeroed header, or, with no
 * buffer posted, back to the switch to wait in the port's queue.
 *
 * The header is 12 bytes on virtio 1.0 (PCI: num_buffers is always
 * there) and 10 on the lguest device page, where MRG_RXBUF is not offered.
 * A frame of the wrong size is refused and counted, not fatal; a chain
 * that points the wrong way (a transmit buffer the device should write,
 * a receive buffer it should read) kills the guest.
 */
#include <linux/virtio_net.h>
#include <linux/virtio_ids.h>
#include "hv/devices/virtio_net.h"
#include "hv/guest.h"
#include "lib/fmt.h"
#include "lib/log.h"
#include "lib/string.h"

#define QUEUE_MAX 256
#define TX_BUDGET 64		/* frames per kick or poll */

static struct vnet *vnet_of(struct vdev *d) { return (struct vnet *)d; }

static uint32_t header_len(const struct vnet *n)
{
	return (n->dev.driver_features & VIRTIO_FEATURE_VERSION_1) ?
	       sizeof(struct virtio_net_hdr_v1) : sizeof(struct virtio_net_hdr);
}

static bool queue_ready(struct vnet *n, const struct gmem *m, uint32_t q)
{
	if (!n->dev.vq_enabled[q] || !guest_alive(n->g))
		return false;
	return vdev_ring_fits(n->g, m, &n->dev.vq[q], n->name,
			      q == VNET_RX ? "receive" : "transmit");
}

static void refuse_frame(struct vnet *n, uint32_t len)
{
	if (n->bad_frames++ == 0)
		kprintf("hv: guest %s: %s: sent a %u-byte frame (Ethernet is %u to %u bytes and "
			"a %u-byte header); dropped, as are any more\n", n->g->name, n->name,
			len, VSWITCH_FRAME_MIN, VSWITCH_FRAME_MAX, header_len(n));
}

/* Up to budget frames off the transmit ring; true if some may be left. */
static bool transmit(struct vnet *n, uint32_t budget)
{
	struct gmem m = vdev_memory(n->g);
	struct vq *q = &n->dev.vq[VNET_TX];
	const char *error = NULL;
	uint8_t frame[VSWITCH_FRAME_MAX];
	uint32_t done = 0;

	if (!queue_ready(n, &m, VNET_TX))
		return false;
	for (; done < budget; done++) {
		struct vq_chain c;
		if (!vq_pop(&m, q, &c, &error)) {
			n->tx_kicked = false;
			break;
		}
		if (c.writable) {
			guest_kill(n->g, "%s: transmit buffer with %u bytes for the device to write",
				   n->name, c.writable);
			return false;
		}
		uint32_t hlen = header_len(n);
		uint32_t len = c.readable > hlen ? c.readable - hlen : 0;
		if (c.readable < hlen || len < VSWITCH_FRAME_MIN || len > VSWITCH_FRAME_MAX) {
			refuse_frame(n, len);
			if (n->port)
				n->port->st.refused++;
		} else {
			vq_read(&m, q, &c, hlen, frame, len);
			if (n->port)
				vswitch_send(n->port, frame, len);
		}
		vq_push(&m, q, &c, 0);
		if (!guest_alive(n->g))
			return false;
	}
	if (error) {
		guest_kill(n->g, "%s transmit ring: %s", n->name, error);
		return false;
	}
	if (done)
		vdev_used(n->g, &n->dev, VNET_TX);
	return n->tx_kicked;
}

/* The switch's side: one frame into the next receive buffer. */
static bool deliver(struct vport *p, const uint8_t *frame, uint32_t len)
{
	struct vnet *n = p->owner;
	struct gmem m = vdev_memory(n->g);
	struct vq *q = &n->dev.vq[VNET_RX];
	struct virtio_net_hdr_v1 h;
	const char *error = NULL;
	struct vq_chain c;
	uint32_t hlen = header_len(n);

	/* Posted buffers are the sign the driver is ready (on the lguest
	 * device page 3.1+ guests do not report DRIVER_OK). */
	if (!queue_ready(n, &m, VNET_RX))
		return false;
	if (!vq_pop(&m, q, &c, &error)) {
		if (error)
			guest_kill(n->g, "%s receive ring: %s", n->name, error);
		return false;
	}
	if (c.readable) {
		guest_kill(n->g, "%s: receive buffer with %u bytes for the device to read",
			   n->name, c.readable);
		return false;
	}
	if (c.writable < hlen + len) {
		/* Too small for this frame: the guest's loss alone.  The
		 * buffer goes back empty (Linux counts a length error). */
		vq_push(&m, q, &c, 0);
		p->st.dropped++;
		vdev_used(n->g, &n->dev, VNET_RX);
		return true;
	}
	memset(&h, 0, sizeof(h));
	h.num_buffers = 1;
	vq_write_at(&m, q, &c, 0, &h, hlen);
	vq_write_at(&m, q, &c, hlen, frame, len);
	vq_push(&m, q, &c, hlen + len);
	vdev_used(n->g, &n->dev, VNET_RX);
	return true;
}

static const struct vport_ops port_ops = { .deliver = deliver };

void vnet_poll(struct guest *g)
{
	bool more = false;

	for (uint32_t i = 0; i < g->nr_nets && guest_alive(g); i++)
		if (g->nets[i].tx_kicked)
			more |= transmit(&g->nets[i], TX_BUDGET);
	g->net_more = more && guest_alive(g);
}

static void kick(struct guest *g, struct vdev *d, uint32_t q)
{
	struct vnet *n = vnet_of(d);

	if (q == VNET_TX) {
		n->tx_kicked = true;
		if (transmit(n, TX_BUDGET))
			g->net_more = true;
	} else if (q == VNET_RX && n->port) {
		vswitch_drain(n->port);	/* it posted buffers: fill them */
	}
}

static void reset(struct guest *g, struct vdev *d)
{
	vnet_of(d)->tx_kicked = false;
}

/* struct virtio_net_config: mac, status (the link is always up). */
static void config_read(struct guest *g, struct vdev *d, uint32_t off, uint8_t *buf,
			uint32_t len)
{
	struct virtio_net_config cfg;

	memset(&cfg, 0, sizeof(cfg));
	memcpy(cfg.mac, vnet_of(d)->mac, 6);
	cfg.status = VIRTIO_NET_S_LINK_UP;
	memcpy(buf, (const uint8_t *)&cfg + off, len);
}

#define CONFIG_LEN (offsetof(struct virtio_net_config, status) + sizeof(uint16_t))
#define FEATURES ((1ull << VIRTIO_NET_F_MAC) | (1ull << VIRTIO_NET_F_STATUS))

/* 2.6.24 finds the MAC as field 0x41. */
static const struct vdev_tlv_field tlv_fields[] = {
	{ 0x41, 6, offsetof(struct virtio_net_config, mac) },
};

const struct vdev_model vnet_model = {
	.name = "network",
	.id = VIRTIO_ID_NET,
	.pci_class = 0x020000,	/* Ethernet controller */
	.nr_queues = 2,
	.queue_max = QUEUE_MAX,
	.features = FEATURES,
	.legacy_features = FEATURES,
	.config_len = CONFIG_LEN,
	.legacy_config_len = CONFIG_LEN,
	.tlv_fields = tlv_fields,
	.nr_tlv_fields = sizeof(tlv_fields) / sizeof(tlv_fields[0]),
	.config_read = config_read,
	.config_write = vdev_config_ignore,
	.kick = kick,
	.reset = reset,
};

bool vnet_init(struct guest *g, struct vnet *n, const char *name, const uint8_t mac[6],
	       const char *net, const char **why)
{
	char label[VSWITCH_LABEL_MAX];

	memset(n, 0, sizeof(*n));
	n->dev.model = &vnet_model;
	n->g = g;
	fmt_snprintf(n->name, sizeof(n->name), "%s", name);
	memcpy(n->mac, mac, 6);
	fmt_snprintf(label, sizeof(label), "%s %s", g->name, name);
	n->port = vswitch_attach(net, mac, false, &port_ops, n, label, why);
	return n->port != NULL;
}

void vnet_guest_stopped(struct guest *g)
{
	for (uint32_t i = 0; i < g->nr_nets; i++)
		if (g->nets[i].port) {
			vswitch_detach(g->nets[i].port);
			g->nets[i].port = NULL;
		}
}
