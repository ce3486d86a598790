/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The machine's network card as a port of one virtual switch (uplink=NAME):
 * frames the card receives go into the switch as if from one more
 * station, frames the switch sends it go out on the wire.
 */
#ifndef HV_UPLINK_H
#define HV_UPLINK_H

#include <stdbool.h>

/* Joins the card to switch name; says on the console if there is no card. */
void uplink_init(const char *name);
/* Whether the card has news or received frames are left: the run loop
 * then calls uplink_poll. */
bool uplink_wanted(void);
/* Link changes on the console; received frames into the switch, at most
 * a budget of them a call; transmit room lets queued frames go. */
void uplink_poll(void);

#endif
