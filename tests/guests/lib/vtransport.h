/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Between the virtio console driver (lib/vcons.c: rings, console
 * protocol) and its transport, which differs by generation: the lguest
 * device page (lib/lgbus.c, G5-G7) or virtio 1.0 over PCI
 * (lib/vcons_pci.c, G8-G10).  The transport finds the device, negotiates,
 * sets up each of vcons.c's queues (lib/virtqueue.c) on ring memory,
 * calls vcons_fill_rx() where its Linux does, kicks, and calls
 * vcons_used() from its interrupt handler.
 */
#ifndef LGTEST_VTRANSPORT_H
#define LGTEST_VTRANSPORT_H

#include "vcons.h"

#define VCONS_RX 0
#define VCONS_TX 1

/* The transport's half. */
const char *vtransport_probe(void);
void vtransport_kick(int queue);

/* The driver's half. */
struct vqueue;
struct vqueue *vcons_queue(int queue);	/* for the transport's find_vq */
/* A fresh ring of num entries at va (gpa), laid out by vring_init(align);
 * no interrupts wanted if no_interrupt.  NULL or why not. */
const char *vcons_ring_init(int queue, void *va, uint32_t gpa, uint16_t num, uint32_t align,
			    bool no_interrupt);
/* Posts every receive buffer and kicks the receive queue. */
void vcons_fill_rx(void);
/* The queue may have used buffers: take them. */
void vcons_used(int queue);
/* Whether a queue has used buffers we have not taken. */
bool vcons_has_used(int queue);
__attribute__((noreturn, format(printf, 1, 2))) void vcons_fail(const char *fmt, ...);

#endif
