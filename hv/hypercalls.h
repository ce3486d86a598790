/* SPDX-License-Identifier: GPL-2.0-only */
/* The lguest hypercalls: synchronous ones from registers, and the
 * asynchronous ring in lguest_data drained before each of them. */
#ifndef HV_HYPERCALLS_H
#define HV_HYPERCALLS_H

#include "hv/guest.h"

/* A hypercall trap (int $0x1f, or vmcall for older guests): arguments in
 * eax (number), ebx, ecx, edx, esi. */
void hypercall_from_regs(struct guest *g);

#endif
