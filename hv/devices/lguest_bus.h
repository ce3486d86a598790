/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The classic lguest device bus (Linux 2.6.25-3.19), a virtio transport:
 * one page just above the guest's RAM holding device descriptors back to
 * back
 *   {u8 type, num_vq, feature_len, config_len, status;
 *    num_vq x {u16 num, u16 irq, u32 pfn}; host features; guest features;
 *    config}
 * and, above it, each virtqueue's ring.  The guest finds the page at
 * max_pfn << 12 and talks to us with NOTIFY.
 */
#ifndef HV_DEVICES_LGUEST_BUS_H
#define HV_DEVICES_LGUEST_BUS_H

#include "hv/guest.h"

#define LGUEST_BUS_RING_NUM 256

/* Writes the device page and places the rings (at guest creation). */
void bus_setup(struct guest *g);
/* NOTIFY(gpa): a ring kick or a status change.  False if the gpa is
 * neither (then it is an early-console string). */
bool bus_notify(struct guest *g, uint32_t gpa);

#endif
