/* SPDX-License-Identifier: GPL-2.0-only */
/* A guest's network card (eth0, eth1, ... in Linux): the virtio network
 * device model, a receive and a transmit queue, plugged into a port of a
 * virtual switch. */
#ifndef HV_DEVICES_VIRTIO_NET_H
#define HV_DEVICES_VIRTIO_NET_H

#include <stdint.h>
#include <stdbool.h>
#include "hv/devices/virtio.h"
#include "hv/devices/vswitch.h"

#define VNET_RX 0
#define VNET_TX 1

struct vnet {
	struct vdev dev;	/* first: the model's functions get &dev */
	struct guest *g;
	char name[8];		/* "eth0" */
	uint8_t mac[6];
	struct vport *port;	/* NULL once the guest has stopped */
	bool tx_kicked;		/* transmit buffers may wait */
	uint32_t bad_frames;	/* refused for their size or header */
};

struct guest;
extern const struct vdev_model vnet_model;
/* A fresh card called name with address mac, plugged into switch net;
 * false (and why) if the switch has no room. */
bool vnet_init(struct guest *g, struct vnet *n, const char *name, const uint8_t mac[6],
	       const char *net, const char **why);
/* Unplugs every card of g from its switch (g has stopped). */
void vnet_guest_stopped(struct guest *g);
/* Transmit work left over by a kick's budget; g->net_more says if any. */
void vnet_poll(struct guest *g);

#endif
