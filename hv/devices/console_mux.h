/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The console multiplexer, in the Xen manner: one console (serial ports,
 * the screen, or both) shared by the hypervisor and every guest that has
 * no port of its own.  Output from all of them appears labelled; input
 * goes to whoever has the focus, and pressing Ctrl-A three times moves
 * the focus on (hypervisor, then each guest in turn).  A guest bound to a port (console=com2 or console=vga
 * on its module line) has that port to itself, both ways.
 */
#ifndef HV_DEVICES_CONSOLE_MUX_H
#define HV_DEVICES_CONSOLE_MUX_H

#include "hv/guest.h"

/* Routes bytes that arrived on the serial ports and the keyboard. */
void mux_poll_input(void);
/* The focus goes to the first guest that shares the console, if any. */
void mux_start(void);
/* Tells the multiplexer a guest has stopped (it may have had the focus). */
void mux_guest_stopped(struct guest *g);

#endif
