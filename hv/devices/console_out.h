/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guests' console output, paced by the serial ports: taken as the ports
 * have room, a bounded amount at a time on the guest's own time, never
 * all at once (see console_out.c).
 */
#ifndef HV_DEVICES_CONSOLE_OUT_H
#define HV_DEVICES_CONSOLE_OUT_H

#include "hv/guest.h"

/* Early-console text (a NOTIFY string): sent by whole lines; the guest
 * waits (output_blocked) until they are out. */
void out_early(struct guest *g, const char *text, uint32_t len);
/* The guest kicked its transmit queue. */
void out_kick(struct guest *g);
/* Bytes to the guest's console as far as there is room; returns the
 * bytes taken (for the virtio console's transmit). */
uint32_t out_write(struct guest *g, const uint8_t *buf, uint32_t len);
/* Whether out_poll has work after an exit of `current`: a port has room
 * again, or current has output left over.  The run loop comes back
 * within OUTPUT_TICK_NS while current->output_more. */
#define OUTPUT_TICK_NS 1000000u
bool out_poll_wanted(const struct guest *current);
/* Moves more waiting output: current's own, and that of guests waiting
 * for a port with room again. */
void out_poll(struct guest *current);
/* The same when none of this CPU's guests runs: its guests' leftover
 * output, and theirs waiting for room. */
void out_poll_idle(unsigned cpu);
/* Whether out_poll_idle has anything to do. */
bool out_idle_work(unsigned cpu);
/* The guest has stopped: its last early line goes out, the rest of its
 * pending output is dropped. */
void out_guest_stopped(struct guest *g);

#endif
