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

#endif
