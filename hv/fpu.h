/* SPDX-License-Identifier: GPL-2.0-only */
/* Guest FPU state: each guest's x87/SSE registers are its own. */
#ifndef HV_FPU_H
#define HV_FPU_H

#include "hv/guest.h"

/* Captures a clean FPU image new guests start from (on the boot CPU). */
void fpu_init(void);
/* Readies this CPU's FPU (every other CPU, as it comes up). */
void fpu_init_cpu(void);
void fpu_reset_guest(struct guest *g);
/* Makes g's FPU state the one in the registers (saving the previous
 * owner's), and sets CR0.TS to the guest's virtual TS. */
void fpu_enter(struct guest *g);
/* The owner is gone: its state need not be saved. */
void fpu_forget(struct guest *g);
/* Whether g may move to another CPU: its state is in g->fpu, not in the
 * registers of its CPU (only that CPU could save them). */
bool fpu_can_move(const struct guest *g);
/* On the CPU g has just moved to (g->cpu is this CPU). */
void fpu_arrived(struct guest *g);

#endif
