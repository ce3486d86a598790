/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Starting guests from the boot modules: a module holding a kernel
 * (bzImage or ELF vmlinux) starts a guest, a module after it that is not a
 * kernel is its initrd.  What goes wrong is reported with the module's
 * number and name, and only that guest is refused.
 */
#ifndef HV_LOADER_H
#define HV_LOADER_H

#include "boot/boot_info.h"
#include "hv/guest.h"

/* Creates every guest the modules describe; returns how many started. */
int loader_start_all(const struct boot_info *bi);
/* SHUTDOWN(restart): the same guest again, from its modules. */
bool loader_restart(struct guest *g);
/* A released guest that will not run again: its slot, its claims on disks
 * and its memory go back (g is gone after). */
void loader_forget(struct guest *g);

#endif
