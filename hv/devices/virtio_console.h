/* SPDX-License-Identifier: GPL-2.0-only */
/* Each guest's virtio console (hvc0 in Linux), a device model: queue 0
 * brings it input, queue 1 takes its output; over PCI it also offers
 * emerg_wr, the early console of 4.x guests. */
#ifndef HV_DEVICES_VIRTIO_CONSOLE_H
#define HV_DEVICES_VIRTIO_CONSOLE_H

#include <stdint.h>
#include <stdbool.h>
#include "hv/devices/virtio.h"

#define VCONS_INPUT_BUFFER 4096
#define VCONS_RX 0
#define VCONS_TX 1

struct vcons {
	struct vdev dev;	/* first: the model's functions get &dev */
	/* Input waiting for the guest to post receive buffers. */
	uint8_t input[VCONS_INPUT_BUFFER];
	uint32_t in_head, in_tail, in_dropped;
	/* Transmit: kicked and not yet found empty; the chain being sent
	 * and how far (see hv/devices/console_out.c). */
	bool tx_kicked, tx_busy;
	struct vq_chain tx_chain;
	uint32_t tx_off;
	uint64_t bytes_out, bytes_in;
};

struct guest;
extern const struct vdev_model vcons_model;
/* Sends up to budget bytes of what the guest offered on its transmit
 * queue, as far as its console takes them; a chain whose last byte has
 * gone is put on the used ring.  Returns the bytes sent; sets *stuck when
 * the console had no room. */
uint32_t vcons_transmit_some(struct guest *g, uint32_t budget, bool *stuck);
/* Whether it has offered transmit buffers not yet sent. */
bool vcons_tx_pending(const struct guest *g);
/* Forgets a transmit in progress (the guest stopped). */
void vcons_tx_drop(struct guest *g);
/* Input for the guest; kept until it posts buffers (bounded: excess is
 * dropped and counted, and the hypervisor says so). */
void vcons_input(struct guest *g, const uint8_t *bytes, uint32_t len);
/* Moves waiting input into posted receive buffers. */
void vcons_receive(struct guest *g);

#endif
