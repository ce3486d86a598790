/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Turning a guest's configured disks into its virtio disks: a disk image
 * module is its own bytes in RAM; a real disk or partition is found among
 * the machine's drives and claimed, so that no two guests write to the
 * same sectors (a writable claim excludes every other claim that
 * overlaps it; read-only claims may share).
 */
#ifndef HV_GUEST_DISKS_H
#define HV_GUEST_DISKS_H

#include <stddef.h>
#include "boot/boot_info.h"
#include "hv/guest.h"
#include "hv/modline.h"

struct disk_plan {
	struct disk_backing b[CONFIG_MAX_DISKS];
	int n;
};

/* Resolves and claims cfg's disks for guest g (claims it held before, in
 * an earlier life, are given up first).  NULL, or why the guest must not
 * start (then it holds no claim). */
const char *guest_disks_plan(struct guest *g, const struct guest_config *cfg,
			     const struct boot_info *boot, struct disk_plan *out, char *err,
			     size_t errlen);
/* Gives up the claims of guest g (it did not start after all). */
void guest_disks_release(struct guest *g);
/* Gives g its disks, vda first, after the devices it already has. */
void guest_disks_attach(struct guest *g, const struct disk_plan *p);

#endif
