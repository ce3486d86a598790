/* SPDX-License-Identifier: GPL-2.0-only */
/* CPUID for guests on a processor that has none. */
#ifndef HV_CPUID_EMUL_H
#define HV_CPUID_EMUL_H

#include "hv/guest.h"

/* #UD at a `cpuid` (0F A2), from ring 1 or 3, on a CPU without CPUID:
 * answers as a plain 486 with an FPU would, and steps over it.  False
 * anywhere else (the #UD is the guest's). */
bool emulate_cpuid(struct guest *g);

#endif
