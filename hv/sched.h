/* SPDX-License-Identifier: GPL-2.0-only */
/* Sharing the CPU between guests: round-robin with a time slice, halted
 * guests cost nothing, and each guest's one-shot clock event. */
#ifndef HV_SCHED_H
#define HV_SCHED_H

#include "hv/guest.h"

#define SCHED_SLICE_NS 10000000ull	/* 10 ms */

/* Runs guests until none is left alive. */
void sched_run(void);
/* Makes sure the run loop gets control back within ns, whatever the
 * guest does (an interrupt it cannot take yet, say). */
#define IRQ_RETRY_NS 500000u
/* ... an interrupt it has masked (it may unmask it without an exit). */
#define IRQ_MASKED_RETRY_NS 1000000u
void sched_come_back(uint32_t ns);
/* SET_CLOCKEVENT: IRQ 0 for g in delta_ns (0 cancels). */
void sched_set_guest_timer(struct guest *g, uint32_t delta_ns);

#endif
