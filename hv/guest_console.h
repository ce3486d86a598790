/* SPDX-License-Identifier: GPL-2.0-only */
/* Guest console output to the hypervisor console, a line at a time and
 * labelled with the guest's name: "[web] text". */
#ifndef HV_GUEST_CONSOLE_H
#define HV_GUEST_CONSOLE_H

#include "hv/guest.h"

void guest_console_write(struct guest *g, const char *text, uint32_t len);
/* Prints a partial line (at exit, or before the hypervisor speaks). */
void guest_console_flush(struct guest *g);

#endif
