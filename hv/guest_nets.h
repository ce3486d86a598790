/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A guest's network cards, from its configuration to its devices: each
 * plugged into its switch with its MAC (given, or derived from the
 * guest's name so that it stays the same across boots and restarts).
 */
#ifndef HV_GUEST_NETS_H
#define HV_GUEST_NETS_H

#include <stddef.h>
#include "hv/guest.h"
#include "hv/modline.h"

/* Gives g its cards, eth0 first, after the devices it already has.
 * NULL, or why not (then none of them is plugged in). */
const char *guest_nets_attach(struct guest *g, const struct guest_config *cfg, char *err,
			      size_t errlen);

#endif
