/* SPDX-License-Identifier: GPL-2.0-only */
/* Delivering traps and interrupts into a guest, as the hardware would. */
#ifndef HV_DELIVER_H
#define HV_DELIVER_H

#include "hv/guest.h"

/* Pushes an exception or interrupt frame on the guest's stack and points
 * it at its handler.  False if the guest died trying. */
bool deliver_trap(struct guest *g, uint32_t vector, bool has_error, uint32_t error);
/* Reflects a fault the guest caused back to it (error code as the CPU
 * gave it, cr2 for page faults). */
void reflect_fault(struct guest *g, uint32_t vector, uint32_t error, uint32_t cr2);
/* Injects the lowest pending, unblocked interrupt if the guest can take
 * one now; wakes a halted guest.  Called before every entry. */
void deliver_interrupts(struct guest *g);
/* True if an interrupt waits that the guest has not blocked. */
bool guest_has_deliverable_irq(const struct guest *g);
void guest_write_time(struct guest *g);

#endif
