/* SPDX-License-Identifier: GPL-2.0-only */
/* Entering a guest once and handling why it came back. */
#ifndef HV_RUN_H
#define HV_RUN_H

#include "hv/guest.h"

/* Makes g the guest the switcher's pages belong to. */
void run_select(struct guest *g);
/* Delivers pending interrupts, enters the guest, handles the exit.  True
 * if the guest can simply be entered again. */
bool run_once(struct guest *g);

#endif
