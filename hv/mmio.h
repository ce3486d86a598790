/* SPDX-License-Identifier: GPL-2.0-only */
/* A guest's access to a device register in its MMIO window, emulated. */
#ifndef HV_MMIO_H
#define HV_MMIO_H

#include "hv/guest.h"

/* The guest faulted touching gpa in its MMIO window: decode the
 * instruction at its eip, do the access on the device and step over it.
 * Anything it cannot decode kills the guest, naming the bytes. */
void mmio_emulate(struct guest *g, uint32_t gpa);

#endif
